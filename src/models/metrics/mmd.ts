/**
 * MMD^2 between generated rows and the held-out real rows, for any vector or
 * image data set. The kernel is fixed once from the held-out data (RBF
 * bandwidths at 1/4 to 4 times the median distance between held-out rows), so
 * values from different evaluations of one run are comparable.
 */
import { InvalidArgumentError } from '../../errors.js';
import type { BitGenerator } from '../../random/types.js';
import { permutation } from '../../data/split.js';
import { medianHeuristicKernel } from '../../stats/bandwidth.js';
import type { Kernel } from '../../stats/kernels.js';
import { mmd2 } from '../../stats/mmd.js';
import { positiveInteger } from '../../validate.js';

export interface MmdEvaluatorOptions {
  /** Draws the held-out subset when there are more than `maxRows` rows. */
  readonly rng: BitGenerator;
  /** Largest number of held-out rows compared (default 1000); the cost grows with its square. */
  readonly maxRows?: number;
  /** Kernel to use instead of the median heuristic. */
  readonly kernel?: Kernel;
}

export class MmdEvaluator {
  private constructor(
    private readonly reference: Float64Array,
    private readonly referenceCount: number,
    readonly width: number,
    readonly kernel: Kernel,
  ) {}

  /** Fixes the reference rows (a random subset of `heldOut` when it is large) and the kernel. */
  static create(heldOut: ArrayLike<number>, heldOutCount: number, width: number, options: MmdEvaluatorOptions): MmdEvaluator {
    positiveInteger('width', width);
    if (!Number.isSafeInteger(heldOutCount) || heldOutCount < 2) {
      throw new InvalidArgumentError('heldOutCount', 'an integer of at least 2', heldOutCount);
    }
    if (heldOut.length !== heldOutCount * width) {
      throw new InvalidArgumentError('heldOut.length', `heldOutCount * width (${heldOutCount} * ${width})`, heldOut.length);
    }
    const maxRows = positiveInteger('maxRows', options.maxRows ?? 1000);

    const count = Math.min(heldOutCount, Math.max(2, maxRows));
    const chosen = heldOutCount > count ? permutation(options.rng, heldOutCount).subarray(0, count) : null;
    const reference = new Float64Array(count * width);
    for (let row = 0; row < count; row++) {
      const source = chosen === null ? row : chosen[row];
      for (let k = 0; k < width; k++) reference[row * width + k] = heldOut[source * width + k];
    }

    const half = count >> 1;
    const first = { rows: reference.subarray(0, half * width), count: half, width };
    const second = { rows: reference.subarray(half * width), count: count - half, width };
    const kernel = options.kernel ?? medianHeuristicKernel(first, second);
    return new MmdEvaluator(reference, count, width, kernel);
  }

  /** Returns the unbiased MMD^2 between `count` generated rows and the reference rows. */
  evaluate(generated: Float32Array | Float64Array, count: number): number {
    if (!Number.isSafeInteger(count) || count < 2) throw new InvalidArgumentError('count', 'an integer of at least 2', count);
    if (generated.length !== count * this.width) {
      throw new InvalidArgumentError('generated.length', `count * width (${count} * ${this.width})`, generated.length);
    }
    return mmd2(
      { rows: generated, count, width: this.width },
      { rows: this.reference, count: this.referenceCount, width: this.width },
      { kernel: this.kernel, estimator: 'unbiased' },
    );
  }
}
