/**
 * Student's t distribution with df degrees of freedom, SciPy's
 * `t(df, loc, scale)`:
 * pdf(x) = (1 + z^2 / df)^(-(df + 1) / 2) / (sqrt(df) B(df / 2, 1 / 2) scale).
 *
 * Tails come from the incomplete beta function: P(T <= -|z|) is
 * I_w(df / 2, 1 / 2) / 2 with w = df / (df + z^2), evaluated in whichever of
 * w and 1 - w is smaller so that neither is formed by cancellation (for
 * df = 1e8 and |z| = 1, w = 1 - 1e-8). Far out, where w underflows, the
 * leading term I_w(a, b) ~ w^a / (a B(a, b)) is used in log space.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

import type { BitGenerator } from '../random/types.js';
import { positive } from '../validate.js';
import { betaTails } from './incomplete-beta.js';
import { checkOptionKeys, LocationScaleDistribution } from './location-scale.js';
import { logBeta, refineQuantile } from './special.js';
import { gammaConstants, type GammaConstants, gammaWithConstants, logGammaWithConstants, standardNormal } from './standard.js';

/** Below this log w the leading term of I_w(a, 1/2) is exact to double precision. */
const LOG_W_LEADING_TERM = -700;

export interface StudentTOptions {
  /** Degrees of freedom, any positive number; required. */
  readonly df: number;
  /** Centre (default 0). */
  readonly loc?: number;
  readonly scale?: number;
}

export class StudentT extends LocationScaleDistribution {
  readonly name = 'student-t';
  readonly parameters: Readonly<Record<string, number>>;
  readonly support = [-Infinity, Infinity] as const;
  readonly mean: number;
  readonly variance: number;
  readonly df: number;
  private readonly halfDf: number;
  private readonly logDf: number;
  /** log B(df / 2, 1 / 2), accurate for large df. */
  private readonly logBetaHalf: number;
  private readonly logBetaHalfSwapped: number;
  private readonly gammaHalfDf: GammaConstants;

  constructor(options: StudentTOptions) {
    checkOptionKeys('student-t', options, ['df', 'loc', 'scale']);
    const { df, loc = 0, scale = 1 } = options;
    positive('df', df);
    super(loc, scale);
    this.df = df;
    this.halfDf = df / 2;
    this.logDf = Math.log(df);
    this.logBetaHalf = logBeta(df / 2, 0.5);
    this.logBetaHalfSwapped = logBeta(0.5, df / 2);
    this.gammaHalfDf = gammaConstants(df / 2);
    this.parameters = { df, loc, scale };

    // SciPy's conventions: the mean is undefined for df <= 1; the variance is
    // infinite for 1 < df <= 2 and undefined for df <= 1.
    this.mean = df > 1 ? loc : NaN;
    if (df > 2) this.variance = (scale * scale * df) / (df - 2);
    else this.variance = df > 1 ? Infinity : NaN;
  }

  /** log(1 + z^2 / df), without overflow of z^2 for |z| above 1e154. */
  private logOnePlusSquare(z: number): number {
    const magnitude = Math.abs(z);
    if (magnitude < 1e150) return Math.log1p((z * z) / this.df);
    return 2 * Math.log(magnitude) - this.logDf + Math.log1p(this.df / magnitude / magnitude);
  }

  protected standardLogPdf(z: number): number {
    if (Number.isNaN(z)) return NaN;
    if (!Number.isFinite(z)) return -Infinity;
    return -this.logBetaHalf - 0.5 * this.logDf - (this.halfDf + 0.5) * this.logOnePlusSquare(z);
  }

  /** P(T <= -|z|). */
  private lowerTail(z: number): number {
    if (Number.isNaN(z)) return NaN;
    if (z === 0) return 0.5;
    const magnitude = Math.abs(z);
    if (magnitude === Infinity) return 0;

    // w = df / (df + z^2) and 1 - w = z^2 / (df + z^2), each formed without cancellation.
    const logW = -this.logOnePlusSquare(z);
    if (logW < LOG_W_LEADING_TERM) {
      return 0.5 * Math.exp(this.halfDf * logW - Math.log(this.halfDf) - this.logBetaHalf);
    }

    const ratio = (magnitude / Math.sqrt(this.df)) ** 2;
    const w = 1 / (1 + ratio);
    const complement = ratio / (1 + ratio);
    if (w <= complement) return 0.5 * betaTails(w, this.halfDf, 0.5, this.logBetaHalf).lower;
    return 0.5 * betaTails(complement, 0.5, this.halfDf, this.logBetaHalfSwapped).upper;
  }

  protected standardCdf(z: number): number {
    return z <= 0 ? this.lowerTail(z) : 1 - this.lowerTail(z);
  }

  protected standardSf(z: number): number {
    return z >= 0 ? this.lowerTail(z) : 1 - this.lowerTail(z);
  }

  protected standardQuantile(p: number): number {
    if (p === 0.5) return 0;
    return p < 0.5 ? -this.upperQuantile(p) : this.upperQuantile(1 - p);
  }

  protected standardIsf(q: number): number {
    if (q === 0.5) return 0;
    return q < 0.5 ? this.upperQuantile(q) : -this.upperQuantile(1 - q);
  }

  /** Solves P(T >= z) = q for z > 0, given 0 <= q < 1/2. */
  private upperQuantile(q: number): number {
    if (q === 0) return Infinity;

    // Far out, invert the leading term: q = w^a / (2 a B) with log w = log df - 2 log z.
    const logW = (Math.log(2 * q * this.halfDf) + this.logBetaHalf) / this.halfDf;
    if (logW < LOG_W_LEADING_TERM) return Math.exp(0.5 * (this.logDf - logW));

    const start = -tQuantile(q, this.df);
    return refineQuantile(
      start,
      q,
      { tail: (z) => this.lowerTail(z), density: (z) => this.standardPdf(z) },
      { decreasing: true, positive: true, lower: 0, upper: Infinity },
    );
  }

  /** Z sqrt(df / (2 G)) with G ~ gamma(df / 2), drawn as log G when df < 2 so a tiny G cannot underflow. */
  protected standardSample(rng: BitGenerator): number {
    const z = standardNormal(rng);
    if (this.halfDf >= 1) return z * Math.sqrt(this.halfDf / gammaWithConstants(rng, this.gammaHalfDf));
    return z * Math.sqrt(this.halfDf) * Math.exp(-0.5 * logGammaWithConstants(rng, this.gammaHalfDf));
  }
}

export function studentT(options: StudentTOptions): StudentT {
  return new StudentT(options);
}
