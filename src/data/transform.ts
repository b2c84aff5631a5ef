/**
 * Maps between model space (what networks see) and data space (the user's
 * units), driven by the JSON-serialisable `DataTransform` saved with a model.
 */
import { InvalidArgumentError } from '../errors.js';
import type { DataTransform } from './types.js';

/**
 * Returns the function that maps model-space rows back to data units:
 * `identity` copies, `standardize` computes `row * std + mean` per column,
 * and `pixels` maps [-1, 1] to intensities in [0, 1], clipping outside values.
 */
export function dataSpaceMapper(transform: DataTransform): (rows: Float32Array) => Float32Array {
  switch (transform.type) {
    case 'identity':
      return (rows) => Float32Array.from(rows);

    case 'standardize': {
      const { mean, std } = transform;
      if (mean.length !== std.length || mean.length === 0) {
        throw new InvalidArgumentError('transform', 'a standardize transform with one mean and one std per column', transform);
      }
      return (rows) => unstandardize(rows, mean, std);
    }

    case 'pixels':
      return (rows) => rows.map((value) => Math.min(1, Math.max(0, (value + 1) / 2)));

    default:
      throw new InvalidArgumentError('transform.type', 'one of "identity", "standardize", "pixels"', (transform as { type: unknown }).type);
  }
}

/** Column means and standard deviations of row-major rows (population std). */
export function columnMoments(rows: ArrayLike<number>, count: number, width: number): { mean: number[]; std: number[] } {
  const mean = new Array<number>(width).fill(0);
  const std = new Array<number>(width).fill(0);

  for (let row = 0; row < count; row++) {
    for (let column = 0; column < width; column++) mean[column] += rows[row * width + column];
  }
  for (let column = 0; column < width; column++) mean[column] /= count;

  for (let row = 0; row < count; row++) {
    for (let column = 0; column < width; column++) {
      const deviation = rows[row * width + column] - mean[column];
      std[column] += deviation * deviation;
    }
  }
  for (let column = 0; column < width; column++) std[column] = Math.sqrt(std[column] / count);

  return { mean, std };
}

/** `(value - mean) / std` per column, in place. */
export function standardizeInPlace(rows: Float32Array, mean: readonly number[], std: readonly number[]): Float32Array {
  const width = mean.length;
  for (let i = 0; i < rows.length; i++) rows[i] = (rows[i] - mean[i % width]) / std[i % width];
  return rows;
}

function unstandardize(rows: Float32Array, mean: readonly number[], std: readonly number[]): Float32Array {
  const width = mean.length;
  if (rows.length % width !== 0) {
    throw new InvalidArgumentError('rows.length', `a multiple of the ${width} columns of the transform`, rows.length);
  }

  const output = new Float32Array(rows.length);
  for (let i = 0; i < rows.length; i++) output[i] = rows[i] * std[i % width] + mean[i % width];
  return output;
}
