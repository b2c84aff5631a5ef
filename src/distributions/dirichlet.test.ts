import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors.js';
import { createGenerator } from '../random/index.js';
import { chiSquareTest } from '../stats/chi-square.js';
import { ksTest } from '../stats/ks.js';
import { Beta } from './beta.js';
import { Dirichlet, dirichlet } from './dirichlet.js';
import { loadDiscreteFixture, relativeError } from './test-utils/discrete-fixtures.js';

interface DirichletCase {
  readonly parameters: { alpha: number[] };
  readonly points: { x: number[]; logPdf: number; pdf: number }[];
  readonly mean: number[];
  readonly covariance: number[];
}

const fixture = loadDiscreteFixture<{ cases: DirichletCase[] }>('dirichlet');

describe('Dirichlet reference values', () => {
  for (const table of fixture.cases) {
    it(`matches mpmath for alpha ${JSON.stringify(table.parameters.alpha)}`, () => {
      const distribution = new Dirichlet(table.parameters);
      for (const point of table.points) {
        const logPdf = distribution.logPdf(point.x);
        expect(Math.abs(logPdf - point.logPdf) / Math.max(1, Math.abs(point.logPdf)), `logPdf(${point.x})`).toBeLessThan(1e-13);
      }
      for (let i = 0; i < table.mean.length; i++) {
        expect(relativeError(distribution.mean[i], table.mean[i])).toBeLessThan(1e-15);
      }
      for (let i = 0; i < table.covariance.length; i++) {
        expect(relativeError(distribution.covariance[i], table.covariance[i]), `covariance[${i}]`).toBeLessThan(1e-14);
      }
    });
  }
});

describe('Dirichlet functions', () => {
  it('is -Infinity off the simplex', () => {
    const distribution = dirichlet({ alpha: [2, 3, 4] });
    expect(distribution.logPdf([0.5, 0.5, 0.5])).toBe(-Infinity);
    expect(distribution.logPdf([-0.1, 0.6, 0.5])).toBe(-Infinity);
    expect(distribution.pdf([0.2, 0.3, 0.6])).toBe(0);
    expect(() => distribution.logPdf([0.2, NaN, 0.6])).toThrow('x[1] must be a number other than NaN; received NaN');
  });

  it('takes limits on the boundary', () => {
    expect(dirichlet({ alpha: [2, 3] }).logPdf([0, 1])).toBe(-Infinity);
    expect(dirichlet({ alpha: [0.5, 3] }).logPdf([0, 1])).toBe(Infinity);
    // With alpha_0 = 1 the density is Beta(1, 3) at 0: 3 (1 - 0)^2 = 3.
    expect(dirichlet({ alpha: [1, 3] }).pdf([0, 1])).toBeCloseTo(3, 14);
  });

  it('rejects invalid concentrations', () => {
    expect(() => new Dirichlet({ alpha: [1] })).toThrow(InvalidArgumentError);
    expect(() => new Dirichlet({ alpha: [1] })).toThrow('alpha must be an array of at least two positive numbers; received [1]');
    expect(() => new Dirichlet({ alpha: [1, 0] })).toThrow('alpha[1] must be a positive finite number; received 0');
    expect(() => new Dirichlet({ alpha: [1, NaN, 2] })).toThrow('alpha[1] must be a positive finite number; received NaN');
  });

  it('rejects a point of the wrong dimension', () => {
    expect(() => dirichlet({ alpha: [1, 2] }).logPdf([1])).toThrow('x must be an array of length 2; received [1]');
  });
});

describe('Dirichlet sampler', () => {
  it('passes KS on marginals and a ratio', () => {
    // Marginals are Beta(a_i, a_0 - a_i), and x_0 / (x_0 + x_1) is Beta(a_0, a_1) independent of the rest.
    // Four KS tests at 1e-6 / 4 each give a failure probability of 1e-6 for a correct sampler.
    const alpha = [0.7, 2.5, 4];
    const total = alpha[0] + alpha[1] + alpha[2];
    const n = 20_000;
    const rows = new Dirichlet({ alpha }).sampleN(createGenerator('xoshiro128**', 17), n);
    for (let i = 0; i < 3; i++) {
      const marginal = Float64Array.from({ length: n }, (_, r) => rows[3 * r + i]);
      const result = ksTest(marginal, new Beta({ a: alpha[i], b: total - alpha[i] }));
      expect(result.pValue, `marginal ${i}`).toBeGreaterThan(1e-6 / 4);
    }
    const ratio = Float64Array.from({ length: n }, (_, r) => rows[3 * r] / (rows[3 * r] + rows[3 * r + 1]));
    expect(ksTest(ratio, new Beta({ a: alpha[0], b: alpha[1] })).pValue).toBeGreaterThan(1e-6 / 4);
  });

  it('draws valid rows for alpha = 1e-3', () => {
    // Almost all mass sits at the vertices: each row is nearly one 1 and zeros, with the 1 equally likely anywhere.
    const rows = new Dirichlet({ alpha: [1e-3, 1e-3, 1e-3, 1e-3] }).sampleN(createGenerator('pcg32', 3), 40_000);
    const winners = new Float64Array(4);
    for (let r = 0; r < 40_000; r++) {
      let sum = 0;
      let winner = 0;
      for (let i = 0; i < 4; i++) {
        const value = rows[4 * r + i];
        expect(Number.isNaN(value)).toBe(false);
        sum += value;
        if (value > rows[4 * r + winner]) winner = i;
      }
      expect(Math.abs(sum - 1)).toBeLessThanOrEqual(4 * Number.EPSILON);
      winners[winner] += 1;
    }
    // Failure probability 1e-6 for a correct sampler.
    expect(chiSquareTest(winners, [0.25, 0.25, 0.25, 0.25]).pValue).toBeGreaterThan(1e-6);
  });

  it('draws the same values one at a time and in bulk', () => {
    const distribution = dirichlet({ alpha: [1, 2, 3] });
    const bulk = distribution.sampleN(createGenerator('mt19937', 8), 10);
    const rng = createGenerator('mt19937', 8);
    expect([...bulk]).toEqual(Array.from({ length: 10 }, () => [...distribution.sample(rng)]).flat());
  });
});
