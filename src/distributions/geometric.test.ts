import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors.js';
import { createGenerator } from '../random/index.js';
import { chiSquareDiscreteTest } from '../stats/chi-square.js';
import { Geometric, geometric } from './geometric.js';
import { compareWithCase, loadDiscreteFixture, relativeError, type DiscreteCase } from './test-utils/discrete-fixtures.js';

const fixture = loadDiscreteFixture<{ cases: DiscreteCase<{ p: number }>[] }>('geometric');

/** Every goodness-of-fit test here rejects a correct sampler with probability 1e-6. */
const ALPHA = 1e-6;

describe('Geometric reference values', () => {
  for (const table of fixture.cases) {
    it(`matches mpmath for p=${table.parameters.p}`, () => {
      const distribution = new Geometric(table.parameters);
      for (const comparison of compareWithCase(distribution, table)) {
        expect(comparison.error, `${comparison.label}: ${comparison.actual} vs ${comparison.expected}`).toBeLessThanOrEqual(1e-12);
      }
      expect(relativeError(distribution.mean, table.mean)).toBeLessThanOrEqual(1e-15);
      expect(relativeError(distribution.variance, table.variance)).toBeLessThanOrEqual(1e-15);
    });
  }
});

describe('Geometric functions', () => {
  it('starts the support at 1', () => {
    const distribution = geometric({ p: 0.25 });
    expect(distribution.support).toEqual([1, Infinity]);
    expect(distribution.pmf(0)).toBe(0);
    expect(distribution.pmf(1)).toBe(0.25);
    expect(distribution.cdf(0.99)).toBe(0);
    expect(distribution.sf(0)).toBe(1);
    expect(distribution.quantile(0)).toBe(1);
    expect(distribution.quantile(0.2499999)).toBe(1);
    expect(distribution.quantile(0.2500001)).toBe(2);
    expect(distribution.quantile(1)).toBe(Infinity);
  });

  it('is a point mass at 1 for p = 1', () => {
    const distribution = geometric({ p: 1 });
    expect(distribution.pmf(1)).toBe(1);
    expect(distribution.pmf(2)).toBe(0);
    expect(distribution.cdf(1)).toBe(1);
    expect(distribution.quantile(0.5)).toBe(1);
    expect(distribution.sample(createGenerator('pcg32', 1))).toBe(1);
  });

  it('rejects p outside (0, 1]', () => {
    for (const p of [0, -0.5, 1.5, NaN]) {
      expect(() => new Geometric({ p })).toThrow(InvalidArgumentError);
      expect(() => new Geometric({ p })).toThrow(`p must be a probability in (0, 1]; received ${p}`);
    }
  });
});

describe('Geometric sampler', () => {
  it.each([
    [0.9, 1],
    [0.5, 2],
    [0.3, 3],
    [1e-3, 4],
  ])('passes chi-square for p=%d (seed %d)', (p, seed) => {
    const distribution = new Geometric({ p });
    const sample = distribution.sampleN(createGenerator('numpy-pcg64', seed), 200_000);
    const result = chiSquareDiscreteTest(sample, distribution);
    expect(result.pValue, `statistic ${result.statistic} on ${result.degreesOfFreedom} degrees of freedom`).toBeGreaterThan(ALPHA);
  });

  it('draws large counts for p = 1e-12', () => {
    // k / 1e12 is close to exponential(1); the sample mean of 1e5 draws is 1 within 5 standard errors of 0.0032.
    const sample = new Geometric({ p: 1e-12 }).sampleN(createGenerator('xoshiro128**', 5), 100_000);
    const mean = sample.reduce((sum, x) => sum + x, 0) / sample.length / 1e12;
    expect(Math.abs(mean - 1)).toBeLessThan(5 * 0.0032);
    expect(sample.every((x) => Number.isInteger(x) && x >= 1)).toBe(true);
  });
});
