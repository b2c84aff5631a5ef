/**
 * Parameter checks of the continuous distributions, the registry entries,
 * and properties every CDF must have (fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors.js';
import { createGenerator } from '../random/index.js';
import { nextDown } from '../random/uniform.js';
import { CONTINUOUS_DISTRIBUTION_NAMES } from './continuous-registry.js';
import { createContinuous, SMALLEST_NORMAL } from './test-utils/continuous-fixtures.js';
import { getDistributionSpec } from './registry.js';
import { logStandardGamma, standardGamma } from './standard.js';

interface BadParameters {
  readonly name: string;
  readonly parameters: Record<string, number>;
  /** The start of the message: argument and rule. */
  readonly message: string;
  /** How the received value is printed. */
  readonly received: string;
}

const BAD: readonly BadParameters[] = [
  { name: 'normal', parameters: { scale: 0 }, message: 'scale must be a positive finite number', received: '0' },
  { name: 'normal', parameters: { scale: -1 }, message: 'scale must be a positive finite number', received: '-1' },
  { name: 'normal', parameters: { loc: Infinity }, message: 'loc must be a finite number', received: 'Infinity' },
  { name: 'normal', parameters: { loc: NaN }, message: 'loc must be a finite number', received: 'NaN' },
  { name: 'lognormal', parameters: { s: 0 }, message: 's must be a positive finite number', received: '0' },
  { name: 'exponential', parameters: { scale: Infinity }, message: 'scale must be a positive finite number', received: 'Infinity' },
  { name: 'gamma', parameters: { shape: -2 }, message: 'shape must be a positive finite number', received: '-2' },
  { name: 'gamma', parameters: { shape: NaN }, message: 'shape must be a positive finite number', received: 'NaN' },
  { name: 'gamma', parameters: { shape: 1, scale: -0 }, message: 'scale must be a positive finite number', received: '-0' },
  { name: 'chi-square', parameters: { df: 0 }, message: 'df must be a positive finite number', received: '0' },
  { name: 'beta', parameters: { a: 0, b: 1 }, message: 'a must be a positive finite number', received: '0' },
  { name: 'beta', parameters: { a: 1, b: Infinity }, message: 'b must be a positive finite number', received: 'Infinity' },
  { name: 'student-t', parameters: { df: -1 }, message: 'df must be a positive finite number', received: '-1' },
  { name: 'cauchy', parameters: { loc: -Infinity }, message: 'loc must be a finite number', received: '-Infinity' },
  { name: 'laplace', parameters: { scale: NaN }, message: 'scale must be a positive finite number', received: 'NaN' },
  { name: 'logistic', parameters: { scale: 0 }, message: 'scale must be a positive finite number', received: '0' },
  { name: 'weibull', parameters: { c: 0 }, message: 'c must be a positive finite number', received: '0' },
  { name: 'pareto', parameters: { b: -3 }, message: 'b must be a positive finite number', received: '-3' },
  { name: 'triangular', parameters: { left: 0, mode: 2, right: 1 }, message: 'mode must be between left and right ([0, 1])', received: '2' },
  { name: 'triangular', parameters: { left: 0, mode: -1, right: 1 }, message: 'mode must be between left and right ([0, 1])', received: '-1' },
  { name: 'triangular', parameters: { left: 1, mode: 1, right: 1 }, message: 'left and right must be ordered so that left < right', received: '[1, 1]' },
  { name: 'triangular', parameters: { left: 0, mode: NaN, right: 1 }, message: 'mode must be a finite number', received: 'NaN' },
  { name: 'uniform', parameters: { scale: -2 }, message: 'scale must be a positive finite number', received: '-2' },
];

describe('invalid parameters', () => {
  it.each(BAD.map((bad) => [`${bad.name} ${bad.message} (${bad.received})`, bad] as const))('%s', (_label, bad) => {
    let caught: unknown;
    try {
      createContinuous(bad.name, bad.parameters);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidArgumentError);
    expect((caught as Error).message).toBe(`${bad.message}; received ${bad.received}`);
  });

  it('misspelt option is rejected', () => {
    expect(() => createContinuous('normal', { sigma: 2 })).toThrow('normal option "sigma" must be one of loc, scale; received "sigma"');
  });

  it('missing required shape is rejected', () => {
    expect(() => createContinuous('gamma', {})).toThrow('shape must be a positive finite number; none was given');
  });

  it('negative sample count is rejected', () => {
    const normal = createContinuous('normal', {});
    expect(() => normal.sampleN(createGenerator('xoshiro128**', 0), -1)).toThrow('n must be a non-negative integer; received -1');
  });

  it('standard gamma shape is checked', () => {
    const rng = createGenerator('xoshiro128**', 0);
    expect(() => standardGamma(rng, 0)).toThrow('shape must be a positive finite number; received 0');
    expect(() => logStandardGamma(rng, Infinity)).toThrow('shape must be a positive finite number; received Infinity');
  });

  it('quantile outside [0, 1] is rejected', () => {
    const normal = createContinuous('normal', {});
    expect(() => normal.quantile(-0.1)).toThrow('p must be a probability in [0, 1]; received -0.1');
    expect(() => normal.quantile(1.5)).toThrow('p must be a probability in [0, 1]; received 1.5');
    expect(() => normal.quantile(NaN)).toThrow('p must be a probability in [0, 1]; received NaN');
  });
});

describe('registry entries', () => {
  it.each(CONTINUOUS_DISTRIBUTION_NAMES)('%s builds with its defaults and required parameters', (name) => {
    const spec = getDistributionSpec(name);
    const required: Record<string, number> = { s: 1, shape: 2, df: 3, a: 2, b: 3, c: 1.5, left: 0, mode: 0.5, right: 1 };
    const parameters: Record<string, number> = {};
    for (const parameter of spec.parameters) {
      parameters[parameter.name] = typeof parameter.default === 'number' ? parameter.default : required[parameter.name];
    }
    const distribution = spec.create(parameters);
    expect(distribution.kind).toBe('continuous');
    expect(distribution.name).toBe(name);
  });

  it('vector parameter is rejected', () => {
    expect(() => getDistributionSpec('normal').create({ loc: [1, 2] })).toThrow('loc must be a single number; received [1, 2]');
  });
});

/** Returns the smallest double above x, for finite x. */
function nextUp(x: number): number {
  return -nextDown(-x);
}

/** A distribution with parameters drawn by fast-check, for the CDF properties. */
const distributionArbitrary = fc.oneof(
  fc.record({ name: fc.constant('normal'), parameters: fc.record({ loc: fc.double({ min: -1e3, max: 1e3, noNaN: true }), scale: fc.double({ min: 1e-3, max: 1e3, noNaN: true }) }) }),
  fc.record({ name: fc.constant('gamma'), parameters: fc.record({ shape: fc.double({ min: 1e-3, max: 1e5, noNaN: true }) }) }),
  fc.record({ name: fc.constant('beta'), parameters: fc.record({ a: fc.double({ min: 1e-3, max: 1e5, noNaN: true }), b: fc.double({ min: 1e-3, max: 1e5, noNaN: true }) }) }),
  fc.record({ name: fc.constant('student-t'), parameters: fc.record({ df: fc.double({ min: 0.1, max: 1e8, noNaN: true }) }) }),
  fc.record({ name: fc.constant('chi-square'), parameters: fc.record({ df: fc.double({ min: 1e-2, max: 1e4, noNaN: true }) }) }),
  fc.record({ name: fc.constant('lognormal'), parameters: fc.record({ s: fc.double({ min: 0.05, max: 5, noNaN: true }) }) }),
  fc.record({ name: fc.constant('weibull'), parameters: fc.record({ c: fc.double({ min: 0.1, max: 10, noNaN: true }) }) }),
  fc.record({ name: fc.constant('pareto'), parameters: fc.record({ b: fc.double({ min: 0.1, max: 10, noNaN: true }) }) }),
  fc.record({ name: fc.constant('cauchy'), parameters: fc.constant({}) }),
  fc.record({ name: fc.constant('laplace'), parameters: fc.constant({}) }),
  fc.record({ name: fc.constant('logistic'), parameters: fc.constant({}) }),
  fc.record({ name: fc.constant('exponential'), parameters: fc.constant({}) }),
);

const pointArbitrary = fc.double({ min: -1e6, max: 1e6, noNaN: true });

describe('cdf properties', () => {
  it('cdf and sf lie in [0, 1]', () => {
    fc.assert(
      fc.property(distributionArbitrary, pointArbitrary, ({ name, parameters }, x) => {
        const distribution = createContinuous(name, parameters);
        const cdf = distribution.cdf(x);
        const sf = distribution.sf(x);
        return cdf >= 0 && cdf <= 1 && sf >= 0 && sf <= 1;
      }),
      { seed: 20261204, numRuns: 500 },
    );
  });

  it('cdf is non-decreasing', () => {
    fc.assert(
      fc.property(distributionArbitrary, pointArbitrary, pointArbitrary, ({ name, parameters }, first, second) => {
        const distribution = createContinuous(name, parameters);
        const [low, high] = first <= second ? [first, second] : [second, first];
        return distribution.cdf(low) <= distribution.cdf(high) && distribution.sf(low) >= distribution.sf(high);
      }),
      { seed: 20261205, numRuns: 500 },
    );
  });

  it('cdf plus sf is 1', () => {
    fc.assert(
      fc.property(distributionArbitrary, pointArbitrary, ({ name, parameters }, x) => {
        const distribution = createContinuous(name, parameters);
        return Math.abs(distribution.cdf(x) + distribution.sf(x) - 1) < 1e-12;
      }),
      { seed: 20261206, numRuns: 500 },
    );
  });

  it('quantile inverts cdf in the body', () => {
    fc.assert(
      fc.property(distributionArbitrary, fc.double({ min: 0.01, max: 0.99, noNaN: true }), ({ name, parameters }, p) => {
        const distribution = createContinuous(name, parameters);
        const x = distribution.quantile(p);
        // Quantiles below the smallest normal double (gamma with shape 1e-3 at p = 0.01 is 1e-2000) round away.
        if (Math.abs(x) < SMALLEST_NORMAL) return true;
        // x must be the quantile to double resolution: p lies between the cdf at the neighbouring doubles,
        // which is what remains checkable where the mass piles up within 1e-16 of an end (beta(1e-3, 1e-3)).
        const tolerance = 1e-9 * p;
        return distribution.cdf(nextDown(x)) <= p + tolerance && distribution.cdf(nextUp(x)) >= p - tolerance;
      }),
      { seed: 20261207, numRuns: 300 },
    );
  });
});
