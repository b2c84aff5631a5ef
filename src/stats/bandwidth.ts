/**
 * The median heuristic for RBF bandwidths (Gretton et al., "A Kernel
 * Two-Sample Test", JMLR 13, 2012, section 8): sigma is the median Euclidean
 * distance ||z_i - z_j|| over pairs i < j of the pooled sample z = x and y,
 * used as the standard deviation in exp(-r / (2 sigma^2)).
 *
 * Conventions fixed here:
 * - pairs of identical rows (distance 0) are left out, so ties in discrete
 *   data do not drive sigma to 0;
 * - an even number of distances gives the mean of the two middle values;
 * - above `maxRows` pooled rows (default 1000) the median is taken over a
 *   uniformly random subset of `maxRows` rows, drawn with `rng`;
 * - distances are computed on rows rescaled by a power of 2 when their values
 *   are very large or small (see `scaleForRange`), so data near 1e-200 or
 *   1e200 get their true median.
 */
import { InvalidArgumentError, NumericalError } from '../errors.js';
import type { BitGenerator } from '../random/types.js';
import { boundedInt } from '../random/uniform.js';
import { positiveInteger } from '../validate.js';
import { rbfKernel, type RbfKernel } from './kernels.js';
import { checkSameWidth, scaleForRange, scaleRows, stackRows, toRowMatrix, type RowsInput } from './rows.js';

export interface MedianOptions {
  /** Largest number of pooled rows used; default 1000 (about 500,000 distances). */
  readonly maxRows?: number;
  /** Draws the subset when the pooled sample has more than `maxRows` rows; required then. */
  readonly rng?: BitGenerator;
}

/** Bandwidth multipliers of `medianHeuristicKernel`: sigma_med times 1/4 to 4. */
export const MEDIAN_MULTIPLIERS: readonly number[] = [0.25, 0.5, 1, 2, 4];

/**
 * Computes the median Euclidean distance ||z_i - z_j|| over pairs i < j of
 * the pooled rows z of `x` and `y`, leaving out pairs of identical rows. An
 * even count of distances gives the mean of the two middle ones. Above
 * `maxRows` pooled rows (default 1000) it uses a random subset of `maxRows`
 * rows drawn with `options.rng`.
 */
export function medianDistance(x: RowsInput, y: RowsInput, options: MedianOptions = {}): number {
  const a = toRowMatrix(x, 'x');
  const b = toRowMatrix(y, 'y');
  checkSameWidth(a, b);
  const unscaled = stackRows(a, b);
  const scale = scaleForRange(unscaled);
  const pooled = scaleRows(unscaled, scale);
  const maxRows = positiveInteger('maxRows', options.maxRows ?? 1000);

  const chosen = chooseRows(pooled.count, maxRows, options.rng);
  const d = pooled.width;
  const distances = new Float64Array((chosen.length * (chosen.length - 1)) / 2);
  let filled = 0;
  for (let p = 0; p < chosen.length; p++) {
    for (let q = p + 1; q < chosen.length; q++) {
      let sum = 0;
      for (let k = 0; k < d; k++) {
        const difference = pooled.rows[chosen[p] * d + k] - pooled.rows[chosen[q] * d + k];
        sum += difference * difference;
      }
      if (sum > 0) distances[filled++] = Math.sqrt(sum);
    }
  }

  if (filled === 0) throw new NumericalError('every pooled row is identical, so the median distance is 0; pass the kernel bandwidths explicitly');
  const sorted = distances.subarray(0, filled).sort();
  const middle = filled >> 1;
  const median = (filled % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2) / scale;
  if (!Number.isFinite(median)) {
    throw new NumericalError(`the median pooled distance is ${median}, beyond the largest double; rescale the data or pass the kernel bandwidths explicitly`);
  }
  return median;
}

/**
 * Creates an RBF kernel sum, k(x, y) = sum over sigma of exp(-||x - y||^2 / (2 sigma^2)),
 * with sigma = `medianDistance(x, y)` times each multiplier (default 1/4,
 * 1/2, 1, 2, 4), so that the sum covers scales around the median heuristic.
 */
export function medianHeuristicKernel(
  x: RowsInput,
  y: RowsInput,
  options: MedianOptions & { multipliers?: readonly number[] } = {},
): RbfKernel {
  const sigma = medianDistance(x, y, options);
  const multipliers = options.multipliers ?? MEDIAN_MULTIPLIERS;
  return rbfKernel(multipliers.map((factor) => sigma * factor));
}

function chooseRows(count: number, maxRows: number, rng: BitGenerator | undefined): Int32Array {
  const all = Int32Array.from({ length: count }, (_, i) => i);
  if (count <= maxRows) return all;
  if (rng == null) {
    throw new InvalidArgumentError('rng', `a BitGenerator to draw ${maxRows} of the ${count} pooled rows`, rng, 'Pass options.rng, or raise options.maxRows');
  }

  // Partial Fisher-Yates: the first maxRows entries become a uniform random subset.
  for (let i = 0; i < maxRows; i++) {
    const j = i + boundedInt(rng, count - i);
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, maxRows).sort();
}
