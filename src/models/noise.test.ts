import { beforeAll, describe, expect, it } from 'vitest';

import { initBackend } from '../backend.js';
import { standardNormal } from '../distributions/standard.js';
import { createGenerator } from '../random/index.js';
import { boundedInt } from '../random/uniform.js';
import { chiSquareTest } from '../stats/chi-square.js';
import { ksTest } from '../stats/ks.js';
import { normalCdf } from '../distributions/special.js';
import { latentNoise, latentValues, latentWidth } from './noise.js';

beforeAll(async () => {
  await initBackend();
});

describe('latent noise', () => {
  it('draws the category, then the normals, row by row from the stream', () => {
    const values = latentValues(createGenerator('pcg32', 5), 3, 2, 4);
    const rng = createGenerator('pcg32', 5);
    for (let row = 0; row < 3; row++) {
      const expected = new Array(6).fill(0);
      expected[boundedInt(rng, 4)] = 1;
      expected[4] = Math.fround(standardNormal(rng));
      expected[5] = Math.fround(standardNormal(rng));
      expect(Array.from(values.subarray(row * 6, row * 6 + 6))).toEqual(expected);
    }
  });

  it('gives the same rows for any chunking', () => {
    const whole = latentValues(createGenerator('xoshiro128**', 1), 10, 3, 5);
    const rng = createGenerator('xoshiro128**', 1);
    const chunks = [...latentValues(rng, 4, 3, 5), ...latentValues(rng, 6, 3, 5)];
    expect(chunks).toEqual(Array.from(whole));
  });

  it('has uniform categories and standard normal draws', () => {
    const rows = 20000;
    const values = latentValues(createGenerator('xoshiro128**', 11), rows, 1, 8);
    const counts = new Array(8).fill(0);
    const normals = new Float64Array(rows);
    for (let row = 0; row < rows; row++) {
      const oneHot = Array.from(values.subarray(row * 9, row * 9 + 8));
      expect(oneHot.reduce((a, b) => a + b, 0)).toBe(1);
      counts[oneHot.indexOf(1)] += 1;
      normals[row] = values[row * 9 + 8];
    }
    // Fixed seed 11; each test rejects a correct sampler with probability 1e-6.
    expect(chiSquareTest(counts, new Array(8).fill(1 / 8)).pValue).toBeGreaterThan(1e-6);
    expect(ksTest(normals, normalCdf).pValue).toBeGreaterThan(1e-6);
  });

  it('builds tensors of width categories + latentDim', () => {
    expect(latentWidth(8, 16)).toBe(24);
    const noise = latentNoise(createGenerator('xoshiro128**', 0), 7, 8, 16);
    expect(noise.shape).toEqual([7, 24]);
    noise.dispose();
    const gaussian = latentNoise(createGenerator('xoshiro128**', 0), 7, 8);
    expect(gaussian.shape).toEqual([7, 8]);
    gaussian.dispose();
  });

  it('rejects invalid sizes', () => {
    const rng = createGenerator('xoshiro128**', 0);
    expect(() => latentValues(rng, 0, 2)).toThrow('rows must be a positive integer; received 0');
    expect(() => latentValues(rng, 2, 2, -1)).toThrow('categories must be a non-negative integer; received -1');
  });
});
