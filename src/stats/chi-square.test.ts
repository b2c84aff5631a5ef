import { describe, expect, it } from 'vitest';

import { boundedInt, createGenerator } from '../random/index.js';
import { chiSquareDiscreteTest, chiSquareSf, chiSquareTest } from './chi-square.js';
import { close, loadFixture } from './test-utils/helpers.js';

interface ChiSquareFixture {
  cases: { observed: number[]; probabilities: number[]; statistic: number; pValue: number }[];
  chi2Sf: { x: number; df: number; sf: number }[];
  chi2SfLargeDf: { x: number; df: number; sf: number }[];
  manyBins: { observed: number[]; statistic: number; pValue: number };
}

const fixture = loadFixture<ChiSquareFixture>('chi-square.json');

/** Binomial(n, p) probability mass, by the product formula (fine for n <= 50). */
function binomialPmf(n: number, p: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let coefficient = 1;
  for (let i = 1; i <= k; i++) coefficient = (coefficient * (n - k + i)) / i;
  return coefficient * p ** k * (1 - p) ** (n - k);
}

function binomialModel(n: number, p: number) {
  return {
    pmf: (k: number) => binomialPmf(n, p, k),
    cdf: (k: number) => {
      let total = 0;
      for (let i = 0; i <= Math.floor(k); i++) total += binomialPmf(n, p, i);
      return Math.min(1, total);
    },
  };
}

describe('chiSquareTest', () => {
  it('computes a fair die by hand', () => {
    // 60 rolls, 10 expected per face: observed 8, 12, 10, 10, 14, 6.
    // X2 = (4 + 4 + 0 + 0 + 16 + 16)/10 = 4, with 5 degrees of freedom.
    const result = chiSquareTest([8, 12, 10, 10, 14, 6], new Array(6).fill(1 / 6));
    expect(result.statistic).toBeCloseTo(4, 12);
    expect(result.degreesOfFreedom).toBe(5);
    expect(result.bins).toBe(6);
    expect(result.n).toBe(60);
  });

  it('matches the two-bin case by hand', () => {
    // Two bins: X2 with 1 degree of freedom, and P(chi2_1 >= x) = erfc(sqrt(x/2)).
    // 100 draws, p = 0.5: observed 60/40, X2 = (100 + 100)/50 = 4, P = erfc(sqrt(2)) = 0.0455003...
    const result = chiSquareTest([60, 40], [0.5, 0.5]);
    expect(result.statistic).toBeCloseTo(4, 12);
    expect(result.pValue).toBeCloseTo(0.04550026389635842, 12);
  });

  it('agrees with scipy chisquare', () => {
    for (const c of fixture.cases) {
      const result = chiSquareTest(c.observed, c.probabilities, { minExpected: 0 });
      expect(close(result.statistic, c.statistic, 1e-12), `statistic ${result.statistic} vs ${c.statistic}`).toBe(true);
      expect(close(result.pValue, c.pValue, 1e-10, 1e-300), `p ${result.pValue} vs ${c.pValue}`).toBe(true);
    }
  });

  it('pools small expected counts left to right', () => {
    // n = 100 with probabilities 0.5, 0.3, 0.1, 0.06, 0.04: expected 50, 30, 10, 6, 4.
    // minExpected 8: bins 50 | 30 | 10 | 6 + 4, the last one a leftover (4 < 8) joined to the previous one.
    const result = chiSquareTest([48, 33, 9, 6, 4], [0.5, 0.3, 0.1, 0.06, 0.04], { minExpected: 8 });
    // Pooled: observed 48, 33, 9, 10 against 50, 30, 10, 10.
    const expected = 4 / 50 + 9 / 30 + 1 / 10 + 0 / 10;
    expect(result.bins).toBe(4);
    expect(result.degreesOfFreedom).toBe(3);
    expect(result.statistic).toBeCloseTo(expected, 12);
  });

  it('subtracts estimated parameters from the degrees of freedom', () => {
    const result = chiSquareTest([10, 20, 30, 40], [0.1, 0.2, 0.3, 0.4], { estimatedParameters: 1 });
    expect(result.degreesOfFreedom).toBe(2);
  });

  it('rejects invalid input with the value received', () => {
    expect(() => chiSquareTest([1, 2], [0.5, 0.4])).toThrow(/probabilities must be a list that sums to 1; received 0.9/);
    expect(() => chiSquareTest([1, -2], [0.5, 0.5])).toThrow(/observed\[1\] must be a non-negative finite count; received -2/);
    expect(() => chiSquareTest([1, 2, 3], [0.5, 0.5])).toThrow(/probabilities must be an array with one probability per bin/);
    expect(() => chiSquareTest([0, 0], [0.5, 0.5])).toThrow(/observed must be counts with a positive total/);
    expect(() => chiSquareTest([3, 1], [0.5, 0.5])).toThrow(/enough counts for at least two bins/);
  });

  it('reports zero for a count in an impossible bin', () => {
    const result = chiSquareTest([5, 5, 1], [0.5, 0.5, 0], { minExpected: 0 });
    expect(result.statistic).toBe(Infinity);
    expect(result.pValue).toBe(0);
  });

  it('reports an impossible bin that pooling would merge', () => {
    // Expected 52.5, 52.5, 0: with minExpected 5 the last bin would join the second.
    const result = chiSquareTest([50, 50, 5], [0.5, 0.5, 0]);
    expect(result.pValue).toBe(0);
    expect(result.statistic).toBe(Infinity);
    expect(result.outsideSupport?.bins).toEqual([2]);
    expect(result.outsideSupport?.count).toBe(5);
    expect(result.outsideSupport?.message).toBe('5 counts in bin 2 of probability 0, so the observed counts are impossible under the probabilities given');
  });

  it('matches scipy chisquare over 3000 bins', () => {
    const { observed, statistic, pValue } = fixture.manyBins;
    const result = chiSquareTest(observed, new Array(observed.length).fill(1 / observed.length));
    expect(result.degreesOfFreedom).toBe(2999);
    expect(close(result.statistic, statistic, 1e-12), `statistic ${result.statistic} vs ${statistic}`).toBe(true);
    expect(close(result.pValue, pValue, 1e-9), `p ${result.pValue} vs ${pValue}`).toBe(true);
  });

  it('rejects counts that are not whole numbers', () => {
    expect(() => chiSquareTest([5.5, 4.5], [0.5, 0.5])).toThrow(/observed\[0\] must be a whole number; received 5.5/);
    expect(() => chiSquareTest(['5', 5] as never, [0.5, 0.5])).toThrow(/observed\[0\] must be a non-negative finite count; received "5"/);
  });

  it('accepts minExpected 0 and names the rule for negatives', () => {
    expect(chiSquareTest([10, 10], [0.5, 0.5], { minExpected: 0 }).bins).toBe(2);
    expect(() => chiSquareTest([10, 10], [0.5, 0.5], { minExpected: -1 })).toThrow('minExpected must be a non-negative finite number; received -1');
  });
});

describe('chiSquareSf', () => {
  it('agrees with scipy chi2.sf', () => {
    for (const c of fixture.chi2Sf) {
      expect(close(chiSquareSf(c.x, c.df), c.sf, 1e-10, 1e-300), `x=${c.x} df=${c.df}`).toBe(true);
    }
  });

  it('agrees with scipy from 1500 to 1e6 degrees of freedom', () => {
    // @stdlib's gammainc 0.3.1 gave 0.50752 at df = x = 2500, where the true value is 0.49624.
    for (const c of fixture.chi2SfLargeDf) {
      expect(close(chiSquareSf(c.x, c.df), c.sf, 1e-9, 1e-300), `x=${c.x} df=${c.df}: ${chiSquareSf(c.x, c.df)} vs ${c.sf}`).toBe(true);
    }
  });

  it('returns NaN outside its domain, as scipy does', () => {
    expect(chiSquareSf(Number.NaN, 2)).toBeNaN();
    expect(chiSquareSf(1, 0)).toBeNaN();
    expect(chiSquareSf(1, Number.POSITIVE_INFINITY)).toBeNaN();
  });
});

describe('chiSquareDiscreteTest', () => {
  it('keeps its level under the null', () => {
    // 400 repetitions of 200 Binomial(10, 0.3) draws made by summing
    // Bernoulli trials (seeds 3000..3399). The count of p < 0.05 is about
    // Binomial(400, 0.05): inside [7, 36] with probability 0.9995.
    const model = binomialModel(10, 0.3);
    let rejections = 0;
    for (let seed = 3000; seed < 3400; seed++) {
      const rng = createGenerator('xoshiro128**', seed);
      const draws = Array.from({ length: 200 }, () => {
        let k = 0;
        for (let trial = 0; trial < 10; trial++) if (rng.nextDouble() < 0.3) k++;
        return k;
      });
      if (chiSquareDiscreteTest(draws, model).pValue < 0.05) rejections++;
    }
    expect(rejections).toBeGreaterThanOrEqual(7);
    expect(rejections).toBeLessThanOrEqual(36);
  });

  it('detects the wrong success probability', () => {
    // Draws from Binomial(10, 0.35) tested against Binomial(10, 0.3), 2000 draws.
    const rng = createGenerator('xoshiro128**', 9);
    const draws = Array.from({ length: 2000 }, () => {
      let k = 0;
      for (let trial = 0; trial < 10; trial++) if (rng.nextDouble() < 0.35) k++;
      return k;
    });
    expect(chiSquareDiscreteTest(draws, binomialModel(10, 0.3)).pValue).toBeLessThan(1e-6);
  });

  it('detects a uniform integer generator that skips a value', () => {
    const rng = createGenerator('xoshiro128**', 11);
    const draws = Array.from({ length: 600 }, () => {
      const k = boundedInt(rng, 6);
      return k === 5 ? 4 : k;
    });
    const uniformSix = { pmf: (k: number) => (k >= 0 && k < 6 ? 1 / 6 : 0), cdf: (k: number) => Math.min(1, Math.max(0, Math.floor(k) + 1) / 6) };
    expect(chiSquareDiscreteTest(draws, uniformSix).pValue).toBeLessThan(1e-10);
  });

  it('rejects non-integer draws', () => {
    expect(() => chiSquareDiscreteTest([1, 2.5], binomialModel(3, 0.5))).toThrow(/draws\[1\] must be an integer; received 2.5/);
  });

  it('reports draws outside the support', () => {
    // -1 is impossible under Binomial(10, 0.3); without the check, pooling merged it into the bin of 0.
    const draws = [-1, 0, 1, 2, 3, 4, 5, 3, 2, 3, 4, 2, 1, 3, 4, 5, 2, 3, 4, 3, 2, 3, 4, 2, 3];
    const result = chiSquareDiscreteTest(draws, binomialModel(10, 0.3));
    expect(result.pValue).toBe(0);
    expect(result.outsideSupport?.values).toEqual([-1]);
    expect(result.outsideSupport?.message).toBe('1 draw equal to -1 has probability 0 under the model (outside its support)');

    const above = chiSquareDiscreteTest([...new Array(100).fill(3), 11, 12, 12], binomialModel(10, 0.3));
    expect(above.pValue).toBe(0);
    expect(above.outsideSupport?.values).toEqual([11, 12]);
    expect(above.outsideSupport?.count).toBe(3);
  });

  it('rejects a model without pmf and cdf', () => {
    expect(() => chiSquareDiscreteTest([1, 2], {} as never)).toThrow(/model must be a discrete distribution with pmf\(k\) and cdf\(k\) methods/);
    const broken = { pmf: () => Number.NaN, cdf: () => 0 };
    expect(() => chiSquareDiscreteTest([1, 2], broken)).toThrow(/model.pmf\(1\) must be a probability in \[0, 1\]; received NaN/);
  });
});
