import { describe, expect, it } from 'vitest';

import { NumericalError } from '../errors.js';
import { standardNormal } from '../distributions/standard.js';
import { createGenerator } from '../random/index.js';
import { imqKernel, kernelFunction, polynomialKernel, rbfKernel, type Kernel } from './kernels.js';
import { mmd2 } from './mmd.js';

function normalRows(seed: number, count: number, dimension: number, shift = 0): number[][] {
  const rng = createGenerator('xoshiro128**', seed);
  return Array.from({ length: count }, () => Array.from({ length: dimension }, () => shift + standardNormal(rng)));
}

/** MMD^2 straight from the definition: every pair, one at a time. */
function referenceMmd2(x: number[][], y: number[][], kernel: Kernel, estimator: 'unbiased' | 'biased' | 'linear'): number {
  const k = kernelFunction(kernel);
  const evaluate = (a: number[], b: number[]) =>
    kernel.type === 'polynomial' ? k(a.reduce((s, v, i) => s + v * b[i], 0)) : k(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0));

  if (estimator === 'linear') {
    const pairs = Math.floor(Math.min(x.length, y.length) / 2);
    let total = 0;
    for (let i = 0; i < pairs; i++) {
      total += evaluate(x[2 * i], x[2 * i + 1]) + evaluate(y[2 * i], y[2 * i + 1]) - evaluate(x[2 * i], y[2 * i + 1]) - evaluate(x[2 * i + 1], y[2 * i]);
    }
    return total / pairs;
  }

  const within = (rows: number[][]) => {
    let total = 0;
    for (let i = 0; i < rows.length; i++) {
      for (let j = 0; j < rows.length; j++) if (estimator === 'biased' || i !== j) total += evaluate(rows[i], rows[j]);
    }
    return total / (estimator === 'biased' ? rows.length ** 2 : rows.length * (rows.length - 1));
  };
  let cross = 0;
  for (const a of x) for (const b of y) cross += evaluate(a, b);
  return within(x) + within(y) - (2 * cross) / (x.length * y.length);
}

describe('mmd2', () => {
  it('computes a tiny case by hand', () => {
    // x = {0, 1}, y = {0, 2}, k = exp(-r/2):
    // unbiased e^-0.5 + e^-2 - (1 + e^-2 + 2 e^-0.5)/2 = (e^-2 - 1)/2; biased (1 - e^-0.5)/2;
    // linear k(0,1) + k(0,2) - k(0,2) - k(1,0) = 0.
    const kernel = rbfKernel(1);
    expect(mmd2([[0], [1]], [[0], [2]], { kernel })).toBeCloseTo((Math.exp(-2) - 1) / 2, 15);
    expect(mmd2([[0], [1]], [[0], [2]], { kernel, estimator: 'biased' })).toBeCloseTo((1 - Math.exp(-0.5)) / 2, 15);
    expect(mmd2([[0], [1]], [[0], [2]], { kernel, estimator: 'linear' })).toBeCloseTo(0, 15);
  });

  const kernels: [string, Kernel][] = [
    ['rbf sum', rbfKernel([0.5, 1, 2, 5])],
    ['imq', imqKernel([1, 3], -1)],
    ['polynomial', polynomialKernel(2, { gamma: 0.5, coef0: 1 })],
  ];
  for (const [name, kernel] of kernels) {
    for (const estimator of ['unbiased', 'biased', 'linear'] as const) {
      it(`matches the pair-by-pair reference: ${name}, ${estimator}`, () => {
        // 700 and 530 rows span two tiles of 512 rows, so tile edges are covered.
        const x = normalRows(1, 700, 3);
        const y = normalRows(2, 530, 3, 0.2);
        const expected = referenceMmd2(x, y, kernel, estimator);
        expect(Math.abs(mmd2(x, y, { kernel, estimator }) - expected)).toBeLessThan(1e-12 * Math.max(1, Math.abs(expected)) * 100);
      });
    }
  }

  it('accepts typed row matrices', () => {
    const x = normalRows(3, 40, 5);
    const y = normalRows(4, 30, 5);
    const kernel = rbfKernel([1, 2]);
    const expected = mmd2(x, y, { kernel });
    const typed = { rows: Float64Array.from(x.flat()), count: 40, width: 5 };
    const single = { rows: Float32Array.from(y.flat()), count: 30, width: 5 };
    const fromFloat32 = mmd2(x, { rows: Float64Array.from(single.rows), count: 30, width: 5 }, { kernel });
    expect(mmd2(typed, y, { kernel })).toBe(expected);
    expect(mmd2(x, single, { kernel })).toBe(fromFloat32);
  });

  it('is unbiased under the null', () => {
    // 300 pairs of N(0, I_2) samples of 10 rows (seeds 100..699). The unbiased
    // estimate has mean 0 and a standard deviation of 0.074 over these runs, so the
    // standard error of the mean is 0.0043 and the bound 0.015 is 3.5 of them.
    // The biased estimate has mean 2 (1 - E k(x, x'))/10 = 2 (1 - 1/3)/10 = 0.133,
    // because ||x - x'||^2 / 2 is chi-square with 2 degrees of freedom.
    const kernel = rbfKernel(1);
    let unbiasedTotal = 0;
    let biasedTotal = 0;
    for (let rep = 0; rep < 300; rep++) {
      const x = normalRows(100 + 2 * rep, 10, 2);
      const y = normalRows(101 + 2 * rep, 10, 2);
      unbiasedTotal += mmd2(x, y, { kernel });
      biasedTotal += mmd2(x, y, { kernel, estimator: 'biased' });
    }
    expect(Math.abs(unbiasedTotal / 300)).toBeLessThan(0.015);
    expect(biasedTotal / 300).toBeGreaterThan(0.05);
  });

  it('rejects mismatched or invalid input', () => {
    const kernel = rbfKernel(1);
    expect(() => mmd2([[1, 2]], [[1]], { kernel, estimator: 'biased' })).toThrow('y must be rows of the same width as x (2); received "rows of width 1"');
    expect(() => mmd2([[1], [Number.NaN]], [[1], [2]], { kernel })).toThrow(/x row 1, column 0 must be a finite number; received NaN/);
    expect(() => mmd2([[1]], [[1], [2]], { kernel })).toThrow(/x must be at least 2 rows for the unbiased estimator/);
    expect(() => mmd2([[1], [2]], [[1], [2]], {} as never)).toThrow(/options.kernel must be a kernel/);
    expect(() => mmd2([[1], [2, 3]], [[1], [2]], { kernel })).toThrow(/x\[1\] must be an array of 1 numbers/);
    expect(() => mmd2({ rows: new Float64Array(3), count: 2, width: 2 }, [[1, 2]], { kernel })).toThrow(/x.rows must be an array of count x width = 4 values/);
  });
});

/** Multiplies every value by `factor`, a power of 2, which is exact. */
function scaled(rows: number[][], factor: number): number[][] {
  return rows.map((row) => row.map((value) => value * factor));
}

describe('mmd2 at extreme scales', () => {
  const x = [
    [0, 1, 2],
    [1, 2, 0],
    [2, 0, 1],
    [3, 3, 3],
  ];
  const y = [
    [1, 1, 1],
    [2, 2, 2],
    [0, 3, 0],
  ];

  it('keeps k(x, x) = 1 for a tiny bandwidth', () => {
    // sigma = 1e-200: every distinct pair has k = 0 and every row with itself k = 1.
    // biased = 4/4^2 + 3/3^2 - 0 = 1/4 + 1/3; unbiased = 0 (no i = j terms).
    for (const kernel of [rbfKernel(1e-200), imqKernel(1e-160), rbfKernel(5e-324)]) {
      expect(kernelFunction(kernel)(0)).toBe(1);
      expect(mmd2(x, y, { kernel, estimator: 'biased' })).toBeCloseTo(1 / 4 + 1 / 3, 15);
      expect(mmd2(x, y, { kernel })).toBe(0);
    }
  });

  it('is unchanged by power-of-2 scaling', () => {
    const rowsX = normalRows(20, 30, 2);
    const rowsY = normalRows(21, 25, 2, 0.5);
    const kernel = rbfKernel([0.5, 1, 2]);
    const expected = mmd2(rowsX, rowsY, { kernel });

    for (const factor of [2 ** 600, 2 ** -700]) {
      const scaledKernel = rbfKernel(kernel.bandwidths.map((sigma) => sigma * factor));
      const actual = mmd2(scaled(rowsX, factor), scaled(rowsY, factor), { kernel: scaledKernel });
      expect(Math.abs(actual - expected)).toBeLessThan(1e-14);
    }
  });

  it('rejects cells that are not numbers', () => {
    // A Float64Array would store null and '' as 0, true as 1, '2' as 2 and [5] as 5.
    const kernel = rbfKernel(1);
    for (const cell of [null, '', ' ', true, '2', [5], 2n]) {
      const bad = [[1, cell], [2, 3]] as never;
      expect(() => mmd2(bad, y.map((row) => row.slice(0, 2)), { kernel })).toThrow(/^x row 0, column 1 must be a finite number; received /);
    }
  });

  it('raises NumericalError when a polynomial kernel overflows', () => {
    // (1 + <x, y>)^1000 exceeds the largest double for <x, y> >= 1.
    expect(() => mmd2(x, y, { kernel: polynomialKernel(1000) })).toThrow(NumericalError);
    expect(() => mmd2(x, y, { kernel: polynomialKernel(1000) })).toThrow(/overflow a double. Lower the degree or gamma, or rescale the data/);
  });

  it('never returns a negative biased statistic', () => {
    // The biased statistic of a sample against itself is 0 in exact arithmetic;
    // rounding used to leave values near -1e-16 on either side.
    const kernel = rbfKernel([0.3, 1, 3]);
    for (let seed = 0; seed < 40; seed++) {
      const rows = normalRows(300 + seed, 23, 3);
      expect(mmd2(rows, rows, { kernel, estimator: 'biased' })).toBeGreaterThanOrEqual(0);
    }
  });
});
