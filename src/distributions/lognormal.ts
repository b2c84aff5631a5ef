/**
 * The lognormal distribution, SciPy's `lognorm(s, loc, scale)`: X = loc +
 * scale * exp(s * Z) with Z standard normal, so log((X - loc) / scale) is
 * N(0, s^2) and scale is exp of the underlying normal's mean.
 */
import type { BitGenerator } from '../random/types.js';
import { positive } from '../validate.js';
import { checkOptionKeys, LocationScaleDistribution } from './location-scale.js';
import { LOG_SQRT_2PI, normalCdf, normalIsf, normalQuantile, normalSf } from './special.js';
import { standardNormal } from './standard.js';

export interface LognormalOptions {
  /** Standard deviation of log((X - loc) / scale); required. */
  readonly s: number;
  /** Shift of the support's lower end (default 0). */
  readonly loc?: number;
  /** exp of the mean of log((X - loc)), i.e. the median of X - loc (default 1). */
  readonly scale?: number;
}

export class Lognormal extends LocationScaleDistribution {
  readonly name = 'lognormal';
  readonly parameters: Readonly<Record<string, number>>;
  readonly support: readonly [number, number];
  readonly mean: number;
  readonly variance: number;
  readonly s: number;
  private readonly logS: number;

  constructor(options: LognormalOptions) {
    checkOptionKeys('lognormal', options, ['s', 'loc', 'scale']);
    const { s, loc = 0, scale = 1 } = options;
    positive('s', s);
    super(loc, scale);
    this.s = s;
    this.logS = Math.log(s);
    this.parameters = { s, loc, scale };
    this.support = [loc, Infinity];

    const varianceFactor = s * s;
    this.mean = loc + scale * Math.exp(0.5 * varianceFactor);
    this.variance = scale * scale * Math.expm1(varianceFactor) * Math.exp(varianceFactor);
  }

  protected standardLogPdf(z: number): number {
    if (!(z > 0)) return z <= 0 ? -Infinity : NaN;
    const logZ = Math.log(z);
    const w = logZ / this.s;
    return -0.5 * w * w - LOG_SQRT_2PI - this.logS - logZ;
  }

  protected standardCdf(z: number): number {
    if (!(z > 0)) return z <= 0 ? 0 : NaN;
    return normalCdf(Math.log(z) / this.s);
  }

  protected standardSf(z: number): number {
    if (!(z > 0)) return z <= 0 ? 1 : NaN;
    return normalSf(Math.log(z) / this.s);
  }

  protected standardQuantile(p: number): number {
    return Math.exp(this.s * normalQuantile(p));
  }

  protected standardIsf(q: number): number {
    return Math.exp(this.s * normalIsf(q));
  }

  protected standardSample(rng: BitGenerator): number {
    return Math.exp(this.s * standardNormal(rng));
  }
}

export function lognormal(options: LognormalOptions): Lognormal {
  return new Lognormal(options);
}
