/**
 * The triangular distribution on [left, right] with its peak at mode, as in
 * NumPy's `Generator.triangular(left, mode, right)`. SciPy writes the same
 * distribution as `triang(c, loc, scale)` with c = (mode - left) / (right - left),
 * loc = left and scale = right - left. The density rises linearly from 0 at
 * left to 2 / (right - left) at mode and falls to 0 at right.
 *
 * Every function works with x - left and right - x directly, so values near
 * either end keep their relative accuracy (SciPy's sf is 0 at right - 1e-12).
 */
import { InvalidArgumentError } from '../errors.js';
import type { BitGenerator } from '../random/types.js';
import { finite, interval, notNaN, probability } from '../validate.js';
import { checkOptionKeys, checkSampleCount } from './location-scale.js';
import type { ContinuousDistribution } from './types.js';

export interface TriangularOptions {
  /** Lower end of the support; required. */
  readonly left: number;
  /** Peak, with left <= mode <= right; required. */
  readonly mode: number;
  /** Upper end of the support; required. */
  readonly right: number;
}

export class Triangular implements ContinuousDistribution {
  readonly kind = 'continuous' as const;
  readonly name = 'triangular';
  readonly parameters: Readonly<Record<string, number>>;
  readonly support: readonly [number, number];
  readonly mean: number;
  readonly variance: number;
  readonly left: number;
  readonly mode: number;
  readonly right: number;
  private readonly width: number;
  /** cdf(mode) = (mode - left) / (right - left). */
  private readonly modeProbability: number;

  constructor(options: TriangularOptions) {
    checkOptionKeys('triangular', options, ['left', 'mode', 'right']);
    const { left, mode, right } = options;
    interval('left', left, 'right', right);
    finite('mode', mode);
    if (!(mode >= left && mode <= right)) {
      throw new InvalidArgumentError('mode', `between left and right ([${left}, ${right}])`, mode);
    }
    this.left = left;
    this.mode = mode;
    this.right = right;
    this.width = right - left;
    if (!Number.isFinite(this.width)) {
      throw new InvalidArgumentError('right - left', 'a finite width', this.width, 'Use a narrower interval');
    }
    this.modeProbability = (mode - left) / this.width;
    this.parameters = { left, mode, right };
    this.support = [left, right];
    this.mean = (left + mode + right) / 3;
    this.variance = (left * left + mode * mode + right * right - left * mode - left * right - mode * right) / 18;
  }

  pdf(x: number): number {
    notNaN('x', x);
    if (!(x >= this.left && x <= this.right)) return 0;
    if (x < this.mode) return (2 * (x - this.left)) / (this.width * (this.mode - this.left));
    if (x > this.mode) return (2 * (this.right - x)) / (this.width * (this.right - this.mode));
    return 2 / this.width;
  }

  logPdf(x: number): number {
    return Math.log(this.pdf(x));
  }

  cdf(x: number): number {
    notNaN('x', x);
    if (x <= this.left) return 0;
    if (x >= this.right) return 1;
    return x <= this.mode ? this.lowerPart(x) : this.upperComplement(x);
  }

  sf(x: number): number {
    notNaN('x', x);
    if (x <= this.left) return 1;
    if (x >= this.right) return 0;
    return x > this.mode ? this.upperPart(x) : this.lowerComplement(x);
  }

  /** cdf(x) = (x - left)^2 / ((right - left)(mode - left)) for left < x <= mode. */
  private lowerPart(x: number): number {
    const distance = x - this.left;
    return (distance * distance) / (this.width * (this.mode - this.left));
  }

  /** sf(x) = (right - x)^2 / ((right - left)(right - mode)) for mode < x < right. */
  private upperPart(x: number): number {
    const distance = this.right - x;
    return (distance * distance) / (this.width * (this.right - this.mode));
  }

  /**
   * 1 - lowerPart(x) as ((mode - left)(right - mode) + (mode - x)(mode - left + x - left)) / ((right - left)(mode - left)),
   * a sum of non-negative terms, so it does not cancel near left when mode = right.
   */
  private lowerComplement(x: number): number {
    const modeWidth = this.mode - this.left;
    return (modeWidth * (this.right - this.mode) + (this.mode - x) * (modeWidth + (x - this.left))) / (this.width * modeWidth);
  }

  /** 1 - upperPart(x), written like lowerComplement so it does not cancel near right when mode = left. */
  private upperComplement(x: number): number {
    const modeWidth = this.right - this.mode;
    return (modeWidth * (this.mode - this.left) + (x - this.mode) * (modeWidth + (this.right - x))) / (this.width * modeWidth);
  }

  quantile(p: number): number {
    probability('p', p);
    if (p <= this.modeProbability) return this.left + Math.sqrt(p * this.width * (this.mode - this.left));
    return this.right - Math.sqrt((1 - p) * this.width * (this.right - this.mode));
  }

  /** Inverse survival function: the x with sf(x) = q, accurate for tiny q where quantile(1 - q) is not. */
  isf(q: number): number {
    probability('q', q);
    if (q < 1 - this.modeProbability) return this.right - Math.sqrt(q * this.width * (this.right - this.mode));
    return this.left + Math.sqrt((1 - q) * this.width * (this.mode - this.left));
  }

  /** Inversion of a uniform in [0, 1). */
  sample(rng: BitGenerator): number {
    return this.quantile(rng.nextDouble());
  }

  sampleN(rng: BitGenerator, n: number): Float64Array {
    const out = rng.fillDouble(new Float64Array(checkSampleCount(n)));
    for (let i = 0; i < out.length; i++) out[i] = this.quantile(out[i]);
    return out;
  }
}

export function triangular(options: TriangularOptions): Triangular {
  return new Triangular(options);
}
