/**
 * The multivariate normal distribution N(mean, cov) on R^d, SciPy's
 * `multivariate_normal`:
 * pdf(x) = exp(-(x - mean)' cov^-1 (x - mean) / 2) / sqrt((2 pi)^d det(cov)).
 * The covariance must be symmetric positive definite (SciPy's
 * `allow_singular=True` has no counterpart here).
 */
import { InvalidArgumentError } from '../errors.js';
import type { BitGenerator } from '../random/types.js';
import { finite, nonNegativeInteger, notNaNEntry } from '../validate.js';
import { checkOptionNames } from './discrete-base.js';
import { twoProduct } from './saddle-point.js';
import { fillStandardNormal, standardNormal } from './standard.js';
import type { MultivariateDistribution } from './types.js';

export interface MultivariateNormalOptions {
  /** Mean vector of length d. */
  readonly mean: ArrayLike<number>;
  /** Covariance matrix, d x d, as d rows or flat in row-major order. */
  readonly cov: ArrayLike<number> | ArrayLike<ArrayLike<number>>;
}

const LOG_2PI = 1.8378770664093453; // log(2 pi)

/** Largest allowed |cov[i][j] - cov[j][i]|, relative to the largest of the two entries and their diagonals. */
const SYMMETRY_TOLERANCE = 1e-10;

export class MultivariateNormal implements MultivariateDistribution {
  readonly kind = 'multivariate' as const;
  readonly name = 'multivariate-normal';
  readonly dimension: number;
  readonly mean: Float64Array;
  /** The covariance, row-major, made exactly symmetric from its lower triangle. */
  readonly covariance: Float64Array;
  /** Lower-triangular Cholesky factor L with L L' = covariance, row-major. */
  readonly choleskyFactor: Float64Array;
  /** log det(covariance) = 2 sum log L[i][i]. */
  readonly logDeterminant: number;

  constructor(options: MultivariateNormalOptions) {
    checkOptionNames('multivariate-normal', options, ['mean', 'cov']);
    this.mean = readVector('mean', options.mean);
    this.dimension = this.mean.length;
    this.covariance = readSymmetricMatrix('cov', options.cov, this.dimension);
    this.choleskyFactor = choleskyFactor('cov', this.covariance, this.dimension);

    let logDeterminant = 0;
    for (let i = 0; i < this.dimension; i++) logDeterminant += Math.log(this.choleskyFactor[i * this.dimension + i]);
    this.logDeterminant = 2 * logDeterminant;
  }

  pdf(x: ArrayLike<number>): number {
    return Math.exp(this.logPdf(x));
  }

  /**
   * Computes -(d log 2 pi + log det + |z|^2) / 2 with z = L^-1 (x - mean) by
   * forward substitution, with compensated (Dot2) inner products.
   *
   * NOTE: the entries of L are rounded doubles, so the relative error still
   * grows like 1e-16 times the condition number of cov; the compensated sums
   * only remove the cancellation inside each step (exactly where L[0][0] = 1).
   */
  logPdf(x: ArrayLike<number>): number {
    const d = this.dimension;
    if (x == null || x.length !== d) {
      throw new InvalidArgumentError('x', `an array of length ${d}`, x);
    }

    const z = new Float64Array(d);
    let squaredNorm = 0;
    for (let i = 0; i < d; i++) {
      const [differenceHigh, differenceLow] = twoDifference(notNaNEntry('x', x, i), this.mean[i]);
      // z[i] = (x[i] - mean[i] - sum_{j<i} L[i][j] z[j]) / L[i][i], with the sum carried to twice the working precision.
      const [sumHigh, sumLow] = compensatedDot(this.choleskyFactor, i * d, z, i);
      z[i] = (differenceHigh - sumHigh + (differenceLow - sumLow)) / this.choleskyFactor[i * d + i];
      squaredNorm += z[i] * z[i];
    }
    return -0.5 * (d * LOG_2PI + this.logDeterminant + squaredNorm);
  }

  /** Draws mean + L z with z a vector of standard normals (ziggurat). */
  sample(rng: BitGenerator): Float64Array {
    const z = new Float64Array(this.dimension);
    for (let i = 0; i < z.length; i++) z[i] = standardNormal(rng);
    const out = new Float64Array(this.dimension);
    this.transform(z, 0, out, 0);
    return out;
  }

  /** Draws n rows into a row-major n x d array; the same values as n calls of `sample`. */
  sampleN(rng: BitGenerator, n: number): Float64Array {
    const d = this.dimension;
    const normals = fillStandardNormal(rng, new Float64Array(nonNegativeInteger('n', n) * d));
    const out = new Float64Array(normals.length);
    for (let row = 0; row < n; row++) this.transform(normals, row * d, out, row * d);
    return out;
  }

  private transform(z: Float64Array, zOffset: number, out: Float64Array, outOffset: number): void {
    const d = this.dimension;
    const factor = this.choleskyFactor;
    for (let i = 0; i < d; i++) {
      let value = this.mean[i];
      for (let j = 0; j <= i; j++) value += factor[i * d + j] * z[zOffset + j];
      out[outOffset + i] = value;
    }
  }
}

export function multivariateNormal(options: MultivariateNormalOptions): MultivariateNormal {
  return new MultivariateNormal(options);
}

/** Copies a non-empty vector of finite numbers; `name` is the argument named in errors. */
export function readVector(name: string, values: ArrayLike<number>): Float64Array {
  if (values == null || typeof values.length !== 'number' || values.length === 0 || typeof values === 'string') {
    throw new InvalidArgumentError(name, 'a non-empty array of finite numbers', values);
  }
  const vector = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) vector[i] = finite(`${name}[${i}]`, values[i]);
  return vector;
}

/**
 * Reads a d x d matrix given as d rows or d * d numbers in row-major order,
 * checks that it is finite and symmetric to within SYMMETRY_TOLERANCE, and
 * returns it made exactly symmetric from its lower triangle.
 */
function readSymmetricMatrix(name: string, values: ArrayLike<number> | ArrayLike<ArrayLike<number>>, d: number): Float64Array {
  const matrix = new Float64Array(d * d);
  const shapeRule = `a ${d} x ${d} matrix (${d} rows of ${d} numbers, or ${d * d} numbers in row-major order) to match the mean`;
  if (values == null || typeof values.length !== 'number') throw new InvalidArgumentError(name, shapeRule, values);

  if (values.length === d && d > 0 && typeof values[0] === 'object') {
    const rows = values as ArrayLike<ArrayLike<number>>;
    for (let i = 0; i < d; i++) {
      if (rows[i] == null || rows[i].length !== d) throw new InvalidArgumentError(name, shapeRule, values);
      for (let j = 0; j < d; j++) matrix[i * d + j] = finite(`${name}[${i}][${j}]`, rows[i][j]);
    }
  } else if (values.length === d * d) {
    const flat = values as ArrayLike<number>;
    for (let i = 0; i < d * d; i++) matrix[i] = finite(`${name}[${Math.floor(i / d)}][${i % d}]`, flat[i]);
  } else {
    throw new InvalidArgumentError(name, shapeRule, values);
  }

  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      const lower = matrix[i * d + j];
      const upper = matrix[j * d + i];
      const scale = Math.max(Math.abs(lower), Math.abs(upper), Math.abs(matrix[i * d + i]), Math.abs(matrix[j * d + j]));
      if (Math.abs(lower - upper) > SYMMETRY_TOLERANCE * scale) {
        throw new InvalidArgumentError(name, 'a symmetric matrix', values, `Entries [${i}][${j}] = ${lower} and [${j}][${i}] = ${upper} differ; pass a symmetric matrix such as (cov + cov') / 2`);
      }
      matrix[j * d + i] = lower;
    }
  }
  return matrix;
}

/**
 * Computes the Cholesky factor L (lower triangular, row-major) with L L' = matrix.
 * Each pivot matrix[j][j] - sum_k L[j][k]^2 and each off-diagonal inner
 * product is a compensated (Dot2) sum, so a nearly singular matrix keeps
 * its small pivots accurate. A pivot that is not positive means the matrix
 * is not positive definite, and the error names the row.
 */
function choleskyFactor(name: string, matrix: Float64Array, d: number): Float64Array {
  const factor = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    const [squaresHigh, squaresLow] = compensatedDot(factor, j * d, factor.subarray(j * d, j * d + j), j);
    const pivot = matrix[j * d + j] - squaresHigh - squaresLow;
    if (!(pivot > 0)) {
      throw new InvalidArgumentError(
        name,
        'a symmetric positive definite matrix',
        Array.from(matrix),
        `The Cholesky factorization found pivot ${pivot} at row ${j}; a covariance matrix needs every eigenvalue above 0`,
      );
    }
    const diagonal = Math.sqrt(pivot);
    factor[j * d + j] = diagonal;

    for (let i = j + 1; i < d; i++) {
      const [sumHigh, sumLow] = compensatedDot(factor, i * d, factor.subarray(j * d, j * d + j), j);
      factor[i * d + j] = (matrix[i * d + j] - sumHigh - sumLow) / diagonal;
    }
  }
  return factor;
}

/**
 * Computes sum_{k<count} rowSource[rowOffset + k] * vector[k] as an unevaluated pair
 * [high, low], by Ogita, Rump and Oishi's Dot2 ("Accurate sum and dot
 * product", SIAM J. Sci. Comput. 26(6), 2005): as accurate as a plain sum in
 * twice the working precision.
 */
function compensatedDot(rowSource: Float64Array, rowOffset: number, vector: ArrayLike<number>, count: number): [number, number] {
  let high = 0;
  let low = 0;
  for (let k = 0; k < count; k++) {
    const [product, productError] = twoProduct(rowSource[rowOffset + k], vector[k]);
    const sum = high + product;
    const virtual = sum - high;
    const sumError = (high - (sum - virtual)) + (product - virtual);
    high = sum;
    low += sumError + productError;
  }
  return [high, low];
}

/** Computes a - b as an unevaluated pair [high, low] (Knuth's TwoSum). */
function twoDifference(a: number, b: number): [number, number] {
  const high = a - b;
  const virtual = high - a;
  const low = (a - (high - virtual)) + (-b - virtual);
  return [high, low];
}
