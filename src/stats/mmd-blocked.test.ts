import { beforeAll, describe, expect, it } from 'vitest';

import { initBackend, tf } from '../backend.js';
import { standardNormal } from '../distributions/standard.js';
import { createGenerator } from '../random/index.js';
import { imqKernel, polynomialKernel, rbfKernel, type Kernel } from './kernels.js';
import { mmd2 } from './mmd.js';
import { mmd2Blocked } from './mmd-blocked.js';

beforeAll(async () => {
  await initBackend('wasm');
});

function normalRows(seed: number, count: number, dimension: number, shift = 0): number[][] {
  const rng = createGenerator('xoshiro128**', seed);
  return Array.from({ length: count }, () => Array.from({ length: dimension }, () => shift + standardNormal(rng)));
}

describe('mmd2Blocked', () => {
  const kernels: [string, Kernel, number][] = [
    // Tolerances: float32 distances and kernel values, about 1e-6 of the largest kernel value per term.
    ['rbf sum', rbfKernel([0.5, 1, 2, 5, 10, 20]), 2e-5],
    ['imq', imqKernel([1, 3]), 1e-5],
    ['polynomial', polynomialKernel(2, { gamma: 0.1 }), 1e-4],
  ];

  for (const [name, kernel, tolerance] of kernels) {
    for (const estimator of ['unbiased', 'biased'] as const) {
      it(`matches float64 mmd2: ${name}, ${estimator}`, () => {
        // 37-row blocks: 100 and 80 rows leave partial blocks at both edges.
        const x = normalRows(1, 100, 4);
        const y = normalRows(2, 80, 4, 0.3);
        const expected = mmd2(x, y, { kernel, estimator });
        const actual = mmd2Blocked(x, y, { kernel, estimator, blockRows: 37 });
        expect(Math.abs(actual - expected)).toBeLessThan(tolerance);
      });
    }
  }

  it('does not depend on the block size', () => {
    const x = normalRows(3, 90, 3);
    const y = normalRows(4, 70, 3);
    const kernel = rbfKernel([1, 2]);
    const small = mmd2Blocked(x, y, { kernel, blockRows: 16 });
    const whole = mmd2Blocked(x, y, { kernel, blockRows: 1000 });
    expect(Math.abs(small - whole)).toBeLessThan(1e-6);
  });

  it('reports progress and frees its tensors', () => {
    const before = tf.memory().numTensors;
    const calls: [number, number][] = [];
    mmd2Blocked(normalRows(5, 50, 2), normalRows(6, 30, 2), { kernel: rbfKernel(1), blockRows: 20, onProgress: (done, total) => calls.push([done, total]) });
    // x: 3 blocks -> 6 upper-triangle pairs; y: 2 blocks -> 3; cross: 3 x 2 = 6.
    expect(calls.at(-1)).toEqual([15, 15]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('mmd2Blocked accuracy', () => {
  it('matches float64 on data offset by 1e9', () => {
    // float32 spaces values near 1e9 by 64, so unless the rows are centred
    // in float64 first their spread of about 1 is lost.
    const x = normalRows(7, 60, 3).map((row) => row.map((value) => value + 1e9));
    const y = normalRows(8, 50, 3, 0.5).map((row) => row.map((value) => value + 1e9));
    const kernel = rbfKernel([0.5, 1, 2]);
    expect(Math.abs(mmd2Blocked(x, y, { kernel }) - mmd2(x, y, { kernel }))).toBeLessThan(1e-5);
  });

  it('matches float64 on data scaled by 2^100 and 2^-140', () => {
    // 2^100 is about 1.3e30, whose square overflows float32; 2^-140 underflows it.
    const x = normalRows(9, 40, 2);
    const y = normalRows(10, 30, 2, 0.4);
    const kernel = rbfKernel([0.5, 2]);
    const expected = mmd2(x, y, { kernel });
    for (const factor of [2 ** 100, 2 ** -140]) {
      const scale = (rows: number[][]) => rows.map((row) => row.map((value) => value * factor));
      const actual = mmd2Blocked(scale(x), scale(y), { kernel: rbfKernel([0.5 * factor, 2 * factor]) });
      expect(Math.abs(actual - expected)).toBeLessThan(2e-5);
    }
  });

  it('sums long block rows without float32 drift', () => {
    // One 1200-row block pair per sum: 1200 x 6 = 7200 kernel values in each
    // block row. Summing such rows in float32 one value after another was off
    // by 1.8e-7 here; with runs of 64 the error was 1.5e-9.
    const x = normalRows(11, 1200, 2);
    const y = normalRows(12, 1100, 2, 0.05);
    const kernel = rbfKernel([0.5, 1, 2, 5, 10, 20]);
    const expected = mmd2(x, y, { kernel });
    expect(Math.abs(mmd2Blocked(x, y, { kernel }) - expected)).toBeLessThan(5e-8);
  });

  it('rejects bandwidths too small for float32', () => {
    // sigma = 1e-200 gave NaN: 1/(2 sigma^2) is Infinity in float32, and 0 * Infinity on the diagonal.
    expect(() => mmd2Blocked(normalRows(13, 5, 2), normalRows(14, 5, 2), { kernel: rbfKernel(1e-200) })).toThrow(
      /kernel.bandwidths\[0\] must be at least .* for float32 blocks; received 1e-200. Use mmd2 \(float64\)/,
    );
  });

  it('raises NumericalError when float32 kernel values overflow', () => {
    expect(() => mmd2Blocked(normalRows(15, 5, 2, 3), normalRows(16, 5, 2, 3), { kernel: polynomialKernel(200) })).toThrow(/float32 kernel values overflow/);
  });
});
