/**
 * Eigen-decomposition of real symmetric matrices by the cyclic Jacobi method:
 * sweeps of plane rotations, each zeroing one off-diagonal entry, until the
 * off-diagonal mass is negligible. It is slower than tridiagonal QR for large
 * matrices but simple, accurate to a few ulps in the eigenvalues, and fast
 * enough for the feature covariances used here (64 x 64 takes milliseconds).
 */
import { NumericalError } from '../../errors.js';

export interface SymmetricEigen {
  /** Eigenvalues in ascending order. */
  readonly values: Float64Array;
  /** Row-major n x n matrix whose column j is the unit eigenvector of values[j]. */
  readonly vectors: Float64Array;
}

const MAX_SWEEPS = 100;

/**
 * Decomposes the symmetric n x n row-major matrix `matrix` (only its values
 * are read; the upper and lower triangles should agree) as V diag(values) V^T.
 * Throws NumericalError if the rotations do not converge, which only happens
 * for NaN or infinite entries.
 */
export function symmetricEigen(matrix: ArrayLike<number>, n: number): SymmetricEigen {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;

  // Converged when the off-diagonal mass is at rounding level relative to the whole matrix.
  const tolerance = 1e-30 * frobeniusNormSquared(a);
  for (let sweep = 0; sweep < MAX_SWEEPS && !(offDiagonalSquared(a, n) <= tolerance); sweep++) {
    rotationSweep(a, v, n);
  }
  if (!(offDiagonalSquared(a, n) <= tolerance)) {
    throw new NumericalError(`Jacobi eigen-decomposition of a ${n} x ${n} matrix did not converge in ${MAX_SWEEPS} sweeps; check the matrix for NaN or infinite entries`);
  }

  return sortAscending(a, v, n);
}

/** Performs one cyclic sweep: a rotation for every pair p < q with a non-zero entry. */
function rotationSweep(a: Float64Array, v: Float64Array, n: number): void {
  for (let p = 0; p < n - 1; p++) {
    for (let q = p + 1; q < n; q++) {
      const apq = a[p * n + q];
      if (apq === 0) continue;

      // The rotation angle phi solves cot(2 phi) = theta; t = tan(phi) is the smaller root of t^2 + 2 theta t - 1 = 0.
      const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
      const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1);
      const s = t * c;

      // A <- J^T A J, applied to columns p and q, then to rows p and q.
      for (let k = 0; k < n; k++) {
        const akp = a[k * n + p];
        const akq = a[k * n + q];
        a[k * n + p] = c * akp - s * akq;
        a[k * n + q] = s * akp + c * akq;
      }
      for (let k = 0; k < n; k++) {
        const apk = a[p * n + k];
        const aqk = a[q * n + k];
        a[p * n + k] = c * apk - s * aqk;
        a[q * n + k] = s * apk + c * aqk;
      }
      a[p * n + q] = 0;
      a[q * n + p] = 0;

      // V <- V J accumulates the eigenvectors as columns.
      for (let k = 0; k < n; k++) {
        const vkp = v[k * n + p];
        const vkq = v[k * n + q];
        v[k * n + p] = c * vkp - s * vkq;
        v[k * n + q] = s * vkp + c * vkq;
      }
    }
  }
}

function offDiagonalSquared(a: Float64Array, n: number): number {
  let sum = 0;
  for (let p = 0; p < n; p++) {
    for (let q = 0; q < n; q++) if (p !== q) sum += a[p * n + q] * a[p * n + q];
  }
  return sum;
}

function frobeniusNormSquared(a: Float64Array): number {
  let sum = 0;
  for (const value of a) sum += value * value;
  return sum;
}

function sortAscending(a: Float64Array, v: Float64Array, n: number): SymmetricEigen {
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i * n + i] - a[j * n + j]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((source, target) => {
    values[target] = a[source * n + source];
    for (let k = 0; k < n; k++) vectors[k * n + target] = v[k * n + source];
  });
  return { values, vectors };
}
