/**
 * The beta distribution, SciPy's `beta(a, b, loc, scale)`:
 * pdf(x) = z^(a - 1) (1 - z)^(b - 1) / (B(a, b) scale) for z = (x - loc) / scale in [0, 1].
 *
 * cdf and sf are the regularized incomplete beta functions (see
 * incomplete-beta.ts). The quantile starts from @stdlib's betaincinv, which
 * is off by up to 2.8e-10 on the fixture grid (beta(5, 1e8)), and Newton steps
 * on the log of the smaller tail refine it to within 1.2e-13 there.
 */
import betaincinv from '@stdlib/math-base-special-betaincinv';

import type { BitGenerator } from '../random/types.js';
import { positive } from '../validate.js';
import { betaTails } from './incomplete-beta.js';
import { boundaryDensity, checkOptionKeys, checkSampleCount, LocationScaleDistribution } from './location-scale.js';
import { betaLogDensity, logBeta, refineQuantile } from './special.js';
import {
  bufferedGamma,
  bufferedLogGamma,
  gammaConstants,
  type GammaConstants,
  gammaWithConstants,
  gammaWordsPerDraw,
  logGammaWithConstants,
  uniformFromWords,
  type WordSource,
} from './standard.js';
import { WordBuffer } from './word-buffer.js';

export interface BetaOptions {
  /** First shape parameter (exponent of z); required. */
  readonly a: number;
  /** Second shape parameter (exponent of 1 - z); required. */
  readonly b: number;
  /** Lower end of the support (default 0). */
  readonly loc?: number;
  /** Width of the support (default 1). */
  readonly scale?: number;
}

export class Beta extends LocationScaleDistribution {
  readonly name = 'beta';
  readonly parameters: Readonly<Record<string, number>>;
  readonly support: readonly [number, number];
  readonly mean: number;
  readonly variance: number;
  readonly a: number;
  readonly b: number;
  private readonly logBetaAB: number;
  private readonly firstGamma: GammaConstants;
  private readonly secondGamma: GammaConstants;

  constructor(options: BetaOptions) {
    checkOptionKeys('beta', options, ['a', 'b', 'loc', 'scale']);
    const { a, b, loc = 0, scale = 1 } = options;
    positive('a', a);
    positive('b', b);
    super(loc, scale);
    this.a = a;
    this.b = b;
    this.logBetaAB = logBeta(a, b);
    this.firstGamma = gammaConstants(a);
    this.secondGamma = gammaConstants(b);
    this.parameters = { a, b, loc, scale };
    this.support = [loc, loc + scale];

    const sum = a + b;
    this.mean = loc + (scale * a) / sum;
    this.variance = (scale * scale * ((a / sum) * (b / sum))) / (sum + 1);
  }

  protected standardLogPdf(z: number): number {
    if (z > 0 && z < 1) return betaLogDensity(z, this.a, this.b, this.logBetaAB);
    if (z === 0) return Math.log(boundaryDensity(this.a, this.b));
    if (z === 1) return Math.log(boundaryDensity(this.b, this.a));
    return z < 0 || z > 1 ? -Infinity : NaN;
  }

  protected standardCdf(z: number): number {
    if (z > 0 && z < 1) return betaTails(z, this.a, this.b, this.logBetaAB).lower;
    if (z <= 0) return 0;
    return z >= 1 ? 1 : NaN;
  }

  protected standardSf(z: number): number {
    if (z > 0 && z < 1) return betaTails(z, this.a, this.b, this.logBetaAB).upper;
    if (z <= 0) return 1;
    return z >= 1 ? 0 : NaN;
  }

  protected standardQuantile(p: number): number {
    return this.inverse(p, false);
  }

  protected standardIsf(q: number): number {
    return this.inverse(q, true);
  }

  /** Solves cdf(z) = probability, or sf(z) = probability when `upper`. */
  private inverse(probability: number, upper: boolean): number {
    if (probability === 0) return upper ? 1 : 0;
    if (probability === 1) return upper ? 0 : 1;

    // Invert the smaller tail: its probability is known to full relative precision.
    const useUpper = upper ? probability <= 0.5 : probability > 0.5;
    const tailProbability = upper === useUpper ? probability : 1 - probability;
    const start = betaincinv(tailProbability, this.a, this.b, useUpper);
    const tail = (z: number) => (useUpper ? this.standardSf(z) : this.standardCdf(z));

    return refineQuantile(
      start,
      tailProbability,
      { tail, density: (z) => this.standardPdf(z) },
      { decreasing: useUpper, positive: true, lower: 0, upper: 1 },
    );
  }

  /**
   * G_a / (G_a + G_b) for independent gamma draws. When a or b is below 1
   * the gammas are drawn as logs, so tiny shapes (1e-3) give 0 or 1 where the
   * true value rounds there, never 0 / 0 = NaN.
   */
  protected standardSample(rng: BitGenerator): number {
    if (this.a >= 1 && this.b >= 1) {
      const first = gammaWithConstants(rng, this.firstGamma);
      const second = gammaWithConstants(rng, this.secondGamma);
      return first / (first + second);
    }
    return this.ratioOfLogs(rng, logGammaWithConstants(rng, this.firstGamma), logGammaWithConstants(rng, this.secondGamma));
  }

  /** `n` draws, the same values as `n` calls of `sample`, with the gammas read from a WordBuffer. */
  override sampleN(rng: BitGenerator, n: number): Float64Array {
    const out = new Float64Array(checkSampleCount(n));
    const words = new WordBuffer(rng);
    const wordsPerDraw = gammaWordsPerDraw(this.a) + gammaWordsPerDraw(this.b);
    const bothAtLeastOne = this.a >= 1 && this.b >= 1;

    for (let i = 0; i < out.length; i++) {
      words.wordsAfterCurrent = wordsPerDraw * (out.length - 1 - i);
      let z: number;
      if (bothAtLeastOne) {
        const first = bufferedGamma(words, this.firstGamma);
        const second = bufferedGamma(words, this.secondGamma);
        z = first / (first + second);
      } else {
        z = this.ratioOfLogs(words, bufferedLogGamma(words, this.firstGamma), bufferedLogGamma(words, this.secondGamma));
      }
      out[i] = this.loc + this.scale * z;
    }
    return out;
  }

  /** G_a / (G_a + G_b) from log G_a and log G_b; `words` supplies the rare tie-break draw. */
  private ratioOfLogs(words: WordSource, logFirst: number, logSecond: number): number {
    const difference = logSecond - logFirst;
    if (Number.isNaN(difference)) {
      // Both logs are -Infinity, which needs a and b below about 2e-307; the
      // limit of beta(a, b) as a, b -> 0 is 1 with probability a / (a + b), else 0.
      return uniformFromWords(words) < this.a / (this.a + this.b) ? 1 : 0;
    }

    // 1 / (1 + e^d), written so that neither branch overflows or cancels.
    if (difference > 0) {
      const ratio = Math.exp(-difference);
      return ratio / (1 + ratio);
    }
    return 1 / (1 + Math.exp(difference));
  }
}

export function beta(options: BetaOptions): Beta {
  return new Beta(options);
}
