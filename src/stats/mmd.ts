/**
 * MMD^2 between two sets of rows in float64: the biased V-statistic, the
 * unbiased U-statistic and the linear-time statistic of Gretton et al.,
 * "A Kernel Two-Sample Test", JMLR 13 (2012), eqs. (5), (3) and lemma 14:
 *
 *   biased:   (1/n^2) sum_ij k(x_i, x_j) + (1/m^2) sum_ij k(y_i, y_j) - (2/(n m)) sum_ij k(x_i, y_j)
 *   unbiased: (1/(n(n-1))) sum_{i != j} k(x_i, x_j) + (1/(m(m-1))) sum_{i != j} k(y_i, y_j) - (2/(n m)) sum_ij k(x_i, y_j)
 *   linear:   mean over i of k(x_2i, x_2i+1) + k(y_2i, y_2i+1) - k(x_2i, y_2i+1) - k(x_2i+1, y_2i)
 *
 * The unbiased form never reads k(x_i, x_i), so it does not depend on the
 * kernel's diagonal, and it can be negative. The biased form is the squared
 * distance between the two mean embeddings, so it is non-negative in exact
 * arithmetic. A negative result from rounding is returned as 0.
 *
 * Rows whose largest |value| lies outside [2^-400, 2^400] are multiplied by
 * a power of 2 first (with the kernel's bandwidths), so squared distances
 * neither overflow nor underflow. A statistic that is still not finite (a
 * polynomial kernel of high degree, say) raises NumericalError.
 */
import { InvalidArgumentError, NumericalError } from '../errors.js';
import { oneOf } from '../validate.js';
import { checkKernel, type Kernel } from './kernels.js';
import type { MmdEstimator } from './mmd-tensor.js';
import { evaluatorAt, kernelPairFunction, pairSum, type Matrix, type PairEvaluator, type PairFunction } from './pairwise.js';
import { checkSameWidth, scaleForRange, scaleRows, toRowMatrix, type RowsInput } from './rows.js';

export type { MmdEstimator } from './mmd-tensor.js';

export interface MmdOptions {
  /** The kernel; see `rbfKernel`, `medianHeuristicKernel`, `imqKernel`, `polynomialKernel`. */
  readonly kernel: Kernel;
  /** Default `unbiased`. */
  readonly estimator?: MmdEstimator;
}

/**
 * Computes MMD^2 between the rows of `x` and `y` with the given kernel and
 * estimator, in float64:
 *
 * - `unbiased` (default): (1/(n(n-1))) sum_{i != j} k(x_i, x_j) + (1/(m(m-1))) sum_{i != j} k(y_i, y_j)
 *   - (2/(n m)) sum_ij k(x_i, y_j); needs n, m >= 2 and can be negative;
 * - `biased`: the same with every pair, i = j included, over n^2 and m^2; never negative;
 * - `linear`: the mean over i of k(x_2i, x_2i+1) + k(y_2i, y_2i+1) - k(x_2i, y_2i+1) - k(x_2i+1, y_2i).
 *
 * Every value in `x` and `y` must be a finite number (no coercion of
 * strings, null or booleans). Throws NumericalError when the kernel sums
 * overflow a double.
 */
export function mmd2(x: RowsInput, y: RowsInput, options: MmdOptions): number {
  if (options == null || options.kernel == null) {
    throw new InvalidArgumentError('options.kernel', 'a kernel', undefined, 'Pass e.g. { kernel: rbfKernel([1, 2, 5]) } or medianHeuristicKernel(x, y)');
  }
  const kernel = checkKernel(options.kernel);
  const estimator = oneOf('estimator', options.estimator ?? 'unbiased', ['unbiased', 'biased', 'linear'] as const);
  const a = toRowMatrix(x, 'x');
  const b = toRowMatrix(y, 'y');
  checkSameWidth(a, b);

  return mmd2Matrices(a, b, kernelPairFunction(kernel), estimator);
}

/**
 * Computes MMD^2 for already checked matrices and any pair function (a
 * kernel, or the negative distance for energy), on rows rescaled as the file
 * comment describes.
 */
export function mmd2Matrices(a: Matrix, b: Matrix, f: PairFunction, estimator: MmdEstimator): number {
  const least = estimator === 'unbiased' ? 2 : 1;
  if (a.count < least) throw new InvalidArgumentError('x', `at least ${least} rows for the ${estimator} estimator`, `${a.count} row`);
  if (b.count < least) throw new InvalidArgumentError('y', `at least ${least} rows for the ${estimator} estimator`, `${b.count} row`);

  const scale = scaleForRange(a, b);
  const statistic = mmd2Evaluated(scaleRows(a, scale), scaleRows(b, scale), evaluatorAt(f, scale), estimator);
  return checkStatistic(statistic, f);
}

/** Computes MMD^2 with a ready evaluator, for rows that need no rescaling. */
export function mmd2Evaluated(a: Matrix, b: Matrix, f: PairEvaluator, estimator: MmdEstimator): number {
  if (estimator === 'linear') return linearMmd2(a, b, f);

  const unbiased = estimator === 'unbiased';
  const [n, m] = [a.count, b.count];
  const withinX = pairSum(a, a, f, unbiased) / (unbiased ? n * (n - 1) : n * n);
  const withinY = pairSum(b, b, f, unbiased) / (unbiased ? m * (m - 1) : m * m);
  const between = pairSum(a, b, f) / (n * m);
  const statistic = withinX + withinY - 2 * between;
  return unbiased ? statistic : Math.max(0, statistic);
}

/** Returns `statistic` if it is finite, and otherwise throws a NumericalError that names the sums that overflowed. */
export function checkStatistic(statistic: number, f: PairFunction): number {
  if (Number.isFinite(statistic)) return statistic;
  throw new NumericalError(`the two-sample statistic is ${statistic} because sums of ${f.description} overflow a double. ${f.overflowHint}`);
}

function linearMmd2(a: Matrix, b: Matrix, f: PairEvaluator): number {
  const pairs = Math.floor(Math.min(a.count, b.count) / 2);
  if (pairs < 1) throw new InvalidArgumentError('x and y', 'at least 2 rows each for the linear estimator', [a.count, b.count]);

  const d = a.width;
  const evaluate = (left: Float64Array, i: number, right: Float64Array, j: number) => {
    let sum = 0;
    for (let k = 0; k < d; k++) {
      if (f.argument === 'distance') {
        const difference = left[i * d + k] - right[j * d + k];
        sum += difference * difference;
      } else {
        sum += left[i * d + k] * right[j * d + k];
      }
    }
    return f.value(sum);
  };

  let total = 0;
  for (let p = 0; p < pairs; p++) {
    const [first, second] = [2 * p, 2 * p + 1];
    total +=
      evaluate(a.rows, first, a.rows, second) +
      evaluate(b.rows, first, b.rows, second) -
      evaluate(a.rows, first, b.rows, second) -
      evaluate(a.rows, second, b.rows, first);
  }
  return total / pairs;
}
