import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors.js';
import { createGenerator } from '../random/index.js';
import { chiSquareDiscreteTest } from '../stats/chi-square.js';
import { Bernoulli, bernoulli } from './bernoulli.js';
import { compareWithCase, loadDiscreteFixture, relativeError, type DiscreteCase } from './test-utils/discrete-fixtures.js';

const fixture = loadDiscreteFixture<{ cases: DiscreteCase<{ p: number }>[] }>('bernoulli');

describe('Bernoulli reference values', () => {
  for (const table of fixture.cases) {
    it(`matches SciPy for p=${table.parameters.p}`, () => {
      const distribution = new Bernoulli(table.parameters);
      for (const comparison of compareWithCase(distribution, table)) {
        expect(comparison.error, `${comparison.label}: ${comparison.actual} vs ${comparison.expected}`).toBeLessThanOrEqual(1e-15);
      }
      expect(relativeError(distribution.mean, table.mean)).toBe(0);
      expect(relativeError(distribution.variance, table.variance)).toBeLessThanOrEqual(1e-15);
    });
  }
});

describe('Bernoulli', () => {
  it('rejects p outside [0, 1]', () => {
    expect(() => bernoulli({ p: 2 })).toThrow(InvalidArgumentError);
    expect(() => bernoulli({ p: NaN })).toThrow('p must be a probability in [0, 1]; received NaN');
  });

  it('passes chi-square for p = 0.3', () => {
    // Failure probability 1e-6 for a correct sampler.
    const distribution = bernoulli({ p: 0.3 });
    const result = chiSquareDiscreteTest(distribution.sampleN(createGenerator('pcg32', 4), 100_000), distribution);
    expect(result.pValue).toBeGreaterThan(1e-6);
  });

  it('draws the same values one at a time and in bulk', () => {
    const distribution = bernoulli({ p: 0.6 });
    const bulk = distribution.sampleN(createGenerator('mt19937', 2), 50);
    const rng = createGenerator('mt19937', 2);
    expect([...bulk]).toEqual(Array.from({ length: 50 }, () => distribution.sample(rng)));
  });

  it('never draws 1 for p = 0 or 0 for p = 1', () => {
    expect(bernoulli({ p: 0 }).sampleN(createGenerator('pcg32', 1), 1000).every((x) => x === 0)).toBe(true);
    expect(bernoulli({ p: 1 }).sampleN(createGenerator('pcg32', 1), 1000).every((x) => x === 1)).toBe(true);
  });
});
