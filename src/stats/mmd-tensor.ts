/**
 * Differentiable MMD^2 on TF.js tensors, the loss of the MMD generator.
 *
 * The quadratic-time estimators run as one `tf.customGrad` op: the forward
 * pass computes the three kernel blocks and, alongside, the weight matrices
 * W = dL/d(argument) of each block; the backward pass turns them into
 * gradients with plain products W x. Both passes call `tf.matMul` without
 * its transpose flags, with an explicit `tf.transpose` first where a
 * transposed operand is needed. On the WASM backend in Node (tfjs 4.22, SIMD,
 * one thread) a product with a transposed operand ran about 13x slower than
 * a plain one (2.75 vs 36.5 GFLOP/s for [1024,784]x[784,256]), and TF.js's
 * own matMul gradient uses transposed products.
 *
 * The distance kernels use r = ||a||^2 + ||b||^2 - 2 <a, b>, clamped at 0.
 */
import * as tf from '@tensorflow/tfjs';

import { InvalidArgumentError } from '../errors.js';
import { oneOf } from '../validate.js';
import { checkKernel, type Kernel } from './kernels.js';
import { checkFloat32Kernel, clampedSquaredDistances, evaluateKernel } from './tensor-kernels.js';

/**
 * `unbiased`: the U-statistic with the diagonals of Kxx and Kyy left out (can
 * be negative). `biased`: the V-statistic, all pairs. `linear`: Gretton et
 * al.'s linear-time statistic over disjoint pairs of consecutive rows.
 */
export type MmdEstimator = 'unbiased' | 'biased' | 'linear';

export const MMD_ESTIMATORS: readonly MmdEstimator[] = ['unbiased', 'biased', 'linear'];

/**
 * MMD^2 between the rows of `x` (n x d) and `y` (m x d) as a scalar tensor,
 * differentiable with respect to both. `unbiased` needs n, m >= 2; `linear`
 * uses the first 2 floor(min(n, m)/2) rows of each. The estimators and
 * kernels are those of `mmd2`, in float32, so RBF bandwidths and IMQ scales
 * must be at least `MIN_FLOAT32_BANDWIDTH` (about 8.7e-19).
 */
export function mmd2Tensor(x: tf.Tensor2D, y: tf.Tensor2D, kernel: Kernel, estimator: MmdEstimator = 'unbiased'): tf.Scalar {
  checkFloat32Kernel(checkKernel(kernel));
  oneOf('estimator', estimator, MMD_ESTIMATORS);
  const [n, m] = checkShapes(x, y, estimator);

  if (estimator === 'linear') return linearMmd2(x, y, kernel);
  return quadraticMmd2(x, y, kernel, estimator === 'unbiased', n, m);
}

function checkShapes(x: tf.Tensor, y: tf.Tensor, estimator: MmdEstimator): [number, number] {
  if (!(x instanceof tf.Tensor) || x.rank !== 2) throw new InvalidArgumentError('x', 'a rank-2 tensor (rows x features)', x?.shape);
  if (!(y instanceof tf.Tensor) || y.rank !== 2) throw new InvalidArgumentError('y', 'a rank-2 tensor (rows x features)', y?.shape);
  if (x.shape[1] !== y.shape[1]) {
    throw new InvalidArgumentError('y', `a tensor with as many columns as x (${x.shape[1]})`, y.shape);
  }

  const [n, m] = [x.shape[0], y.shape[0]];
  const least = estimator === 'biased' ? 1 : 2;
  if (n < least) throw new InvalidArgumentError('x', `a tensor of at least ${least} rows for the ${estimator} estimator`, x.shape);
  if (m < least) throw new InvalidArgumentError('y', `a tensor of at least ${least} rows for the ${estimator} estimator`, y.shape);
  return [n, m];
}

/**
 * One block's share of the loss, and its gradient weights. The gradient
 * weights are W + offset, where W = dL/d(argument) entry by entry and the
 * scalar offset is added to every entry (kept apart so no n x m tensor is
 * spent on a constant).
 */
interface BlockTerm {
  sum: tf.Scalar;
  weights: tf.Tensor2D;
  offset: number;
}

function quadraticMmd2(x: tf.Tensor2D, y: tf.Tensor2D, kernel: Kernel, unbiased: boolean, n: number, m: number): tf.Scalar {
  const weightXX = unbiased ? 1 / (n * (n - 1)) : 1 / (n * n);
  const weightYY = unbiased ? 1 / (m * (m - 1)) : 1 / (m * m);
  const weightXY = -2 / (n * m);
  const block = kernel.type === 'rbf' ? rbfBlock : generalBlock;

  const forward = (a: tf.Tensor2D, b: tf.Tensor2D, save: (tensors: tf.Tensor[]) => void) => {
    const xx = block(a, a, kernel, weightXX, unbiased);
    const yy = block(b, b, kernel, weightYY, unbiased);
    const xy = block(a, b, kernel, weightXY, false);
    save([a, b, xx.weights, yy.weights, xy.weights]);
    const offsets = [xx.offset, yy.offset, xy.offset] as const;

    const value = tf.addN([xx.sum, yy.sum, xy.sum]) as tf.Scalar;
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb, wxx, wyy, wxy] = saved as tf.Tensor2D[];
      const [gradientX, gradientY] =
        kernel.type === 'polynomial' ? productGradients(sa, sb, wxx, wyy, wxy) : distanceGradients(sa, sb, [wxx, wyy, wxy], offsets);
      return [tf.mul(gradientX, dy), tf.mul(gradientY, dy)];
    };
    return { value, gradFunc };
  };

  const op = tf.customGrad(forward as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x, y) as tf.Scalar;
}

/**
 * Computes the RBF-sum block in the way that is fastest on the WASM backend.
 * Two measured facts shape it
 * (tfjs 4.22, Node 20, 1M-entry float32 tensors): `tf.exp` took about 20 ms
 * while `tf.elu` took about 6 ms and a multiply about 2 ms. So:
 *
 * - r comes from `clampedSquaredDistances`;
 * - every bandwidth's exponent c_s r (c_s = -1/(2 sigma_s^2)) comes from one
 *   outer product [nm, 1] x [1, S], with the elu fused into it;
 * - exp(t) is elu(t) + 1, exact in form for t <= 0. The constant 1 adds S to
 *   every kernel entry, and the block weights of every estimator sum to zero
 *   (1 + 1 - 2), so the constants cancel and are left out of `sum`;
 * - dL/dr = weight sum_s c_s exp(c_s r) is one product [nm, S] x [S, 1]
 *   plus the constant weight sum_s c_s, returned as `offset`.
 *
 * With the diagonal excluded, its entries are subtracted from the sum; the
 * weights keep them because a distance kernel's diagonal does not move with
 * the inputs (r_ii = ||x_i - x_i||^2), so their gradient terms cancel. The
 * clamp's zero gradient is not applied either: it only bites where rows
 * (nearly) coincide, where the true gradient 2 (x_i - x_j) is itself near 0.
 */
function rbfBlock(a: tf.Tensor2D, b: tf.Tensor2D, kernel: Kernel, weight: number, excludeDiagonal: boolean): BlockTerm {
  const bandwidths = (kernel as { bandwidths: readonly number[] }).bandwidths;
  const coefficients = bandwidths.map((sigma) => -1 / (2 * sigma * sigma));
  const [n, m] = [a.shape[0], b.shape[0]];

  const distances = clampedSquaredDistances(a, b);
  const shifted = tf.fused.matMul({
    a: tf.reshape(distances, [n * m, 1]) as tf.Tensor2D,
    b: tf.tensor2d(coefficients, [1, coefficients.length]),
    activation: 'elu',
  }) as tf.Tensor2D;

  let total = twoStageSum(tf.reshape(shifted, [n, m * coefficients.length]) as tf.Tensor2D);
  if (excludeDiagonal) {
    const diagonal = tf.gather(shifted, tf.range(0, n * n, n + 1, 'int32'));
    total = tf.sub(total, tf.sum(diagonal));
  }

  const slopes = tf.tensor2d(coefficients.map((c) => c * weight), [coefficients.length, 1]);
  const weights = tf.reshape(tf.matMul(shifted, slopes), [n, m]) as tf.Tensor2D;
  const offset = weight * coefficients.reduce((sum, c) => sum + c, 0);
  return { sum: tf.mul(total, weight) as tf.Scalar, weights, offset };
}

/** Any kernel, in plain tensor ops: K and dK/d(argument), the diagonal masked out when asked. */
function generalBlock(a: tf.Tensor2D, b: tf.Tensor2D, kernel: Kernel, weight: number, excludeDiagonal: boolean): BlockTerm {
  const argument = kernel.type === 'polynomial' ? (tf.matMul(a, tf.transpose(b)) as tf.Tensor2D) : clampedSquaredDistances(a, b);
  const evaluated = evaluateKernel(argument, kernel);

  let values = evaluated.values;
  let weights = tf.mul(evaluated.derivatives, weight) as tf.Tensor2D;
  if (excludeDiagonal) {
    const offDiagonal = tf.sub(1, tf.eye(a.shape[0]));
    values = tf.mul(values, offDiagonal);
    weights = tf.mul(weights, offDiagonal);
  }

  return { sum: tf.mul(twoStageSum(values), weight) as tf.Scalar, weights, offset: 0 };
}

/**
 * Sums a matrix by rows, then the row sums. TF.js's WASM sum adds in float32
 * one element after another, and in a check (tfjs 4.22) it lost 4e-5 of the
 * total over 6 million values. Summing rows first kept the error near 3e-7.
 */
function twoStageSum(matrix: tf.Tensor2D): tf.Scalar {
  return tf.sum(tf.sum(matrix, 1));
}

/**
 * Gradients for r_ij = ||a_i - b_j||^2. For one block with weights
 * W + offset (n x m), dL/da = 2 ((rowsum(W) + offset m) a - W b - offset colsum(b)),
 * and dL/db is the same with W transposed. The symmetric blocks (b = a)
 * count both, so they contribute twice that.
 */
function distanceGradients(
  x: tf.Tensor2D,
  y: tf.Tensor2D,
  [wxx, wyy, wxy]: tf.Tensor2D[],
  [offsetXX, offsetYY, offsetXY]: readonly number[],
): [tf.Tensor2D, tf.Tensor2D] {
  const gradientX = tf.add(tf.mul(pullback(wxx, offsetXX, x, x), 4), tf.mul(pullback(wxy, offsetXY, x, y), 2)) as tf.Tensor2D;
  const gradientY = tf.add(tf.mul(pullback(wyy, offsetYY, y, y), 4), tf.mul(pullbackRight(wxy, offsetXY, x, y), 2)) as tf.Tensor2D;
  return [gradientX, gradientY];
}

/** (rowsum(W) + offset m) a - W b - offset colsum(b), for W of shape n x m. */
function pullback(weights: tf.Tensor2D, offset: number, a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const rowSums = tf.add(tf.sum(weights, 1, true), offset * b.shape[0]);
  const columnTotals = tf.mul(columnSums(b), offset);
  return tf.sub(tf.mul(rowSums, a), tf.add(tf.matMul(weights, b), columnTotals)) as tf.Tensor2D;
}

/**
 * (colsum(W) + offset n) b - W^T a - offset colsum(a): the pullback onto the
 * right-hand rows. W^T a is (a^T W)^T when transposing the two thin
 * matrices moves fewer values than transposing W, as at n = m = 1024, d = 2.
 */
function pullbackRight(weights: tf.Tensor2D, offset: number, a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const [n, m] = weights.shape;
  const d = a.shape[1];
  const weightSums = tf.add(tf.reshape(columnSums(weights), [m, 1]), offset * n);
  const product =
    n * m <= d * (n + m)
      ? tf.matMul(tf.transpose(weights) as tf.Tensor2D, a)
      : tf.transpose(tf.matMul(tf.transpose(a) as tf.Tensor2D, weights));
  return tf.sub(tf.mul(weightSums, b), tf.add(product, tf.mul(columnSums(a), offset))) as tf.Tensor2D;
}

/**
 * Sums the columns as a [1, columns] row with a product by a row of ones: on
 * WASM that took 0.8 ms for 1024 x 1024, where `tf.sum(matrix, 0)` (which
 * transposes first) took 17 ms.
 */
function columnSums(matrix: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(tf.ones([1, matrix.shape[0]]) as tf.Tensor2D, matrix);
}

/** Gradients for p_ij = <a_i, b_j>: dL/da = W b, dL/db = W^T a, doubled for the symmetric blocks. */
function productGradients(x: tf.Tensor2D, y: tf.Tensor2D, wxx: tf.Tensor2D, wyy: tf.Tensor2D, wxy: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] {
  const gradientX = tf.add(tf.mul(tf.matMul(wxx, x), 2), tf.matMul(wxy, y)) as tf.Tensor2D;
  const gradientY = tf.add(tf.mul(tf.matMul(wyy, y), 2), tf.matMul(tf.transpose(wxy), x)) as tf.Tensor2D;
  return [gradientX, gradientY];
}

/**
 * Linear-time MMD^2: the mean over i of
 * k(x_2i, x_2i+1) + k(y_2i, y_2i+1) - k(x_2i, y_2i+1) - k(x_2i+1, y_2i).
 * Only elementwise ops, so TF.js's own gradients are used.
 */
function linearMmd2(x: tf.Tensor2D, y: tf.Tensor2D, kernel: Kernel): tf.Scalar {
  return tf.tidy(() => {
    const d = x.shape[1];
    const pairs = Math.floor(Math.min(x.shape[0], y.shape[0]) / 2);
    const xPairs = tf.reshape(tf.slice(x, [0, 0], [2 * pairs, d]), [pairs, 2 * d]);
    const yPairs = tf.reshape(tf.slice(y, [0, 0], [2 * pairs, d]), [pairs, 2 * d]);
    const [x1, x2] = tf.split(xPairs, 2, 1) as tf.Tensor2D[];
    const [y1, y2] = tf.split(yPairs, 2, 1) as tf.Tensor2D[];

    const h = tf.sub(
      tf.add(rowKernel(x1, x2, kernel), rowKernel(y1, y2, kernel)),
      tf.add(rowKernel(x1, y2, kernel), rowKernel(x2, y1, kernel)),
    );
    return tf.mean(h) as tf.Scalar;
  });
}

/** k(a_i, b_i) for each row i. */
function rowKernel(a: tf.Tensor2D, b: tf.Tensor2D, kernel: Kernel): tf.Tensor1D {
  if (kernel.type === 'polynomial') {
    const base = tf.add(tf.mul(tf.sum(tf.mul(a, b), 1), kernel.gamma ?? 1), kernel.coef0 ?? 1);
    return tf.pow(base, kernel.degree) as tf.Tensor1D;
  }

  const distance = tf.sum(tf.square(tf.sub(a, b)), 1);
  if (kernel.type === 'rbf') {
    return tf.addN(kernel.bandwidths.map((sigma) => tf.exp(tf.mul(distance, -1 / (2 * sigma * sigma))))) as tf.Tensor1D;
  }
  const exponent = kernel.exponent ?? -0.5;
  return tf.addN(kernel.scales.map((c) => tf.pow(tf.add(tf.mul(distance, 1 / (c * c)), 1), exponent))) as tf.Tensor1D;
}
