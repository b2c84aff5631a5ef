import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors.js';
import { createGenerator } from '../random/index.js';
import { chiSquareDiscreteTest } from '../stats/chi-square.js';
import { ksTest } from '../stats/ks.js';
import { Binomial } from './binomial.js';
import { Geometric } from './geometric.js';
import { ContinuousMixture, DiscreteMixture, mixture, MultivariateMixture } from './mixture.js';
import { MultivariateNormal } from './multivariate-normal.js';
import { Normal } from './normal.js';
import { Poisson } from './poisson.js';
import { compareWithCase, loadDiscreteFixture, relativeError, type PointRow, type QuantileRow } from './test-utils/discrete-fixtures.js';
import type { DiscreteDistribution } from './types.js';

interface ContinuousMixtureCase {
  readonly weights: number[];
  readonly components: { loc: number; scale: number }[];
  readonly points: { x: number; pdf: number; logPdf: number; cdf: number; sf: number }[];
  readonly quantiles: { p: number; x: number }[];
  readonly mean: number;
  readonly variance: number;
}

interface DiscreteMixtureCase {
  readonly weights: number[];
  readonly components: { name: string; parameters: Record<string, number> }[];
  readonly points: PointRow[];
  readonly quantiles: QuantileRow[];
}

interface MultivariateMixtureCase {
  readonly weights: number[];
  readonly components: { mean: number[]; cov: number[] }[];
  readonly points: { x: number[]; logPdf: number; pdf: number }[];
}

const fixture = loadDiscreteFixture<{
  continuous: ContinuousMixtureCase[];
  discrete: DiscreteMixtureCase[];
  multivariate: MultivariateMixtureCase[];
}>('mixture');

/** Every goodness-of-fit test here rejects a correct sampler with probability 1e-6. */
const ALPHA = 1e-6;

function discreteComponent(name: string, parameters: Record<string, number>): DiscreteDistribution {
  if (name === 'poisson') return new Poisson(parameters as { mu: number });
  if (name === 'binomial') return new Binomial(parameters as { n: number; p: number });
  return new Geometric(parameters as { p: number });
}

describe('ContinuousMixture reference values', () => {
  for (const table of fixture.continuous) {
    it(`matches mpmath for weights ${table.weights}`, () => {
      const distribution = mixture(
        table.weights,
        table.components.map((options) => new Normal(options)),
      );
      for (const point of table.points) {
        expect(relativeError(distribution.pdf(point.x), point.pdf), `pdf(${point.x})`).toBeLessThan(1e-12);
        expect(Math.abs(distribution.logPdf(point.x) - point.logPdf) / Math.max(1, Math.abs(point.logPdf)), `logPdf(${point.x})`).toBeLessThan(1e-13);
        expect(relativeError(distribution.cdf(point.x), point.cdf), `cdf(${point.x})`).toBeLessThan(1e-12);
        expect(relativeError(distribution.sf(point.x), point.sf), `sf(${point.x})`).toBeLessThan(1e-12);
      }
      for (const row of table.quantiles) {
        // Relative to |x|, or to the unit scale of the components where x is near 0.
        const error = Math.abs(distribution.quantile(row.p) - row.x) / Math.max(1, Math.abs(row.x));
        expect(error, `quantile(${row.p})`).toBeLessThan(1e-12);
      }
      expect(relativeError(distribution.mean, table.mean)).toBeLessThan(1e-14);
      expect(relativeError(distribution.variance, table.variance)).toBeLessThan(1e-14);
    });
  }
});

describe('DiscreteMixture reference values', () => {
  for (const table of fixture.discrete) {
    it(`matches mpmath for ${table.components.map((c) => c.name).join(' + ')}`, () => {
      const distribution = mixture(
        table.weights,
        table.components.map((c) => discreteComponent(c.name, c.parameters)),
      );
      const comparisons = compareWithCase(distribution, { parameters: table.weights, points: table.points, quantiles: table.quantiles, mean: NaN, variance: NaN });
      for (const comparison of comparisons) {
        expect(comparison.error, `${comparison.label}: ${comparison.actual} vs ${comparison.expected}`).toBeLessThanOrEqual(1e-12);
      }
    });
  }
});

describe('MultivariateMixture reference values', () => {
  for (const table of fixture.multivariate) {
    it('matches SciPy for two normals', () => {
      const distribution = mixture(
        table.weights,
        table.components.map((c) => new MultivariateNormal(c)),
      );
      for (const point of table.points) {
        expect(Math.abs(distribution.logPdf(point.x) - point.logPdf) / Math.max(1, Math.abs(point.logPdf)), `logPdf(${point.x})`).toBeLessThan(1e-13);
      }
    });
  }
});

describe('mixture construction', () => {
  it('returns the mixture class of its components', () => {
    expect(mixture([1, 1], [new Normal(), new Normal({ loc: 2 })])).toBeInstanceOf(ContinuousMixture);
    expect(mixture([1, 1], [new Poisson({ mu: 1 }), new Poisson({ mu: 2 })])).toBeInstanceOf(DiscreteMixture);
    const normals = [new MultivariateNormal({ mean: [0, 0], cov: [1, 0, 0, 1] }), new MultivariateNormal({ mean: [1, 1], cov: [1, 0, 0, 1] })];
    expect(mixture([1, 1], normals)).toBeInstanceOf(MultivariateMixture);
  });

  it('rejects components of different kinds', () => {
    const build = () => mixture([1, 1], [new Normal(), new Poisson({ mu: 1 })]);
    expect(build).toThrow(InvalidArgumentError);
    expect(build).toThrow('components must be distributions of one kind (all continuous, all discrete or all multivariate); received ["continuous", "discrete"]');
  });

  it('rejects mismatched weights and components', () => {
    expect(() => mixture([1], [new Normal(), new Normal()])).toThrow('weights must be an array with one weight per component (2); received [1]');
    expect(() => mixture([1, -1], [new Normal(), new Normal()])).toThrow('weights[1] must be a non-negative finite number; received -1');
    expect(() => mixture([0, 0], [new Normal(), new Normal()])).toThrow('weights must be non-negative numbers with a positive sum');
    expect(() => mixture([], [])).toThrow('components must be a non-empty array of distributions; received []');
    expect(() => mixture([1], [{} as Normal])).toThrow('components[0] must be a samplekit distribution');
  });

  it('rejects multivariate components of different dimensions', () => {
    const components = [new MultivariateNormal({ mean: [0, 0], cov: [1, 0, 0, 1] }), new MultivariateNormal({ mean: [0], cov: [1] })];
    expect(() => mixture([1, 1], components)).toThrow('components[1].dimension must be 2, the dimension of components[0]; received 1');
  });

  it('ignores zero-weight components in support and quantiles', () => {
    const distribution = mixture([0, 1], [new Poisson({ mu: 1000 }), new Binomial({ n: 10, p: 0.5 })]);
    expect(distribution.support).toEqual([0, 10]);
    expect(distribution.quantile(0.999)).toBeLessThanOrEqual(10);
  });

  it('combines moments by the law of total variance', () => {
    const normals = [new MultivariateNormal({ mean: [0, 0], cov: [1, 0.5, 0.5, 2] }), new MultivariateNormal({ mean: [2, -2], cov: [1, 0, 0, 1] })];
    const distribution = mixture([1, 3], normals);
    expect([...distribution.mean]).toEqual([1.5, -1.5]);
    // 0.25 cov_0 + 0.75 cov_1 + 0.25 (m_0 - m)(m_0 - m)' + 0.75 (m_1 - m)(m_1 - m)'; (m_i - m) = (-1.5, 1.5) and (0.5, -0.5).
    expect([...distribution.covariance]).toEqual([1.75, -0.625, -0.625, 2]);
  });
});

describe('mixture samplers', () => {
  it('passes KS for a normal mixture', () => {
    const distribution = mixture([0.2, 0.5, 0.3], [new Normal({ loc: -3, scale: 0.5 }), new Normal(), new Normal({ loc: 4, scale: 3 })]);
    const sample = distribution.sampleN(createGenerator('xoshiro128**', 21), 50_000);
    expect(ksTest(sample, distribution).pValue).toBeGreaterThan(ALPHA);
  });

  it('passes KS for one draw at a time', () => {
    const distribution = mixture([0.3, 0.7], [new Normal(), new Normal({ loc: 5, scale: 2 })]);
    const rng = createGenerator('pcg32', 22);
    const sample = Float64Array.from({ length: 20_000 }, () => distribution.sample(rng));
    expect(ksTest(sample, distribution).pValue).toBeGreaterThan(ALPHA);
  });

  it('passes chi-square for a discrete mixture', () => {
    const distribution = mixture([0.4, 0.6], [new Poisson({ mu: 3 }), new Poisson({ mu: 20 })]);
    const sample = distribution.sampleN(createGenerator('numpy-pcg64', 23), 100_000);
    const result = chiSquareDiscreteTest(sample, distribution);
    expect(result.pValue, `statistic ${result.statistic} on ${result.degreesOfFreedom} degrees of freedom`).toBeGreaterThan(ALPHA);
  });

  it('passes KS on projections of a multivariate mixture', () => {
    // The projection u'X of a mixture of normals is the mixture of the projected normals.
    // Three KS tests at 1e-6 / 3 each give a failure probability of 1e-6 for a correct sampler.
    const means = [[0, 0], [3, -1]];
    const covariances = [[1, 0.3, 0.3, 1], [2, -0.5, -0.5, 1]];
    const weights = [0.25, 0.75];
    const distribution = mixture(weights, means.map((mean, i) => new MultivariateNormal({ mean, cov: covariances[i] })));
    const n = 20_000;
    const rows = distribution.sampleN(createGenerator('philox4x32-10', 24), n);
    for (const u of [[1, 0], [0, 1], [1, 1]]) {
      const projected = Float64Array.from({ length: n }, (_, r) => u[0] * rows[2 * r] + u[1] * rows[2 * r + 1]);
      const projectedComponents = means.map((mean, i) => {
        const c = covariances[i];
        const variance = u[0] * u[0] * c[0] + 2 * u[0] * u[1] * c[1] + u[1] * u[1] * c[3];
        return new Normal({ loc: u[0] * mean[0] + u[1] * mean[1], scale: Math.sqrt(variance) });
      });
      expect(ksTest(projected, mixture(weights, projectedComponents)).pValue, `direction ${u}`).toBeGreaterThan(ALPHA / 3);
    }
  });
});
