/**
 * The Frechet distance between two sets of feature vectors, each summarised
 * by a Gaussian with the set's mean and covariance:
 *
 *   d^2 = |mu_a - mu_b|^2 + tr(S_a) + tr(S_b) - 2 tr((S_a S_b)^(1/2)).
 *
 * With Inception features this is the FID of Heusel et al. (2017); samplekit
 * uses the penultimate layer of its own digit classifier instead, so values
 * are comparable only between runs that use the same classifier.
 */
import { InvalidArgumentError } from '../../errors.js';
import { positiveInteger } from '../../validate.js';
import { symmetricEigen } from './eigen.js';

export interface FeatureStatistics {
  readonly dimension: number;
  readonly count: number;
  readonly mean: Float64Array;
  /** Row-major dimension x dimension sample covariance (divisor count - 1). */
  readonly covariance: Float64Array;
}

/** Computes the mean and sample covariance of row-major count x dimension features. */
export function featureStatistics(features: ArrayLike<number>, count: number, dimension: number): FeatureStatistics {
  positiveInteger('dimension', dimension);
  if (!Number.isSafeInteger(count) || count < 2) {
    throw new InvalidArgumentError('count', 'at least 2 feature vectors, so a covariance exists', count);
  }
  if (features.length !== count * dimension) {
    throw new InvalidArgumentError('features.length', `count * dimension (${count * dimension})`, features.length);
  }

  const mean = new Float64Array(dimension);
  for (let row = 0; row < count; row++) {
    for (let j = 0; j < dimension; j++) mean[j] += features[row * dimension + j];
  }
  for (let j = 0; j < dimension; j++) mean[j] /= count;

  const covariance = new Float64Array(dimension * dimension);
  const centred = new Float64Array(dimension);
  for (let row = 0; row < count; row++) {
    for (let j = 0; j < dimension; j++) centred[j] = features[row * dimension + j] - mean[j];
    for (let i = 0; i < dimension; i++) {
      const ci = centred[i];
      if (ci === 0) continue;
      for (let j = i; j < dimension; j++) covariance[i * dimension + j] += ci * centred[j];
    }
  }
  for (let i = 0; i < dimension; i++) {
    for (let j = i; j < dimension; j++) {
      const value = covariance[i * dimension + j] / (count - 1);
      covariance[i * dimension + j] = value;
      covariance[j * dimension + i] = value;
    }
  }

  return { dimension, count, mean, covariance };
}

/**
 * Computes the Frechet distance d^2 (a squared distance, as FID reports it)
 * between two feature summaries.
 *
 * tr((S_a S_b)^(1/2)) is computed as the sum of square roots of the
 * eigenvalues of the symmetric matrix S_a^(1/2) S_b S_a^(1/2), which has the
 * same eigenvalues as S_a S_b. S_a^(1/2) comes from the eigen-decomposition
 * of S_a. Both steps use symmetric eigen-decompositions, so no complex
 * arithmetic arises, and eigenvalues that rounding pushes below zero are
 * treated as zero. The result is clamped at 0 for the same reason.
 */
export function frechetDistanceFromStatistics(a: FeatureStatistics, b: FeatureStatistics): number {
  if (a.dimension !== b.dimension) {
    throw new InvalidArgumentError('feature dimensions', 'equal for both sets', [a.dimension, b.dimension]);
  }
  const n = a.dimension;

  let meanTerm = 0;
  for (let j = 0; j < n; j++) meanTerm += (a.mean[j] - b.mean[j]) ** 2;

  let traceTerm = 0;
  for (let j = 0; j < n; j++) traceTerm += a.covariance[j * n + j] + b.covariance[j * n + j];

  const rootA = symmetricSquareRoot(a.covariance, n);
  const product = multiply(multiply(rootA, b.covariance, n), rootA, n);
  symmetrize(product, n);

  let traceRoot = 0;
  for (const value of symmetricEigen(product, n).values) traceRoot += Math.sqrt(Math.max(0, value));

  return Math.max(0, meanTerm + traceTerm - 2 * traceRoot);
}

/** Computes the Frechet distance between two row-major feature sets of the same width. */
export function frechetDistance(
  a: ArrayLike<number>,
  countA: number,
  b: ArrayLike<number>,
  countB: number,
  dimension: number,
): number {
  return frechetDistanceFromStatistics(featureStatistics(a, countA, dimension), featureStatistics(b, countB, dimension));
}

/** Returns V diag(sqrt(max(lambda, 0))) V^T for a symmetric positive semi-definite matrix. */
function symmetricSquareRoot(matrix: Float64Array, n: number): Float64Array {
  const { values, vectors } = symmetricEigen(matrix, n);
  const root = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const scale = Math.sqrt(Math.max(0, values[k]));
    if (scale === 0) continue;
    for (let i = 0; i < n; i++) {
      const vik = vectors[i * n + k] * scale;
      for (let j = 0; j < n; j++) root[i * n + j] += vik * vectors[j * n + k];
    }
  }
  return root;
}

function multiply(left: Float64Array, right: Float64Array, n: number): Float64Array {
  const output = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const lik = left[i * n + k];
      if (lik === 0) continue;
      for (let j = 0; j < n; j++) output[i * n + j] += lik * right[k * n + j];
    }
  }
  return output;
}

function symmetrize(matrix: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const mean = (matrix[i * n + j] + matrix[j * n + i]) / 2;
      matrix[i * n + j] = mean;
      matrix[j * n + i] = mean;
    }
  }
}
