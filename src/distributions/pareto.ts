/**
 * The Pareto distribution, SciPy's `pareto(b, loc, scale)`:
 * pdf(x) = b / (z^(b + 1) scale) for z = (x - loc) / scale >= 1.
 */
import type { BitGenerator } from '../random/types.js';
import { positive, probability } from '../validate.js';
import { checkOptionKeys, LocationScaleDistribution } from './location-scale.js';
import { standardExponential } from './standard.js';

export interface ParetoOptions {
  /** Tail index b; required. */
  readonly b: number;
  /** Shift (default 0); the support starts at loc + scale. */
  readonly loc?: number;
  readonly scale?: number;
}

export class Pareto extends LocationScaleDistribution {
  readonly name = 'pareto';
  readonly parameters: Readonly<Record<string, number>>;
  readonly support: readonly [number, number];
  readonly mean: number;
  readonly variance: number;
  readonly b: number;
  private readonly logB: number;

  constructor(options: ParetoOptions) {
    checkOptionKeys('pareto', options, ['b', 'loc', 'scale']);
    const { b, loc = 0, scale = 1 } = options;
    positive('b', b);
    super(loc, scale);
    this.b = b;
    this.logB = Math.log(b);
    this.parameters = { b, loc, scale };
    this.support = [loc + scale, Infinity];
    this.mean = b > 1 ? loc + (scale * b) / (b - 1) : Infinity;
    this.variance = b > 2 ? (scale * scale * b) / ((b - 1) * (b - 1) * (b - 2)) : Infinity;
  }

  protected standardLogPdf(z: number): number {
    if (z >= 1) return this.logB - (this.b + 1) * Math.log(z);
    return z < 1 ? -Infinity : NaN;
  }

  protected standardCdf(z: number): number {
    if (z > 1) return -Math.expm1(-this.b * Math.log(z));
    return z <= 1 ? 0 : NaN;
  }

  protected standardSf(z: number): number {
    if (z > 1) return Math.exp(-this.b * Math.log(z));
    return z <= 1 ? 1 : NaN;
  }

  protected standardQuantile(p: number): number {
    return Math.exp(-Math.log1p(-p) / this.b);
  }

  protected standardIsf(q: number): number {
    return Math.exp(-Math.log(q) / this.b);
  }

  /**
   * Written as (loc + scale) + scale * (z - 1) with z - 1 from expm1, so a
   * quantile just above the support's start keeps its relative accuracy.
   */
  override quantile(p: number): number {
    probability('p', p);
    return this.support[0] + this.scale * Math.expm1(-Math.log1p(-p) / this.b);
  }

  override isf(q: number): number {
    probability('q', q);
    return this.support[0] + this.scale * Math.expm1(-Math.log(q) / this.b);
  }

  /** exp(E / b) for a ziggurat exponential E. */
  protected standardSample(rng: BitGenerator): number {
    return Math.exp(standardExponential(rng) / this.b);
  }
}

export function pareto(options: ParetoOptions): Pareto {
  return new Pareto(options);
}
