/**
 * The continuous uniform distribution on [loc, loc + scale], SciPy's
 * `uniform(loc, scale)`. The survival function is (scale - (x - loc)) / scale,
 * whose subtractions are exact near the upper end, so sf keeps its relative
 * accuracy there (SciPy's 1 - cdf does not).
 */
import type { BitGenerator } from '../random/types.js';
import { notNaN, probability } from '../validate.js';
import { checkLocScale, checkOptionKeys, checkSampleCount } from './location-scale.js';
import type { ContinuousDistribution } from './types.js';

export interface UniformOptions {
  /** Lower end of the support (default 0). */
  readonly loc?: number;
  /** Width of the support (default 1). */
  readonly scale?: number;
}

export class Uniform implements ContinuousDistribution {
  readonly kind = 'continuous' as const;
  readonly name = 'uniform';
  readonly parameters: Readonly<Record<string, number>>;
  readonly support: readonly [number, number];
  readonly mean: number;
  readonly variance: number;
  readonly loc: number;
  readonly scale: number;
  private readonly upper: number;

  constructor(options: UniformOptions = {}) {
    checkOptionKeys('uniform', options, ['loc', 'scale']);
    const { loc = 0, scale = 1 } = options;
    checkLocScale(loc, scale);
    this.loc = loc;
    this.scale = scale;
    this.upper = loc + scale;
    this.parameters = { loc, scale };
    this.support = [loc, this.upper];
    this.mean = loc + scale / 2;
    this.variance = (scale * scale) / 12;
  }

  /** Inside means loc <= x <= loc + scale in exact arithmetic: x - loc is exact near both ends. */
  pdf(x: number): number {
    notNaN('x', x);
    const offset = x - this.loc;
    return offset >= 0 && offset <= this.scale ? 1 / this.scale : 0;
  }

  logPdf(x: number): number {
    return Math.log(this.pdf(x));
  }

  cdf(x: number): number {
    notNaN('x', x);
    const offset = x - this.loc;
    if (offset <= 0) return 0;
    if (offset >= this.scale) return 1;
    return offset / this.scale;
  }

  sf(x: number): number {
    notNaN('x', x);
    const offset = x - this.loc;
    if (offset <= 0) return 1;
    if (offset >= this.scale) return 0;
    return (this.scale - offset) / this.scale;
  }

  quantile(p: number): number {
    probability('p', p);
    return this.loc + p * this.scale;
  }

  /** Inverse survival function: the x with sf(x) = q. */
  isf(q: number): number {
    probability('q', q);
    return this.upper - q * this.scale;
  }

  /** loc + scale * U for U in [0, 1); a sum that rounds up to loc + scale is returned as is. */
  sample(rng: BitGenerator): number {
    return this.loc + this.scale * rng.nextDouble();
  }

  sampleN(rng: BitGenerator, n: number): Float64Array {
    const out = rng.fillDouble(new Float64Array(checkSampleCount(n)));
    for (let i = 0; i < out.length; i++) out[i] = this.loc + this.scale * out[i];
    return out;
  }
}

export function uniform(options: UniformOptions = {}): Uniform {
  return new Uniform(options);
}
