/**
 * Inverse transform sampling with an exact quantile function: X = F^-1(U)
 * for U uniform on (0, 1) has CDF F. Any samplekit distribution (or any
 * object with a `quantile` method) becomes a sampler this way.
 */
import { InvalidArgumentError, NumericalError } from '../../errors.js';
import { uniformOpen } from '../../random/uniform.js';
import type { BitGenerator } from '../../random/types.js';
import { positiveInteger } from '../../validate.js';
import { checkGenerator } from '../check-generator.js';

/** Anything with an inverse CDF defined on (0, 1). */
export interface HasQuantile {
  quantile(p: number): number;
}

export class InverseTransformSampler {
  constructor(readonly distribution: HasQuantile) {
    if (distribution === null || typeof distribution !== 'object' || typeof distribution.quantile !== 'function') {
      throw new InvalidArgumentError('distribution', 'an object with a quantile(p) method', distribution);
    }
  }

  /**
   * Draws one value. U comes from the open interval (0, 1), so a quantile
   * function that returns -Infinity at 0 (the normal, for example) is never called with 0.
   */
  sample(rng: BitGenerator): number {
    checkGenerator(rng);
    return this.draw(rng);
  }

  /** `n` independent draws into a new Float64Array. */
  sampleN(rng: BitGenerator, n: number): Float64Array {
    checkGenerator(rng);
    positiveInteger('n', n);
    const result = new Float64Array(n);
    for (let i = 0; i < n; i++) result[i] = this.draw(rng);
    return result;
  }

  /** The quantile of an open uniform; a quantile that returns NaN or a non-number is an error, never a draw. */
  private draw(rng: BitGenerator): number {
    const u = uniformOpen(rng);
    const x = this.distribution.quantile(u);
    if (typeof x !== 'number' || Number.isNaN(x)) {
      throw new NumericalError(`quantile(${u}) returned ${String(x)}; a quantile function must return a number for every p in (0, 1)`);
    }
    return x;
  }
}
