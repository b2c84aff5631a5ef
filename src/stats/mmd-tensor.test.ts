import { beforeAll, describe, expect, it } from 'vitest';

import { initBackend, tf } from '../backend.js';
import { standardNormal } from '../distributions/standard.js';
import { createGenerator } from '../random/index.js';
import { imqKernel, kernelFunction, polynomialKernel, rbfKernel, type Kernel } from './kernels.js';
import { mmd2Tensor, type MmdEstimator } from './mmd-tensor.js';
import { MIN_FLOAT32_BANDWIDTH } from './tensor-kernels.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/** Plain float64 O(n^2) MMD^2 straight from the definition, for comparison. */
function referenceMmd2(x: number[][], y: number[][], kernel: Kernel, estimator: MmdEstimator): number {
  const k = kernelFunction(kernel);
  const evaluate = (a: number[], b: number[]) => {
    if (kernel.type === 'polynomial') return k(a.reduce((sum, value, i) => sum + value * b[i], 0));
    return k(a.reduce((sum, value, i) => sum + (value - b[i]) ** 2, 0));
  };

  if (estimator === 'linear') {
    const pairs = Math.floor(Math.min(x.length, y.length) / 2);
    let total = 0;
    for (let i = 0; i < pairs; i++) {
      const [x1, x2, y1, y2] = [x[2 * i], x[2 * i + 1], y[2 * i], y[2 * i + 1]];
      total += evaluate(x1, x2) + evaluate(y1, y2) - evaluate(x1, y2) - evaluate(x2, y1);
    }
    return total / pairs;
  }

  const within = (rows: number[][]) => {
    let total = 0;
    for (let i = 0; i < rows.length; i++) {
      for (let j = 0; j < rows.length; j++) {
        if (estimator === 'unbiased' && i === j) continue;
        total += evaluate(rows[i], rows[j]);
      }
    }
    const count = estimator === 'unbiased' ? rows.length * (rows.length - 1) : rows.length ** 2;
    return total / count;
  };
  let cross = 0;
  for (const a of x) for (const b of y) cross += evaluate(a, b);
  return within(x) + within(y) - (2 * cross) / (x.length * y.length);
}

/** The plain TF.js way: transposed matMul, autodiff through every op. */
function plainTfjsMmd2(x: tf.Tensor2D, y: tf.Tensor2D, bandwidths: readonly number[]): tf.Scalar {
  const block = (a: tf.Tensor2D, b: tf.Tensor2D) => {
    const distances = tf.relu(
      tf.sub(tf.add(tf.sum(tf.square(a), 1, true), tf.transpose(tf.sum(tf.square(b), 1, true))), tf.mul(tf.matMul(a, b, false, true), 2)),
    );
    return tf.addN(bandwidths.map((sigma) => tf.exp(tf.div(distances, -2 * sigma * sigma))));
  };
  const n = x.shape[0];
  const m = y.shape[0];
  const kxx = tf.sub(tf.sum(block(x, x)), tf.sum(tf.mul(block(x, x), tf.eye(n))));
  const kyy = tf.sub(tf.sum(block(y, y)), tf.sum(tf.mul(block(y, y), tf.eye(m))));
  const kxy = tf.sum(block(x, y));
  return tf.addN([tf.div(kxx, n * (n - 1)), tf.div(kyy, m * (m - 1)), tf.mul(kxy, -2 / (n * m))]) as tf.Scalar;
}

function normalRows(seed: number, count: number, dimension: number, shift = 0, scale = 1): number[][] {
  const rng = createGenerator('xoshiro128**', seed);
  return Array.from({ length: count }, () => Array.from({ length: dimension }, () => shift + scale * standardNormal(rng)));
}

describe('mmd2Tensor', () => {
  it('computes a tiny case by hand', () => {
    // x = {0, 1}, y = {0, 2}, one Gaussian with sigma = 1, k = exp(-r/2).
    // Unbiased: Kxx off-diagonal e^-0.5, Kyy e^-2, Kxy mean (1 + e^-2 + 2 e^-0.5)/4:
    //   e^-0.5 + e^-2 - (1 + e^-2 + 2 e^-0.5)/2 = (e^-2 - 1)/2 = -0.43233...
    // Biased: (2 + 2 e^-0.5)/4 + (2 + 2 e^-2)/4 - (1 + e^-2 + 2 e^-0.5)/2 = (1 - e^-0.5)/2 = 0.19673...
    const x = tf.tensor2d([[0], [1]]);
    const y = tf.tensor2d([[0], [2]]);
    const kernel = rbfKernel(1);
    expect(mmd2Tensor(x, y, kernel, 'unbiased').dataSync()[0]).toBeCloseTo((Math.exp(-2) - 1) / 2, 6);
    expect(mmd2Tensor(x, y, kernel, 'biased').dataSync()[0]).toBeCloseTo((1 - Math.exp(-0.5)) / 2, 6);
    // Linear: one pair, k(0,1) + k(0,2) - k(0,2) - k(1,0) = 0.
    expect(mmd2Tensor(x, y, kernel, 'linear').dataSync()[0]).toBeCloseTo(0, 6);
    tf.dispose([x, y]);
  });

  const kernels: [string, Kernel][] = [
    ['rbf sum', rbfKernel([0.5, 1, 2, 5])],
    ['imq', imqKernel([1, 3], -0.5)],
    ['polynomial', polynomialKernel(3, { gamma: 0.5, coef0: 1 })],
  ];
  for (const [name, kernel] of kernels) {
    for (const estimator of ['unbiased', 'biased', 'linear'] as const) {
      it(`matches the O(n^2) reference: ${name}, ${estimator}`, () => {
        const xRows = normalRows(1, 23, 3);
        const yRows = normalRows(2, 17, 3, 0.4);
        const expected = referenceMmd2(xRows, yRows, kernel, estimator);
        const actual = tf.tidy(() => mmd2Tensor(tf.tensor2d(xRows), tf.tensor2d(yRows), kernel, estimator).dataSync()[0]);
        // float32 kernel sums of about 400 terms: about 1e-6 of the largest kernel value.
        const scale = kernel.type === 'polynomial' ? 50 : 4;
        expect(Math.abs(actual - expected)).toBeLessThan(2e-6 * scale);
      });
    }
  }

  it('leaves out the diagonal even when it rounds badly', () => {
    // Rows near 1000: in float32, ||a||^2 + ||a||^2 - 2<a, a> is off by up to ~0.1,
    // so the computed diagonal of K is not k(0). The unbiased value must not see it.
    const xRows = normalRows(3, 12, 2, 1000, 0.5);
    const yRows = normalRows(4, 9, 2, 1000, 0.5);
    const kernel = rbfKernel([2, 5]);
    const expected = referenceMmd2(xRows, yRows, kernel, 'unbiased');
    const actual = tf.tidy(() => mmd2Tensor(tf.tensor2d(xRows), tf.tensor2d(yRows), kernel).dataSync()[0]);
    // float32 distances between rows near 1000 carry absolute errors near 0.1, so the tolerance is wide,
    // but a diagonal term would shift the value by about 2/12 = 0.17.
    expect(Math.abs(actual - expected)).toBeLessThan(0.02);
  });

  for (const [name, kernel] of kernels) {
    for (const estimator of ['unbiased', 'biased'] as const) {
      it(`gradient matches autodiff: ${name}, ${estimator}`, () => {
        const xRows = normalRows(5, 19, 4);
        const yRows = normalRows(6, 15, 4, 0.3);
        const [fast, reference] = tf.tidy(() => {
          const x = tf.tensor2d(xRows);
          const y = tf.tensor2d(yRows);
          const viaCustom = tf.grads((a: tf.Tensor, b: tf.Tensor) => mmd2Tensor(a as tf.Tensor2D, b as tf.Tensor2D, kernel, estimator))([x, y]);
          const viaAutodiff = tf.grads((a: tf.Tensor, b: tf.Tensor) => autodiffMmd2(a as tf.Tensor2D, b as tf.Tensor2D, kernel, estimator))([x, y]);
          return [viaCustom.map((g) => g.arraySync() as number[][]), viaAutodiff.map((g) => g.arraySync() as number[][])];
        });

        for (let input = 0; input < 2; input++) {
          const largest = Math.max(...reference[input].flat().map(Math.abs));
          const worst = Math.max(...fast[input].flat().map((value, i) => Math.abs(value - reference[input].flat()[i])));
          expect(largest).toBeGreaterThan(0);
          expect(worst / largest).toBeLessThan(1e-4);
        }
      });
    }
  }

  it('gradient matches autodiff for wide rows', () => {
    // 6 + 5 rows of 40 columns: the distances come from the broadcast form and the
    // y gradient transposes W, the branches that short rows never take.
    const kernel = rbfKernel([2, 5, 10]);
    const xRows = normalRows(11, 6, 40);
    const yRows = normalRows(12, 5, 40, 0.3);
    const [fast, reference] = tf.tidy(() => {
      const x = tf.tensor2d(xRows);
      const y = tf.tensor2d(yRows);
      const viaCustom = tf.grads((a: tf.Tensor, b: tf.Tensor) => mmd2Tensor(a as tf.Tensor2D, b as tf.Tensor2D, kernel))([x, y]);
      const viaAutodiff = tf.grads((a: tf.Tensor, b: tf.Tensor) => autodiffMmd2(a as tf.Tensor2D, b as tf.Tensor2D, kernel, 'unbiased'))([x, y]);
      return [viaCustom.map((g) => Array.from(g.dataSync())), viaAutodiff.map((g) => Array.from(g.dataSync()))];
    });
    for (let input = 0; input < 2; input++) {
      const largest = Math.max(...reference[input].map(Math.abs));
      const worst = Math.max(...fast[input].map((value, i) => Math.abs(value - reference[input][i])));
      expect(worst / largest).toBeLessThan(1e-4);
    }
    const value = tf.tidy(() => mmd2Tensor(tf.tensor2d(xRows), tf.tensor2d(yRows), kernel).dataSync()[0]);
    expect(Math.abs(value - referenceMmd2(xRows, yRows, kernel, 'unbiased'))).toBeLessThan(1e-5);
  });

  it('gradient matches the plain TF.js loss of the anchors', () => {
    const bandwidths = [1, 2, 5, 10, 20, 40];
    const [fast, plain] = tf.tidy(() => {
      const x = tf.tensor2d(normalRows(7, 64, 8));
      const y = tf.tensor2d(normalRows(8, 64, 8, 0.2));
      const g1 = tf.grad((a: tf.Tensor) => mmd2Tensor(a as tf.Tensor2D, y, rbfKernel(bandwidths)))(x);
      const g2 = tf.grad((a: tf.Tensor) => plainTfjsMmd2(a as tf.Tensor2D, y, bandwidths))(x);
      return [g1.dataSync(), g2.dataSync()];
    });
    const largest = Math.max(...plain.map(Math.abs));
    const worst = Math.max(...Array.from(fast, (value, i) => Math.abs(value - plain[i])));
    expect(worst / largest).toBeLessThan(1e-4);
  });

  it('frees every intermediate tensor', () => {
    const x = tf.variable(tf.tensor2d(normalRows(9, 16, 3)));
    const y = tf.tensor2d(normalRows(10, 16, 3));
    const before = tf.memory().numTensors;
    for (const estimator of ['unbiased', 'biased', 'linear'] as const) {
      const { value, grads } = tf.variableGrads(() => mmd2Tensor(x as unknown as tf.Tensor2D, y, rbfKernel(), estimator), [x]);
      tf.dispose([value, ...Object.values(grads)]);
      tf.tidy(() => {
        mmd2Tensor(x as unknown as tf.Tensor2D, y, rbfKernel(), estimator);
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
  });

  it('rejects bad shapes and estimators', () => {
    const x = tf.zeros([3, 2]) as tf.Tensor2D;
    const y = tf.zeros([3, 4]) as tf.Tensor2D;
    const one = tf.zeros([1, 2]) as tf.Tensor2D;
    expect(() => mmd2Tensor(x, y, rbfKernel())).toThrow(/y must be a tensor with as many columns as x \(2\); received \[3, 4\]/);
    expect(() => mmd2Tensor(one, x, rbfKernel())).toThrow(/x must be a tensor of at least 2 rows for the unbiased estimator/);
    expect(() => mmd2Tensor(x, x, rbfKernel(), 'fast' as never)).toThrow(/estimator must be one of/);
    expect(() => mmd2Tensor(x, x, rbfKernel([1, -2]))).toThrow(/kernel.bandwidths\[1\] must be a positive finite number; received -2/);
    tf.dispose([x, y, one]);
  });

  it('rejects bandwidths too small for float32', () => {
    // 1/(2 sigma^2) overflows float32 below about 4e-20, and the biased loss turned into NaN.
    const x = tf.tensor2d([0, 0, 1, 1], [2, 2]);
    const y = tf.tensor2d([2, 2, 3, 3], [2, 2]);
    expect(() => mmd2Tensor(x, y, rbfKernel(1e-30), 'biased')).toThrow(/kernel.bandwidths\[0\] must be at least 8.7e-19 in float32 tensor code; received 1e-30/);
    expect(() => mmd2Tensor(x, y, imqKernel(1e-30), 'biased')).toThrow(/kernel.scales\[0\] must be at least 8.7e-19/);
    // At the limit, k(x, x) = 1 and distinct rows give 0: biased MMD^2 = 1/2 + 1/2.
    expect(mmd2Tensor(x, y, rbfKernel(MIN_FLOAT32_BANDWIDTH), 'biased').dataSync()[0]).toBeCloseTo(1, 6);
    tf.dispose([x, y]);
  });
});

/** The same estimators written with ordinary differentiable TF.js ops, for the gradient checks. */
function autodiffMmd2(x: tf.Tensor2D, y: tf.Tensor2D, kernel: Kernel, estimator: 'unbiased' | 'biased'): tf.Scalar {
  const k = (a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D => {
    if (kernel.type === 'polynomial') {
      return tf.pow(tf.add(tf.mul(tf.matMul(a, b, false, true), kernel.gamma ?? 1), kernel.coef0 ?? 1), kernel.degree) as tf.Tensor2D;
    }
    const r = tf.relu(
      tf.sub(tf.add(tf.sum(tf.square(a), 1, true), tf.transpose(tf.sum(tf.square(b), 1, true))), tf.mul(tf.matMul(a, b, false, true), 2)),
    ) as tf.Tensor2D;
    if (kernel.type === 'rbf') return tf.addN(kernel.bandwidths.map((s) => tf.exp(tf.div(r, -2 * s * s)))) as tf.Tensor2D;
    return tf.addN(kernel.scales.map((c) => tf.pow(tf.add(tf.div(r, c * c), 1), kernel.exponent ?? -0.5))) as tf.Tensor2D;
  };
  const n = x.shape[0];
  const m = y.shape[0];
  const within = (a: tf.Tensor2D, size: number) => {
    const block = k(a, a);
    if (estimator === 'biased') return tf.div(tf.sum(block), size * size);
    return tf.div(tf.sum(tf.mul(block, tf.sub(1, tf.eye(size)))), size * (size - 1));
  };
  return tf.sub(tf.add(within(x, n), within(y, m)), tf.mul(tf.mean(k(x, y)), 2)) as tf.Scalar;
}
