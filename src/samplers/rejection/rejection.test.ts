import { describe, expect, it } from 'vitest';

import { Beta } from '../../distributions/beta.js';
import { Cauchy } from '../../distributions/cauchy.js';
import { Normal } from '../../distributions/normal.js';
import { Uniform } from '../../distributions/uniform.js';
import { InvalidArgumentError, NumericalError } from '../../errors.js';
import { createGenerator } from '../../random/index.js';
import type { BitGenerator } from '../../random/types.js';
import { KS_LEVEL, ksPValue, mixture, standardNormal, step, studentT2, wiggly } from '../test-utils/targets.js';
import { findLogBound } from './envelope.js';
import { EnvelopeError, type Proposal, RejectionSampler } from './rejection.js';

/** A proposal stub that returns the listed points in turn, with density 1 on [0, 1]. */
function fixedProposal(points: number[]): Proposal {
  let index = 0;
  return { sample: () => points[index++], logPdf: () => 0 };
}

/** A generator stub whose nextDouble returns the listed values in turn. */
function fixedDoubles(values: number[]): BitGenerator {
  let index = 0;
  return { nextDouble: () => values[index++] } as unknown as BitGenerator;
}

/** x^(-1/2) (2 - x) on (0, 1]: a pole at 0; its CDF is (4 sqrt(x) - (2/3) x^(3/2)) / (10/3). */
const poleTarget = {
  logPdf: (x: number) => (x > 0 && x <= 1 ? -0.5 * Math.log(x) + Math.log(2 - x) : -Infinity),
  cdf: (x: number) => (x <= 0 ? 0 : x >= 1 ? 1 : (4 * Math.sqrt(x) - (2 / 3) * x ** 1.5) / (10 / 3)),
};

describe('RejectionSampler accept/reject logic', () => {
  it('accepts exactly when log u < log ratio - log M', () => {
    // Target 0.5 on [0, 1] and M = 1: accept when u < 0.5.
    const sampler = new RejectionSampler({ logTarget: () => Math.log(0.5), proposal: fixedProposal([0.1, 0.2, 0.3]), logBound: 0 });
    const x = sampler.sample(fixedDoubles([0.7, 0.3]));
    expect(x).toBe(0.2);
    expect(sampler.statistics.attempts).toBe(2);
    expect(sampler.statistics.accepted).toBe(1);
    expect(sampler.statistics.acceptanceRate).toBe(0.5);
  });

  it('points outside the target support are rejected', () => {
    const sampler = new RejectionSampler({
      logTarget: (x) => (x < 0.5 ? -Infinity : 0),
      proposal: fixedProposal([0.1, 0.9]),
      logBound: 0,
    });
    expect(sampler.sample(fixedDoubles([0.01, 0.01]))).toBe(0.9);
  });

  it('a violated envelope stops with the point', () => {
    const sampler = new RejectionSampler({ logTarget: (x) => x, proposal: fixedProposal([0.5, 2]), logBound: 1 });
    expect(sampler.sample(fixedDoubles([0.1]))).toBe(0.5);
    expect(() => sampler.sample(fixedDoubles([0.1]))).toThrow(NumericalError);
    const fresh = new RejectionSampler({ logTarget: (x) => x, proposal: fixedProposal([2]), logBound: 1 });
    expect(() => fresh.sample(fixedDoubles([0.1]))).toThrow(/does not dominate the target at x = 2: log target - log proposal = 2 exceeds log M = 1/);
  });

  it('a missed mode names the automatic bound', () => {
    const logTarget = (x: number) => Math.log(Math.exp(-0.5 * (x - 100) ** 2) + Math.exp(-0.5 * (x + 100) ** 2));
    const sampler = new RejectionSampler({ logTarget, proposal: new Cauchy({ loc: 100, scale: 1.2 }), boundSearch: { survey: false } });
    const draw = () => sampler.sampleN(createGenerator('xoshiro128**', 5), 100000);
    expect(draw).toThrow(EnvelopeError);
    expect(draw).toThrow(/the automatic bound search missed this region, so give logBound \(at least/);
  });

  it('a missing generator is rejected', () => {
    const sampler = new RejectionSampler({ logTarget: () => 0, proposal: new Uniform(), logBound: 0 });
    expect(() => sampler.sample(null as never)).toThrow(/rng must be a bit generator with a nextDouble\(\) method/);
  });

  it('a NaN ratio is an error, not a rejection', () => {
    const sampler = new RejectionSampler({ logTarget: () => NaN, proposal: fixedProposal([0.3]), logBound: 0 });
    expect(() => sampler.sample(fixedDoubles([0.5]))).toThrow(/is NaN at x = 0.3/);
  });

  it('the attempt cap reports the acceptance rate', () => {
    const sampler = new RejectionSampler({
      logTarget: () => -50,
      proposal: new Uniform(),
      logBound: 0,
      maxAttemptsPerDraw: 1000,
    });
    expect(() => sampler.sample(createGenerator('xoshiro128**', 1))).toThrow(/stopped after 1000 attempts for one draw; acceptance rate so far undefined|acceptance rate so far 0\.00e\+0 \(0 of 1000\)/);
  });

  it('invalid options are rejected', () => {
    expect(() => new RejectionSampler({ logTarget: undefined as never, proposal: new Normal() })).toThrow(InvalidArgumentError);
    expect(() => new RejectionSampler({ logTarget: () => 0, proposal: {} as never })).toThrow(/proposal must be an object/);
    expect(() => new RejectionSampler({ logTarget: () => 0, proposal: new Normal(), logBound: NaN })).toThrow(/logBound/);
    expect(() => new RejectionSampler({ logTarget: () => 0, proposal: fixedProposal([1]) })).toThrow(/needs a proposal with a quantile method/);
  });
});

describe('findLogBound', () => {
  it('finds the normal-over-Cauchy bound', () => {
    // exp(-x^2/2) / (1 / (pi (1 + x^2))) peaks at x = +-1 with value 2 pi exp(-1/2).
    const result = findLogBound(standardNormal.logPdf, new Cauchy(), { margin: 0 });
    expect(result.logBound).toBeCloseTo(Math.log(2 * Math.PI) - 0.5, 10);
    expect(Math.abs(result.argmax)).toBeCloseTo(1, 5);
  });

  it('adds the margin', () => {
    const result = findLogBound(standardNormal.logPdf, new Cauchy(), { margin: 0.01 });
    expect(result.logBound).toBeCloseTo(Math.log(2 * Math.PI) - 0.5 + Math.log(1.01), 10);
  });

  it('a far mode between quantile grid points is found', () => {
    // The proposal's quantile grid is about 50 apart near -100, so only the target survey sees that mode.
    const logTarget = (x: number) => Math.log(Math.exp(-0.5 * (x - 100) ** 2) + Math.exp(-0.5 * (x + 100) ** 2));
    const proposal = new Cauchy({ loc: 100, scale: 1.2 });
    const ratioAtFarMode = logTarget(-100) - proposal.logPdf(-100);
    const result = findLogBound(logTarget, proposal);
    expect(result.logBound).toBeGreaterThanOrEqual(ratioAtFarMode);
    expect(result.argmax).toBeCloseTo(-100, 1);
  });

  it('a heavier-tailed target is rejected', () => {
    expect(() => findLogBound(studentT2.logPdf, new Normal())).toThrow(/grows without bound in the lower tail/);
  });

  it('a pole against a bounded proposal is rejected', () => {
    expect(() => findLogBound(poleTarget.logPdf, new Uniform())).toThrow(/grows without bound in the lower tail/);
  });
});

describe('RejectionSampler goodness of fit', () => {
  // Each check fails with probability KS_LEVEL for a random seed; the seeds are fixed.
  const cases: [string, (x: number) => number, Proposal, (x: number) => number, number][] = [
    ['wiggly over normal(0, 1.2)', wiggly.logPdf, new Normal({ scale: 1.2 }), wiggly.cdf, wiggly.normalizer],
    ['mixture over Cauchy(1, 4)', mixture.logPdf, new Cauchy({ loc: 1, scale: 4 }), mixture.cdf, 1],
    ['t(2) over Cauchy', studentT2.logPdf, new Cauchy(), studentT2.cdf, studentT2.normalizer],
    ['pole over Beta(1/2, 1)', poleTarget.logPdf, new Beta({ a: 0.5, b: 1 }), poleTarget.cdf, 10 / 3],
    ['step over uniform(0, 2)', step.logPdf, new Uniform({ scale: 2 }), step.cdf, step.normalizer],
  ];

  it.each(cases)('%s passes the KS test', (_, logTarget, proposal, cdf, normalizingConstant) => {
    const sampler = new RejectionSampler({ logTarget, proposal, normalizingConstant });
    const draws = sampler.sampleN(createGenerator('xoshiro128**', 424242), 20000);
    expect(ksPValue(draws, cdf)).toBeGreaterThan(KS_LEVEL);

    // The observed acceptance rate is a binomial proportion around Z / M; 5 standard errors.
    const { acceptanceRate, theoreticalAcceptanceRate, attempts } = sampler.statistics;
    const standardError = Math.sqrt((theoreticalAcceptanceRate * (1 - theoreticalAcceptanceRate)) / attempts);
    expect(Math.abs(acceptanceRate - theoreticalAcceptanceRate)).toBeLessThan(5 * standardError);
  });

  it('same seed gives the same draws', () => {
    const make = () => new RejectionSampler({ logTarget: wiggly.logPdf, proposal: new Normal({ scale: 1.2 }) });
    const first = make().sampleN(createGenerator('xoshiro128**', 0), 100);
    const second = make().sampleN(createGenerator('xoshiro128**', 0), 100);
    expect(Array.from(first)).toEqual(Array.from(second));
  });
});
