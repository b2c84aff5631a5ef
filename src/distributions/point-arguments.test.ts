/**
 * The rule for the point and probability arguments of every distribution:
 * a NaN or non-number point and a quantile p outside [0, 1] throw
 * InvalidArgumentError naming the argument, where SciPy returns NaN.
 * Infinite points still return the limits.
 */
import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors.js';
import { Binomial } from './binomial.js';
import { CONTINUOUS_DISTRIBUTION_NAMES } from './continuous-registry.js';
import { Dirichlet } from './dirichlet.js';
import { DISCRETE_DISTRIBUTION_NAMES } from './discrete-registry.js';
import { mixture } from './mixture.js';
import { MultivariateNormal } from './multivariate-normal.js';
import { Normal } from './normal.js';
import { Poisson } from './poisson.js';
import { getDistributionSpec } from './registry.js';
import type { ContinuousDistribution, DiscreteDistribution, UnivariateDistribution } from './types.js';
import { Uniform } from './uniform.js';

/** Values for the parameters that have no default, so every registry entry can be built. */
const REQUIRED: Record<string, number | number[]> = {
  s: 1, shape: 2, df: 3, a: 2, b: 3, c: 1.5, left: 0, mode: 0.5, right: 1,
  n: 10, p: 0.3, mu: 4, weights: [1, 2, 3],
};

function createWithDefaults(name: string): UnivariateDistribution {
  const spec = getDistributionSpec(name);
  const parameters: Record<string, number | number[]> = {};
  for (const parameter of spec.parameters) {
    parameters[parameter.name] = parameter.default !== undefined ? [parameter.default].flat() : REQUIRED[parameter.name];
    if (parameter.type === 'number') parameters[parameter.name] = [parameters[parameter.name]].flat()[0];
  }
  return spec.create(parameters) as UnivariateDistribution;
}

/** A string smuggled past the types, as plain JavaScript callers can pass one. */
const NOT_A_NUMBER = 'x' as unknown as number;

const BAD_PROBABILITIES: readonly [number, string][] = [
  [-0.1, '-0.1'],
  [1.5, '1.5'],
  [NaN, 'NaN'],
  [-Infinity, '-Infinity'],
  [NOT_A_NUMBER, '"x"'],
];

function expectPointErrors(evaluate: (point: number) => number, argument: string): void {
  expect(() => evaluate(NaN)).toThrow(InvalidArgumentError);
  expect(() => evaluate(NaN)).toThrow(`${argument} must be a number other than NaN; received NaN`);
  expect(() => evaluate(NOT_A_NUMBER)).toThrow(`${argument} must be a number other than NaN; received "x"`);
}

function expectQuantileErrors(quantile: (p: number) => number, argument = 'p'): void {
  for (const [p, shown] of BAD_PROBABILITIES) {
    expect(() => quantile(p)).toThrow(InvalidArgumentError);
    expect(() => quantile(p)).toThrow(`${argument} must be a probability in [0, 1]; received ${shown}`);
  }
}

describe('continuous point arguments', () => {
  it.each(CONTINUOUS_DISTRIBUTION_NAMES)('%s rejects a NaN or non-number x', (name) => {
    const distribution = createWithDefaults(name) as ContinuousDistribution;
    expectPointErrors((x) => distribution.pdf(x), 'x');
    expectPointErrors((x) => distribution.logPdf(x), 'x');
    expectPointErrors((x) => distribution.cdf(x), 'x');
    expectPointErrors((x) => distribution.sf(x), 'x');
  });

  it.each(CONTINUOUS_DISTRIBUTION_NAMES)('%s rejects p outside [0, 1]', (name) => {
    const distribution = createWithDefaults(name) as ContinuousDistribution & { isf?: (q: number) => number };
    expectQuantileErrors((p) => distribution.quantile(p));
    expect(distribution.isf).toBeTypeOf('function');
    expectQuantileErrors((q) => distribution.isf!(q), 'q');
  });

  it.each(CONTINUOUS_DISTRIBUTION_NAMES)('%s takes limits at infinite x', (name) => {
    const distribution = createWithDefaults(name) as ContinuousDistribution;
    expect(distribution.pdf(Infinity)).toBe(0);
    expect(distribution.pdf(-Infinity)).toBe(0);
    expect(distribution.cdf(Infinity)).toBe(1);
    expect(distribution.cdf(-Infinity)).toBe(0);
    expect(distribution.sf(-Infinity)).toBe(1);
    expect(distribution.quantile(0)).toBe(distribution.support[0]);
    expect(distribution.quantile(1)).toBe(distribution.support[1]);
  });
});

describe('discrete point arguments', () => {
  it.each(DISCRETE_DISTRIBUTION_NAMES.filter((name) => getDistributionSpec(name).kind === 'discrete'))(
    '%s rejects a NaN k and p outside [0, 1]',
    (name) => {
      const distribution = createWithDefaults(name) as DiscreteDistribution;
      expectPointErrors((k) => distribution.pmf(k), 'k');
      expectPointErrors((k) => distribution.logPmf(k), 'k');
      expectPointErrors((k) => distribution.logPdf(k), 'k');
      expectPointErrors((k) => distribution.cdf(k), 'k');
      expectPointErrors((k) => distribution.sf(k), 'k');
      expectQuantileErrors((p) => distribution.quantile(p));

      expect(distribution.pmf(Infinity)).toBe(0);
      expect(distribution.cdf(Infinity)).toBe(1);
      expect(distribution.cdf(-Infinity)).toBe(0);
    },
  );
});

describe('mixture point arguments', () => {
  it('continuous mixture rejects NaN x and p outside [0, 1]', () => {
    const distribution = mixture([1, 2], [new Normal(), new Uniform({ loc: 2, scale: 3 })]);
    expectPointErrors((x) => distribution.pdf(x), 'x');
    expectPointErrors((x) => distribution.logPdf(x), 'x');
    expectPointErrors((x) => distribution.cdf(x), 'x');
    expectPointErrors((x) => distribution.sf(x), 'x');
    expectQuantileErrors((p) => distribution.quantile(p));
    expect(distribution.cdf(Infinity)).toBe(1);
  });

  it('discrete mixture rejects NaN k and p outside [0, 1]', () => {
    const distribution = mixture([1, 1], [new Poisson({ mu: 2 }), new Binomial({ n: 5, p: 0.5 })]);
    expectPointErrors((k) => distribution.pmf(k), 'k');
    expectPointErrors((k) => distribution.logPmf(k), 'k');
    expectPointErrors((k) => distribution.cdf(k), 'k');
    expectPointErrors((k) => distribution.sf(k), 'k');
    expectQuantileErrors((p) => distribution.quantile(p));
  });
});

describe('multivariate point arguments', () => {
  const normal = new MultivariateNormal({ mean: [0, 1], cov: [1, 0.5, 0.5, 2] });
  const dirichlet = new Dirichlet({ alpha: [2, 3, 4] });

  it('multivariate normal names the NaN coordinate', () => {
    expect(() => normal.logPdf([0, NaN])).toThrow(InvalidArgumentError);
    expect(() => normal.logPdf([0, NaN])).toThrow('x[1] must be a number other than NaN; received NaN');
    expect(() => normal.pdf([NOT_A_NUMBER, 0])).toThrow('x[0] must be a number other than NaN; received "x"');
  });

  it('Dirichlet names the NaN coordinate', () => {
    expect(() => dirichlet.logPdf([0.2, NaN, 0.6])).toThrow('x[1] must be a number other than NaN; received NaN');
    expect(() => dirichlet.pdf([0.2, 0.2, NOT_A_NUMBER])).toThrow('x[2] must be a number other than NaN; received "x"');
  });

  it('multivariate mixture names the coordinate', () => {
    const distribution = mixture([1, 1], [normal, new MultivariateNormal({ mean: [3, 3], cov: [1, 0, 0, 1] })]);
    expect(() => distribution.logPdf([NaN, 0])).toThrow('x[0] must be a number other than NaN; received NaN');
    expect(() => distribution.pdf([0, NaN])).toThrow('x[1] must be a number other than NaN; received NaN');
  });
});
