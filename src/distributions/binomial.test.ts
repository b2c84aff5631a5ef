import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors.js';
import { createGenerator } from '../random/index.js';
import { chiSquareDiscreteTest } from '../stats/chi-square.js';
import { Binomial, binomial } from './binomial.js';
import { compareWithCase, loadDiscreteFixture, relativeError, type DiscreteCase } from './test-utils/discrete-fixtures.js';

const fixture = loadDiscreteFixture<{ cases: DiscreteCase<{ n: number; p: number }>[] }>('binomial');

/** Every goodness-of-fit test here rejects a correct sampler with probability 1e-6. */
const ALPHA = 1e-6;

describe('Binomial reference values', () => {
  for (const table of fixture.cases) {
    it(`matches mpmath for n=${table.parameters.n}, p=${table.parameters.p}`, () => {
      const distribution = new Binomial(table.parameters);
      for (const comparison of compareWithCase(distribution, table)) {
        expect(comparison.error, `${comparison.label}: ${comparison.actual} vs ${comparison.expected}`).toBeLessThanOrEqual(1e-12);
      }
      expect(relativeError(distribution.mean, table.mean)).toBeLessThanOrEqual(1e-15);
      expect(relativeError(distribution.variance, table.variance)).toBeLessThanOrEqual(1e-15);
    });
  }
});

describe('Binomial functions', () => {
  it('follows SciPy off the support', () => {
    const distribution = binomial({ n: 10, p: 0.3 });
    expect(distribution.pmf(2.5)).toBe(0);
    expect(distribution.pmf(-1)).toBe(0);
    expect(distribution.pmf(11)).toBe(0);
    expect(distribution.logPmf(2.5)).toBe(-Infinity);
    expect(distribution.cdf(2.5)).toBe(distribution.cdf(2));
    expect(distribution.cdf(-0.5)).toBe(0);
    expect(distribution.cdf(Infinity)).toBe(1);
    expect(distribution.sf(10)).toBe(0);
    expect(() => distribution.pmf(NaN)).toThrow('k must be a number other than NaN; received NaN');
    expect(() => distribution.cdf(NaN)).toThrow('k must be a number other than NaN; received NaN');
    expect(() => distribution.quantile(1.5)).toThrow('p must be a probability in [0, 1]; received 1.5');
    expect(distribution.quantile(0)).toBe(0);
    expect(distribution.quantile(1)).toBe(10);
    expect(distribution.logPdf(3)).toBe(distribution.logPmf(3));
  });

  it('keeps cdf monotone and in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, p, position) => {
          const distribution = new Binomial({ n, p });
          const k = Math.floor(position * n);
          const atK = distribution.cdf(k);
          const atNext = distribution.cdf(k + 1);
          return atK >= 0 && atNext <= 1 && atK <= atNext && Math.abs(atK + distribution.sf(k) - 1) < 1e-12;
        },
      ),
      { seed: 20261204, numRuns: 300 },
    );
  });

  it('inverts cdf in quantile', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }),
        fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true }),
        (n, p, u) => {
          const distribution = new Binomial({ n, p });
          const k = distribution.quantile(u);
          return distribution.cdf(k) >= u && (k === 0 || distribution.cdf(k - 1) < u);
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });
});

describe('Binomial parameter checks', () => {
  it.each([
    [{ n: -1, p: 0.5 }, 'n must be a non-negative integer; received -1'],
    [{ n: 2.5, p: 0.5 }, 'n must be a non-negative integer; received 2.5'],
    [{ n: NaN, p: 0.5 }, 'n must be a non-negative integer; received NaN'],
    [{ n: 10, p: 1.5 }, 'p must be a probability in [0, 1]; received 1.5'],
    [{ n: 10, p: NaN }, 'p must be a probability in [0, 1]; received NaN'],
  ])('rejects %o', (options, message) => {
    expect(() => new Binomial(options)).toThrow(InvalidArgumentError);
    expect(() => new Binomial(options)).toThrow(message);
  });

  it('rejects an unknown option', () => {
    expect(() => new Binomial({ n: 10, p: 0.5, size: 3 } as never)).toThrow('binomial option "size" must be one of n, p');
  });
});

describe('Binomial sampler', () => {
  it.each([
    // Inversion (n min(p, q) < 30), its mirror for p > 1/2, and BTPE on both sides and at large n.
    [20, 0.3, 1, 200_000],
    [1000, 0.97, 2, 200_000],
    [100, 0.3, 3, 400_000],
    [1000, 0.5, 4, 200_000],
    [500, 0.9, 5, 200_000],
    [1_000_000_000, 0.3, 6, 100_000],
  ])('passes chi-square for n=%d, p=%d (seed %d)', (n, p, seed, draws) => {
    const distribution = new Binomial({ n, p });
    const sample = distribution.sampleN(createGenerator('xoshiro128**', seed), draws);
    const result = chiSquareDiscreteTest(sample, distribution);
    expect(result.pValue, `statistic ${result.statistic} on ${result.degreesOfFreedom} degrees of freedom`).toBeGreaterThan(ALPHA);
  });

  it('handles n = 1e9, p = 1 - 1e-12', () => {
    const distribution = new Binomial({ n: 1e9, p: 1 - 1e-12 });
    const started = performance.now();
    const sample = distribution.sampleN(createGenerator('numpy-pcg64', 11), 200_000);
    expect(performance.now() - started).toBeLessThan(2000);

    // n - X is binomial(1e9, 1e-12): mean 1e-3, so 200 failures expected; Poisson 4.9 sd bounds give 1e-6 two-sided.
    let failures = 0;
    for (const x of sample) failures += 1e9 - x;
    expect(failures).toBeGreaterThan(200 - 4.9 * Math.sqrt(200));
    expect(failures).toBeLessThan(200 + 4.9 * Math.sqrt(200));
    const result = chiSquareDiscreteTest(sample, distribution);
    expect(result.pValue).toBeGreaterThan(ALPHA);
  });

  it('draws point masses exactly', () => {
    const rng = createGenerator('pcg32', 0);
    expect([...new Binomial({ n: 1e9, p: 0 }).sampleN(rng, 5)]).toEqual([0, 0, 0, 0, 0]);
    expect([...new Binomial({ n: 1e9, p: 1 }).sampleN(rng, 5)]).toEqual([1e9, 1e9, 1e9, 1e9, 1e9]);
    expect([...new Binomial({ n: 0, p: 0.4 }).sampleN(rng, 3)]).toEqual([0, 0, 0]);
  });

  it('draws the same values one at a time and in bulk', () => {
    const distribution = new Binomial({ n: 300, p: 0.4 });
    const bulk = distribution.sampleN(createGenerator('philox4x32-10', 3), 100);
    const rng = createGenerator('philox4x32-10', 3);
    const single = Array.from({ length: 100 }, () => distribution.sample(rng));
    expect([...bulk]).toEqual(single);
  });
});
