/**
 * Maps between model space (what networks see) and data space (the user's
 * units), driven by the JSON-serialisable `DataTransform` saved with a model.
 */
import { InvalidArgumentError } from '../errors.js';
import type { DataTransform } from './types.js';

/**
 * Returns the function that maps model-space rows back to data units, in
 * float64. `identity` copies, and `standardize` computes `row * std + mean`
 * per column, where a column of std 0 returns its mean whatever the row
 * contains. `pixels` maps [-1, 1] to intensities in [0, 1], clipping outside values.
 */
export function dataSpaceMapper(transform: DataTransform): (rows: Float32Array) => Float64Array {
  switch (transform.type) {
    case 'identity':
      return (rows) => Float64Array.from(rows);

    case 'standardize': {
      const { mean, std } = transform;
      if (mean.length !== std.length || mean.length === 0) {
        throw new InvalidArgumentError('transform', 'a standardize transform with one mean and one std per column', transform);
      }
      return (rows) => unstandardize(rows, mean, std);
    }

    case 'pixels':
      return (rows) => Float64Array.from(rows, (value) => Math.min(1, Math.max(0, (value + 1) / 2)));

    default:
      throw new InvalidArgumentError('transform.type', 'one of "identity", "standardize", "pixels"', (transform as { type: unknown }).type);
  }
}

/**
 * Column means and standard deviations (population std) of row-major float64
 * rows. A column whose values are all equal gets exactly that value as mean
 * and std 0. Each column is scaled by a power of two near its largest
 * magnitude, which is exact, so values up to the float64 limit (1e200, say)
 * give finite moments instead of overflowing in the sum of squares.
 */
export function columnMoments(rows: ArrayLike<number>, count: number, width: number): { mean: number[]; std: number[] } {
  const mean = new Array<number>(width).fill(0);
  const std = new Array<number>(width).fill(0);
  for (let column = 0; column < width; column++) {
    const moments = oneColumnMoments(rows, count, width, column);
    mean[column] = moments.mean;
    std[column] = moments.std;
  }
  return { mean, std };
}

function oneColumnMoments(rows: ArrayLike<number>, count: number, width: number, column: number): { mean: number; std: number } {
  let minimum = Infinity;
  let maximum = -Infinity;
  for (let row = 0; row < count; row++) {
    const value = rows[row * width + column];
    if (value < minimum) minimum = value;
    if (value > maximum) maximum = value;
  }
  if (minimum === maximum) return { mean: minimum, std: 0 };

  const largest = Math.max(Math.abs(minimum), Math.abs(maximum));
  const scale = 2 ** Math.floor(Math.log2(largest));

  let sum = 0;
  for (let row = 0; row < count; row++) sum += rows[row * width + column] / scale;
  let scaledMean = sum / count;

  // A second pass over the deviations corrects the rounding of the first mean
  // (the corrected two-pass algorithm), which matters for large offsets such as timestamps.
  let deviationSum = 0;
  let squareSum = 0;
  for (let row = 0; row < count; row++) {
    const deviation = rows[row * width + column] / scale - scaledMean;
    deviationSum += deviation;
    squareSum += deviation * deviation;
  }
  const variance = Math.max(0, (squareSum - (deviationSum * deviationSum) / count) / count);
  scaledMean += deviationSum / count;

  return { mean: scaledMean * scale, std: Math.sqrt(variance) * scale };
}

/**
 * Returns `(value - mean) / std` per column as float32, the precision the
 * networks use; the subtraction and division run in float64, so a column with
 * a large offset keeps its spread. A column of std 0 maps to 0.
 */
export function standardizeRows(rows: ArrayLike<number>, mean: readonly number[], std: readonly number[]): Float32Array {
  const width = mean.length;
  const output = new Float32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const column = i % width;
    output[i] = std[column] === 0 ? 0 : (rows[i] - mean[column]) / std[column];
  }
  return output;
}

function unstandardize(rows: Float32Array, mean: readonly number[], std: readonly number[]): Float64Array {
  const width = mean.length;
  if (rows.length % width !== 0) {
    throw new InvalidArgumentError('rows.length', `a multiple of the ${width} columns of the transform`, rows.length);
  }

  const output = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const column = i % width;
    output[i] = std[column] === 0 ? mean[column] : rows[i] * std[column] + mean[column];
  }
  return output;
}
