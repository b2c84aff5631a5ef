/**
 * The exponential distribution, SciPy's `expon(loc, scale)`:
 * pdf(x) = exp(-z) / scale for z = (x - loc) / scale >= 0; scale is 1 / rate.
 */
import type { BitGenerator } from '../random/types.js';
import { checkOptionKeys, checkSampleCount, LocationScaleDistribution } from './location-scale.js';
import { fillStandardExponential, standardExponential } from './standard.js';

export interface ExponentialOptions {
  /** Lower end of the support (default 0). */
  readonly loc?: number;
  /** Mean of X - loc, i.e. 1 / rate (default 1). */
  readonly scale?: number;
}

export class Exponential extends LocationScaleDistribution {
  readonly name = 'exponential';
  readonly parameters: Readonly<Record<string, number>>;
  readonly support: readonly [number, number];
  readonly mean: number;
  readonly variance: number;

  constructor(options: ExponentialOptions = {}) {
    checkOptionKeys('exponential', options, ['loc', 'scale']);
    const { loc = 0, scale = 1 } = options;
    super(loc, scale);
    this.parameters = { loc, scale };
    this.support = [loc, Infinity];
    this.mean = loc + scale;
    this.variance = scale * scale;
  }

  protected standardLogPdf(z: number): number {
    if (z >= 0) return -z;
    return z < 0 ? -Infinity : NaN;
  }

  protected standardCdf(z: number): number {
    if (z > 0) return -Math.expm1(-z);
    return z <= 0 ? 0 : NaN;
  }

  protected standardSf(z: number): number {
    if (z > 0) return Math.exp(-z);
    return z <= 0 ? 1 : NaN;
  }

  protected standardQuantile(p: number): number {
    return -Math.log1p(-p);
  }

  protected standardIsf(q: number): number {
    return -Math.log(q);
  }

  /** Ziggurat draws (see `standardExponential`). */
  protected standardSample(rng: BitGenerator): number {
    return standardExponential(rng);
  }

  /** Draws `n` values with `fillStandardExponential`, which reads the generator in blocks: the same values as `n` calls of `sample`. */
  override sampleN(rng: BitGenerator, n: number): Float64Array {
    const out = fillStandardExponential(rng, new Float64Array(checkSampleCount(n)));
    if (this.loc === 0 && this.scale === 1) return out;

    for (let i = 0; i < out.length; i++) out[i] = this.loc + this.scale * out[i];
    return out;
  }
}

export function exponential(options: ExponentialOptions = {}): Exponential {
  return new Exponential(options);
}
