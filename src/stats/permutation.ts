/**
 * Permutation tests for two-sample statistics of the MMD form
 * (MMD^2 with any kernel, and the energy distance).
 *
 * Under the null hypothesis the pooled rows are exchangeable, so the
 * statistic of a random relabelling is a draw from its null distribution.
 * With K relabellings and c of them at least as large as the observed
 * statistic, the p-value is (1 + c) / (1 + K). It is never 0, and the test
 * has exact level (Phipson and Smyth, "Permutation p-values should never be
 * zero", Statistical Applications in Genetics and Molecular Biology 9, 2010).
 *
 * Memory rule: the pooled N x N matrix of kernel values (8 N^2 bytes) is
 * built once and reused by every relabelling when it fits in
 * `maxMatrixBytes` (default 1 GiB, so N <= 11,585). Each relabelling then
 * costs O(min(n, m)^2) additions. Above that, every relabelling recomputes
 * the three kernel sums in tiles: O(N^2 d) time each, O(tile^2) memory.
 *
 * The biased statistic of every relabelling is clamped at 0 as `mmd2`
 * clamps it, and an observed statistic that is not finite raises
 * NumericalError before any relabelling runs, so no p-value is ever
 * reported beside NaN or infinity.
 *
 * The pair function may give every pair of distinct rows the same value: an
 * RBF bandwidth so small that every off-diagonal value underflows to 0, or
 * so large that every one rounds to 1. Then the statistic cannot depend on
 * the data, and the result carries a warning that the test has no power.
 */
import { InvalidArgumentError } from '../errors.js';
import type { BitGenerator } from '../random/types.js';
import { boundedInt } from '../random/uniform.js';
import { positiveInteger } from '../validate.js';
import { checkStatistic, mmd2Evaluated } from './mmd.js';
import { evaluatorAt, offDiagonalRange, pairMatrix, type Matrix, type PairEvaluator, type PairFunction } from './pairwise.js';
import { scaleForRange, scaleRows, stackRows } from './rows.js';

export interface PermutationOptions {
  /** Number of random relabellings K; default 1000. */
  readonly permutations?: number;
  /** The permutation stream; use it for nothing else. */
  readonly rng: BitGenerator;
  /** Largest pooled kernel matrix kept in memory, in bytes; default 2^30. 0 always recomputes. */
  readonly maxMatrixBytes?: number;
  /**
   * Called after the kernel matrix is built (`done` = 0) and then after
   * relabellings, with the number done and the total, at most about 200 times
   * in all plus once at the end.
   */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface PermutationTestResult {
  /** The statistic of the observed split. */
  readonly statistic: number;
  /** (1 + exceedances) / (1 + permutations). */
  readonly pValue: number;
  readonly permutations: number;
  /** Relabellings whose statistic was at least the observed one. */
  readonly exceedances: number;
  readonly n: number;
  readonly m: number;
  /** `matrix` when the pooled kernel matrix was reused, `recompute` otherwise. */
  readonly strategy: 'matrix' | 'recompute';
  /** Problems that make the p-value uninformative, e.g. a kernel that gives every pair of rows the same value. Empty when there are none. */
  readonly warnings: readonly string[];
}

export const DEFAULT_PERMUTATIONS = 1000;
export const DEFAULT_MAX_MATRIX_BYTES = 2 ** 30;

/**
 * Runs a permutation test of MMD^2 (`unbiased` or `biased`) with the pair
 * function `f`, on already checked matrices. `constantPairAdvice` returns
 * the advice added to the no-power warning, e.g. which bandwidths to use.
 */
export function permutationTest(
  a: Matrix,
  b: Matrix,
  f: PairFunction,
  estimator: 'unbiased' | 'biased',
  options: PermutationOptions,
  constantPairAdvice?: () => string,
): PermutationTestResult {
  const permutations = positiveInteger('permutations', options.permutations ?? DEFAULT_PERMUTATIONS);
  if (options.rng == null || typeof options.rng.nextUint32 !== 'function') {
    throw new InvalidArgumentError('rng', 'a BitGenerator for the permutation stream', options.rng, 'Create one with createGenerator(name, seed)');
  }
  const least = estimator === 'unbiased' ? 2 : 1;
  if (a.count < least || b.count < least) {
    throw new InvalidArgumentError('x and y', `at least ${least} rows each for the ${estimator} estimator`, [a.count, b.count]);
  }
  const maxBytes = options.maxMatrixBytes ?? DEFAULT_MAX_MATRIX_BYTES;
  if (typeof maxBytes !== 'number' || !(maxBytes >= 0)) {
    throw new InvalidArgumentError('maxMatrixBytes', 'a non-negative number of bytes (0 recomputes the kernel sums for every relabelling)', maxBytes);
  }

  const unscaled = stackRows(a, b);
  const scale = scaleForRange(unscaled);
  const pooled = scaleRows(unscaled, scale);
  const evaluator = evaluatorAt(f, scale);
  const N = pooled.count;
  const strategy = matrixBytes(N) <= maxBytes ? 'matrix' : 'recompute';
  const K = strategy === 'matrix' ? pairMatrix(pooled, evaluator) : undefined;
  const statisticOf = K !== undefined ? matrixStatistic(K, N, a.count, estimator) : recomputedStatistic(pooled, a.count, evaluator, estimator);

  const order = Int32Array.from({ length: N }, (_, i) => i);
  const statistic = checkStatistic(statisticOf(order), f);
  const [lowestPairValue, highestPairValue] = K !== undefined ? matrixOffDiagonalRange(K, N) : offDiagonalRange(pooled, evaluator);
  const warnings = lowestPairValue === highestPairValue ? [constantPairWarning(f, lowestPairValue, constantPairAdvice)] : [];
  const report = progressReporter(permutations, options.onProgress);
  report(0);

  let exceedances = 0;
  for (let k = 0; k < permutations; k++) {
    shuffleFirst(order, a.count, options.rng);
    if (statisticOf(order) >= statistic) exceedances++;
    report(k + 1);
  }

  return {
    statistic,
    pValue: (1 + exceedances) / (1 + permutations),
    permutations,
    exceedances,
    n: a.count,
    m: b.count,
    strategy,
    warnings,
  };
}

function constantPairWarning(f: PairFunction, value: number, advice: (() => string) | undefined): string {
  const warning =
    `every pair of distinct rows gets the same value, ${value}, from ${f.description}, so the statistic does not depend on which rows are x and which are y. ` +
    'The test has no power: its p-value is about 1 whatever the data';
  return advice === undefined ? warning : `${warning}. ${advice()}`;
}

/** Returns the least and the largest entry of the N x N matrix K off its diagonal. */
function matrixOffDiagonalRange(K: Float64Array, N: number): [number, number] {
  let least = Infinity;
  let largest = -Infinity;
  for (let i = 0; i < N; i++) {
    for (let j = i + 1; j < N; j++) {
      const value = K[i * N + j];
      if (value < least) least = value;
      if (value > largest) largest = value;
    }
  }
  return [least, largest];
}

/** Bytes of the pooled kernel matrix for N rows: 8 N^2. */
export function matrixBytes(pooledRows: number): number {
  return 8 * pooledRows * pooledRows;
}

/** Calls `onProgress` at 0, at every 1/200 of the total and at the end. */
function progressReporter(total: number, onProgress: ((done: number, total: number) => void) | undefined): (done: number) => void {
  if (onProgress == null) return () => {};
  const step = Math.max(1, Math.floor(total / 200));
  return (done) => {
    if (done % step === 0 || done === total) onProgress(done, total);
  };
}

/**
 * Shuffles `order` enough that its first `count` entries are a uniformly
 * random subset (partial Fisher-Yates; any starting order works).
 */
function shuffleFirst(order: Int32Array, count: number, rng: BitGenerator): void {
  const N = order.length;
  for (let i = 0; i < Math.min(count, N - 1); i++) {
    const j = i + boundedInt(rng, N - i);
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
}

/**
 * Builds the statistic for the split "first n entries of `order` are x" from
 * the pooled matrix K. With S the summed entries of the x-x block (diagonal
 * included), R the summed row sums of the x rows, T the sum of K and D the
 * x diagonal: Sxy = R - S, Syy = T - S - 2 Sxy. Only the smaller group's
 * block is summed, over sorted indices so that a repeated split gives a
 * bit-identical statistic.
 */
function matrixStatistic(K: Float64Array, N: number, n: number, estimator: 'unbiased' | 'biased'): (order: Int32Array) => number {
  const m = N - n;

  const rowSums = new Float64Array(N);
  let total = 0;
  let trace = 0;
  for (let i = 0; i < N; i++) {
    let sum = 0;
    for (let j = 0; j < N; j++) sum += K[i * N + j];
    rowSums[i] = sum;
    total += sum;
    trace += K[i * N + i];
  }

  const unbiased = estimator === 'unbiased';
  const smallIsX = n <= m;
  const size = smallIsX ? n : m;
  const members = new Int32Array(size);

  return (order) => {
    // The smaller group is the first `size` entries when it is x, the last ones when it is y.
    members.set(smallIsX ? order.subarray(0, n) : order.subarray(n));
    members.sort();

    let block = 0;
    let rows = 0;
    let diagonal = 0;
    for (let p = 0; p < size; p++) {
      const i = members[p];
      const offset = i * N;
      let partial = 0;
      for (let q = p + 1; q < size; q++) partial += K[offset + members[q]];
      block += 2 * partial + K[offset + i];
      rows += rowSums[i];
      diagonal += K[offset + i];
    }

    const cross = rows - block;
    const other = total - block - 2 * cross;
    const otherDiagonal = trace - diagonal;
    const [sxx, syy, dxx, dyy] = smallIsX ? [block, other, diagonal, otherDiagonal] : [other, block, otherDiagonal, diagonal];

    const withinX = unbiased ? (sxx - dxx) / (n * (n - 1)) : sxx / (n * n);
    const withinY = unbiased ? (syy - dyy) / (m * (m - 1)) : syy / (m * m);
    const statistic = withinX + withinY - (2 * cross) / (n * m);
    return unbiased ? statistic : Math.max(0, statistic);
  };
}

/** Builds the statistic for a split that recomputes it from the rows in tiles (no N x N matrix). */
function recomputedStatistic(pooled: Matrix, n: number, f: PairEvaluator, estimator: 'unbiased' | 'biased'): (order: Int32Array) => number {
  const d = pooled.width;
  const N = pooled.count;
  const x = new Float64Array(n * d);
  const y = new Float64Array((N - n) * d);

  return (order) => {
    const xOrder = Int32Array.from(order.subarray(0, n)).sort();
    const yOrder = Int32Array.from(order.subarray(n)).sort();
    xOrder.forEach((row, i) => x.set(pooled.rows.subarray(row * d, row * d + d), i * d));
    yOrder.forEach((row, i) => y.set(pooled.rows.subarray(row * d, row * d + d), i * d));
    return mmd2Evaluated({ rows: x, count: n, width: d }, { rows: y, count: N - n, width: d }, f, estimator);
  };
}
