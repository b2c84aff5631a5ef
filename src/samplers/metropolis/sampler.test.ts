import { describe, expect, it } from 'vitest';

import { standardNormal } from '../../distributions/standard.js';
import { NumericalError } from '../../errors.js';
import { createGenerator } from '../../random/index.js';
import type { BitGenerator } from '../../random/types.js';
import { KS_LEVEL, ksPValue, betaHalf, mixture, normalCdf, step, studentT2, wiggly } from '../test-utils/targets.js';
import { thinByEss } from '../test-utils/mcmc.js';
import { runChain } from './chain.js';
import type { ProposalKernel } from './kernel.js';
import { sampleMetropolis, summarizeMetropolis } from './sampler.js';

const oneDimensional = (logPdf: (x: number) => number) => (position: Float64Array) => logPdf(position[0]);

/** CDF of Gamma(shape, 1) for integer shape: 1 - e^-x sum_{k < shape} x^k / k!. */
function gammaCdf(shape: number): (x: number) => number {
  return (x) => {
    if (x <= 0) return 0;
    let term = 1;
    let sum = 1;
    for (let k = 1; k < shape; k++) {
      term *= x / k;
      sum += term;
    }
    return 1 - Math.exp(-x) * sum;
  };
}

/**
 * Multiplicative random walk y = x exp(sigma z). It is symmetric in log x,
 * not in x: q(y | x) = phi(log(y / x) / sigma) / (sigma y), so the Hastings
 * term log q(x | y) - log q(y | x) is log y - log x.
 */
function logNormalWalk(sigma: number, symmetricClaim: boolean): ProposalKernel {
  return {
    symmetric: symmetricClaim,
    propose: (rng: BitGenerator, current: Float64Array) => Float64Array.of(current[0] * Math.exp(sigma * standardNormal(rng))),
    logDensity: (to: Float64Array, from: Float64Array) => {
      const z = Math.log(to[0] / from[0]) / sigma;
      return -0.5 * z * z - Math.log(to[0]);
    },
  };
}

describe('sampleMetropolis goodness of fit', () => {
  // Each KS check fails with probability KS_LEVEL for a random seed (after
  // thinning each chain to about twice its ESS); the seeds are fixed.
  const cases: [string, (x: Float64Array) => number, (x: number) => number, object][] = [
    ['wiggly', oneDimensional(wiggly.logPdf), wiggly.cdf, {}],
    ['bimodal mixture (fixed wide walk)', oneDimensional(mixture.logPdf), mixture.cdf, { proposal: { kind: 'random-walk', scale: 5, adapt: 'none' } }],
    ['t(2)', oneDimensional(studentT2.logPdf), studentT2.cdf, {}],
    ['Beta(1/2, 1) with a pole', oneDimensional(betaHalf.logPdf), betaHalf.cdf, { initialCenter: [0.5], initialSpread: 0.4 }],
    ['step density', oneDimensional(step.logPdf), step.cdf, { initialCenter: [1], initialSpread: 0.9 }],
  ];

  it.each(cases)('%s passes the KS test', (_, logDensity, cdf, extra) => {
    const result = sampleMetropolis({ logDensity, dimension: 1, seed: 2026, chains: 4, warmup: 1000, draws: 10000, ...extra });
    const { draws, step: thinning } = thinByEss(result);
    expect(draws.length).toBeGreaterThan(500);
    expect(thinning).toBeGreaterThanOrEqual(1);
    expect(ksPValue(draws, cdf)).toBeGreaterThan(KS_LEVEL);
    for (const summary of summarizeMetropolis(result)) expect(summary.rhat).toBeLessThan(1.01);
  });

  it('asymmetric proposal needs the Hastings correction', () => {
    // Target Gamma(3): log p = 2 log x - x. Without the correction the chain targets p(x) / x, a Gamma(2).
    const logDensity = (x: Float64Array) => (x[0] > 0 ? 2 * Math.log(x[0]) - x[0] : -Infinity);
    const run = (symmetricClaim: boolean) =>
      sampleMetropolis({
        logDensity,
        dimension: 1,
        seed: 77,
        chains: 4,
        warmup: 500,
        draws: 10000,
        initialCenter: [3],
        proposal: { kind: 'custom', kernel: logNormalWalk(0.8, symmetricClaim) },
      });

    const corrected = thinByEss(run(false)).draws;
    expect(ksPValue(corrected, gammaCdf(3))).toBeGreaterThan(KS_LEVEL);

    const uncorrected = thinByEss(run(true)).draws;
    expect(ksPValue(uncorrected, gammaCdf(3))).toBeLessThan(1e-10);
    expect(ksPValue(uncorrected, gammaCdf(2))).toBeGreaterThan(KS_LEVEL);
  });
});

describe('sampleMetropolis adaptation', () => {
  it('1-D warm-up tunes towards acceptance 0.44', () => {
    const result = sampleMetropolis({ logDensity: (x) => -0.5 * (x[0] / 3) ** 2, dimension: 1, seed: 5, chains: 2, warmup: 3000, draws: 4000 });
    for (const rate of result.acceptanceRates) expect(Math.abs(rate - 0.44)).toBeLessThan(0.05);
    // The optimal 1-D scale for N(0, 3^2) is about 2.4 * 3.
    for (const chain of result.chains) expect(Math.sqrt(chain.covariance[0])).toBeGreaterThan(4);
  });

  it('10-D warm-up tunes towards acceptance 0.234 and learns the covariance', () => {
    // Independent coordinates with standard deviations 1..10.
    const sd = Array.from({ length: 10 }, (_, i) => i + 1);
    const logDensity = (x: Float64Array) => {
      let sum = 0;
      for (let i = 0; i < 10; i++) sum += (x[i] / sd[i]) ** 2;
      return -0.5 * sum;
    };
    const result = sampleMetropolis({ logDensity, dimension: 10, seed: 6, chains: 2, warmup: 6000, draws: 3000, initialSpread: 1 });
    for (const rate of result.acceptanceRates) expect(Math.abs(rate - 0.234)).toBeLessThan(0.06);
    // The adapted covariance follows the target: variance ratio of the last and first coordinate near 100.
    const covariance = result.chains[0].covariance;
    expect(covariance[99] / covariance[0]).toBeGreaterThan(30);
  });

  it('the proposal is frozen after warm-up', () => {
    const settings = { dimension: 1, warmup: 200, draws: 300, thin: 1, proposal: { kind: 'random-walk' as const } };
    const logDensity = (x: Float64Array) => -0.5 * x[0] * x[0];
    const short = runChain(logDensity, createGenerator('xoshiro128**', 9), { ...settings, draws: 10 });
    const long = runChain(logDensity, createGenerator('xoshiro128**', 9), settings);
    expect(long.scale).toBe(short.scale);
    expect(Array.from(long.draws.subarray(0, 10))).toEqual(Array.from(short.draws));
  });
});

describe('sampleMetropolis chains', () => {
  const logDensity = (x: Float64Array) => -0.5 * x[0] * x[0];

  it('same seed gives the same chains', () => {
    const first = sampleMetropolis({ logDensity, dimension: 1, seed: 0, chains: 2, warmup: 50, draws: 100 });
    const second = sampleMetropolis({ logDensity, dimension: 1, seed: 0, chains: 2, warmup: 50, draws: 100 });
    expect(Array.from(first.chains[1].draws)).toEqual(Array.from(second.chains[1].draws));
    expect(Array.from(first.chains[0].draws)).not.toEqual(Array.from(first.chains[1].draws));
  });

  it('chains start from dispersed points', () => {
    const result = sampleMetropolis({ logDensity, dimension: 1, seed: 1, chains: 4, warmup: 0, draws: 5 });
    const starts = result.chains.map((chain) => chain.initialPosition[0]);
    expect(new Set(starts).size).toBe(4);
    for (const start of starts) expect(Math.abs(start)).toBeLessThanOrEqual(2);
  });

  it('thinning keeps every thin-th state', () => {
    const settings = { dimension: 1, warmup: 100, thin: 1, proposal: { kind: 'random-walk' as const } };
    const dense = runChain(logDensity, createGenerator('xoshiro128**', 4), { ...settings, draws: 30 });
    const thinned = runChain(logDensity, createGenerator('xoshiro128**', 4), { ...settings, draws: 10, thin: 3 });
    expect(Array.from(thinned.draws)).toEqual(Array.from(dense.draws).filter((_, i) => i % 3 === 2));
  });

  it('progress is reported', () => {
    const events: number[] = [];
    sampleMetropolis({ logDensity, dimension: 1, seed: 2, chains: 1, warmup: 500, draws: 500, onProgress: (p) => events.push(p.iteration) });
    expect(events.at(-1)).toBe(1000);
    expect(events.length).toBe(10);
  });

  it('a start outside the support is reported', () => {
    const positive = (x: Float64Array) => (x[0] > 100 ? 0 : -Infinity);
    expect(() => sampleMetropolis({ logDensity: positive, dimension: 1, seed: 3, chains: 1, draws: 10 })).toThrow(NumericalError);
    expect(() => sampleMetropolis({ logDensity: positive, dimension: 1, seed: 3, chains: 1, draws: 10 })).toThrow(/no starting point with a finite log density/);
    expect(() => sampleMetropolis({ logDensity: positive, dimension: 1, seed: 3, chains: 1, draws: 10, initialPositions: [[5]] })).toThrow(
      /position must be a point where the log density is finite/,
    );
  });

  it('a density narrower than the spread still starts', () => {
    // exp(-(x / 1e-6)^2 / 2) is -Infinity in double precision beyond about 4e-5 from 0, far inside the default spread of 2.
    const narrow = (x: Float64Array) => Math.log(Math.exp(-0.5 * (x[0] / 1e-6) ** 2));
    const result = sampleMetropolis({ logDensity: narrow, dimension: 1, seed: 4, chains: 2, warmup: 2000, draws: 2000 });
    for (const chain of result.chains) expect(Math.abs(chain.initialPosition[0])).toBeLessThan(1e-4);
    const [summary] = summarizeMetropolis(result);
    expect(Math.abs(summary.sd - 1e-6)).toBeLessThan(5 * summary.mcseSd);
  });

  it('an undefined log density is an error, not a failed start', () => {
    expect(() => sampleMetropolis({ logDensity: () => undefined as never, dimension: 1, seed: 1, chains: 1, draws: 10 })).toThrow(/returned undefined/);
  });

  it('options are checked', () => {
    expect(() => sampleMetropolis({ logDensity, dimension: 1, seed: 1, initialSpread: -1 })).toThrow(/initialSpread must be a positive finite number; received -1/);
    expect(() => sampleMetropolis({ logDensity, dimension: 1, seed: undefined as never })).toThrow(/seed/);
    expect(() => sampleMetropolis({ logDensity, dimension: 1, seed: 1, chains: 0 })).toThrow(/chains must be a positive integer/);
    expect(() => sampleMetropolis({ logDensity, dimension: 1, seed: 1, thin: 0 })).toThrow(/thin/);
    expect(() => sampleMetropolis({ logDensity, dimension: 1, seed: 1, chains: 2, initialPositions: [[0]] })).toThrow(/one position per chain/);
  });

  it('a 2-D normal has the right moments', () => {
    const covariance = [1, 0.8, 0.8, 1];
    const logDensity2 = (x: Float64Array) => {
      const determinant = 1 - 0.64;
      return (-0.5 * (x[0] * x[0] - 1.6 * x[0] * x[1] + x[1] * x[1])) / determinant;
    };
    const result = sampleMetropolis({ logDensity: logDensity2, dimension: 2, seed: 8, chains: 4, warmup: 2000, draws: 5000 });
    const summaries = summarizeMetropolis(result);
    for (const [j, summary] of summaries.entries()) {
      expect(Math.abs(summary.mean)).toBeLessThan(5 * summary.mcseMean);
      expect(Math.abs(summary.sd - Math.sqrt(covariance[3 * j]))).toBeLessThan(5 * summary.mcseSd);
      expect(summary.rhat).toBeLessThan(1.01);
    }
    // The marginal of x1 is N(0, 1).
    const firstCoordinate = result.chains.map((chain) => ({ ...chain, draws: chain.draws.filter((_, i) => i % 2 === 0) }));
    const { draws } = thinByEss({ ...result, dimension: 1, chains: firstCoordinate });
    expect(ksPValue(draws, (x) => normalCdf(x))).toBeGreaterThan(KS_LEVEL);
  });
});
