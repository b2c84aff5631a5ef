/**
 * `samplekit compare A B`: a two-sample test between two files of rows
 * (CSV, NPY or JSON, as `readTable` reads them).
 *
 * - `mmd` (default): MMD^2 permutation test. Without `--bandwidths` the
 *   kernel is a sum of Gaussians with sigma = median pooled distance times
 *   1/4, 1/2, 1, 2 and 4 (the median over at most 1000 pooled rows).
 * - `energy`: energy-distance permutation test.
 * - `ks`: two-sample Kolmogorov-Smirnov test on each column. With several
 *   columns the p-value is Bonferroni-combined, min(1, d * min_j p_j), and the
 *   statistic is the D of the column with the smallest p-value. The columns'
 *   own results are in the JSON output.
 *
 * One seed drives every random choice: the generator it seeds spawns one
 * child stream for the median subsample and one for the permutations.
 * Options that the chosen test does not use are rejected, except `--seed`
 * and `--permutations` with `--test ks`, which the command-line contract
 * lets scripts pass to every test: those get a note on stderr.
 *
 * `--engine` picks how MMD^2 is computed without permutations: `float64`
 * tiles (`mmd2`) or `float32-blocks` on TF.js's WASM backend
 * (`mmd2Blocked`). `auto` (default) tries the blocks above 2e9 multiply-adds
 * in the Gram blocks, 2 d (n^2 + m^2 + n m). Every float32 result is checked
 * against float64 on a subsample (see `float32Check`). When the difference
 * there is not below 1% of the statistic, `auto` computes the statistic in
 * float64 after all, up to 1e11 multiply-adds (minutes on one core). An
 * explicit `float32-blocks` warns instead. Permutation tests always run in
 * float64.
 * The JSON field `engine` records which engine produced the statistic.
 */
import type { Command } from 'commander';

import { initBackend } from '../../backend.js';
import { readTable, type Table } from '../../data/table.js';
import { InputFileError, InvalidArgumentError } from '../../errors.js';
import { createGenerator, DEFAULT_GENERATOR } from '../../random/index.js';
import { medianDistance, MEDIAN_MULTIPLIERS } from '../../stats/bandwidth.js';
import { describeKernel, imqKernel, rbfKernel, type Kernel } from '../../stats/kernels.js';
import { ksTwoSampleTest } from '../../stats/ks.js';
import { mmd2 } from '../../stats/mmd.js';
import { mmd2Blocked } from '../../stats/mmd-blocked.js';
import { DEFAULT_MAX_MATRIX_BYTES, DEFAULT_PERMUTATIONS, matrixBytes, type PermutationTestResult } from '../../stats/permutation.js';
import { energyDistance, energyTest, mmdTest } from '../../stats/two-sample.js';
import { oneOf } from '../../validate.js';
import { progressDisplay, type ProgressDisplay } from './compare-progress.js';

const TESTS = ['mmd', 'energy', 'ks'] as const;
const KERNELS = ['rbf', 'imq'] as const;
const ESTIMATORS = ['unbiased', 'biased'] as const;

const ENGINES = ['auto', 'float64', 'float32-blocks'] as const;

/** Gram-block multiply-adds above which `--engine auto` tries float32 blocks on TF.js. */
const BLOCKED_ENGINE_WORK = 2e9;

/** Multiply-adds up to which `--engine auto` falls back to float64 when float32 cannot resolve the statistic. */
const FLOAT64_FALLBACK_WORK = 1e11;

/** Rows per sample of the float64 check on a float32 statistic. */
const FLOAT32_CHECK_ROWS = 512;

/** The float32 statistic is kept when the check's difference is at most this fraction of |statistic|. */
const FLOAT32_TOLERANCE = 0.01;

/** Estimated float64 work units per second (one unit: a multiply-add of a squared distance), for run-time estimates only. */
const EVALUATIONS_PER_SECOND = 3e8;

/** Estimated Gram-block multiply-adds per second of the float32 blocks, for the same purpose. */
const BLOCKED_WORK_PER_SECOND = 3e9;

/** Estimated run time above which progress is shown unless `--no-progress` is given. */
const PROGRESS_AFTER_SECONDS = 5;

/** Options that only the MMD test uses, by commander's attribute name. */
const MMD_OPTIONS = ['kernel', 'bandwidths', 'estimator', 'engine'] as const;

/** Gram-block multiply-adds of MMD^2 on n + m rows of width d: 2 d (n^2 + m^2 + n m). */
export function gramWork(n: number, m: number, d: number): number {
  return 2 * d * (n * n + m * m + n * m);
}

/** Chooses the MMD^2 engine to try first for the statistic alone; permutation tests always use `float64`. */
export function chooseEngine(requested: (typeof ENGINES)[number], n: number, m: number, d: number): 'float64' | 'float32-blocks' {
  if (requested !== 'auto') return requested;
  return gramWork(n, m, d) > BLOCKED_ENGINE_WORK ? 'float32-blocks' : 'float64';
}

export interface CompareOptions {
  readonly test: string;
  readonly permutations: string;
  readonly seed: string;
  readonly json?: boolean;
  readonly kernel: string;
  readonly bandwidths?: string;
  readonly estimator: string;
  readonly engine: string;
  readonly maxMatrixBytes?: string;
  /** True or false when `--progress` or `--no-progress` is given; undefined decides by the estimated run time. */
  readonly progress?: boolean;
}

/** The result printed by `compare`; `--json` prints it as one JSON object. */
export interface CompareReport {
  readonly test: (typeof TESTS)[number];
  readonly statistic: number;
  /** Null when `--permutations 0` requests the statistic alone. */
  readonly pValue: number | null;
  readonly n: number;
  readonly m: number;
  readonly d: number;
  readonly [field: string]: unknown;
}

/** The float64 check of a float32-blocks statistic on a subsample of rows. */
export interface Float32Check {
  /** Rows taken from each sample: every k-th row, from the first. */
  readonly rows: number;
  readonly float32: number;
  readonly float64: number;
  /** |float32 - float64| on the subsample: an estimate of the float32 rounding error, larger than on all rows in the checks made. */
  readonly difference: number;
}

const HELP = `
Tests:
  mmd     MMD^2 with a kernel k and a permutation test. The unbiased estimator (default) is
            mean over i != j of k(x_i, x_j) + mean over i != j of k(y_i, y_j) - 2 mean of k(x_i, y_j);
          it can be negative. The biased one includes i = j and is never negative.
  energy  energy distance 2 E||X - Y|| - E||X - X'|| - E||Y - Y'|| (means over all pairs,
          i = j included) and a permutation test.
  ks      two-sample Kolmogorov-Smirnov test on each column, exact p-values while both files
          have at most 10,000 rows and asymptotic ones above. With d > 1 columns the p-value is
          Bonferroni's min(1, d * min_j p_j) and the statistic is the D of that column.

Kernels (r = ||x - y||^2, the squared Euclidean distance):
  rbf  k = sum over sigma of exp(-r / (2 sigma^2)). Each sigma is a standard deviation in data
       units, not a variance; scikit-learn's gamma is 1 / (2 sigma^2).
  imq  k = sum over c of (1 + r / c^2)^(-1/2).
  Without --bandwidths: sigma (or c) = M/4, M/2, M, 2M and 4M, where M is the median Euclidean
  distance between distinct pooled rows (over 1000 pooled rows drawn with the seed when there
  are more).

P-values: (1 + c) / (1 + K), where c of the K random relabellings reach the observed statistic;
never 0. The pooled N x N kernel matrix (8 N^2 bytes) is built once and reused by every
relabelling when it fits in --max-matrix-bytes; otherwise every relabelling recomputes all
kernel values, which is far slower.

Engines (MMD^2 with --permutations 0): float64 sums every pair in double precision.
float32-blocks uses TF.js matrix products and reports its difference from float64 on 512 rows
of each file; auto picks float32 blocks above 2e9 multiply-adds and goes back to float64 when
that difference is not below 1% of the statistic.

Files: CSV (comma, semicolon, tab or whitespace; the first line is a header only when none of
its cells is a number), NPY or JSON (an array of numbers or of equally long rows).
`;

export function register(program: Command): void {
  program
    .command('compare')
    .description('Two-sample test between two files of rows (CSV, NPY or JSON): MMD, energy distance or Kolmogorov-Smirnov')
    .argument('<a>', 'first sample: a CSV, NPY or JSON file of numeric rows')
    .argument('<b>', 'second sample, with the same number of columns')
    .option('--test <name>', 'mmd, energy or ks', 'mmd')
    .option('--permutations <K>', 'random relabellings for mmd and energy; 0 prints the statistic without a p-value', String(DEFAULT_PERMUTATIONS))
    .option('--seed <int>', 'seed for the permutations and the median subsample, from 0 to 2^53 - 1', '0')
    .option('--kernel <name>', 'mmd kernel: rbf (Gaussian sum) or imq (inverse multiquadric sum, exponent -1/2)', 'rbf')
    .option('--bandwidths <list>', 'mmd: comma-separated sigma values for rbf or scales c for imq, in data units (default: the median heuristic)')
    .option('--estimator <name>', 'mmd estimator: unbiased or biased', 'unbiased')
    .option('--engine <name>', 'MMD^2 without permutations: auto, float64 or float32-blocks (TF.js WASM)', 'auto')
    .option('--max-matrix-bytes <size>', 'largest pooled kernel matrix kept in memory for mmd and energy permutations, in bytes or with a unit (512MiB, 4GiB, 2GB)', '1GiB')
    .option('--progress', 'show progress on stderr (default: only when the run is estimated to take over 5 s)')
    .option('--no-progress', 'never show progress')
    .option('--json', 'print one JSON object instead of text')
    .addHelpText('after', HELP)
    .action(async (first: string, second: string, options: CompareOptions, command: Command) => {
      const givenOptions = new Set(Object.keys(options).filter((name) => command.getOptionValueSource(name) === 'cli'));
      const report = await compareFiles(first, second, options, givenOptions);
      process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : formatReport(report));
      for (const warning of (report.warnings as string[] | undefined) ?? []) process.stderr.write(`samplekit: warning: ${warning}\n`);
    });
}

/**
 * Runs the requested test on two table files and returns the report.
 * `given` contains the names of the options set on the command line
 * (commander's attribute names, e.g. `maxMatrixBytes`). Options that the
 * test does not use are rejected only when given.
 */
export async function compareFiles(first: string, second: string, options: CompareOptions, given: ReadonlySet<string> = new Set()): Promise<CompareReport> {
  const test = oneOf('--test', options.test, TESTS);
  checkApplicableOptions(test, options, given);
  const permutations = parseNonNegativeInteger('--permutations', options.permutations);
  const seed = parseNonNegativeInteger('--seed', options.seed);
  const maxMatrixBytes = parseByteSize('--max-matrix-bytes', options.maxMatrixBytes ?? '1GiB');

  const x = await readTable(first);
  const y = await readTable(second);
  if (x.width !== y.width) {
    throw new InvalidArgumentError(second, `a table with as many columns as ${first} (${x.width})`, `${y.width} ${y.width === 1 ? 'column' : 'columns'}`);
  }
  const shape = { n: x.count, m: y.count, d: x.width };

  if (test === 'ks') return ksReport(x, y, shape);

  const [medianStream, permutationStream] = createGenerator(DEFAULT_GENERATOR, seed).spawn(2);
  const common = { ...shape, permutations, seed, generator: DEFAULT_GENERATOR };
  const estimator = test === 'mmd' ? oneOf('--estimator', options.estimator, ESTIMATORS) : 'biased';
  checkRowCounts(first, x, second, y, estimator);

  const testOptions = { permutations, rng: permutationStream, maxMatrixBytes };
  const cost = { pooled: x.count + y.count, width: x.width, terms: 1, permutations, maxMatrixBytes };

  if (test === 'energy') {
    if (permutations === 0) return { test, statistic: energyDistance(x, y), pValue: null, ...common };
    const result = runPermutations(cost, options.progress, (onProgress) => energyTest(x, y, { ...testOptions, onProgress }));
    return { test, ...permutationFields(result), ...common };
  }

  const requestedEngine = oneOf('--engine', options.engine ?? 'auto', ENGINES);
  const kernelName = oneOf('--kernel', options.kernel, KERNELS);
  const scales = options.bandwidths === undefined ? medianScales(x, y, medianStream) : parseScales(options.bandwidths);
  const kernel: Kernel = kernelName === 'rbf' ? rbfKernel(scales) : imqKernel(scales);
  const kernelFields = { kernel: kernelName, bandwidths: scales, kernelDescription: describeKernel(kernel), estimator };

  if (permutations === 0) {
    const statistic = await mmdStatistic(x, y, kernel, estimator as 'unbiased' | 'biased', requestedEngine, options.progress);
    return { test, ...statistic, pValue: null, ...kernelFields, ...common };
  }
  if (requestedEngine === 'float32-blocks') {
    throw new InvalidArgumentError('--engine', 'auto or float64 for a permutation test', requestedEngine, 'Add --permutations 0 for the float32 statistic alone');
  }
  const result = runPermutations({ ...cost, terms: scales.length }, options.progress, (onProgress) =>
    mmdTest(x, y, { kernel, estimator: estimator as 'unbiased' | 'biased', ...testOptions, onProgress }),
  );
  return { test, ...permutationFields(result), engine: 'float64', ...kernelFields, ...common };
}

/** The sizes that set the cost of a permutation test: pooled rows, their width, kernel terms per pair, relabellings and the matrix limit. */
interface PermutationCost {
  readonly pooled: number;
  readonly width: number;
  readonly terms: number;
  readonly permutations: number;
  readonly maxMatrixBytes: number;
}

/** Runs a permutation test with a recompute warning and, for long runs, a progress display. */
function runPermutations<T>(cost: PermutationCost, progressOption: boolean | undefined, run: (onProgress?: (done: number, total: number) => void) => T): T {
  const seconds = estimatedSeconds(cost);
  warnIfRecomputing(cost, seconds);
  const progress = wantsProgress(progressOption, seconds) ? progressDisplay('permutations') : undefined;
  try {
    return run(progress?.update);
  } finally {
    progress?.stop();
  }
}

/** Throws for an option given on the command line that the test does not use; notes ignored contract options for ks. */
function checkApplicableOptions(test: (typeof TESTS)[number], options: CompareOptions, given: ReadonlySet<string>): void {
  if (test !== 'mmd') {
    for (const name of MMD_OPTIONS) {
      if (given.has(name)) throw new InvalidArgumentError(`--${name}`, 'used only with --test mmd', test, `Remove --${name} or choose --test mmd`);
    }
  }
  if (test === 'ks' && given.has('maxMatrixBytes')) {
    throw new InvalidArgumentError('--max-matrix-bytes', 'used only with --test mmd or energy', test, 'Remove --max-matrix-bytes');
  }
  if (test !== 'ks' && given.has('maxMatrixBytes') && options.permutations.trim() === '0') {
    throw new InvalidArgumentError('--max-matrix-bytes', 'used only with permutations', '--permutations 0', 'Remove --max-matrix-bytes, or ask for permutations');
  }

  const ignored = test === 'ks' ? ['seed', 'permutations'].filter((name) => given.has(name)) : [];
  if (ignored.length > 0) {
    const flags = ignored.map((name) => `--${name}`).join(' and ');
    process.stderr.write(`samplekit: note: ${flags} ${ignored.length === 1 ? 'does' : 'do'} not apply to --test ks, whose p-value is exact or asymptotic, not from permutations; ignored\n`);
  }
}

/** Throws an error naming the file when a sample has too few rows for the estimator. */
function checkRowCounts(first: string, x: Table, second: string, y: Table, estimator: string): void {
  if (estimator !== 'unbiased') return;
  for (const [path, table] of [
    [first, x],
    [second, y],
  ] as const) {
    if (table.count < 2) {
      throw new InputFileError(`${path} has 1 row, but the unbiased MMD^2 estimator needs at least 2 rows in each file; add rows or use --estimator biased`);
    }
  }
}

/** Computes MMD^2 alone, with the engine chosen as the file comment describes. */
async function mmdStatistic(
  x: Table,
  y: Table,
  kernel: Kernel,
  estimator: 'unbiased' | 'biased',
  requested: (typeof ENGINES)[number],
  progressOption: boolean | undefined,
): Promise<{ statistic: number; engine: 'float64' | 'float32-blocks'; float32Check?: Float32Check }> {
  const engine = chooseEngine(requested, x.count, y.count, x.width);
  if (engine === 'float64') return { statistic: mmd2(x, y, { kernel, estimator }), engine };

  await initBackend();
  const work = gramWork(x.count, y.count, x.width);
  const progress = wantsProgress(progressOption, work / BLOCKED_WORK_PER_SECOND) ? progressDisplay('kernel blocks') : undefined;
  let statistic: number;
  try {
    statistic = mmd2Blocked(x, y, { kernel, estimator, onProgress: progress?.update });
  } finally {
    progress?.stop();
  }

  const check = float32Check(x, y, kernel, estimator);
  const verdict = float32Verdict(statistic, check, requested, work);
  if (verdict === 'keep') return { statistic, engine, float32Check: check };

  if (verdict === 'float64') {
    process.stderr.write(`samplekit: float32 blocks cannot resolve MMD^2 = ${statistic.toPrecision(3)} (float64 check differs by ${check.difference.toPrecision(2)}); computing it in float64\n`);
    return { statistic: mmd2(x, y, { kernel, estimator }), engine: 'float64', float32Check: check };
  }
  process.stderr.write(
    `samplekit: warning: float32 rounding may be as large as the statistic: on ${check.rows} rows per file float32 and float64 differ by ${check.difference.toPrecision(2)}, ` +
      `against MMD^2 = ${statistic.toPrecision(3)}; use --engine float64 for a trustworthy value\n`,
  );
  return { statistic, engine, float32Check: check };
}

/**
 * Decides what to do with a float32 statistic: `keep` it when the check's
 * difference is at most 1% of |statistic|, and otherwise compute it in
 * `float64` when `auto` chose the blocks and the work is at most 1e11
 * multiply-adds, or keep it with a `warn`ing.
 */
export function float32Verdict(statistic: number, check: Float32Check, requested: (typeof ENGINES)[number], work: number): 'keep' | 'float64' | 'warn' {
  if (check.difference <= FLOAT32_TOLERANCE * Math.abs(statistic)) return 'keep';
  return requested === 'auto' && work <= FLOAT64_FALLBACK_WORK ? 'float64' : 'warn';
}

/**
 * Computes MMD^2 in float32 blocks and in float64 on every k-th row of each
 * sample, FLOAT32_CHECK_ROWS rows per sample (fewer when a sample is
 * smaller). On 512-row subsamples of 2000 x 784 and 6000 x 784 uniform
 * rows the difference was 5e-10 to 1e-8, while on all rows it was 1e-10 and
 * 5e-10: a conservative estimate of the float32 error, not a bound.
 */
export function float32Check(x: Table, y: Table, kernel: Kernel, estimator: 'unbiased' | 'biased'): Float32Check {
  const rows = Math.min(FLOAT32_CHECK_ROWS, x.count, y.count);
  const xs = everyKthRow(x, rows);
  const ys = everyKthRow(y, rows);
  const float32 = mmd2Blocked(xs, ys, { kernel, estimator });
  const float64 = mmd2(xs, ys, { kernel, estimator });
  return { rows, float32, float64, difference: Math.abs(float32 - float64) };
}

function everyKthRow(table: Table, rows: number): Table {
  const stride = Math.floor(table.count / rows);
  const values = new Float64Array(rows * table.width);
  for (let i = 0; i < rows; i++) values.set(table.rows.subarray(i * stride * table.width, (i * stride + 1) * table.width), i * table.width);
  return { rows: values, count: rows, width: table.width };
}

function permutationFields(result: PermutationTestResult) {
  return { statistic: result.statistic, pValue: result.pValue, exceedances: result.exceedances, strategy: result.strategy, warnings: result.warnings };
}

/** Per-column KS tests, combined with Bonferroni's correction. */
function ksReport(x: Table, y: Table, shape: { n: number; m: number; d: number }): CompareReport {
  const columns = Array.from({ length: x.width }, (_, column) => {
    const result = ksTwoSampleTest(columnOf(x, column), columnOf(y, column));
    return { column: x.columns?.[column] ?? column + 1, statistic: result.statistic, pValue: result.pValue, method: result.method };
  });

  const best = columns.reduce((smallest, current) => (current.pValue < smallest.pValue ? current : smallest));
  const pValue = Math.min(1, x.width * best.pValue);
  const combination = x.width > 1 ? 'bonferroni' : 'none';
  return { test: 'ks', statistic: best.statistic, pValue, ...shape, method: best.method, combination, columns };
}

function columnOf(table: Table, column: number): Float64Array {
  const values = new Float64Array(table.count);
  for (let i = 0; i < table.count; i++) values[i] = table.rows[i * table.width + column];
  return values;
}

function medianScales(x: Table, y: Table, rng: ReturnType<typeof createGenerator>): number[] {
  const sigma = medianDistance(x, y, { rng });
  return MEDIAN_MULTIPLIERS.map((factor) => sigma * factor);
}

function parseScales(text: string): number[] {
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.length === 0 || values.some((value) => !(value > 0) || !Number.isFinite(value))) {
    throw new InvalidArgumentError('--bandwidths', 'a comma-separated list of positive numbers, e.g. 0.5,1,2', text);
  }
  return values;
}

function parseNonNegativeInteger(option: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new InvalidArgumentError(option, 'a non-negative integer', text);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new InvalidArgumentError(option, `an integer from 0 to ${Number.MAX_SAFE_INTEGER} (2^53 - 1)`, text);
  return value;
}

const BYTE_UNITS: Readonly<Record<string, number>> = { '': 1, B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KIB: 2 ** 10, MIB: 2 ** 20, GIB: 2 ** 30, TIB: 2 ** 40 };

/** Parses a byte count such as `1073741824`, `512MiB` or `2GB` (units are case-insensitive). */
export function parseByteSize(option: string, text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const factor = match === null ? undefined : BYTE_UNITS[match[2].toUpperCase()];
  if (match === null || factor === undefined) {
    throw new InvalidArgumentError(option, 'a number of bytes, optionally with a unit: B, KB, MB, GB, TB, KiB, MiB, GiB or TiB (e.g. 4GiB)', text);
  }
  return Math.floor(Number(match[1]) * factor);
}

/**
 * Estimates the run time of a permutation test in seconds, for the warning
 * and the decision to show progress. A pair costs about width + 2 terms
 * units (an exp costs about two multiply-adds). The matrix path evaluates
 * N^2 / 2 pairs once, then adds (N/2)^2 / 2 matrix entries per relabelling;
 * the recompute path evaluates N^2 / 2 pairs per relabelling. At N = 12,000,
 * d = 2 and 5 bandwidths this gives 2.9 s per relabelling, where one took
 * 4.2 s of CPU time on a contended 2-core machine.
 */
function estimatedSeconds(cost: PermutationCost): number {
  const { pooled, width, terms, permutations, maxMatrixBytes } = cost;
  if (permutations === 0) return 0;

  const pairs = (pooled * pooled) / 2;
  const pairCost = width + 2 * terms;
  if (matrixBytes(pooled) <= maxMatrixBytes) return (pairs * pairCost + (permutations * (pooled / 2) ** 2) / 2) / EVALUATIONS_PER_SECOND;
  return (permutations * pairs * pairCost) / EVALUATIONS_PER_SECOND;
}

function wantsProgress(option: boolean | undefined, seconds: number): boolean {
  return option ?? seconds > PROGRESS_AFTER_SECONDS;
}

function warnIfRecomputing(cost: PermutationCost, seconds: number): void {
  const { pooled, maxMatrixBytes } = cost;
  const bytes = matrixBytes(pooled);
  if (bytes <= maxMatrixBytes) return;
  process.stderr.write(
    `samplekit: ${pooled} pooled rows need a ${formatBytes(bytes)} kernel matrix, more than --max-matrix-bytes (${formatBytes(maxMatrixBytes)}), ` +
      `so every permutation recomputes all kernel values, an estimated ${formatDuration(seconds)} in all. ` +
      `Raise --max-matrix-bytes to ${formatBytes(bytes)} if that much memory is free, or use --permutations 0 for the statistic alone.\n`,
  );
}

function formatDuration(seconds: number): string {
  if (seconds < 120) return `${Math.ceil(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} days`;
}

/** Formats a byte count, rounded up so that a suggested limit is never too small. */
function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(Math.ceil((10 * bytes) / 2 ** 30) / 10).toFixed(1)} GiB`;
  if (bytes >= 2 ** 20) return `${(Math.ceil((10 * bytes) / 2 ** 20) / 10).toFixed(1)} MiB`;
  return `${bytes} bytes`;
}

/** Formats a report as aligned lines of text. */
export function formatReport(report: CompareReport): string {
  const lines = [`test:        ${describeTest(report)}`, `rows:        n = ${report.n}, m = ${report.m}, d = ${report.d}`];
  lines.push(`statistic:   ${formatNumber(report.statistic)}`);

  if (report.pValue === null) lines.push('p-value:     not computed (--permutations 0)');
  else if (report.test === 'ks') lines.push(`p-value:     ${formatNumber(report.pValue)} (${report.method}${report.combination === 'bonferroni' ? `, Bonferroni over ${report.d} columns` : ''})`);
  else lines.push(`p-value:     ${formatNumber(report.pValue)} (${report.permutations} permutations, seed ${report.seed})`);

  const check = report.float32Check as Float32Check | undefined;
  if (check !== undefined) {
    const outcome = report.engine === 'float32-blocks' ? 'float32 TF.js blocks' : 'float64, because float32 blocks could not resolve it';
    lines.push(`engine:      ${outcome}; on ${check.rows} rows per file float32 and float64 differ by ${check.difference.toPrecision(2)}`);
  }

  if (report.test === 'ks' && report.d > 1) {
    for (const column of report.columns as { column: string | number; statistic: number; pValue: number }[]) {
      lines.push(`  column ${column.column}: D = ${formatNumber(column.statistic)}, p = ${formatNumber(column.pValue)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function describeTest(report: CompareReport): string {
  if (report.test === 'mmd') {
    const scales = (report.bandwidths as number[]).map((value) => Number(value.toPrecision(4))).join(', ');
    return `mmd, ${report.estimator} MMD^2, ${report.kernel} kernel sum with ${report.kernel === 'rbf' ? 'sigma' : 'c'} = ${scales}`;
  }
  if (report.test === 'energy') return 'energy distance';
  return 'two-sample Kolmogorov-Smirnov';
}

function formatNumber(value: number): string {
  return Number(value.toPrecision(6)).toString();
}
