/**
 * Base class for the continuous distributions that SciPy writes as a
 * standard form shifted by `loc` and stretched by `scale`: X = loc + scale * Z.
 * Subclasses implement the standard form (functions of z); this class maps x
 * to z = (x - loc) / scale and back, and checks the arguments shared by all.
 */
import { InvalidArgumentError } from '../errors.js';
import type { BitGenerator } from '../random/types.js';
import { finite, nonNegativeInteger, notNaN, positive, probability } from '../validate.js';
import type { ContinuousDistribution } from './types.js';

/** Checks loc (finite) and scale (positive, finite) and returns them. */
export function checkLocScale(loc: number, scale: number): { loc: number; scale: number } {
  return { loc: finite('loc', loc), scale: positive('scale', scale) };
}

/** Checks the sample count of `sampleN`. */
export function checkSampleCount(n: number): number {
  return nonNegativeInteger('n', n);
}

/** Rejects option keys that the distribution does not take, so a misspelt parameter is not silently ignored. */
export function checkOptionKeys(distribution: string, options: object, allowed: readonly string[]): void {
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError(`${distribution} options`, `an object with keys among ${allowed.join(', ')}`, options);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new InvalidArgumentError(`${distribution} option "${key}"`, `one of ${allowed.join(', ')}`, key);
    }
  }
}

/**
 * Density at an end of the support where it behaves like c * z^(power - 1):
 * Infinity for power < 1, `valueAtOne` for power = 1 and 0 above, i.e. the
 * limit from inside the support, as SciPy returns it.
 */
export function boundaryDensity(power: number, valueAtOne: number): number {
  if (power < 1) return Infinity;
  return power === 1 ? valueAtOne : 0;
}

export abstract class LocationScaleDistribution implements ContinuousDistribution {
  readonly kind = 'continuous' as const;
  abstract readonly name: string;
  abstract readonly parameters: Readonly<Record<string, number>>;
  abstract readonly support: readonly [number, number];
  abstract readonly mean: number;
  abstract readonly variance: number;

  readonly loc: number;
  readonly scale: number;
  private readonly logScale: number;

  constructor(loc: number, scale: number) {
    checkLocScale(loc, scale);
    this.loc = loc;
    this.scale = scale;
    this.logScale = Math.log(scale);
  }

  /** log density of the standard form at z; -Infinity outside the support. */
  protected abstract standardLogPdf(z: number): number;
  protected abstract standardCdf(z: number): number;
  protected abstract standardSf(z: number): number;
  /** Standard quantile for p in [0, 1] (already checked). */
  protected abstract standardQuantile(p: number): number;
  /** Standard inverse survival function for q in [0, 1] (already checked). */
  protected abstract standardIsf(q: number): number;
  protected abstract standardSample(rng: BitGenerator): number;

  /** Density of the standard form; subclasses override it where exp(logPdf) loses accuracy or speed. */
  protected standardPdf(z: number): number {
    return Math.exp(this.standardLogPdf(z));
  }

  pdf(x: number): number {
    notNaN('x', x);
    return this.standardPdf((x - this.loc) / this.scale) / this.scale;
  }

  logPdf(x: number): number {
    notNaN('x', x);
    return this.standardLogPdf((x - this.loc) / this.scale) - this.logScale;
  }

  cdf(x: number): number {
    notNaN('x', x);
    return this.standardCdf((x - this.loc) / this.scale);
  }

  sf(x: number): number {
    notNaN('x', x);
    return this.standardSf((x - this.loc) / this.scale);
  }

  quantile(p: number): number {
    probability('p', p);
    return this.loc + this.scale * this.standardQuantile(p);
  }

  /** Inverse survival function: the x with sf(x) = q, accurate for tiny q where quantile(1 - q) is not. */
  isf(q: number): number {
    probability('q', q);
    return this.loc + this.scale * this.standardIsf(q);
  }

  sample(rng: BitGenerator): number {
    return this.loc + this.scale * this.standardSample(rng);
  }

  /** `n` draws, the same values as `n` calls of `sample`. */
  sampleN(rng: BitGenerator, n: number): Float64Array {
    const out = new Float64Array(checkSampleCount(n));
    for (let i = 0; i < out.length; i++) out[i] = this.loc + this.scale * this.standardSample(rng);
    return out;
  }
}
