/**
 * The Laplace (double exponential) distribution, SciPy's
 * `laplace(loc, scale)`: pdf(x) = exp(-|z|) / (2 scale).
 */
import type { BitGenerator } from '../random/types.js';
import { uniformOpen } from '../random/uniform.js';
import { checkOptionKeys, LocationScaleDistribution } from './location-scale.js';

export interface LaplaceOptions {
  /** Median (default 0). */
  readonly loc?: number;
  /** Mean absolute deviation from loc (default 1). */
  readonly scale?: number;
}

export class Laplace extends LocationScaleDistribution {
  readonly name = 'laplace';
  readonly parameters: Readonly<Record<string, number>>;
  readonly support = [-Infinity, Infinity] as const;
  readonly mean: number;
  readonly variance: number;

  constructor(options: LaplaceOptions = {}) {
    checkOptionKeys('laplace', options, ['loc', 'scale']);
    const { loc = 0, scale = 1 } = options;
    super(loc, scale);
    this.parameters = { loc, scale };
    this.mean = loc;
    this.variance = 2 * scale * scale;
  }

  protected standardLogPdf(z: number): number {
    return -Math.abs(z) - Math.LN2;
  }

  protected standardCdf(z: number): number {
    return z <= 0 ? 0.5 * Math.exp(z) : 1 - 0.5 * Math.exp(-z);
  }

  protected standardSf(z: number): number {
    return z >= 0 ? 0.5 * Math.exp(-z) : 1 - 0.5 * Math.exp(z);
  }

  /** log(2p) below the median, -log(2 (1 - p)) above, where 1 - p is exact. */
  protected standardQuantile(p: number): number {
    return p <= 0.5 ? Math.log(2 * p) : -Math.log(2 * (1 - p));
  }

  protected standardIsf(q: number): number {
    return -this.standardQuantile(q);
  }

  /** Inversion of an open uniform. */
  protected standardSample(rng: BitGenerator): number {
    return this.standardQuantile(uniformOpen(rng));
  }
}

export function laplace(options: LaplaceOptions = {}): Laplace {
  return new Laplace(options);
}
