/**
 * The logistic distribution, SciPy's `logistic(loc, scale)`:
 * pdf(x) = e^-z / ((1 + e^-z)^2 scale), cdf(x) = 1 / (1 + e^-z).
 */
import type { BitGenerator } from '../random/types.js';
import { uniformOpen } from '../random/uniform.js';
import { checkOptionKeys, LocationScaleDistribution } from './location-scale.js';

export interface LogisticOptions {
  /** Mean and median (default 0). */
  readonly loc?: number;
  /** Scale; the standard deviation is scale pi / sqrt(3) (default 1). */
  readonly scale?: number;
}

export class Logistic extends LocationScaleDistribution {
  readonly name = 'logistic';
  readonly parameters: Readonly<Record<string, number>>;
  readonly support = [-Infinity, Infinity] as const;
  readonly mean: number;
  readonly variance: number;

  constructor(options: LogisticOptions = {}) {
    checkOptionKeys('logistic', options, ['loc', 'scale']);
    const { loc = 0, scale = 1 } = options;
    super(loc, scale);
    this.parameters = { loc, scale };
    this.mean = loc;
    this.variance = (scale * scale * Math.PI * Math.PI) / 3;
  }

  /** Uses the symmetric form -|z| - 2 log(1 + e^-|z|), in which e^-|z| <= 1 cannot overflow. */
  protected standardLogPdf(z: number): number {
    const magnitude = Math.abs(z);
    return -magnitude - 2 * Math.log1p(Math.exp(-magnitude));
  }

  protected standardCdf(z: number): number {
    return 1 / (1 + Math.exp(-z));
  }

  protected standardSf(z: number): number {
    return 1 / (1 + Math.exp(z));
  }

  /**
   * logit(p) = log(p / (1 - p)): as 2 atanh(2p - 1) in [1/4, 3/4], where
   * 2p - 1 is exact and the result is small, and as log p - log1p(-p) (or its
   * mirror with the exact 1 - p) in the tails.
   */
  protected standardQuantile(p: number): number {
    if (p < 0.25) return Math.log(p) - Math.log1p(-p);
    if (p > 0.75) {
      const q = 1 - p;
      return Math.log1p(-q) - Math.log(q);
    }
    return 2 * Math.atanh(2 * p - 1);
  }

  protected standardIsf(q: number): number {
    return -this.standardQuantile(q);
  }

  /** Inversion of an open uniform. */
  protected standardSample(rng: BitGenerator): number {
    return this.standardQuantile(uniformOpen(rng));
  }
}

export function logistic(options: LogisticOptions = {}): Logistic {
  return new Logistic(options);
}
