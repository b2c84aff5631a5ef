/**
 * Pairwise kernel sums and matrices in float64, computed in tiles so that
 * memory stays O(tile^2) however many rows there are.
 *
 * A tile pairs up to `tileRowsFor(width)` rows of each side. Within a tile
 * every squared distance is summed from differences, sum_k (a_k - b_k)^2.
 * That form is exact for identical rows and never negative, unlike
 * ||a||^2 + ||b||^2 - 2 <a, b>.
 */
import { describeKernel, isDistanceKernel, scaledKernelFunction, type Kernel } from './kernels.js';

export interface Matrix {
  readonly rows: Float64Array;
  readonly count: number;
  readonly width: number;
}

/**
 * A function of a pair of rows, given as a function of the squared distance
 * (`distance`) or of the inner product (`product`), ready to evaluate.
 */
export interface PairEvaluator {
  readonly argument: 'distance' | 'product';
  readonly value: (argument: number) => number;
}

/**
 * A function of a pair of rows that can be evaluated on rescaled rows: the
 * two-sample code multiplies rows by a power of 2 (see `scaleForRange`)
 * when their squared distances would overflow or underflow.
 */
export interface PairFunction {
  readonly argument: 'distance' | 'product';
  /** Returns f of the unscaled rows as a function of the argument computed from rows multiplied by `rowScale`. */
  readonly atScale: (rowScale: number) => (argument: number) => number;
  /** Names f in error messages, e.g. `rbf(sigma=1,2)`. */
  readonly description: string;
  /** The advice an overflow error gives, e.g. `Rescale the data`. */
  readonly overflowHint: string;
}

/** The pair function of a checked kernel. */
export function kernelPairFunction(kernel: Kernel): PairFunction {
  return {
    argument: isDistanceKernel(kernel) ? 'distance' : 'product',
    atScale: (rowScale) => scaledKernelFunction(kernel, rowScale),
    description: `the ${describeKernel(kernel)} kernel`,
    overflowHint: kernel.type === 'polynomial' ? 'Lower the degree or gamma, or rescale the data' : 'Rescale the data',
  };
}

/** k(a, b) = -||a - b||: the pair function whose biased MMD^2 is the energy distance. */
export const NEGATIVE_DISTANCE: PairFunction = {
  argument: 'distance',
  // sqrt(s^2 r) / s = sqrt(r), exact for s a power of 2.
  atScale: (rowScale) => (r) => -Math.sqrt(r) / rowScale,
  description: 'the Euclidean distances of the energy distance',
  overflowHint: 'Rescale the data so that sums of pairwise distances stay below 1e308',
};

/** Evaluates `f` for rows multiplied by `rowScale`. */
export function evaluatorAt(f: PairFunction, rowScale: number): PairEvaluator {
  return { argument: f.argument, value: f.atScale(rowScale) };
}

/** Rows per tile: about 256 KiB of each side's rows, between 16 and 512 rows. */
export function tileRowsFor(width: number): number {
  return Math.max(16, Math.min(512, Math.floor(32768 / width)));
}

/**
 * Sum of f(a_i, b_j) over all pairs. With `a === b` (one sample against
 * itself) only one triangle is computed, and `excludeDiagonal` leaves out
 * the i = j terms.
 */
export function pairSum(a: Matrix, b: Matrix, f: PairEvaluator, excludeDiagonal = false): number {
  const symmetric = a === b;
  const tile = tileRowsFor(a.width);
  // Sized for the rows there are: a permutation test on small samples calls this thousands of times.
  const buffer = new Float64Array(Math.min(tile, a.count) * Math.min(tile, b.count));
  let total = 0;

  for (let i0 = 0; i0 < a.count; i0 += tile) {
    const i1 = Math.min(i0 + tile, a.count);
    for (let j0 = symmetric ? i0 : 0; j0 < b.count; j0 += tile) {
      const j1 = Math.min(j0 + tile, b.count);
      fillTile(a, i0, i1, b, j0, j1, f, buffer);

      const columns = j1 - j0;
      let tileSum = 0;
      for (let i = i0; i < i1; i++) {
        const offset = (i - i0) * columns;
        if (symmetric && i0 === j0) {
          // Diagonal tile: count j > i twice, and j = i once unless excluded.
          for (let j = i + 1; j < j1; j++) tileSum += 2 * buffer[offset + (j - j0)];
          if (!excludeDiagonal) tileSum += buffer[offset + (i - j0)];
        } else {
          for (let j = 0; j < columns; j++) tileSum += buffer[offset + j];
        }
      }
      total += symmetric && i0 !== j0 ? 2 * tileSum : tileSum;
    }
  }
  return total;
}

/**
 * Computes the full symmetric count x count matrix of f over the rows of
 * `z`, row-major. Memory: 8 count^2 bytes.
 */
export function pairMatrix(z: Matrix, f: PairEvaluator): Float64Array {
  const n = z.count;
  const matrix = new Float64Array(n * n);
  const tile = tileRowsFor(z.width);
  const buffer = new Float64Array(Math.min(tile, n) ** 2);

  for (let i0 = 0; i0 < n; i0 += tile) {
    const i1 = Math.min(i0 + tile, n);
    for (let j0 = i0; j0 < n; j0 += tile) {
      const j1 = Math.min(j0 + tile, n);
      fillTile(z, i0, i1, z, j0, j1, f, buffer);

      const columns = j1 - j0;
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < j1; j++) {
          const value = buffer[(i - i0) * columns + (j - j0)];
          matrix[i * n + j] = value;
          matrix[j * n + i] = value;
        }
      }
    }
  }
  return matrix;
}

/** Returns the least and the largest f(z_i, z_j) over pairs i < j, computed in tiles without storing the matrix. */
export function offDiagonalRange(z: Matrix, f: PairEvaluator): [number, number] {
  const n = z.count;
  const tile = tileRowsFor(z.width);
  const buffer = new Float64Array(Math.min(tile, n) ** 2);
  let least = Infinity;
  let largest = -Infinity;

  for (let i0 = 0; i0 < n; i0 += tile) {
    const i1 = Math.min(i0 + tile, n);
    for (let j0 = i0; j0 < n; j0 += tile) {
      const j1 = Math.min(j0 + tile, n);
      fillTile(z, i0, i1, z, j0, j1, f, buffer);

      const columns = j1 - j0;
      for (let i = i0; i < i1; i++) {
        for (let j = Math.max(j0, i + 1); j < j1; j++) {
          const value = buffer[(i - i0) * columns + (j - j0)];
          if (value < least) least = value;
          if (value > largest) largest = value;
        }
      }
    }
  }
  return [least, largest];
}

/** Fills `out` (row-major, (i1 - i0) x (j1 - j0)) with f(a_i, b_j). */
export function fillTile(a: Matrix, i0: number, i1: number, b: Matrix, j0: number, j1: number, f: PairEvaluator, out: Float64Array): void {
  const d = a.width;
  const columns = j1 - j0;
  const left = a.rows;
  const right = b.rows;
  const distance = f.argument === 'distance';
  const value = f.value;

  for (let i = i0; i < i1; i++) {
    const rowA = i * d;
    const outRow = (i - i0) * columns;
    for (let j = j0; j < j1; j++) {
      const rowB = j * d;
      let sum = 0;
      if (distance) {
        for (let k = 0; k < d; k++) {
          const difference = left[rowA + k] - right[rowB + k];
          sum += difference * difference;
        }
      } else {
        for (let k = 0; k < d; k++) sum += left[rowA + k] * right[rowB + k];
      }
      out[outRow + (j - j0)] = value(sum);
    }
  }
}
