/**
 * Two-sample permutation tests on rows: the MMD test and the energy test.
 * Both take a permutation stream as `rng` (a BitGenerator) or as `seed`
 * (which seeds the default generator, xoshiro128**).
 */
import { InvalidArgumentError, NumericalError } from '../errors.js';
import { createGenerator, DEFAULT_GENERATOR } from '../random/index.js';
import type { BitGenerator, Seed } from '../random/types.js';
import { oneOf } from '../validate.js';
import { medianDistance } from './bandwidth.js';
import { checkKernel, type Kernel } from './kernels.js';
import { mmd2Matrices } from './mmd.js';
import { kernelPairFunction, type Matrix, NEGATIVE_DISTANCE } from './pairwise.js';
import { permutationTest, type PermutationTestResult } from './permutation.js';
import { checkSameWidth, toRowMatrix, type RowsInput } from './rows.js';

export interface PermutationStreamOptions {
  /** Number of random relabellings; default 1000. */
  readonly permutations?: number;
  /** The permutation stream. Give this or `seed`. */
  readonly rng?: BitGenerator;
  /** Seed for a fresh default generator, used when `rng` is absent. */
  readonly seed?: Seed;
  /** Largest pooled kernel matrix kept in memory, in bytes; default 2^30. 0 always recomputes. */
  readonly maxMatrixBytes?: number;
  /** Progress of the relabellings: called with the number done and the total (see `PermutationOptions`). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface MmdTestOptions extends PermutationStreamOptions {
  readonly kernel: Kernel;
  /** `unbiased` (default) or `biased`; the linear-time statistic has its own asymptotic test, not offered here. */
  readonly estimator?: 'unbiased' | 'biased';
}

/**
 * Tests whether `x` and `y` come from the same distribution with the MMD^2
 * statistic (see `mmd2` for the estimators) and random relabellings. The
 * p-value is (1 + c) / (1 + K), where c of the K relabellings reach the
 * observed statistic; it is never 0. `warnings` reports a kernel that gives
 * every pair of rows the same value (bandwidths far below or above the
 * distances between rows), with which the test has no power.
 */
export function mmdTest(x: RowsInput, y: RowsInput, options: MmdTestOptions): PermutationTestResult {
  if (options == null || options.kernel == null) {
    throw new InvalidArgumentError('options.kernel', 'a kernel', undefined, 'Pass e.g. { kernel: medianHeuristicKernel(x, y), seed: 0 }');
  }
  const kernel = checkKernel(options.kernel);
  const estimator = oneOf('estimator', options.estimator ?? 'unbiased', ['unbiased', 'biased'] as const);
  const [a, b] = checkedPair(x, y);

  const advice = () => kernelAdvice(kernel, a, b);
  return permutationTest(a, b, kernelPairFunction(kernel), estimator, { ...options, rng: permutationStream(options) }, advice);
}

/** Returns the no-power warning's advice: which kernel parameters would let the kernel tell rows apart. */
function kernelAdvice(kernel: Kernel, a: Matrix, b: Matrix): string {
  if (kernel.type === 'polynomial') return 'Raise gamma until gamma <x, y> is not negligible beside coef0';

  let median: number;
  try {
    // A fixed stream picks the rows when there are more than 1000, so the advice does not touch the permutation stream.
    median = medianDistance(a, b, { rng: createGenerator(DEFAULT_GENERATOR, 0) });
  } catch (error) {
    if (error instanceof NumericalError) return 'Every pooled row is identical, so no kernel can tell the samples apart';
    throw error;
  }
  const [name, scales] = kernel.type === 'rbf' ? ['bandwidths', kernel.bandwidths] : ['scales', kernel.scales];
  return (
    `The ${name} ${scales.join(', ')} are far from the median distance between pooled rows, ${median.toPrecision(3)}. ` +
    'The median heuristic puts them near it (medianHeuristicKernel, and samplekit compare without --bandwidths)'
  );
}

/**
 * Computes the energy distance (Szekely and Rizzo, "Testing for equal
 * distributions in high dimension", InterStat 2004),
 * 2 E||X - Y|| - E||X - X'|| - E||Y - Y'||, with every expectation estimated
 * by the mean over all pairs (V-statistic, i = j pairs included as zeros).
 * It equals the biased MMD^2 with k(a, b) = -||a - b||, and for one column
 * it is the square of `scipy.stats.energy_distance`.
 *
 * In exact arithmetic it is non-negative, and 0 when x and y contain the
 * same rows. In floating point the three means are summed in different
 * orders, so identical samples give a rounding residue instead of 0. A
 * negative residue is returned as 0. A positive one stays: in the tests it
 * is below 1e-13 for N(0, I) samples of 37 rows.
 */
export function energyDistance(x: RowsInput, y: RowsInput): number {
  const [a, b] = checkedPair(x, y);
  return mmd2Matrices(a, b, NEGATIVE_DISTANCE, 'biased');
}

/** Tests whether `x` and `y` come from the same distribution with the energy distance and random relabellings. */
export function energyTest(x: RowsInput, y: RowsInput, options: PermutationStreamOptions = {}): PermutationTestResult {
  const [a, b] = checkedPair(x, y);
  return permutationTest(a, b, NEGATIVE_DISTANCE, 'biased', { ...options, rng: permutationStream(options) });
}

function checkedPair(x: RowsInput, y: RowsInput) {
  const a = toRowMatrix(x, 'x');
  const b = toRowMatrix(y, 'y');
  checkSameWidth(a, b);
  return [a, b] as const;
}

function permutationStream(options: PermutationStreamOptions): BitGenerator {
  if (options.rng != null) return options.rng;
  if (options.seed == null) {
    throw new InvalidArgumentError('options.rng or options.seed', 'given, so the permutations are reproducible', undefined, 'Pass { seed: 0 } for example');
  }
  return createGenerator(DEFAULT_GENERATOR, options.seed);
}
