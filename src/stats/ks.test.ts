import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors.js';
import { standardNormal } from '../distributions/standard.js';
import { createGenerator } from '../random/index.js';
import { ksTest, ksTwoSampleTest } from './ks.js';
import { close, loadFixture, normalCdf } from './test-utils/helpers.js';

interface OneSampleFixture {
  cases: { name: string; cdf: 'normal' | 'exponential'; loc?: number; scale: number; sample: number[]; statistic: number; pValue: number }[];
}

interface TwoSampleFixture {
  cases: { name: string; x: number[]; y: number[]; statistic: number; pValue: number }[];
}

const uniformCdf = (x: number) => Math.min(1, Math.max(0, x));

describe('ksTest', () => {
  it('computes a tiny case by hand', () => {
    // Sample 0.1, 0.4, 0.7 against U(0, 1):
    // D+ = max(1/3 - 0.1, 2/3 - 0.4, 1 - 0.7) = 0.3; D- = max(0.1 - 0, 0.4 - 1/3, 0.7 - 2/3) = 0.1.
    // D = 0.3 and n D = 0.9 <= 1, so P(D >= 0.3) = 1 - 3!/3^3 (2 * 0.9 - 1)^3 = 1 - (6/27) 0.512.
    const result = ksTest([0.7, 0.1, 0.4], uniformCdf);
    expect(result.statistic).toBeCloseTo(0.3, 15);
    expect(result.pValue).toBeCloseTo(1 - (6 / 27) * 0.512, 14);
    expect(result.n).toBe(3);
  });

  it('agrees with scipy kstest', () => {
    const fixture = loadFixture<OneSampleFixture>('ks-one-sample.json');
    for (const c of fixture.cases) {
      const cdf = c.cdf === 'normal' ? (x: number) => normalCdf(x, c.loc, c.scale) : (x: number) => (x <= 0 ? 0 : -Math.expm1(-x / c.scale));
      const result = ksTest(c.sample, cdf);
      expect(close(result.statistic, c.statistic, 1e-12, 1e-15), `${c.name}: statistic ${result.statistic} vs ${c.statistic}`).toBe(true);
      expect(close(result.pValue, c.pValue, 1e-8, 1e-300), `${c.name}: p ${result.pValue} vs ${c.pValue}`).toBe(true);
    }
  });

  it('accepts an object with a cdf method', () => {
    const result = ksTest([0.7, 0.1, 0.4], { cdf: uniformCdf });
    expect(result.statistic).toBeCloseTo(0.3, 15);
  });

  it('rejects empty and non-finite samples', () => {
    expect(() => ksTest([], uniformCdf)).toThrow(InvalidArgumentError);
    expect(() => ksTest([0.2, Number.NaN], uniformCdf)).toThrow(/sample\[1\] must be a finite number; received NaN/);
  });

  it('rejects a cdf that is not a function or distribution', () => {
    expect(() => ksTest([0.1], 5 as never)).toThrow(InvalidArgumentError);
    expect(() => ksTest([0.1], 5 as never)).toThrow(/cdf must be a function x => P\(X <= x\) or a distribution with a cdf method/);
    expect(() => ksTest([0.1], {} as never)).toThrow(/cdf must be a function/);
  });

  it('rejects values that are not numbers', () => {
    expect(() => ksTest(['0.1', 0.2] as never, uniformCdf)).toThrow(/sample\[0\] must be a finite number; received "0.1"/);
  });

  it('rejects a cdf that returns a non-probability', () => {
    expect(() => ksTest([0.5], () => 1.5)).toThrow(/cdf\(0.5\) must be a probability in \[0, 1\]; received 1.5/);
  });

  it('keeps its level under the null', () => {
    // 400 uniform samples of size 50, seeds 1000..1399. With the exact null
    // distribution the rejection count at level 0.05 is Binomial(400, 0.05);
    // it lies in [7, 36] with probability 0.9995.
    let rejections = 0;
    for (let seed = 1000; seed < 1400; seed++) {
      const rng = createGenerator('xoshiro128**', seed);
      const sample = Float64Array.from({ length: 50 }, () => rng.nextDouble());
      if (ksTest(sample, uniformCdf).pValue < 0.05) rejections++;
    }
    expect(rejections).toBeGreaterThanOrEqual(7);
    expect(rejections).toBeLessThanOrEqual(36);
  });

  it('detects a small mean shift', () => {
    // N(0.3, 1) against N(0, 1) with n = 500: the power at level 0.01 is
    // above 0.99 (D concentrates near 0.118 = Phi(0.15) - Phi(-0.15) > 0.073, the critical value).
    const rng = createGenerator('xoshiro128**', 42);
    const sample = Float64Array.from({ length: 500 }, () => standardNormal(rng) + 0.3);
    expect(ksTest(sample, (x) => normalCdf(x)).pValue).toBeLessThan(0.01);
  });
});

describe('ksTwoSampleTest', () => {
  it('computes a disjoint pair by hand', () => {
    // x = {1, 2}, y = {3, 4}: D = 1. Of the C(4, 2) = 6 orderings only xxyy
    // and yyxx reach D = 1, so P(D >= 1) = 2/6.
    const result = ksTwoSampleTest([1, 2], [3, 4]);
    expect(result.statistic).toBe(1);
    expect(result.pValue).toBeCloseTo(1 / 3, 15);
    expect(result.method).toBe('exact');
  });

  it('computes ties by hand', () => {
    // x = {1, 1, 2}, y = {1, 2, 2}: at t = 1 the ECDFs are 2/3 and 1/3, at t = 2 both are 1.
    // D = 1/3 = h/lcm with h = 1, lcm = 3: every ordering has D >= 1/3, so p = 1.
    const result = ksTwoSampleTest([1, 1, 2], [2, 1, 2]);
    expect(result.statistic).toBeCloseTo(1 / 3, 15);
    expect(result.pValue).toBe(1);
  });

  it('agrees with scipy ks_2samp', () => {
    const fixture = loadFixture<TwoSampleFixture>('ks-two-sample.json');
    for (const c of fixture.cases) {
      const result = ksTwoSampleTest(c.x, c.y);
      expect(close(result.statistic, c.statistic, 1e-14, 1e-15), `${c.name}: statistic ${result.statistic} vs ${c.statistic}`).toBe(true);
      // SciPy forms 1 - P(inside) for unequal sizes, so its tiny p-values
      // carry an absolute error near 1e-15; ours sum the crossing mass directly.
      expect(close(result.pValue, c.pValue, 1e-9, 1e-14), `${c.name}: p ${result.pValue} vs ${c.pValue}`).toBe(true);
    }
  });

  it('switches to the asymptotic method above 10,000', () => {
    const rng = createGenerator('xoshiro128**', 5);
    const x = Float64Array.from({ length: 10_001 }, () => rng.nextDouble());
    const y = Float64Array.from({ length: 50 }, () => rng.nextDouble());
    expect(ksTwoSampleTest(x, y).method).toBe('asymptotic');
    expect(ksTwoSampleTest(x.subarray(0, 10_000), y).method).toBe('exact');
  });

  it('gives the same statistic for both methods', () => {
    const x = [0.1, 0.5, 0.9, 1.3];
    const y = [0.2, 0.25, 0.3, 2.0, 2.1];
    const exact = ksTwoSampleTest(x, y, { method: 'exact' });
    const asymptotic = ksTwoSampleTest(x, y, { method: 'asymptotic' });
    expect(asymptotic.statistic).toBe(exact.statistic);
    expect(asymptotic.method).toBe('asymptotic');
  });

  it('is symmetric in its samples', () => {
    const x = [0.3, 1.2, -0.4, 2.2, 0.0, 0.7];
    const y = [1.1, 1.9, 0.8, 2.5];
    const forward = ksTwoSampleTest(x, y);
    const backward = ksTwoSampleTest(y, x);
    expect(backward.statistic).toBe(forward.statistic);
    expect(backward.pValue).toBeCloseTo(forward.pValue, 15);
  });

  it('keeps its level under the null', () => {
    // 300 pairs of uniform samples (40 and 60 values), seeds 2000..2299. The
    // exact p-value is discrete, so P(p < 0.05) <= 0.05: the count is at most
    // Binomial(300, 0.05), which exceeds 29 with probability below 0.0005.
    // The attained level is P(D >= 0.275) = 0.0461 (SciPy), so the count is
    // Binomial(300, 0.0461): below 2 with probability under 1e-4.
    let rejections = 0;
    for (let seed = 2000; seed < 2300; seed++) {
      const rng = createGenerator('xoshiro128**', seed);
      const x = Float64Array.from({ length: 40 }, () => rng.nextDouble());
      const y = Float64Array.from({ length: 60 }, () => rng.nextDouble());
      if (ksTwoSampleTest(x, y).pValue < 0.05) rejections++;
    }
    expect(rejections).toBeGreaterThanOrEqual(2);
    expect(rejections).toBeLessThanOrEqual(29);
  });

  it('detects a small mean shift', () => {
    // N(0, 1) against N(0.3, 1), 1000 values each: power above 0.99 at level 0.01.
    const rng = createGenerator('xoshiro128**', 77);
    const x = Float64Array.from({ length: 1000 }, () => standardNormal(rng));
    const y = Float64Array.from({ length: 1000 }, () => standardNormal(rng) + 0.3);
    expect(ksTwoSampleTest(x, y).pValue).toBeLessThan(0.01);
  });

  it('rejects values that are not numbers', () => {
    // A Float64Array would turn each of these into a number without a word.
    const cases: [unknown[], string][] = [
      [['1', '2', '3'], 'received "1"'],
      [[null, 2, 3], 'received null'],
      [[true, false, true], 'received true'],
      [['', 2, 3], 'received ""'],
      [[2n, 2, 3], 'received 2n'],
    ];
    for (const [values, received] of cases) {
      expect(() => ksTwoSampleTest(values as never, [4, 5, 6])).toThrow(`x[0] must be a finite number; ${received}`);
    }
  });

  it('rejects empty samples and unknown methods', () => {
    expect(() => ksTwoSampleTest([], [1])).toThrow(/x must be a non-empty array/);
    expect(() => ksTwoSampleTest([1], [2], { method: 'fast' as never })).toThrow(/method must be one of/);
  });
});
