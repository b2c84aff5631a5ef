/**
 * Helpers for the discrete, multivariate and mixture distribution tests:
 * reading the reference tables written by
 * fixtures/distributions/discrete/generate.py, and relative errors.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURE_FOLDER = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/distributions/discrete');

/** Reads `fixtures/distributions/discrete/NAME.json`, turning "inf", "-inf" and "nan" back into numbers. */
export function loadDiscreteFixture<T>(name: string): T {
  const text = readFileSync(join(FIXTURE_FOLDER, `${name}.json`), 'utf8');
  return JSON.parse(text, (_key, value: unknown) => {
    if (value === 'inf') return Infinity;
    if (value === '-inf') return -Infinity;
    if (value === 'nan') return NaN;
    return value;
  }) as T;
}

/** |actual - expected| / |expected|, with exact matches (including infinities and two NaNs) giving 0. */
export function relativeError(actual: number, expected: number): number {
  if (Object.is(actual, expected) || actual === expected) return 0;
  if (Number.isNaN(actual) && Number.isNaN(expected)) return 0;
  if (expected === 0) return Math.abs(actual);
  return Math.abs(actual - expected) / Math.abs(expected);
}

/** One row of a pmf/cdf table. */
export interface PointRow {
  readonly k: number;
  readonly pmf: number;
  readonly logPmf: number;
  readonly cdf: number;
  readonly sf: number;
}

/** One quantile row: the least k with cdf(k) >= p. */
export interface QuantileRow {
  readonly p: number;
  readonly k: number;
}

/** A parameter set of a univariate discrete distribution with its reference values. */
export interface DiscreteCase<Parameters> {
  readonly parameters: Parameters;
  readonly points: readonly PointRow[];
  readonly quantiles: readonly QuantileRow[];
  readonly mean: number;
  readonly variance: number;
}

/** The methods a reference table checks. */
export interface TabulatedDistribution {
  pmf(k: number): number;
  logPmf(k: number): number;
  cdf(k: number): number;
  sf(k: number): number;
  quantile(p: number): number;
}

/** One comparison with a reference value, for a test to assert on. */
export interface Comparison {
  readonly label: string;
  readonly actual: number;
  readonly expected: number;
  /** Relative error for probabilities; absolute error scaled by max(1, |expected|) for logPmf. */
  readonly error: number;
}

/**
 * Compares a distribution with one reference case: pmf, cdf and sf by
 * relative error, logPmf by absolute error divided by max(1, |logPmf|)
 * (which equals the relative error of the pmf for |logPmf| <= 1), and
 * quantiles exactly (error 0 or 1).
 */
export function compareWithCase(distribution: TabulatedDistribution, table: DiscreteCase<unknown>): Comparison[] {
  const name = JSON.stringify(table.parameters);
  const comparisons: Comparison[] = [];
  const add = (label: string, actual: number, expected: number, error: number) =>
    comparisons.push({ label: `${name} ${label}`, actual, expected, error });

  for (const row of table.points) {
    add(`pmf(${row.k})`, distribution.pmf(row.k), row.pmf, relativeError(distribution.pmf(row.k), row.pmf));
    const logPmf = distribution.logPmf(row.k);
    const logError = Number.isFinite(row.logPmf) ? Math.abs(logPmf - row.logPmf) / Math.max(1, Math.abs(row.logPmf)) : relativeError(logPmf, row.logPmf);
    add(`logPmf(${row.k})`, logPmf, row.logPmf, logError);
    add(`cdf(${row.k})`, distribution.cdf(row.k), row.cdf, relativeError(distribution.cdf(row.k), row.cdf));
    add(`sf(${row.k})`, distribution.sf(row.k), row.sf, relativeError(distribution.sf(row.k), row.sf));
  }
  for (const row of table.quantiles) {
    const actual = distribution.quantile(row.p);
    add(`quantile(${row.p})`, actual, row.k, actual === row.k ? 0 : 1);
  }
  return comparisons;
}
