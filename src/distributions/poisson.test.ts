import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors.js';
import { createGenerator } from '../random/index.js';
import { chiSquareDiscreteTest } from '../stats/chi-square.js';
import { Poisson, poisson, samplePoisson } from './poisson.js';
import { compareWithCase, loadDiscreteFixture, relativeError, type DiscreteCase } from './test-utils/discrete-fixtures.js';

const fixture = loadDiscreteFixture<{ cases: DiscreteCase<{ mu: number }>[] }>('poisson');

/** Every goodness-of-fit test here rejects a correct sampler with probability 1e-6. */
const ALPHA = 1e-6;

describe('Poisson reference values', () => {
  for (const table of fixture.cases) {
    it(`matches mpmath for mu=${table.parameters.mu}`, () => {
      const distribution = new Poisson(table.parameters);
      for (const comparison of compareWithCase(distribution, table)) {
        expect(comparison.error, `${comparison.label}: ${comparison.actual} vs ${comparison.expected}`).toBeLessThanOrEqual(1e-12);
      }
      expect(relativeError(distribution.mean, table.mean)).toBe(0);
      expect(relativeError(distribution.variance, table.variance)).toBe(0);
    });
  }
});

describe('Poisson functions', () => {
  it('follows SciPy off the support', () => {
    const distribution = poisson({ mu: 3 });
    expect(distribution.pmf(-1)).toBe(0);
    expect(distribution.pmf(1.5)).toBe(0);
    expect(distribution.cdf(1.5)).toBe(distribution.cdf(1));
    expect(distribution.cdf(-1)).toBe(0);
    expect(distribution.sf(-1)).toBe(1);
    expect(distribution.cdf(Infinity)).toBe(1);
    expect(distribution.quantile(1)).toBe(Infinity);
    expect(distribution.quantile(0)).toBe(0);
    expect(() => distribution.quantile(-0.1)).toThrow('p must be a probability in [0, 1]; received -0.1');
  });

  it('is a point mass at 0 for mu = 0', () => {
    const distribution = poisson({ mu: 0 });
    expect(distribution.pmf(0)).toBe(1);
    expect(distribution.pmf(1)).toBe(0);
    expect(distribution.cdf(0)).toBe(1);
    expect(distribution.sf(0)).toBe(0);
    expect(distribution.quantile(0.7)).toBe(0);
    expect(distribution.sample(createGenerator('pcg32', 1))).toBe(0);
  });

  it('keeps cdf monotone and in [0, 1]', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e8, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true }), (mu, position) => {
        const distribution = new Poisson({ mu });
        const k = Math.floor(position * mu);
        const atK = distribution.cdf(k);
        const atNext = distribution.cdf(k + 1);
        return atK >= 0 && atNext <= 1 && atK <= atNext && Math.abs(atK + distribution.sf(k) - 1) < 1e-12;
      }),
      { seed: 20261204, numRuns: 200 },
    );
  });

  it('inverts cdf in quantile', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-5, max: 1e6, noNaN: true }), fc.double({ min: 1e-12, max: 1 - 1e-9, noNaN: true }), (mu, u) => {
        const distribution = new Poisson({ mu });
        const k = distribution.quantile(u);
        return distribution.cdf(k) >= u && (k === 0 || distribution.cdf(k - 1) < u);
      }),
      { seed: 8, numRuns: 200 },
    );
  });
});

describe('Poisson parameter checks', () => {
  it.each([
    [{ mu: -1 }, 'mu must be a non-negative finite number; received -1'],
    [{ mu: NaN }, 'mu must be a non-negative finite number; received NaN'],
    [{ mu: Infinity }, 'mu must be a non-negative finite number; received Infinity'],
  ])('rejects %o', (options, message) => {
    expect(() => new Poisson(options)).toThrow(InvalidArgumentError);
    expect(() => new Poisson(options)).toThrow(message);
  });

  it('rejects an unknown option', () => {
    expect(() => new Poisson({ lambda: 3 } as never)).toThrow('poisson option "lambda" must be one of mu');
  });
});

describe('Poisson sampler', () => {
  it.each([
    // Inversion below mu = 20, PTRS from 20 up, including mu = 1e7 where the exact log pmf matters.
    [0.3, 1, 200_000],
    [19.99, 2, 200_000],
    [20, 3, 200_000],
    [49.5, 7, 200_000],
    [137.5, 4, 200_000],
    [1e4, 5, 200_000],
    [1e7, 6, 100_000],
  ])('passes chi-square for mu=%d (seed %d)', (mu, seed, draws) => {
    const distribution = new Poisson({ mu });
    const sample = distribution.sampleN(createGenerator('xoshiro128**', seed), draws);
    const result = chiSquareDiscreteTest(sample, distribution);
    expect(result.pValue, `statistic ${result.statistic} on ${result.degreesOfFreedom} degrees of freedom`).toBeGreaterThan(ALPHA);
  });

  it('draws only zeros for mu = 1e-300', () => {
    // P(X > 0) = 1e-300 is far below the 2^-53 resolution of a uniform.
    const sample = new Poisson({ mu: 1e-300 }).sampleN(createGenerator('mt19937', 5), 10_000);
    expect(sample.every((x) => x === 0)).toBe(true);
  });

  it('draws ones at rate mu = 1e-3', () => {
    // 1e6 draws: about 999.5 ones; 4.9 Poisson standard deviations give a two-sided failure rate of 1e-6.
    const sample = new Poisson({ mu: 1e-3 }).sampleN(createGenerator('numpy-pcg64', 9), 1_000_000);
    const nonZero = sample.reduce((count, x) => count + (x > 0 ? 1 : 0), 0);
    expect(Math.abs(nonZero - 999.5)).toBeLessThan(4.9 * Math.sqrt(999.5));
  });

  it('matches the distribution sampler in samplePoisson', () => {
    const rng = createGenerator('pcg32', 12);
    const sample = Float64Array.from({ length: 100_000 }, () => samplePoisson(rng, 42.5));
    expect(chiSquareDiscreteTest(sample, new Poisson({ mu: 42.5 })).pValue).toBeGreaterThan(ALPHA);
  });

  it('rejects a negative or NaN mean in samplePoisson', () => {
    const rng = createGenerator('pcg32', 1);
    expect(() => samplePoisson(rng, -1)).toThrow('mu must be a non-negative number; received -1');
    expect(() => samplePoisson(rng, NaN)).toThrow('mu must be a non-negative number; received NaN');
  });

  it('draws the same values one at a time and in bulk', () => {
    const distribution = new Poisson({ mu: 55 });
    const bulk = distribution.sampleN(createGenerator('xoshiro128**', 3), 100);
    const rng = createGenerator('xoshiro128**', 3);
    expect([...bulk]).toEqual(Array.from({ length: 100 }, () => distribution.sample(rng)));
  });
});
