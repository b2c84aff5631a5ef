/**
 * MMD^2 for large samples: kernel sums over blocks of rows with TF.js
 * matrix products in float32, O(blockRows^2) memory whatever n and m are.
 *
 * Use it where the float64 `mmd2` is too slow. At n = m = 50,000 and d = 784
 * the three Gram blocks need about 8e12 multiply-adds, which the float64
 * tile loops would take hours for, while TF.js's WASM matMul runs near
 * 36 GFLOP/s on one core. The price is float32 rounding, kept small by three
 * steps:
 *
 * - for the distance kernels (rbf, imq) the rows are centred on the pooled
 *   mean in float64 first, because the distances do not change and
 *   ||a||^2 + ||b||^2 - 2 <a, b> cancels less;
 * - the rows are then multiplied by a power of 2 that brings the largest
 *   |value| into [1/2, 1), with the bandwidths scaled alike, so float32
 *   neither overflows nor underflows;
 * - kernel values are added on the backend only in runs of 64 (TF.js's WASM
 *   sum adds in float32 one value after another), and the partial sums in
 *   float64.
 *
 * In a check on 2000 x 784 uniform rows (a 5-bandwidth RBF sum, statistic
 * 1.9e-5), summing whole block rows on the backend was off by 2e-7 and the
 * runs of 64 by 3e-10. The unbiased estimator subtracts the diagonal as
 * computed.
 *
 * The TF.js backend must be ready before the call, because this function
 * is synchronous: `await initBackend()` (exported by samplekit) first.
 */
import * as tf from '@tensorflow/tfjs';

import { InvalidArgumentError, NumericalError, SamplekitError } from '../errors.js';
import { oneOf, positiveInteger } from '../validate.js';
import { checkKernel, isDistanceKernel, type Kernel } from './kernels.js';
import { checkSameWidth, toRowMatrix, type RowsInput } from './rows.js';
import { clampedSquaredDistances, evaluateKernel, MIN_FLOAT32_BANDWIDTH } from './tensor-kernels.js';

export interface BlockedMmdOptions {
  readonly kernel: Kernel;
  /** `unbiased` (default) or `biased`. */
  readonly estimator?: 'unbiased' | 'biased';
  /** Rows per block on each side; default 2048 (about 200 MB of float32 work tensors with 6 bandwidths). */
  readonly blockRows?: number;
  /** Called after each block pair with the number done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Computes MMD^2 between the rows of `x` and `y` blockwise on the active
 * TF.js backend in float32, with the estimators of `mmd2` (`unbiased` or
 * `biased`). Throws if no TF.js backend is ready yet (call
 * `await initBackend()` first) and NumericalError if float32 overflows.
 */
export function mmd2Blocked(x: RowsInput, y: RowsInput, options: BlockedMmdOptions): number {
  if (options == null || options.kernel == null) throw new InvalidArgumentError('options.kernel', 'a kernel', undefined);
  checkKernel(options.kernel);
  const estimator = oneOf('estimator', options.estimator ?? 'unbiased', ['unbiased', 'biased'] as const);
  const blockRows = positiveInteger('blockRows', options.blockRows ?? 2048);
  const unscaledX = toRowMatrix(x, 'x');
  const unscaledY = toRowMatrix(y, 'y');
  checkSameWidth(unscaledX, unscaledY);

  const unbiased = estimator === 'unbiased';
  const [n, m] = [unscaledX.count, unscaledY.count];
  const least = unbiased ? 2 : 1;
  if (n < least || m < least) throw new InvalidArgumentError('x and y', `at least ${least} rows each for the ${estimator} estimator`, [n, m]);
  requireBackend();

  const { a, b, kernel } = prepareForFloat32(unscaledX, unscaledY, options.kernel);

  const blocksX = Math.ceil(n / blockRows);
  const blocksY = Math.ceil(m / blockRows);
  const total = (blocksX * (blocksX + 1)) / 2 + (blocksY * (blocksY + 1)) / 2 + blocksX * blocksY;
  let done = 0;
  const progress = () => options.onProgress?.(++done, total);

  const withinX = symmetricSum(a, kernel, blockRows, unbiased, progress) / (unbiased ? n * (n - 1) : n * n);
  const withinY = symmetricSum(b, kernel, blockRows, unbiased, progress) / (unbiased ? m * (m - 1) : m * m);
  const between = crossSum(a, b, kernel, blockRows, progress) / (n * m);
  const statistic = withinX + withinY - 2 * between;

  if (!Number.isFinite(statistic)) {
    throw new NumericalError(`the blocked MMD^2 is ${statistic} because float32 kernel values overflow; use mmd2 (float64) or a lower polynomial degree or gamma`);
  }
  return unbiased ? statistic : Math.max(0, statistic);
}

type Rows = { rows: Float64Array; count: number; width: number };

/** Throws a one-line error unless a TF.js backend is ready (the WASM backend starts asynchronously). */
function requireBackend(): void {
  try {
    tf.backend();
  } catch (error) {
    throw new SamplekitError(`mmd2Blocked needs a ready TF.js backend: call \`await initBackend()\` (exported by samplekit) once before it (${(error as Error).message})`);
  }
}

/**
 * Centres the rows on the pooled mean (distance kernels only) and multiplies
 * them by the power of 2 that brings the largest |value| into [1/2, 1),
 * returning the kernel that gives the same values on the new rows.
 */
function prepareForFloat32(x: Rows, y: Rows, kernel: Kernel): { a: Rows; b: Rows; kernel: Kernel } {
  const d = x.width;
  const mean = new Float64Array(d);
  if (isDistanceKernel(kernel)) {
    for (const z of [x, y]) {
      for (let index = 0; index < z.rows.length; index++) mean[index % d] += z.rows[index];
    }
    for (let k = 0; k < d; k++) mean[k] /= x.count + y.count;
  }

  const centred = [x, y].map((z) => {
    const rows = new Float64Array(z.rows.length);
    for (let index = 0; index < rows.length; index++) rows[index] = z.rows[index] - mean[index % d];
    return { rows, count: z.count, width: d };
  });

  let largest = 0;
  for (const z of centred) for (const value of z.rows) largest = Math.max(largest, Math.abs(value));
  // All rows equal to the mean: any scale works.
  const scale = largest === 0 ? 1 : 2 ** -Math.max(-1023, Math.floor(Math.log2(largest)) + 1);
  for (const z of centred) for (let index = 0; index < z.rows.length; index++) z.rows[index] *= scale;

  checkBandwidthsForFloat32(kernel, scale);
  return { a: centred[0], b: centred[1], kernel: scaleKernel(kernel, scale) };
}

/** Throws unless every bandwidth or scale, multiplied by `scale`, is at least MIN_FLOAT32_BANDWIDTH. */
function checkBandwidthsForFloat32(kernel: Kernel, scale: number): void {
  if (kernel.type === 'polynomial') return;
  const [name, values] = kernel.type === 'rbf' ? ['kernel.bandwidths', kernel.bandwidths] : ['kernel.scales', kernel.scales];
  const least = MIN_FLOAT32_BANDWIDTH / scale;
  values.forEach((value, i) => {
    if (value < least) {
      throw new InvalidArgumentError(`${name}[${i}]`, `at least ${least.toPrecision(3)} (2^-60 times the largest |value| of the centred rows) for float32 blocks`, value, 'Use mmd2 (float64) for smaller bandwidths');
    }
  });
}

/** Returns the kernel whose values on rows multiplied by `scale` equal those of `kernel` on the original rows. */
function scaleKernel(kernel: Kernel, scale: number): Kernel {
  switch (kernel.type) {
    case 'rbf':
      return { ...kernel, bandwidths: kernel.bandwidths.map((sigma) => sigma * scale) };
    case 'imq':
      return { ...kernel, scales: kernel.scales.map((c) => c * scale) };
    case 'polynomial':
      return { ...kernel, gamma: (kernel.gamma ?? 1) / scale / scale };
  }
}

/** Sum of k over all ordered pairs of rows of `z` (diagonal left out when asked), from the upper block triangle. */
function symmetricSum(z: Rows, kernel: Kernel, blockRows: number, excludeDiagonal: boolean, progress: () => void): number {
  let total = 0;
  for (let i0 = 0; i0 < z.count; i0 += blockRows) {
    const left = blockTensor(z, i0, blockRows);
    try {
      for (let j0 = i0; j0 < z.count; j0 += blockRows) {
        const onDiagonal = i0 === j0;
        const right = onDiagonal ? left : blockTensor(z, j0, blockRows);
        try {
          const sum = blockSum(left, right, kernel, onDiagonal && excludeDiagonal);
          total += onDiagonal ? sum : 2 * sum;
        } finally {
          if (!onDiagonal) right.dispose();
        }
        progress();
      }
    } finally {
      left.dispose();
    }
  }
  return total;
}

function crossSum(a: Rows, b: Rows, kernel: Kernel, blockRows: number, progress: () => void): number {
  let total = 0;
  for (let i0 = 0; i0 < a.count; i0 += blockRows) {
    const left = blockTensor(a, i0, blockRows);
    try {
      for (let j0 = 0; j0 < b.count; j0 += blockRows) {
        const right = blockTensor(b, j0, blockRows);
        try {
          total += blockSum(left, right, kernel, false);
        } finally {
          right.dispose();
        }
        progress();
      }
    } finally {
      left.dispose();
    }
  }
  return total;
}

function blockTensor(z: Rows, start: number, blockRows: number): tf.Tensor2D {
  const end = Math.min(start + blockRows, z.count);
  return tf.tensor2d(Float32Array.from(z.rows.subarray(start * z.width, end * z.width)), [end - start, z.width]);
}

/**
 * Sums k(a_i, b_j) over one block pair and reads the result back. The RBF
 * sum uses exp(t) = elu(t) + 1 for t <= 0, which is about 3x faster than
 * tf.exp on the WASM backend, and adds the constants in float64.
 */
function blockSum(a: tf.Tensor2D, b: tf.Tensor2D, kernel: Kernel, excludeDiagonal: boolean): number {
  const [rows, columns] = [a.shape[0], b.shape[0]];

  if (kernel.type === 'rbf') {
    const bandwidths = kernel.bandwidths.length;
    const [shiftedSum, diagonalSum] = tf.tidy(() => {
      const distances = clampedSquaredDistances(a, b);
      const coefficients = tf.tensor2d(
        kernel.bandwidths.map((sigma) => -1 / (2 * sigma * sigma)),
        [1, bandwidths],
      );
      const shifted = tf.elu(tf.matMul(tf.reshape(distances, [rows * columns, 1]), coefficients));
      const diagonal = excludeDiagonal ? tf.sum(tf.gather(shifted, tf.range(0, rows * rows, rows + 1, 'int32')), 1) : tf.zeros([1]);
      return [partialSums(shifted), diagonal];
    });
    const values = [float64Sum(shiftedSum), float64Sum(diagonalSum)];

    const entries = excludeDiagonal ? rows * columns - rows : rows * columns;
    return values[0] - values[1] + bandwidths * entries;
  }

  const [valueSum, diagonalSum] = tf.tidy(() => {
    const argument = kernel.type === 'polynomial' ? (tf.matMul(a, tf.transpose(b)) as tf.Tensor2D) : clampedSquaredDistances(a, b);
    const values = evaluateKernel(argument, kernel).values;
    const diagonal = excludeDiagonal ? tf.gather(tf.reshape(values, [rows * columns]), tf.range(0, rows * rows, rows + 1, 'int32')) : tf.zeros([1]);
    return [partialSums(values), diagonal];
  });
  return float64Sum(valueSum) - float64Sum(diagonalSum);
}

/** Values summed on the backend in one float32 run; see the file comment. */
const BACKEND_RUN = 64;

/** Sums the values of `values` in runs of BACKEND_RUN, returning the run sums (and any leftover values as they are). */
function partialSums(values: tf.Tensor): tf.Tensor1D {
  const flat = tf.reshape(values, [-1]) as tf.Tensor1D;
  const size = flat.size;
  const whole = size - (size % BACKEND_RUN);
  if (whole === 0) return flat;

  const runs = tf.sum(tf.reshape(whole === size ? flat : tf.slice(flat, 0, whole), [whole / BACKEND_RUN, BACKEND_RUN]), 1) as tf.Tensor1D;
  return whole === size ? runs : (tf.concat([runs, tf.slice(flat, whole, size - whole)]) as tf.Tensor1D);
}

/** Reads a vector of partial sums and adds them in float64, then disposes it. */
function float64Sum(partials: tf.Tensor): number {
  const values = partials.dataSync();
  partials.dispose();
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}
