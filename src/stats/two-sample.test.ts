import { describe, expect, it } from 'vitest';

import { NumericalError } from '../errors.js';
import { standardNormal } from '../distributions/standard.js';
import { createGenerator } from '../random/index.js';
import type { BitGenerator } from '../random/types.js';
import { medianHeuristicKernel } from './bandwidth.js';
import { imqKernel, polynomialKernel, rbfKernel } from './kernels.js';
import { mmd2 } from './mmd.js';
import { close, loadFixture } from './test-utils/helpers.js';
import { energyDistance, energyTest, mmdTest } from './two-sample.js';

function normalRows(seed: number, count: number, dimension: number, shift = 0): number[][] {
  const rng = createGenerator('xoshiro128**', seed);
  return Array.from({ length: count }, () => Array.from({ length: dimension }, () => shift + standardNormal(rng)));
}

/**
 * A stub generator whose every output is 1. Lemire's method in boundedInt
 * then returns floor(n / 2^32) = 0 at once, so no relabelling moves a row.
 */
function identityStream(): BitGenerator {
  const base = createGenerator('xoshiro128**', 0);
  return Object.assign(Object.create(base) as BitGenerator, { nextUint32: () => 1 });
}

describe('energyDistance', () => {
  it('computes tiny cases by hand', () => {
    // x = {0}, y = {1}: 2 |0 - 1| - 0 - 0 = 2.
    expect(energyDistance([[0]], [[1]])).toBe(2);
    // x = {0, 2}, y = {1}: E|X - Y| = (1 + 1)/2 = 1; E|X - X'| = (0 + 2 + 2 + 0)/4 = 1; E|Y - Y'| = 0.
    // 2 * 1 - 1 - 0 = 1.
    expect(energyDistance([[0], [2]], [[1]])).toBe(1);
    // 2-D: x = {(0, 0)}, y = {(3, 4)}: 2 * 5 = 10.
    expect(energyDistance([[0, 0]], [[3, 4]])).toBe(10);
  });

  it('agrees with scipy energy_distance squared', () => {
    const fixture = loadFixture<{ cases: { x: number[]; y: number[]; energyDistance: number }[] }>('energy.json');
    for (const c of fixture.cases) {
      const actual = energyDistance(
        c.x.map((v) => [v]),
        c.y.map((v) => [v]),
      );
      expect(close(actual, c.energyDistance ** 2, 1e-10), `${actual} vs ${c.energyDistance ** 2}`).toBe(true);
    }
  });
});

describe('mmdTest', () => {
  it('reports the statistic of mmd2', () => {
    const x = normalRows(1, 25, 2);
    const y = normalRows(2, 35, 2, 0.3);
    const kernel = rbfKernel([0.5, 1, 2]);
    const result = mmdTest(x, y, { kernel, permutations: 20, seed: 0 });
    expect(result.statistic).toBeCloseTo(mmd2(x, y, { kernel }), 12);
    expect(result.n).toBe(25);
    expect(result.m).toBe(35);
    expect(result.strategy).toBe('matrix');
  });

  it('counts the identity relabelling as an exceedance', () => {
    // With the stub stream every relabelling is the observed split, so all K
    // statistics equal the observed one and p = (1 + K)/(1 + K) = 1.
    const result = mmdTest([[0], [1], [2]], [[5], [6]], { kernel: rbfKernel(1), permutations: 9, rng: identityStream() });
    expect(result.exceedances).toBe(9);
    expect(result.pValue).toBe(1);
  });

  it('never reports a p-value of 0', () => {
    // Far apart samples: no relabelling reaches the observed statistic except the
    // observed split itself, so p = (1 + c)/(1 + K) >= 1/(1 + K).
    const x = normalRows(3, 20, 2);
    const y = normalRows(4, 20, 2, 50);
    const result = mmdTest(x, y, { kernel: rbfKernel(1), permutations: 99, seed: 7 });
    expect(result.pValue).toBeGreaterThanOrEqual(1 / 100);
    expect(result.pValue).toBe((1 + result.exceedances) / 100);
  });

  it('gives the same answer with and without the kernel matrix', () => {
    const x = normalRows(5, 18, 3);
    const y = normalRows(6, 12, 3, 0.4);
    const kernel = rbfKernel([1, 2]);
    for (const estimator of ['unbiased', 'biased'] as const) {
      const withMatrix = mmdTest(x, y, { kernel, estimator, permutations: 200, seed: 3 });
      const recomputed = mmdTest(x, y, { kernel, estimator, permutations: 200, seed: 3, maxMatrixBytes: 0 });
      expect(withMatrix.strategy).toBe('matrix');
      expect(recomputed.strategy).toBe('recompute');
      expect(recomputed.statistic).toBeCloseTo(withMatrix.statistic, 12);
      expect(recomputed.exceedances).toBe(withMatrix.exceedances);
    }
  });

  it('is reproducible from its seed, including seed 0', () => {
    const x = normalRows(7, 15, 2);
    const y = normalRows(8, 15, 2, 0.2);
    const first = mmdTest(x, y, { kernel: rbfKernel(1), permutations: 100, seed: 0 });
    const second = mmdTest(x, y, { kernel: rbfKernel(1), permutations: 100, rng: createGenerator('xoshiro128**', 0) });
    expect(second.exceedances).toBe(first.exceedances);
  });

  it('keeps its level under the null', () => {
    // 200 repetitions (data seeds 1000..1399, permutation seeds 0..199) of
    // 30 + 30 rows from N(0, I_2), K = 99. The permutation test has exact
    // level: P(p <= 0.05) = 5/100 exactly, so the count of rejections is
    // Binomial(200, 0.05), inside [2, 21] with probability 0.999.
    let rejections = 0;
    for (let rep = 0; rep < 200; rep++) {
      const x = normalRows(1000 + 2 * rep, 30, 2);
      const y = normalRows(1001 + 2 * rep, 30, 2);
      if (mmdTest(x, y, { kernel: rbfKernel([0.5, 1, 2]), permutations: 99, seed: rep }).pValue <= 0.05) rejections++;
    }
    expect(rejections).toBeGreaterThanOrEqual(2);
    expect(rejections).toBeLessThanOrEqual(21);
  });

  it('detects a small mean shift', () => {
    // N(0, I_2) against N((0.7, 0.7), I_2), 100 rows each, K = 199: at level 0.01
    // this rejected in 60 of 60 seeded runs (and in 47 of 60 with a shift of 0.5),
    // so a failure here points to lost power, not to chance.
    const x = normalRows(11, 100, 2);
    const y = normalRows(12, 100, 2, 0.7);
    expect(mmdTest(x, y, { kernel: rbfKernel([0.5, 1, 2]), permutations: 199, seed: 1 }).pValue).toBeLessThan(0.01);
  });

  it('requires a kernel and a permutation stream', () => {
    expect(() => mmdTest([[1], [2]], [[3], [4]], {} as never)).toThrow(/options.kernel must be a kernel/);
    expect(() => mmdTest([[1], [2]], [[3], [4]], { kernel: rbfKernel(1) })).toThrow(/options.rng or options.seed must be given/);
    expect(() => mmdTest([[1], [2]], [[3], [4]], { kernel: rbfKernel(1), seed: 0, permutations: 0 })).toThrow(/permutations must be a positive integer; received 0/);
  });
});

describe('energyTest', () => {
  it('keeps its level under the null', () => {
    // As for mmdTest: 200 repetitions, K = 99, rejections ~ Binomial(200, 0.05), inside [2, 21] w.p. 0.999.
    let rejections = 0;
    for (let rep = 0; rep < 200; rep++) {
      const x = normalRows(5000 + 2 * rep, 30, 2);
      const y = normalRows(5001 + 2 * rep, 30, 2);
      if (energyTest(x, y, { permutations: 99, seed: rep }).pValue <= 0.05) rejections++;
    }
    expect(rejections).toBeGreaterThanOrEqual(2);
    expect(rejections).toBeLessThanOrEqual(21);
  });

  it('detects a small mean shift', () => {
    // Same design as for mmdTest: 60 of 60 seeded runs rejected at level 0.01.
    const x = normalRows(13, 100, 2);
    const y = normalRows(14, 100, 2, 0.7);
    const result = energyTest(x, y, { permutations: 199, seed: 2 });
    expect(result.statistic).toBeCloseTo(energyDistance(x, y), 12);
    expect(result.pValue).toBeLessThan(0.01);
  });
});

describe('two-sample tests at extreme scales', () => {
  it('scales energy with huge and tiny rows', () => {
    // Near 1e154 squared distances overflowed (the statistic was NaN); near 1e-200 they underflowed to 0.
    const x = normalRows(31, 40, 2);
    const y = normalRows(32, 30, 2, 0.5);
    const expected = energyDistance(x, y);
    for (const factor of [2 ** 520, 2 ** -680]) {
      const scale = (rows: number[][]) => rows.map((row) => row.map((value) => value * factor));
      expect(close(energyDistance(scale(x), scale(y)), expected * factor, 1e-13)).toBe(true);
      const result = energyTest(scale(x), scale(y), { permutations: 49, seed: 1 });
      expect(close(result.statistic, expected * factor, 1e-13)).toBe(true);
      expect(result.pValue).toBe(energyTest(x, y, { permutations: 49, seed: 1 }).pValue);
    }
  });

  it('raises NumericalError instead of a p-value beside NaN', () => {
    const x = normalRows(33, 10, 3);
    const y = normalRows(34, 10, 3);
    for (const maxMatrixBytes of [undefined, 0]) {
      expect(() => mmdTest(x, y, { kernel: polynomialKernel(1000), permutations: 9, seed: 0, maxMatrixBytes })).toThrow(NumericalError);
    }
  });

  it('agrees on both strategies for a tiny bandwidth', () => {
    // sigma = 1e-200 makes k the indicator of equal rows: biased MMD^2 = 1/n + 1/m for distinct rows.
    const x = normalRows(35, 8, 2);
    const y = normalRows(36, 6, 2);
    const kernel = rbfKernel(1e-200);
    const withMatrix = mmdTest(x, y, { kernel, estimator: 'biased', permutations: 20, seed: 0 });
    const recomputed = mmdTest(x, y, { kernel, estimator: 'biased', permutations: 20, seed: 0, maxMatrixBytes: 0 });
    expect(withMatrix.statistic).toBeCloseTo(1 / 8 + 1 / 6, 15);
    expect(recomputed.statistic).toBeCloseTo(1 / 8 + 1 / 6, 15);
    expect(recomputed.pValue).toBe(withMatrix.pValue);
  });
});

describe('no-power warning', () => {
  // 7 and 9 rows of 5-D normals with a mean shift of 0.3.
  const x = normalRows(41, 7, 5);
  const y = normalRows(42, 9, 5, 0.3);

  it.each([
    [1e-300, 0],
    [1e300, 1],
  ])('rbf sigma = %s gives every pair the value %s', (sigma, value) => {
    for (const maxMatrixBytes of [undefined, 0]) {
      const result = mmdTest(x, y, { kernel: rbfKernel(sigma), permutations: 10, seed: 0, maxMatrixBytes });
      expect(result.statistic).toBe(0);
      expect(result.pValue).toBe(1);
      expect(result.warnings).toHaveLength(1);
      expect(result.warnings[0]).toContain(`every pair of distinct rows gets the same value, ${value}, from the rbf(sigma=${sigma}) kernel`);
      expect(result.warnings[0]).toContain('The test has no power');
      expect(result.warnings[0]).toMatch(/The bandwidths 1e[-+]300 are far from the median distance between pooled rows, \d\.\d\d\./);
      expect(result.warnings[0]).toContain('medianHeuristicKernel');
    }
  });

  it('names imq scales and polynomial gamma', () => {
    const imq = mmdTest(x, y, { kernel: imqKernel([1e300, 1e301]), permutations: 5, seed: 0 });
    expect(imq.warnings[0]).toContain('gets the same value, 2, from the imq(c=1e+300,1e+301, exponent=-0.5) kernel');
    expect(imq.warnings[0]).toContain('The scales 1e+300, 1e+301 are far from the median distance');

    const polynomial = mmdTest(x, y, { kernel: polynomialKernel(2, { gamma: 1e-300 }), permutations: 5, seed: 0 });
    expect(polynomial.warnings[0]).toContain('Raise gamma until gamma <x, y> is not negligible beside coef0');
  });

  it('stays silent for the median heuristic', () => {
    const result = mmdTest(x, y, { kernel: medianHeuristicKernel(x, y), permutations: 10, seed: 0 });
    expect(result.warnings).toEqual([]);
    expect(energyTest(x, y, { permutations: 10, seed: 0 }).warnings).toEqual([]);
  });

  it('flags identical rows for every test', () => {
    const rows = [[1, 2], [1, 2], [1, 2]];
    const mmd = mmdTest(rows, rows, { kernel: rbfKernel(1), permutations: 5, seed: 0 });
    expect(mmd.warnings[0]).toContain('Every pooled row is identical, so no kernel can tell the samples apart');
    const energy = energyTest(rows, rows, { permutations: 5, seed: 0 });
    expect(energy.warnings[0]).toContain('gets the same value, 0, from the Euclidean distances of the energy distance');
    expect(energy.warnings[0]).toMatch(/whatever the data$/);
  });
});

describe('energyDistance rounding', () => {
  it('is never negative for a sample against itself', () => {
    // 0 in exact arithmetic; rounding used to give values such as -1.1e-15.
    for (let seed = 0; seed < 40; seed++) {
      const rows = normalRows(400 + seed, 37, 2);
      const distance = energyDistance(rows, rows);
      expect(distance).toBeGreaterThanOrEqual(0);
      expect(distance).toBeLessThan(1e-13);
    }
  });
});

describe('permutation options', () => {
  const x = normalRows(41, 12, 2);
  const y = normalRows(42, 9, 2);

  it('rejects a negative or NaN maxMatrixBytes', () => {
    for (const maxMatrixBytes of [-5, Number.NaN]) {
      expect(() => mmdTest(x, y, { kernel: rbfKernel(1), seed: 0, maxMatrixBytes })).toThrow(/maxMatrixBytes must be a non-negative number of bytes/);
    }
  });

  it('reports progress up to the last relabelling', () => {
    const calls: [number, number][] = [];
    energyTest(x, y, { permutations: 999, seed: 0, onProgress: (done, total) => calls.push([done, total]) });
    expect(calls[0]).toEqual([0, 999]);
    expect(calls.at(-1)).toEqual([999, 999]);
    // Every 4th relabelling (999 / 200, rounded down), plus the start and the end.
    expect(calls.length).toBe(Math.floor(999 / 4) + 2);
    expect(calls.every(([done], i) => i === 0 || done > calls[i - 1][0])).toBe(true);
  });
});

describe('1-D samples as flat arrays', () => {
  it('reads a Float64Array or an array of numbers as one column', () => {
    const rows = normalRows(11, 40, 1);
    const flat = rows.map((row) => row[0]);
    const other = normalRows(12, 30, 1, 0.5);
    const kernel = rbfKernel([1, 2]);

    const nested = mmd2(rows, other, { kernel });
    expect(mmd2(flat, other, { kernel })).toBe(nested);
    expect(mmd2(Float64Array.from(flat), other.map((row) => row[0]), { kernel })).toBe(nested);
    expect(energyDistance(flat, Float32Array.from([0.25, -1.5]))).toBe(energyDistance(rows, [[0.25], [-1.5]]));
  });

  it('names the first value that is not a finite number', () => {
    expect(() => mmd2([1, Number.NaN, 3], [[1]], { kernel: rbfKernel([1]) })).toThrow(/x\[1\] must be a finite number/);
    expect(() => energyDistance([[1]], [2, '3' as unknown as number])).toThrow(/y\[1\]/);
  });
});
