/**
 * The Cauchy distribution, SciPy's `cauchy(loc, scale)`:
 * pdf(x) = 1 / (pi scale (1 + z^2)). It has no mean and no variance (NaN).
 *
 * The CDF is written with atan of 1 / |z| in the tails, and the quantile with
 * tan of p - 1/2 near the centre and 1 / tan(pi p) in the tails, so both keep
 * full relative accuracy where 1/2 + atan(z) / pi and tan(pi (p - 1/2)) cancel
 * (tan(pi (1e-300 - 1/2)) gives -1.6e16 instead of -3.2e299).
 */
import type { BitGenerator } from '../random/types.js';
import { uniformOpen } from '../random/uniform.js';
import { checkOptionKeys, LocationScaleDistribution } from './location-scale.js';

const LOG_PI = Math.log(Math.PI);

export interface CauchyOptions {
  /** Median (default 0). */
  readonly loc?: number;
  /** Half width at half maximum (default 1). */
  readonly scale?: number;
}

export class Cauchy extends LocationScaleDistribution {
  readonly name = 'cauchy';
  readonly parameters: Readonly<Record<string, number>>;
  readonly support = [-Infinity, Infinity] as const;
  readonly mean = NaN;
  readonly variance = NaN;

  constructor(options: CauchyOptions = {}) {
    checkOptionKeys('cauchy', options, ['loc', 'scale']);
    const { loc = 0, scale = 1 } = options;
    super(loc, scale);
    this.parameters = { loc, scale };
  }

  protected standardLogPdf(z: number): number {
    const magnitude = Math.abs(z);
    if (magnitude < 1e150) return -LOG_PI - Math.log1p(z * z);
    return -LOG_PI - 2 * Math.log(magnitude) - Math.log1p(1 / magnitude / magnitude);
  }

  /** P(Z <= -|z|) = atan(1 / |z|) / pi. */
  private lowerTail(z: number): number {
    return Math.atan2(1, Math.abs(z)) / Math.PI;
  }

  protected standardCdf(z: number): number {
    return z <= 0 ? this.lowerTail(z) : 1 - this.lowerTail(z);
  }

  protected standardSf(z: number): number {
    return z >= 0 ? this.lowerTail(z) : 1 - this.lowerTail(z);
  }

  protected standardQuantile(p: number): number {
    if (p < 0.25) return -1 / Math.tan(Math.PI * p);
    if (p > 0.75) return 1 / Math.tan(Math.PI * (1 - p));
    return Math.tan(Math.PI * (p - 0.5));
  }

  protected standardIsf(q: number): number {
    return -this.standardQuantile(q);
  }

  /** Inversion of an open uniform, so the draw is always finite. */
  protected standardSample(rng: BitGenerator): number {
    return this.standardQuantile(uniformOpen(rng));
  }
}

export function cauchy(options: CauchyOptions = {}): Cauchy {
  return new Cauchy(options);
}
