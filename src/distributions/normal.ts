/**
 * The normal distribution N(loc, scale^2), SciPy's `norm`:
 * pdf(x) = exp(-z^2 / 2) / (scale sqrt(2 pi)) with z = (x - loc) / scale.
 */
import type { BitGenerator } from '../random/types.js';
import { checkOptionKeys, checkSampleCount, LocationScaleDistribution } from './location-scale.js';
import { LOG_SQRT_2PI, normalCdf, normalIsf, normalQuantile, normalSf } from './special.js';
import { fillStandardNormal, standardNormal } from './standard.js';

export interface NormalOptions {
  /** Mean (default 0). */
  readonly loc?: number;
  /** Standard deviation (default 1). */
  readonly scale?: number;
}

export class Normal extends LocationScaleDistribution {
  readonly name = 'normal';
  readonly parameters: Readonly<Record<string, number>>;
  readonly support = [-Infinity, Infinity] as const;
  readonly mean: number;
  readonly variance: number;

  constructor(options: NormalOptions = {}) {
    checkOptionKeys('normal', options, ['loc', 'scale']);
    const { loc = 0, scale = 1 } = options;
    super(loc, scale);
    this.parameters = { loc, scale };
    this.mean = loc;
    this.variance = scale * scale;
  }

  protected standardLogPdf(z: number): number {
    return -0.5 * z * z - LOG_SQRT_2PI;
  }

  protected standardCdf(z: number): number {
    return normalCdf(z);
  }

  protected standardSf(z: number): number {
    return normalSf(z);
  }

  protected standardQuantile(p: number): number {
    return normalQuantile(p);
  }

  protected standardIsf(q: number): number {
    return normalIsf(q);
  }

  /** Ziggurat draws (see `standardNormal`). */
  protected standardSample(rng: BitGenerator): number {
    return standardNormal(rng);
  }

  /**
   * Draws `n` values with `fillStandardNormal`, which reads the generator in blocks. They equal `n` calls of
   * `sample`, except that with loc = 0 and scale = 1 a draw of -0 (probability 2^-53) stays -0 where `sample` returns 0.
   */
  override sampleN(rng: BitGenerator, n: number): Float64Array {
    const out = fillStandardNormal(rng, new Float64Array(checkSampleCount(n)));
    if (this.loc === 0 && this.scale === 1) return out;

    for (let i = 0; i < out.length; i++) out[i] = this.loc + this.scale * out[i];
    return out;
  }
}

export function normal(options: NormalOptions = {}): Normal {
  return new Normal(options);
}
