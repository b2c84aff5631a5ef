/**
 * Helpers for the continuous distribution tests: reading the reference tables
 * written by fixtures/distributions/continuous/make_fixtures.py, building a
 * distribution from a case's parameters, and the error measures.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Beta } from '../beta.js';
import { Cauchy } from '../cauchy.js';
import { ChiSquare } from '../chi-square.js';
import { Exponential } from '../exponential.js';
import { Gamma } from '../gamma.js';
import { Laplace } from '../laplace.js';
import { Logistic } from '../logistic.js';
import { Lognormal } from '../lognormal.js';
import { Normal } from '../normal.js';
import { Pareto } from '../pareto.js';
import { StudentT } from '../student-t.js';
import { Triangular } from '../triangular.js';
import type { ContinuousDistribution } from '../types.js';
import { Uniform } from '../uniform.js';
import { Weibull } from '../weibull.js';

const FIXTURE_FOLDER = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/distributions/continuous');

/** The smallest positive normal double; below it only a few bits are left to compare. */
export const SMALLEST_NORMAL = 2.2250738585072014e-308;

/** A continuous distribution with the inverse survival function every samplekit one has. */
export type ContinuousWithIsf = ContinuousDistribution & { isf(q: number): number };

/** [input, expected] or [input, expected, scipyValue] where SciPy's value was replaced by mpmath's. */
export type ReferenceRecord = [number, number] | [number, number, number];

export const FUNCTIONS = ['pdf', 'logPdf', 'cdf', 'sf', 'quantile', 'isf'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

export interface ReferenceCase {
  readonly parameters: Record<string, number>;
  readonly pdf: ReferenceRecord[];
  readonly logPdf: ReferenceRecord[];
  readonly cdf: ReferenceRecord[];
  readonly sf: ReferenceRecord[];
  readonly quantile: ReferenceRecord[];
  readonly isf: ReferenceRecord[];
  readonly mean: number;
  readonly variance: number;
}

export interface ReferenceFile {
  readonly distribution: string;
  readonly description: string;
  readonly generator: string;
  readonly cases: ReferenceCase[];
}

/** Reads `NAME.json`, turning "Infinity", "-Infinity" and "NaN" back into numbers. */
export function loadContinuousFixture(name: string): ReferenceFile {
  const text = readFileSync(join(FIXTURE_FOLDER, `${name}.json`), 'utf8');
  return JSON.parse(text, (_key, value: unknown) => {
    if (value === 'Infinity') return Infinity;
    if (value === '-Infinity') return -Infinity;
    if (value === 'NaN') return NaN;
    return value;
  }) as ReferenceFile;
}

const CONSTRUCTORS: Record<string, new (options: never) => ContinuousWithIsf> = {
  normal: Normal,
  lognormal: Lognormal,
  exponential: Exponential,
  gamma: Gamma,
  'chi-square': ChiSquare,
  beta: Beta,
  'student-t': StudentT,
  cauchy: Cauchy,
  laplace: Laplace,
  logistic: Logistic,
  weibull: Weibull,
  pareto: Pareto,
  triangular: Triangular,
  uniform: Uniform,
};

export const CONTINUOUS_NAMES = Object.keys(CONSTRUCTORS);

/** Builds the named distribution from a fixture case's parameters. */
export function createContinuous(name: string, parameters: Record<string, number>): ContinuousWithIsf {
  const Constructor = CONSTRUCTORS[name];
  if (Constructor === undefined) throw new Error(`no continuous distribution named ${name}`);
  return new Constructor(parameters as never);
}

/**
 * Error of `actual` against `expected`: 0 for equal values (infinities and
 * two NaNs included) and for two values below the smallest normal double,
 * Infinity for any other mismatch of non-finite values, else the relative
 * error. With `absoluteBelowOne` (for log densities) the error is absolute
 * where |expected| < 1, since an absolute error in a log density is a
 * relative error in the density.
 */
export function referenceError(actual: number, expected: number, absoluteBelowOne = false): number {
  if (Object.is(actual, expected) || actual === expected) return 0;
  if (Number.isNaN(actual) && Number.isNaN(expected)) return 0;
  if (Math.abs(actual) < SMALLEST_NORMAL && Math.abs(expected) < SMALLEST_NORMAL) return 0;
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return Infinity;
  const scale = absoluteBelowOne ? Math.max(1, Math.abs(expected)) : Math.abs(expected);
  return Math.abs(actual - expected) / scale;
}
