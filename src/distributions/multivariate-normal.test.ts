import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors.js';
import { createGenerator } from '../random/index.js';
import { ksTest } from '../stats/ks.js';
import { MultivariateNormal, multivariateNormal } from './multivariate-normal.js';
import { Normal } from './normal.js';
import { loadDiscreteFixture } from './test-utils/discrete-fixtures.js';

interface MultivariateNormalCase {
  readonly parameters: { mean: number[]; cov: number[] };
  readonly points: { x: number[]; logPdf: number; pdf: number }[];
}

const fixture = loadDiscreteFixture<{ cases: MultivariateNormalCase[] }>('multivariate-normal');

describe('MultivariateNormal reference values', () => {
  for (const table of fixture.cases) {
    it(`matches mpmath for mean ${JSON.stringify(table.parameters.mean.map((m) => +m.toPrecision(3)))}`, () => {
      const distribution = new MultivariateNormal(table.parameters);
      for (const point of table.points) {
        const logPdf = distribution.logPdf(point.x);
        // Absolute error over max(1, |logPdf|): the relative error of pdf where |logPdf| <= 1.
        expect(Math.abs(logPdf - point.logPdf) / Math.max(1, Math.abs(point.logPdf)), `logPdf(${point.x})`).toBeLessThan(1e-13);
        expect(Math.abs(distribution.pdf(point.x) - point.pdf) / point.pdf, `pdf(${point.x})`).toBeLessThan(1e-12);
      }
    });
  }
});

describe('MultivariateNormal parameters', () => {
  it('accepts rows or a flat row-major matrix', () => {
    const fromRows = multivariateNormal({ mean: [1, 2], cov: [[2, 0.5], [0.5, 1]] });
    const fromFlat = multivariateNormal({ mean: [1, 2], cov: [2, 0.5, 0.5, 1] });
    expect([...fromRows.covariance]).toEqual([2, 0.5, 0.5, 1]);
    expect([...fromFlat.choleskyFactor]).toEqual([...fromRows.choleskyFactor]);
    expect(fromRows.dimension).toBe(2);
    expect([...fromRows.mean]).toEqual([1, 2]);
  });

  it('names a matrix that is not positive definite', () => {
    const build = () => new MultivariateNormal({ mean: [0, 0], cov: [1, 2, 2, 1] });
    expect(build).toThrow(InvalidArgumentError);
    expect(build).toThrow('cov must be a symmetric positive definite matrix; received [1, 2, 2, 1]');
    expect(build).toThrow('pivot -3 at row 1');
  });

  it('rejects a singular matrix', () => {
    expect(() => new MultivariateNormal({ mean: [0, 0], cov: [1, 1, 1, 1] })).toThrow('pivot 0 at row 1');
  });

  it('rejects an asymmetric matrix', () => {
    expect(() => new MultivariateNormal({ mean: [0, 0], cov: [1, 0.5, 0.4, 1] })).toThrow(
      'cov must be a symmetric matrix; received [1, 0.5, 0.4, 1]. Entries [1][0] = 0.4 and [0][1] = 0.5 differ',
    );
  });

  it('rejects shapes that do not match the mean', () => {
    expect(() => new MultivariateNormal({ mean: [0, 0], cov: [1, 0, 0] })).toThrow('cov must be a 2 x 2 matrix');
    expect(() => new MultivariateNormal({ mean: [0, 0], cov: [[1, 0], [0]] })).toThrow('cov must be a 2 x 2 matrix');
    expect(() => new MultivariateNormal({ mean: [], cov: [] })).toThrow('mean must be a non-empty array of finite numbers');
  });

  it('rejects non-finite entries', () => {
    expect(() => new MultivariateNormal({ mean: [0, NaN], cov: [1, 0, 0, 1] })).toThrow('mean[1] must be a finite number; received NaN');
    expect(() => new MultivariateNormal({ mean: [0, 0], cov: [1, 0, 0, Infinity] })).toThrow('cov[1][1] must be a finite number; received Infinity');
  });

  it('rejects a point of the wrong dimension', () => {
    const distribution = multivariateNormal({ mean: [0, 0], cov: [1, 0, 0, 1] });
    expect(() => distribution.logPdf([1, 2, 3])).toThrow('x must be an array of length 2; received [1, 2, 3]');
  });
});

describe('MultivariateNormal sampler', () => {
  it('passes KS on coordinates and projections', () => {
    // Cramer-Wold: every projection u'X is normal with mean u'mean and variance u' cov u.
    // Six KS tests at 1e-6 / 6 each give a failure probability of 1e-6 for a correct sampler.
    const mean = [1, -2, 0.5];
    const cov = [
      [2, 0.6, -0.3],
      [0.6, 1, 0.2],
      [-0.3, 0.2, 0.5],
    ];
    const distribution = new MultivariateNormal({ mean, cov });
    const n = 20_000;
    const rows = distribution.sampleN(createGenerator('numpy-pcg64', 42), n);
    const directions = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [1, 1, 1],
      [1, -2, 0.5],
      [-0.3, 0.7, 2],
    ];
    for (const u of directions) {
      const projected = new Float64Array(n);
      for (let r = 0; r < n; r++) projected[r] = u[0] * rows[3 * r] + u[1] * rows[3 * r + 1] + u[2] * rows[3 * r + 2];
      let projectedMean = 0;
      let projectedVariance = 0;
      for (let i = 0; i < 3; i++) {
        projectedMean += u[i] * mean[i];
        for (let j = 0; j < 3; j++) projectedVariance += u[i] * cov[i][j] * u[j];
      }
      const result = ksTest(projected, new Normal({ loc: projectedMean, scale: Math.sqrt(projectedVariance) }));
      expect(result.pValue, `direction ${u}`).toBeGreaterThan(1e-6 / directions.length);
    }
  });

  it('draws the same values one at a time and in bulk', () => {
    const distribution = multivariateNormal({ mean: [0, 1], cov: [[1, 0.9], [0.9, 1]] });
    const bulk = distribution.sampleN(createGenerator('pcg32', 5), 10);
    const rng = createGenerator('pcg32', 5);
    const single = Array.from({ length: 10 }, () => [...distribution.sample(rng)]).flat();
    expect([...bulk]).toEqual(single);
  });
});
