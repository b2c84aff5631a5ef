/**
 * The Weibull distribution, SciPy's `weibull_min(c, loc, scale)`:
 * pdf(x) = c z^(c - 1) exp(-z^c) / scale for z = (x - loc) / scale >= 0.
 */
import gammaFunction from '@stdlib/math-base-special-gamma';

import type { BitGenerator } from '../random/types.js';
import { positive } from '../validate.js';
import { boundaryDensity, checkOptionKeys, LocationScaleDistribution } from './location-scale.js';
import { standardExponential } from './standard.js';

export interface WeibullOptions {
  /** Shape parameter c; required. */
  readonly c: number;
  /** Lower end of the support (default 0). */
  readonly loc?: number;
  readonly scale?: number;
}

export class Weibull extends LocationScaleDistribution {
  readonly name = 'weibull';
  readonly parameters: Readonly<Record<string, number>>;
  readonly support: readonly [number, number];
  readonly mean: number;
  readonly variance: number;
  readonly c: number;
  private readonly logC: number;
  private readonly inverseC: number;

  constructor(options: WeibullOptions) {
    checkOptionKeys('weibull', options, ['c', 'loc', 'scale']);
    const { c, loc = 0, scale = 1 } = options;
    positive('c', c);
    super(loc, scale);
    this.c = c;
    this.logC = Math.log(c);
    this.inverseC = 1 / c;
    this.parameters = { c, loc, scale };
    this.support = [loc, Infinity];

    const first = gammaFunction(1 + 1 / c);
    this.mean = loc + scale * first;
    this.variance = scale * scale * (gammaFunction(1 + 2 / c) - first * first);
  }

  protected standardLogPdf(z: number): number {
    if (z > 0) return z === Infinity ? -Infinity : this.logC + (this.c - 1) * Math.log(z) - z ** this.c;
    if (z === 0) return Math.log(boundaryDensity(this.c, this.c));
    return z < 0 ? -Infinity : NaN;
  }

  protected standardCdf(z: number): number {
    if (z > 0) return -Math.expm1(-(z ** this.c));
    return z <= 0 ? 0 : NaN;
  }

  protected standardSf(z: number): number {
    if (z > 0) return Math.exp(-(z ** this.c));
    return z <= 0 ? 1 : NaN;
  }

  protected standardQuantile(p: number): number {
    return (-Math.log1p(-p)) ** this.inverseC;
  }

  protected standardIsf(q: number): number {
    return (-Math.log(q)) ** this.inverseC;
  }

  /** E^(1/c) for a ziggurat exponential E. */
  protected standardSample(rng: BitGenerator): number {
    return standardExponential(rng) ** this.inverseC;
  }
}

export function weibull(options: WeibullOptions): Weibull {
  return new Weibull(options);
}
