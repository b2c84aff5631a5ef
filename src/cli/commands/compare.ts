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
 *
 * `--engine` picks how MMD^2 is computed without permutations: `float64`
 * tiles (`mmd2`) or `float32-blocks` on TF.js's WASM backend
 * (`mmd2Blocked`). `auto` (default) takes the blocks above 2e9 multiply-adds
 * in the Gram blocks, 2 d (n^2 + m^2 + n m). Permutation tests always run in
 * float64. The JSON field `engine` records which ran.
 */
import type { Command } from 'commander';

import { initBackend } from '../../backend.js';
import { readTable, type Table } from '../../data/table.js';
import { InvalidArgumentError } from '../../errors.js';
import { createGenerator, DEFAULT_GENERATOR } from '../../random/index.js';
import { medianDistance, MEDIAN_MULTIPLIERS } from '../../stats/bandwidth.js';
import { describeKernel, imqKernel, rbfKernel, type Kernel } from '../../stats/kernels.js';
import { ksTwoSampleTest } from '../../stats/ks.js';
import { DEFAULT_MAX_MATRIX_BYTES, DEFAULT_PERMUTATIONS, type PermutationTestResult } from '../../stats/permutation.js';
import { energyDistance, energyTest, mmdTest } from '../../stats/two-sample.js';
import { mmd2 } from '../../stats/mmd.js';
import { mmd2Blocked } from '../../stats/mmd-blocked.js';
import { oneOf } from '../../validate.js';

const TESTS = ['mmd', 'energy', 'ks'] as const;
const KERNELS = ['rbf', 'imq'] as const;
const ESTIMATORS = ['unbiased', 'biased'] as const;

const ENGINES = ['auto', 'float64', 'float32-blocks'] as const;

/** Gram-block multiply-adds above which `--engine auto` takes float32 blocks on TF.js. */
const BLOCKED_ENGINE_WORK = 2e9;

/** Chooses the MMD^2 engine for the statistic alone; permutation tests always use `float64`. */
export function chooseEngine(requested: (typeof ENGINES)[number], n: number, m: number, d: number): 'float64' | 'float32-blocks' {
  if (requested !== 'auto') return requested;
  return 2 * d * (n * n + m * m + n * m) > BLOCKED_ENGINE_WORK ? 'float32-blocks' : 'float64';
}

interface CompareOptions {
  readonly test: string;
  readonly permutations: string;
  readonly seed: string;
  readonly json?: boolean;
  readonly kernel: string;
  readonly bandwidths?: string;
  readonly estimator: string;
  readonly engine: string;
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

export function register(program: Command): void {
  program
    .command('compare')
    .description('Two-sample test between two files of rows (CSV, NPY or JSON): MMD, energy distance or Kolmogorov-Smirnov')
    .argument('<a>', 'first sample: a CSV, NPY or JSON file of numeric rows')
    .argument('<b>', 'second sample, with the same number of columns')
    .option('--test <name>', 'mmd, energy or ks', 'mmd')
    .option('--permutations <K>', 'random relabellings for mmd and energy; 0 prints the statistic without a p-value', String(DEFAULT_PERMUTATIONS))
    .option('--seed <int>', 'seed for the permutations and the median subsample', '0')
    .option('--kernel <name>', 'mmd kernel: rbf (Gaussian sum) or imq (inverse multiquadric sum, exponent -1/2)', 'rbf')
    .option('--bandwidths <list>', 'comma-separated sigma values for rbf or scales c for imq, in data units (default: the median heuristic)')
    .option('--estimator <name>', 'mmd estimator: unbiased or biased', 'unbiased')
    .option('--engine <name>', 'MMD^2 without permutations: auto, float64 or float32-blocks (TF.js WASM)', 'auto')
    .option('--json', 'print one JSON object instead of text')
    .action(async (first: string, second: string, options: CompareOptions) => {
      const report = await compareFiles(first, second, options);
      process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : formatReport(report));
    });
}

/** Runs the requested test on two table files and returns the report. */
export async function compareFiles(first: string, second: string, options: CompareOptions): Promise<CompareReport> {
  const test = oneOf('--test', options.test, TESTS);
  const permutations = parseNonNegativeInteger('--permutations', options.permutations);
  const seed = parseNonNegativeInteger('--seed', options.seed);

  const x = await readTable(first);
  const y = await readTable(second);
  if (x.width !== y.width) {
    throw new InvalidArgumentError(second, `a table with as many columns as ${first} (${x.width})`, `${y.width} columns`);
  }
  const shape = { n: x.count, m: y.count, d: x.width };

  if (test === 'ks') return ksReport(x, y, shape);

  const [medianStream, permutationStream] = createGenerator(DEFAULT_GENERATOR, seed).spawn(2);
  const common = { ...shape, permutations, seed, generator: DEFAULT_GENERATOR };
  warnIfRecomputing(x.count + y.count, permutations);

  if (test === 'energy') {
    if (permutations === 0) return { test, statistic: energyDistance(x, y), pValue: null, ...common };
    return { test, ...permutationFields(energyTest(x, y, { permutations, rng: permutationStream })), ...common };
  }

  const estimator = oneOf('--estimator', options.estimator, ESTIMATORS);
  const requestedEngine = oneOf('--engine', options.engine ?? 'auto', ENGINES);
  const kernelName = oneOf('--kernel', options.kernel, KERNELS);
  const scales = options.bandwidths === undefined ? medianScales(x, y, medianStream) : parseScales(options.bandwidths);
  const kernel: Kernel = kernelName === 'rbf' ? rbfKernel(scales) : imqKernel(scales);
  const kernelFields = { kernel: kernelName, bandwidths: scales, kernelDescription: describeKernel(kernel), estimator };

  if (permutations === 0) {
    const engine = chooseEngine(requestedEngine, x.count, y.count, x.width);
    if (engine === 'float64') return { test, statistic: mmd2(x, y, { kernel, estimator }), pValue: null, engine, ...kernelFields, ...common };

    await initBackend();
    const statistic = mmd2Blocked(x, y, { kernel, estimator });
    return { test, statistic, pValue: null, engine, ...kernelFields, ...common };
  }
  if (requestedEngine === 'float32-blocks') {
    throw new InvalidArgumentError('--engine', 'auto or float64 for a permutation test', requestedEngine, 'Add --permutations 0 for the float32 statistic alone');
  }
  const result = mmdTest(x, y, { kernel, estimator, permutations, rng: permutationStream });
  return { test, ...permutationFields(result), engine: 'float64', ...kernelFields, ...common };
}

function permutationFields(result: PermutationTestResult) {
  return { statistic: result.statistic, pValue: result.pValue, exceedances: result.exceedances, strategy: result.strategy };
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
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value)) throw new InvalidArgumentError(option, 'a non-negative integer', text);
  return value;
}

function warnIfRecomputing(pooled: number, permutations: number): void {
  if (permutations === 0 || 8 * pooled * pooled <= DEFAULT_MAX_MATRIX_BYTES) return;
  process.stderr.write(
    `samplekit: ${pooled} pooled rows need a ${((8 * pooled * pooled) / 2 ** 30).toFixed(1)} GiB kernel matrix, more than the 1 GiB limit, ` +
      'so every permutation recomputes all kernel values; this can take very long. Use --permutations 0 for the statistic alone.\n',
  );
}

/** Formats a report as aligned lines of text. */
export function formatReport(report: CompareReport): string {
  const lines = [`test:        ${describeTest(report)}`, `rows:        n = ${report.n}, m = ${report.m}, d = ${report.d}`];
  lines.push(`statistic:   ${formatNumber(report.statistic)}`);

  if (report.pValue === null) lines.push('p-value:     not computed (--permutations 0)');
  else if (report.test === 'ks') lines.push(`p-value:     ${formatNumber(report.pValue)} (${report.method}${report.combination === 'bonferroni' ? `, Bonferroni over ${report.d} columns` : ''})`);
  else lines.push(`p-value:     ${formatNumber(report.pValue)} (${report.permutations} permutations, seed ${report.seed})`);

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
