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
