import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors.js';
import { createGenerator } from '../random/index.js';
import { chiSquareDiscreteTest } from '../stats/chi-square.js';
import { NegativeBinomial, negativeBinomial } from './negative-binomial.js';
import { compareWithCase, loadDiscreteFixture, relativeError, type DiscreteCase } from './test-utils/discrete-fixtures.js';

const fixture = loadDiscreteFixture<{ cases: DiscreteCase<{ n: number; p: number }>[] }>('negative-binomial');

/** Every goodness-of-fit test here rejects a correct sampler with probability 1e-6. */
const ALPHA = 1e-6;

describe('NegativeBinomial reference values', () => {
  for (const table of fixture.cases) {
    it(`matches mpmath for n=${table.parameters.n}, p=${table.parameters.p}`, () => {
      const distribution = new NegativeBinomial(table.parameters);
      for (const comparison of compareWithCase(distribution, table)) {
        expect(comparison.error, `${comparison.label}: ${comparison.actual} vs ${comparison.expected}`).toBeLessThanOrEqual(1e-12);
      }
      expect(relativeError(distribution.mean, table.mean)).toBeLessThanOrEqual(1e-15);
      expect(relativeError(distribution.variance, table.variance)).toBeLessThanOrEqual(1e-15);
    });
  }
});

describe('NegativeBinomial functions', () => {
  it('counts failures from 0', () => {
    const distribution = negativeBinomial({ n: 3, p: 0.5 });
    expect(distribution.support).toEqual([0, Infinity]);
    expect(distribution.pmf(0)).toBe(0.125);
    expect(distribution.pmf(-1)).toBe(0);
    expect(distribution.pmf(0.5)).toBe(0);
    expect(relativeError(distribution.cdf(0.5), 0.125)).toBeLessThan(1e-15);
    expect(distribution.quantile(0)).toBe(0);
    expect(distribution.quantile(1)).toBe(Infinity);
  });

  it('is a point mass at 0 for p = 1', () => {
    const distribution = negativeBinomial({ n: 2.5, p: 1 });
    expect(distribution.pmf(0)).toBe(1);
    expect(distribution.cdf(0)).toBe(1);
    expect(distribution.sf(0)).toBe(0);
    expect(distribution.quantile(0.3)).toBe(0);
    expect(distribution.sample(createGenerator('pcg32', 0))).toBe(0);
  });

  it('keeps cdf monotone and in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
        fc.double({ min: 1e-3, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 4, noNaN: true }),
        (n, p, position) => {
          const distribution = new NegativeBinomial({ n, p });
          const k = Math.floor(position * distribution.mean);
          const atK = distribution.cdf(k);
          const atNext = distribution.cdf(k + 1);
          return atK >= 0 && atNext <= 1 && atK <= atNext && Math.abs(atK + distribution.sf(k) - 1) < 1e-12;
        },
      ),
      { seed: 20261204, numRuns: 200 },
    );
  });

  it('inverts cdf in quantile', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-2, max: 100, noNaN: true }),
        fc.double({ min: 1e-2, max: 0.999, noNaN: true }),
        fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true }),
        (n, p, u) => {
          const distribution = new NegativeBinomial({ n, p });
          const k = distribution.quantile(u);
          return distribution.cdf(k) >= u && (k === 0 || distribution.cdf(k - 1) < u);
        },
      ),
      { seed: 9, numRuns: 200 },
    );
  });
});

describe('NegativeBinomial parameter checks', () => {
  it.each([
    [{ n: 0, p: 0.5 }, 'n must be a positive finite number; received 0'],
    [{ n: -2, p: 0.5 }, 'n must be a positive finite number; received -2'],
    [{ n: NaN, p: 0.5 }, 'n must be a positive finite number; received NaN'],
    [{ n: 3, p: 0 }, 'p must be a probability in (0, 1]; received 0'],
    [{ n: 3, p: 1.1 }, 'p must be a probability in (0, 1]; received 1.1'],
  ])('rejects %o', (options, message) => {
    expect(() => new NegativeBinomial(options)).toThrow(InvalidArgumentError);
    expect(() => new NegativeBinomial(options)).toThrow(message);
  });
});

describe('NegativeBinomial sampler', () => {
  it.each([
    [5, 0.3, 1],
    [0.5, 0.7, 2],
    [1e-3, 0.5, 3],
    [1, 0.01, 4],
    [3.5, 1e-3, 5],
    [1e4, 0.5, 6],
  ])('passes chi-square for n=%d, p=%d (seed %d)', (n, p, seed) => {
    const distribution = new NegativeBinomial({ n, p });
    const sample = distribution.sampleN(createGenerator('xoshiro128**', seed), 100_000);
    const result = chiSquareDiscreteTest(sample, distribution);
    expect(result.pValue, `statistic ${result.statistic} on ${result.degreesOfFreedom} degrees of freedom`).toBeGreaterThan(ALPHA);
  });

  it('draws finite counts for tiny p', () => {
    // Mean 2.5e299: (1 - p) / p alone would be fine here, but the rate must not overflow for any gamma draw.
    const sample = new NegativeBinomial({ n: 2.5, p: 1e-299 }).sampleN(createGenerator('pcg32', 7), 1000);
    expect(sample.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
  });
});
