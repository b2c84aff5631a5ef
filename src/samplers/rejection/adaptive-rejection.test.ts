import { describe, expect, it } from 'vitest';

import { InvalidArgumentError, NumericalError } from '../../errors.js';
import { createGenerator } from '../../random/index.js';
import { KS_LEVEL, ksPValue, mixture, normalCdf, studentT2 } from '../test-utils/targets.js';
import { AdaptiveRejectionSampler } from './adaptive-rejection.js';

describe('AdaptiveRejectionSampler', () => {
  it('normal draws pass the KS test', () => {
    const sampler = new AdaptiveRejectionSampler({ logDensity: (x) => -0.5 * (x - 2) ** 2, logDensityDerivative: (x) => -(x - 2) });
    const draws = sampler.sampleN(createGenerator('xoshiro128**', 11), 20000);
    // Failure probability KS_LEVEL for a random seed; the seed is fixed.
    expect(ksPValue(draws, (x) => normalCdf(x, 2, 1))).toBeGreaterThan(KS_LEVEL);
    const stats = sampler.statistics;
    expect(stats.accepted).toBe(20000);
    expect(stats.hullPoints).toBeLessThanOrEqual(50);
    // Once the hull is tight nearly every draw passes the squeeze without a density evaluation.
    expect(stats.squeezeAccepted / stats.accepted).toBeGreaterThan(0.9);
    expect(stats.logDensityEvaluations).toBeLessThan(200);
  });

  it('gamma(3) on a half line passes the KS test with a numerical derivative', () => {
    const sampler = new AdaptiveRejectionSampler({ logDensity: (x) => 2 * Math.log(x) - x, domain: [0, Infinity] });
    const draws = sampler.sampleN(createGenerator('xoshiro128**', 12), 20000);
    const gamma3Cdf = (x: number) => (x <= 0 ? 0 : 1 - Math.exp(-x) * (1 + x + (x * x) / 2));
    expect(ksPValue(draws, gamma3Cdf)).toBeGreaterThan(KS_LEVEL);
  });

  it('truncated normal on a finite interval passes the KS test', () => {
    const sampler = new AdaptiveRejectionSampler({ logDensity: (x) => -0.5 * x * x, domain: [1, 3] });
    const draws = sampler.sampleN(createGenerator('xoshiro128**', 13), 20000);
    const mass = normalCdf(3) - normalCdf(1);
    expect(ksPValue(draws, (x) => (normalCdf(Math.min(3, Math.max(1, x))) - normalCdf(1)) / mass)).toBeGreaterThan(KS_LEVEL);
    for (const x of draws) {
      expect(x).toBeGreaterThanOrEqual(1);
      expect(x).toBeLessThanOrEqual(3);
    }
  });

  it('exponential with a flat log-density slope works', () => {
    // h is linear, so all tangents are parallel and equal to h itself.
    const sampler = new AdaptiveRejectionSampler({ logDensity: (x) => -x, logDensityDerivative: () => -1, domain: [0, Infinity] });
    const draws = sampler.sampleN(createGenerator('xoshiro128**', 14), 20000);
    expect(ksPValue(draws, (x) => -Math.expm1(-x))).toBeGreaterThan(KS_LEVEL);
    expect(sampler.statistics.acceptanceRate).toBe(1);
  });

  it('a bimodal density fails the slope check', () => {
    expect(() => new AdaptiveRejectionSampler({ logDensity: mixture.logPdf, initialPoints: [-4, 0, 4.5] })).toThrow(/slope rises/);
  });

  it('a bimodal density fails with falling slopes', () => {
    // Slopes at these points fall (+1, -0.5, -0.8); the chord from -2.5 to 4.2 rises, which shows the dip.
    expect(() => {
      const sampler = new AdaptiveRejectionSampler({ logDensity: mixture.logPdf, initialPoints: [-4, -2.5, 4.2] });
      sampler.sampleN(createGenerator('xoshiro128**', 15), 2000);
    }).toThrow(/not concave/);
  });

  it('a narrow bump fails while sampling', () => {
    // The bump at 0.28 is narrower than the set-up grid spacing, so only evaluated candidates reveal it.
    const logDensity = (x: number) => -0.5 * x * x + 3 * Math.exp(-(((x - 0.28) / 0.002) ** 2));
    const sampler = new AdaptiveRejectionSampler({ logDensity });
    expect(() => sampler.sampleN(createGenerator('xoshiro128**', 15), 20000)).toThrow(/not concave/);
  });

  it('separated modes fail at set-up', () => {
    // The automatic starting points straddle both modes, where every tangent slope falls;
    // the chord between them is what shows the dip.
    for (const a of [10, 30]) {
      const logDensity = (x: number) => Math.log(Math.exp(-0.5 * (x - a) ** 2) + Math.exp(-0.5 * (x + a) ** 2));
      expect(() => new AdaptiveRejectionSampler({ logDensity }), `modes at +-${a}`).toThrow(/not concave/);
    }
  });

  it('a wiggly density fails before any draw', () => {
    // exp(-x^2/2)(1 + sin^2 3x) is not log-concave; set-up alone must say so, whatever the seed.
    const logDensity = (x: number) => -0.5 * x * x + Math.log1p(Math.sin(3 * x) ** 2);
    expect(() => new AdaptiveRejectionSampler({ logDensity })).toThrow(/not concave/);
  });

  it('a chord outside the tangent slopes is reported', () => {
    // Slopes +1, 0, -1 fall, but h(0) lies far below the chord from -4 to 4.
    const logDensity = (x: number) => (Math.abs(x) < 1 ? -50 + x * x : -Math.abs(x));
    const derivative = (x: number) => (Math.abs(x) < 1 ? 2 * x : -Math.sign(x));
    expect(
      () => new AdaptiveRejectionSampler({ logDensity, logDensityDerivative: derivative, initialPoints: [-4, 0, 4] }),
    ).toThrow(/between x = -4 and x = 0: the chord between them has slope/);
  });

  it('a t density is reported as not log-concave', () => {
    expect(() => {
      const sampler = new AdaptiveRejectionSampler({ logDensity: studentT2.logPdf, initialPoints: [-1, 0.5, 1] });
      sampler.sampleN(createGenerator('xoshiro128**', 16), 5000);
    }).toThrow(NumericalError);
  });

  it('same seed gives the same draws', () => {
    const make = () => new AdaptiveRejectionSampler({ logDensity: (x) => -0.5 * x * x });
    const first = make().sampleN(createGenerator('xoshiro128**', 0), 50);
    const second = make().sampleN(createGenerator('xoshiro128**', 0), 50);
    expect(Array.from(first)).toEqual(Array.from(second));
  });

  it('a missing generator is rejected', () => {
    const sampler = new AdaptiveRejectionSampler({ logDensity: (x) => -0.5 * x * x });
    expect(() => sampler.sampleN(null as never, 2)).toThrow(/rng must be a bit generator/);
  });

  it('bad set-ups are rejected', () => {
    expect(() => new AdaptiveRejectionSampler({ logDensity: (x) => -x * x, initialPoints: [1] })).toThrow(InvalidArgumentError);
    expect(() => new AdaptiveRejectionSampler({ logDensity: (x) => -x * x, initialPoints: [1, 2] })).toThrow(
      /smallest point where the log density increases/,
    );
    expect(() => new AdaptiveRejectionSampler({ logDensity: (x) => x })).toThrow(/not a proper log-concave density/);
    expect(() => new AdaptiveRejectionSampler({ logDensity: () => NaN })).toThrow(/NaN/);
    expect(() => new AdaptiveRejectionSampler({ logDensity: (x) => -x * x, domain: [2, 1] })).toThrow(/domain/);
  });

  it('NaN in the tail search is named', () => {
    // The search first takes the slope at x = 1 by a central difference over 1 +- 6e-6,
    // and h(1 + 6e-6) is the first NaN it meets.
    expect(() => new AdaptiveRejectionSampler({ logDensity: (x) => (x > 1 ? NaN : -x * x) })).toThrow(NumericalError);
    expect(() => new AdaptiveRejectionSampler({ logDensity: (x) => (x > 1 ? NaN : -x * x) })).toThrow(
      'the log density is NaN at x = 1.000006; it must be a finite number inside the domain',
    );
    expect(() => new AdaptiveRejectionSampler({ logDensity: (x) => (x < -1 ? NaN : -x * x) })).toThrow('the log density is NaN at x = -1.000006;');
    // h increases up to 1.5, so the search goes on to x = 2, where h itself is NaN.
    const shifted = (x: number) => (x > 1.7 ? NaN : -(x - 1.5) * (x - 1.5));
    expect(() => new AdaptiveRejectionSampler({ logDensity: shifted })).toThrow('the log density is NaN at x = 2;');
  });

  it('NaN at a given starting point is named', () => {
    expect(() => new AdaptiveRejectionSampler({ logDensity: (x) => (x > 1 ? NaN : -x * x), initialPoints: [-1, 1] })).toThrow(
      'the log density is NaN at x = 1.000006;',
    );
    const derivative = (x: number) => (x > 0.5 ? NaN : -2 * x);
    expect(() => new AdaptiveRejectionSampler({ logDensity: (x) => -x * x, logDensityDerivative: derivative })).toThrow(
      'logDensityDerivative is NaN at x = 1; it must return a number wherever the log density is finite',
    );
  });

  it('an increasing slope among the starting points is reported', () => {
    expect(() => new AdaptiveRejectionSampler({ logDensity: (x) => x * x * x, domain: [0, 1], initialPoints: [0.2, 0.5, 0.8] })).toThrow(
      /slope rises/,
    );
  });
});
