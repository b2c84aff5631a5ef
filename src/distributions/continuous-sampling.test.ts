/**
 * Goodness of fit of every continuous sampler. Each test draws from a fixed
 * seed and rejects at ALPHA = 1e-6, so with a correct sampler a given test
 * fails with probability 1e-6 over seeds and, with the seeds written here,
 * passes or fails the same way on every run. Retry rule: a failure is not
 * retried with another seed; it is investigated.
 */
import gammainc from '@stdlib/math-base-special-gammainc';
import gammaln from '@stdlib/math-base-special-gammaln';
import { describe, expect, it } from 'vitest';

import { createGenerator } from '../random/index.js';
import { chiSquareTest } from '../stats/chi-square.js';
import { ksTest } from '../stats/ks.js';
import { Beta } from './beta.js';
import { createContinuous } from './test-utils/continuous-fixtures.js';
import { Gamma } from './gamma.js';
import {
  EXPONENTIAL_ZIGGURAT,
  fillLogStandardGamma,
  fillStandardExponential,
  fillStandardGamma,
  fillStandardNormal,
  logStandardGamma,
  NORMAL_ZIGGURAT,
  standardExponential,
  standardGamma,
  standardNormal,
} from './standard.js';
import type { ContinuousDistribution } from './types.js';

const ALPHA = 1e-6;
const DRAWS = 20_000;

interface SamplerCase {
  readonly name: string;
  readonly parameters: Record<string, number>;
  readonly seed: number;
}

const CASES: readonly SamplerCase[] = [
  { name: 'normal', parameters: {}, seed: 1 },
  { name: 'normal', parameters: { loc: 3, scale: 0.5 }, seed: 2 },
  { name: 'lognormal', parameters: { s: 1 }, seed: 3 },
  { name: 'lognormal', parameters: { s: 3, loc: 2, scale: 10 }, seed: 4 },
  { name: 'exponential', parameters: {}, seed: 5 },
  { name: 'exponential', parameters: { loc: -3, scale: 0.1 }, seed: 6 },
  { name: 'gamma', parameters: { shape: 2.5 }, seed: 7 },
  { name: 'gamma', parameters: { shape: 1 }, seed: 8 },
  { name: 'gamma', parameters: { shape: 0.3, scale: 2 }, seed: 9 },
  { name: 'gamma', parameters: { shape: 0.05 }, seed: 10 },
  { name: 'gamma', parameters: { shape: 1e3, scale: 3 }, seed: 11 },
  { name: 'gamma', parameters: { shape: 1e6 }, seed: 12 },
  { name: 'chi-square', parameters: { df: 3 }, seed: 13 },
  { name: 'chi-square', parameters: { df: 0.5 }, seed: 14 },
  { name: 'beta', parameters: { a: 2, b: 3 }, seed: 15 },
  { name: 'beta', parameters: { a: 0.5, b: 0.5 }, seed: 16 },
  { name: 'beta', parameters: { a: 0.2, b: 5 }, seed: 17 },
  { name: 'beta', parameters: { a: 1e5, b: 1e5 }, seed: 18 },
  { name: 'beta', parameters: { a: 1, b: 3e3 }, seed: 19 },
  { name: 'student-t', parameters: { df: 0.5 }, seed: 20 },
  { name: 'student-t', parameters: { df: 3 }, seed: 21 },
  { name: 'student-t', parameters: { df: 1e8, loc: 1, scale: 2 }, seed: 22 },
  { name: 'cauchy', parameters: {}, seed: 23 },
  { name: 'cauchy', parameters: { loc: 2, scale: 0.5 }, seed: 24 },
  { name: 'laplace', parameters: { loc: -2, scale: 3 }, seed: 25 },
  { name: 'logistic', parameters: { loc: 5, scale: 0.2 }, seed: 26 },
  { name: 'weibull', parameters: { c: 0.5 }, seed: 27 },
  { name: 'weibull', parameters: { c: 3, loc: 1, scale: 2 }, seed: 28 },
  { name: 'pareto', parameters: { b: 3 }, seed: 29 },
  { name: 'pareto', parameters: { b: 0.5, loc: -1, scale: 2 }, seed: 30 },
  { name: 'triangular', parameters: { left: 0, mode: 0.3, right: 1 }, seed: 31 },
  { name: 'triangular', parameters: { left: -2, mode: -2, right: 5 }, seed: 32 },
  { name: 'uniform', parameters: { loc: -1, scale: 3 }, seed: 33 },
];

function label(samplerCase: SamplerCase): string {
  return `${samplerCase.name} ${JSON.stringify(samplerCase.parameters)}`;
}

describe.each(CASES.map((samplerCase) => [label(samplerCase), samplerCase] as const))('%s sampler', (_label, samplerCase) => {
  const distribution = createContinuous(samplerCase.name, samplerCase.parameters);

  it('passes a KS test with sampleN', () => {
    const draws = distribution.sampleN(createGenerator('xoshiro128**', samplerCase.seed), DRAWS);
    const result = ksTest(draws, distribution);
    expect(result.pValue, `KS statistic ${result.statistic}`).toBeGreaterThan(ALPHA);
  });

  it('passes a KS test with sample', () => {
    const rng = createGenerator('pcg32', samplerCase.seed);
    const draws = new Float64Array(DRAWS);
    for (let i = 0; i < DRAWS; i++) draws[i] = distribution.sample(rng);
    const result = ksTest(draws, distribution);
    expect(result.pValue, `KS statistic ${result.statistic}`).toBeGreaterThan(ALPHA);
  });

  it('sampleN matches repeated sample', () => {
    const bulkRng = createGenerator('xoshiro128**', samplerCase.seed);
    const singleRng = bulkRng.clone();
    const bulk = distribution.sampleN(bulkRng, 1000);
    for (let i = 0; i < bulk.length; i++) expect(bulk[i]).toBe(distribution.sample(singleRng));
    expect(bulkRng.nextUint32()).toBe(singleRng.nextUint32());
  });
});

/** Counts draws in the bins [edges[i], edges[i + 1]); every draw must be at least edges[0]. */
function binCounts(draws: Float64Array, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (const x of draws) {
    let bin = 0;
    while (x >= edges[bin + 1]) bin += 1;
    counts[bin] += 1;
  }
  return counts;
}

function binProbabilities(edges: readonly number[], cdf: (x: number) => number): number[] {
  const probabilities: number[] = [];
  for (let i = 0; i + 1 < edges.length; i++) probabilities.push(cdf(edges[i + 1]) - cdf(edges[i]));
  return probabilities;
}

describe('ziggurat samplers', () => {
  const draws = 2_000_000;

  it('normal passes chi-square with tail and wedge bins', () => {
    const r = NORMAL_ZIGGURAT.tailStart;
    // Eight bins in the base strip's wedge region up to r, then three beyond r (the tail algorithm).
    const positive = [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.3, r, 4, 4.5];
    const edges = [-Infinity, ...positive.slice(1).reverse().map((x) => -x), ...positive, Infinity];
    const sample = fillStandardNormal(createGenerator('xoshiro128**', 101), new Float64Array(draws));
    const counts = binCounts(sample, edges);
    const normal = createContinuous('normal', {});
    const result = chiSquareTest(counts, binProbabilities(edges, (x) => normal.cdf(x)));
    expect(counts[0] + counts[counts.length - 1], 'draws beyond |x| = 4.5').toBeGreaterThan(0);
    expect(result.pValue, `chi-square ${result.statistic} on ${result.degreesOfFreedom} df`).toBeGreaterThan(ALPHA);
  });

  it('exponential passes chi-square with tail bins', () => {
    const r = EXPONENTIAL_ZIGGURAT.tailStart;
    const edges = [-Infinity, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 4, 5, 6, 7, r, 9, 11, Infinity];
    const sample = fillStandardExponential(createGenerator('xoshiro128**', 102), new Float64Array(draws));
    const counts = binCounts(sample, edges);
    const exponential = createContinuous('exponential', {});
    const result = chiSquareTest(counts, binProbabilities(edges, (x) => exponential.cdf(x)));
    expect(counts[counts.length - 1], 'draws beyond 11').toBeGreaterThan(0);
    expect(result.pValue, `chi-square ${result.statistic} on ${result.degreesOfFreedom} df`).toBeGreaterThan(ALPHA);
  });

  it('fills match single draws word for word', () => {
    const bulkRng = createGenerator('xoshiro128**', 103);
    const singleRng = bulkRng.clone();
    const normals = fillStandardNormal(bulkRng, new Float64Array(5000));
    const exponentials = fillStandardExponential(bulkRng, new Float64Array(5000));
    const gammas = fillStandardGamma(bulkRng, 0.7, new Float64Array(5000));
    const logGammas = fillLogStandardGamma(bulkRng, 0.01, new Float64Array(5000));

    for (const value of normals) expect(value).toBe(standardNormal(singleRng));
    for (const value of exponentials) expect(value).toBe(standardExponential(singleRng));
    for (const value of gammas) expect(value).toBe(standardGamma(singleRng, 0.7));
    for (const value of logGammas) expect(value).toBe(logStandardGamma(singleRng, 0.01));
    expect(bulkRng.nextUint32()).toBe(singleRng.nextUint32());
  });
});

/** Two-sided z-test of a binomial count; returns the p-value. */
function binomialPValue(successes: number, trials: number, probability: number): number {
  const mean = trials * probability;
  const sd = Math.sqrt(trials * probability * (1 - probability));
  const z = Math.abs(successes - mean) / sd;
  return createContinuous('normal', {}).sf(z) * 2;
}

describe('gamma with shape 1e-3', () => {
  const shape = 1e-3;
  const distribution = new Gamma({ shape });

  it('logSample passes a KS test against the law of log G', () => {
    // P(log G <= y) = P(shape, e^y); below y = -700, e^y is so small that P = e^(shape y) / Gamma(shape + 1) exactly.
    const logCdf = (y: number) => (y > -700 ? gammainc(Math.exp(y), shape) : Math.exp(shape * y - gammaln(shape + 1)));
    const draws = distribution.logSampleN(createGenerator('xoshiro128**', 201), DRAWS);
    const result = ksTest(draws, logCdf);
    expect(result.pValue, `KS statistic ${result.statistic}`).toBeGreaterThan(ALPHA);
  });

  it('sample returns 0 only below the smallest double', () => {
    const rng = createGenerator('xoshiro128**', 202);
    const draws = distribution.sampleN(rng, DRAWS);
    let zeros = 0;
    for (const x of draws) {
      expect(x, 'draw').toBeGreaterThanOrEqual(0);
      expect(x, 'draw').toBeLessThan(Infinity);
      if (x === 0) zeros += 1;
    }
    // A draw rounds to 0 when G < 2^-1075 (half the smallest subnormal), which has probability
    // P(shape, 2^-1075) = 2^(-1075 shape) / Gamma(shape + 1) to double precision.
    const zeroProbability = Math.exp(-1075 * Math.LN2 * shape - gammaln(shape + 1));
    expect(binomialPValue(zeros, DRAWS, zeroProbability)).toBeGreaterThan(ALPHA);
  });
});

describe('beta with a = b = 1e-3', () => {
  const distribution = new Beta({ a: 1e-3, b: 1e-3 });

  it('never returns NaN and stays in [0, 1]', () => {
    const draws = distribution.sampleN(createGenerator('xoshiro128**', 301), DRAWS);
    for (const x of draws) expect(x >= 0 && x <= 1, `draw ${x}`).toBe(true);
  });

  it('passes chi-square on bins down to 1e-300', () => {
    // Almost all mass sits within 1e-100 of 0 or 1, so bins are spaced in log10 of the distance to the nearer end.
    // Draws of exactly 0 and 1 (about half of them) fall in the first and last bins.
    const lowerEdges = [0, 1e-300, 1e-250, 1e-200, 1e-150, 1e-100, 1e-50, 1e-20, 1e-5, 0.5];
    const upperEdges = [1 - 1e-5, 1 - 1e-10, 1 - 1e-15, Infinity];
    const edges = [...lowerEdges, ...upperEdges];
    const draws = distribution.sampleN(createGenerator('xoshiro128**', 302), DRAWS);
    const counts = binCounts(draws, edges);
    // Bins next to 1 use sf, which keeps its accuracy where cdf is within 1e-15 of 1.
    const probabilities = binProbabilities(edges, (x) => (x < 0.5 ? distribution.cdf(x) : 1 - distribution.sf(x)));
    const result = chiSquareTest(counts, probabilities);
    expect(result.pValue, `chi-square ${result.statistic} on ${result.degreesOfFreedom} df`).toBeGreaterThan(ALPHA);
  });
});

describe('samplers on other generators', () => {
  const cases: readonly [string, ContinuousDistribution][] = [
    ['normal', createContinuous('normal', {})],
    ['gamma 2.5', createContinuous('gamma', { shape: 2.5 })],
    ['beta 2 3', createContinuous('beta', { a: 2, b: 3 })],
  ];

  it.each(cases)('%s passes KS on mt19937 and numpy-pcg64', (_name, distribution) => {
    for (const generator of ['mt19937', 'numpy-pcg64'] as const) {
      const draws = distribution.sampleN(createGenerator(generator, 401), DRAWS);
      const result = ksTest(draws, distribution);
      expect(result.pValue, `${generator}: KS statistic ${result.statistic}`).toBeGreaterThan(ALPHA);
    }
  });
});
