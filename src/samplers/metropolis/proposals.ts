/**
 * Proposal distributions for Metropolis–Hastings: the Gaussian random walk
 * (a scale, per-coordinate scales or a full covariance) and the independence
 * proposal. Custom proposals implement `ProposalKernel` directly.
 */
import { standardNormal } from '../../distributions/standard.js';
import { InvalidArgumentError, NumericalError } from '../../errors.js';
import type { BitGenerator } from '../../random/types.js';
import { markBuiltInProposal, type ProposalKernel } from './kernel.js';
import { allocatePosition, copyPosition } from './positions.js';

export interface RandomWalkOptions {
  readonly dimension: number;
  /** One standard deviation for every coordinate, or one per coordinate. Default 1. */
  readonly scale?: number | ArrayLike<number>;
  /** Row-major dimension x dimension covariance; replaces `scale` when given. */
  readonly covariance?: ArrayLike<number>;
}

/** Gaussian random walk y = x + L z with z standard normal and L L^T the covariance. Symmetric. */
export function randomWalk(options: RandomWalkOptions): ProposalKernel & { readonly cholesky: Float64Array } {
  const dimension = options.dimension;
  if (!(Number.isInteger(dimension) && dimension >= 1)) {
    throw new InvalidArgumentError('dimension', 'a positive integer', dimension);
  }
  const cholesky = options.covariance !== undefined ? choleskyFactor(options.covariance, dimension) : diagonalFactor(options.scale ?? 1, dimension);
  const noise = new Float64Array(dimension);
  const scales = diagonalOf(cholesky, dimension);

  if (scales !== undefined) {
    // A diagonal factor needs d products instead of d (d + 1) / 2.
    return markBuiltInProposal({
      symmetric: true,
      cholesky,
      propose(rng: BitGenerator, current: Float64Array): Float64Array {
        const next = copyPosition(current);
        for (let i = 0; i < dimension; i++) next[i] += scales[i] * standardNormal(rng);
        return next;
      },
    });
  }

  return markBuiltInProposal({
    symmetric: true,
    cholesky,
    propose(rng: BitGenerator, current: Float64Array): Float64Array {
      for (let i = 0; i < dimension; i++) noise[i] = standardNormal(rng);
      const next = copyPosition(current);
      for (let i = 0; i < dimension; i++) {
        let shift = 0;
        for (let j = 0; j <= i; j++) shift += cholesky[i * dimension + j] * noise[j];
        next[i] += shift;
      }
      return next;
    },
  });
}

/** A distribution usable as an independence proposal: 1-D (number draws) or d-D (array draws). */
export interface IndependenceDistribution {
  sample(rng: BitGenerator): number | Float64Array;
  logPdf(x: number & ArrayLike<number>): number;
}

/**
 * Independence proposal: y is drawn from `distribution` whatever the current
 * point. It is not symmetric, so the kernel applies the Hastings correction
 * log q(x) - log q(y).
 */
export function independence(distribution: IndependenceDistribution): ProposalKernel {
  if (distribution == null || typeof distribution.sample !== 'function' || typeof distribution.logPdf !== 'function') {
    throw new InvalidArgumentError('distribution', 'an object with sample(rng) and logPdf(x) methods', distribution);
  }
  const logPdf = distribution.logPdf.bind(distribution) as (x: unknown) => number;

  return markBuiltInProposal({
    symmetric: false,
    propose(rng: BitGenerator, current: Float64Array): Float64Array {
      const draw = distribution.sample(rng);
      let next: Float64Array;
      if (typeof draw === 'number') {
        next = allocatePosition(1);
        next[0] = draw;
      } else {
        next = Float64Array.from(draw);
      }
      if (next.length !== current.length) {
        throw new InvalidArgumentError('distribution', `draws of dimension ${current.length}`, `draws of dimension ${next.length}`);
      }
      return next;
    },
    logDensity(to: Float64Array): number {
      return to.length === 1 ? logPdf(to[0]) : logPdf(to);
    },
  });
}

/** Returns the diagonal of a lower-triangular factor when every entry below it is 0, otherwise undefined. */
function diagonalOf(factor: Float64Array, dimension: number): Float64Array | undefined {
  const diagonal = new Float64Array(dimension);
  for (let i = 0; i < dimension; i++) {
    for (let j = 0; j < i; j++) if (factor[i * dimension + j] !== 0) return undefined;
    diagonal[i] = factor[i * dimension + i];
  }
  return diagonal;
}

function diagonalFactor(scale: number | ArrayLike<number>, dimension: number): Float64Array {
  const factor = new Float64Array(dimension * dimension);
  for (let i = 0; i < dimension; i++) {
    const value = typeof scale === 'number' ? scale : scale[i];
    if (!(value > 0 && value < Infinity)) {
      throw new InvalidArgumentError(typeof scale === 'number' ? 'scale' : `scale[${i}]`, 'a positive finite number', value);
    }
    factor[i * dimension + i] = value;
  }
  if (typeof scale !== 'number' && scale.length !== dimension) {
    throw new InvalidArgumentError('scale', `a number or an array of ${dimension} numbers`, scale);
  }
  return factor;
}

/**
 * Lower-triangular L with L L^T = covariance (row-major). Throws unless the
 * matrix is symmetric and positive definite.
 */
export function choleskyFactor(covariance: ArrayLike<number>, dimension: number): Float64Array {
  if (covariance.length !== dimension * dimension) {
    throw new InvalidArgumentError('covariance', `a row-major ${dimension} x ${dimension} matrix (${dimension * dimension} numbers)`, covariance);
  }
  for (let i = 0; i < covariance.length; i++) {
    if (!Number.isFinite(covariance[i])) {
      throw new InvalidArgumentError(`covariance[${i}]`, 'a finite number', covariance[i]);
    }
  }
  for (let i = 0; i < dimension; i++) {
    for (let j = 0; j < i; j++) {
      const a = covariance[i * dimension + j];
      const b = covariance[j * dimension + i];
      if (!(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b)))) {
        throw new InvalidArgumentError('covariance', 'a symmetric matrix', `entries (${i}, ${j}) = ${a} and (${j}, ${i}) = ${b}`);
      }
    }
  }

  const factor = new Float64Array(dimension * dimension);
  for (let i = 0; i < dimension; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = covariance[i * dimension + j];
      for (let k = 0; k < j; k++) sum -= factor[i * dimension + k] * factor[j * dimension + k];
      if (i === j) {
        if (!(sum > 0)) {
          throw new NumericalError(`covariance is not positive definite (pivot ${i} is ${sum}); add a small multiple of the identity`);
        }
        factor[i * dimension + i] = Math.sqrt(sum);
      } else {
        factor[i * dimension + j] = sum / factor[j * dimension + j];
      }
    }
  }
  return factor;
}
