import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors.js';
import { createGenerator } from '../random/index.js';
import { chiSquareTest } from '../stats/chi-square.js';
import { AliasTable, normalizeWeights } from './alias-table.js';
import { Categorical, categorical } from './categorical.js';
import { compareWithCase, loadDiscreteFixture, relativeError, type DiscreteCase } from './test-utils/discrete-fixtures.js';

const fixture = loadDiscreteFixture<{ cases: DiscreteCase<{ weights: number[] }>[] }>('categorical');

/** Every goodness-of-fit test here rejects a correct sampler with probability 1e-6. */
const ALPHA = 1e-6;

function countCategories(sample: Float64Array, size: number): Float64Array {
  const counts = new Float64Array(size);
  for (const k of sample) counts[k] += 1;
  return counts;
}

describe('Categorical reference values', () => {
  for (const table of fixture.cases) {
    it(`matches mpmath for ${table.parameters.weights.length} weights`, () => {
      const distribution = new Categorical(table.parameters);
      for (const comparison of compareWithCase(distribution, table)) {
        expect(comparison.error, `${comparison.label}: ${comparison.actual} vs ${comparison.expected}`).toBeLessThanOrEqual(1e-14);
      }
      expect(relativeError(distribution.mean, table.mean)).toBeLessThanOrEqual(1e-14);
      expect(relativeError(distribution.variance, table.variance)).toBeLessThanOrEqual(1e-13);
    });
  }
});

describe('Categorical weights', () => {
  it.each([
    [[], 'weights must be a non-empty array of non-negative weights; received []'],
    [[1, -2, 3], 'weights[1] must be a non-negative finite number; received -2'],
    [[1, NaN], 'weights[1] must be a non-negative finite number; received NaN'],
    [[Infinity, 1], 'weights[0] must be a non-negative finite number; received Infinity'],
    [[0, 0, 0], 'weights must be non-negative numbers with a positive sum; received [0, 0, 0]. Give at least one category a positive weight'],
  ])('rejects %o', (weights, message) => {
    expect(() => new Categorical({ weights })).toThrow(InvalidArgumentError);
    expect(() => new Categorical({ weights })).toThrow(message);
  });

  it('normalises without overflow or underflow', () => {
    expect([...normalizeWeights('weights', [1e308, 1e308, 1e308])]).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect([...normalizeWeights('weights', [5e-324, 5e-324])]).toEqual([0.5, 0.5]);
  });

  it('never draws a zero-weight category', () => {
    const distribution = categorical({ weights: [0, 3, 0, 1, 0] });
    const counts = countCategories(distribution.sampleN(createGenerator('pcg32', 3), 100_000), 5);
    expect(counts[0]).toBe(0);
    expect(counts[2]).toBe(0);
    expect(counts[4]).toBe(0);
  });
});

describe('AliasTable', () => {
  it('encodes the probabilities it was built from', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 }), (weights) => {
        fc.pre(weights.some((w) => w > 0));
        const probabilities = normalizeWeights('weights', weights);
        const encoded = new AliasTable(probabilities).probabilities();
        for (let i = 0; i < probabilities.length; i++) {
          if (Math.abs(encoded[i] - probabilities[i]) > 1e-15 * (1 + probabilities.length * probabilities[i])) return false;
        }
        return true;
      }),
      { seed: 20261204, numRuns: 300 },
    );
  });

  it('keeps thresholds in [0, 1] and aliases in range', () => {
    const table = new AliasTable(normalizeWeights('weights', [0.1, 5, 0, 2.5, 1e-12, 7]));
    for (let i = 0; i < table.size; i++) {
      expect(table.threshold[i]).toBeGreaterThanOrEqual(0);
      expect(table.threshold[i]).toBeLessThanOrEqual(1);
      expect(table.alias[i]).toBeLessThan(table.size);
    }
  });

  it('reproduces zero and one-category tables exactly', () => {
    expect([...new AliasTable([1]).probabilities()]).toEqual([1]);
    expect([...new AliasTable([0.5, 0, 0.5]).probabilities()]).toEqual([0.5, 0, 0.5]);
  });
});

describe('Categorical sampler', () => {
  it.each([
    [10, 1, 'xoshiro128**'],
    [1000, 2, 'numpy-pcg64'],
  ] as const)('passes chi-square for %d categories (seed %d)', (size, seed, generator) => {
    const rng = createGenerator(generator, seed);
    const weights = Array.from({ length: size }, (_, i) => (i % 7 === 3 ? 0 : 1 + Math.sin(i) ** 2 * i));
    const distribution = new Categorical({ weights });
    const sample = distribution.sampleN(rng, 1_000_000);
    const result = chiSquareTest(countCategories(sample, size), distribution.probabilities);
    expect(result.pValue, `statistic ${result.statistic} on ${result.degreesOfFreedom} degrees of freedom`).toBeGreaterThan(ALPHA);
  });

  it('passes chi-square for skewed weights', () => {
    // One heavy category and many light ones exercise long alias chains.
    const weights = [1e4, ...Array.from({ length: 99 }, (_, i) => i + 1)];
    const distribution = new Categorical({ weights });
    const sample = distribution.sampleN(createGenerator('philox4x32-10', 3), 1_000_000);
    const result = chiSquareTest(countCategories(sample, weights.length), distribution.probabilities);
    expect(result.pValue).toBeGreaterThan(ALPHA);
  });

  it('finds quantiles by cdf', () => {
    const distribution = categorical({ weights: [1, 2, 3, 4] });
    expect(distribution.quantile(0.1)).toBe(0);
    expect(distribution.quantile(0.1000001)).toBe(1);
    expect(distribution.quantile(0.95)).toBe(3);
    expect(distribution.quantile(0)).toBe(0);
    expect(distribution.quantile(1)).toBe(3);
    expect(distribution.parameters).toEqual({ categories: 4 });
  });
});
