/**
 * Kolmogorov–Smirnov tests: one sample against a CDF, and two samples
 * against each other. P-values follow SciPy 1.17 (`scipy.stats.kstest` and
 * `scipy.stats.ks_2samp` with `method='auto'`); fixtures/stats/ holds the
 * reference values and the script that made them.
 */
import { InvalidArgumentError } from '../errors.js';
import { oneOf } from '../validate.js';
import { kolmogorovSmirnovSf } from './kolmogorov.js';

/** A CDF as a function, or any object with a `cdf` method (every samplekit distribution). */
export type CdfLike = ((x: number) => number) | { cdf(x: number): number };

export interface KsOneSampleResult {
  /** D_n = sup_x |F_n(x) - F(x)|. */
  readonly statistic: number;
  /** P(D_n >= statistic) under the null hypothesis, exact for every n (see kolmogorov.ts). */
  readonly pValue: number;
  /** Sample size n. */
  readonly n: number;
}

/**
 * Tests whether `sample` was drawn from the continuous distribution with
 * CDF `cdf` (two-sided).
 *
 * For a discrete distribution the test is conservative: the true rejection
 * rate is below the nominal level, so use `chiSquareDiscreteTest` there.
 */
export function ksTest(sample: ArrayLike<number>, cdf: CdfLike): KsOneSampleResult {
  const sorted = sortedFinite('sample', sample);
  const n = sorted.length;
  const evaluate = cdfFunction(cdf);

  let statistic = 0;
  for (let i = 0; i < n; i++) {
    const value = evaluate(sorted[i]);
    if (!(value >= 0 && value <= 1)) {
      throw new InvalidArgumentError(`cdf(${sorted[i]})`, 'a probability in [0, 1]', value, 'Check that cdf is a distribution function');
    }

    const above = (i + 1) / n - value;
    const below = value - i / n;
    statistic = Math.max(statistic, above, below);
  }

  return { statistic, pValue: kolmogorovSmirnovSf(n, statistic), n };
}

function cdfFunction(cdf: CdfLike): (x: number) => number {
  if (typeof cdf === 'function') return cdf;
  if (cdf != null && typeof cdf === 'object' && typeof cdf.cdf === 'function') return (x) => cdf.cdf(x);
  throw new InvalidArgumentError('cdf', 'a function x => P(X <= x) or a distribution with a cdf method, such as normal({ loc: 0, scale: 1 })', cdf);
}

export type KsTwoSampleMethod = 'auto' | 'exact' | 'asymptotic';

export interface KsTwoSampleOptions {
  /**
   * P-value method. `exact` counts lattice paths, at a cost of O(n m) at worst.
   * `asymptotic` uses the one-sample distribution at the effective size
   * round(n m / (n + m)). `auto` (default) is exact when both samples have
   * at most 10,000 values.
   */
  readonly method?: KsTwoSampleMethod;
}

export interface KsTwoSampleResult {
  /** D = sup_t |F_x(t) - F_y(t)| over the empirical CDFs, ties included. */
  readonly statistic: number;
  readonly pValue: number;
  readonly method: 'exact' | 'asymptotic';
  readonly n: number;
  readonly m: number;
}

/** Largest sample size at which `auto` picks the exact method, as in SciPy. */
export const KS_EXACT_MAX_SIZE = 10_000;

/**
 * Two-sided two-sample Kolmogorov–Smirnov test.
 *
 * With ties the statistic uses the right-continuous empirical CDFs at every
 * pooled value, and the exact p-value is the one for untied data, which makes
 * the test conservative (as in SciPy).
 */
export function ksTwoSampleTest(x: ArrayLike<number>, y: ArrayLike<number>, options: KsTwoSampleOptions = {}): KsTwoSampleResult {
  const method = oneOf('method', options.method ?? 'auto', ['auto', 'exact', 'asymptotic'] as const);
  const xs = sortedFinite('x', x);
  const ys = sortedFinite('y', y);
  const n = xs.length;
  const m = ys.length;

  const g = gcd(n, m);
  const h = maxScaledDifference(xs, ys) / g;
  const lcm = (n / g) * m;
  const statistic = h / lcm;

  const exact = method === 'exact' || (method === 'auto' && Math.max(n, m) <= KS_EXACT_MAX_SIZE);
  if (exact) {
    return { statistic, pValue: exactTwoSampleSf(n, m, h * g), method: 'exact', n, m };
  }

  const effectiveSize = Math.round((n * m) / (n + m));
  return { statistic, pValue: kolmogorovSmirnovSf(Math.max(effectiveSize, 1), statistic), method: 'asymptotic', n, m };
}

/**
 * max over pooled values t of |n_x(t) m - n_y(t) n|, where n_x(t) and n_y(t)
 * count the values <= t. Integer arithmetic, so ties and equal ECDF steps
 * compare exactly.
 */
function maxScaledDifference(xs: Float64Array, ys: Float64Array): number {
  const n = xs.length;
  const m = ys.length;
  let i = 0;
  let j = 0;
  let best = 0;

  while (i < n || j < m) {
    const t = j >= m || (i < n && xs[i] <= ys[j]) ? xs[i] : ys[j];
    while (i < n && xs[i] === t) i++;
    while (j < m && ys[j] === t) j++;
    best = Math.max(best, Math.abs(i * m - j * n));
  }
  return best;
}

/**
 * P(max_k |i_k m - j_k n| >= threshold) over the C(n+m, n) equally likely
 * orderings of the pooled sample, where (i_k, j_k) counts the x and y values
 * among the first k. A path from (0, 0) to (n, m) steps to (i+1, j) with
 * probability (n-i)/(n+m-i-j), which makes every ordering equally likely.
 * The probability of reaching each point without crossing the boundary is
 * carried row by row, and the mass that steps onto the boundary is summed.
 * All terms are positive, so small p-values keep their relative precision.
 * Memory O(m); time O(n m) at worst, less because only the band between
 * the boundaries is visited.
 */
function exactTwoSampleSf(n: number, m: number, threshold: number): number {
  if (threshold <= 0) return 1;

  let row = new Float64Array(m + 1);
  let next = new Float64Array(m + 1);
  let crossed = 0;
  row[0] = 1;

  const inside = (i: number, j: number) => Math.abs(i * m - j * n) < threshold;

  for (let i = 0; i <= n; i++) {
    next.fill(0);
    const [low, high] = bandLimits(i, n, m, threshold);

    for (let j = low; j <= high; j++) {
      const mass = row[j];
      if (mass === 0) continue;
      const remaining = n + m - i - j;
      if (remaining === 0) continue;

      if (j < m) {
        const step = (mass * (m - j)) / remaining;
        if (inside(i, j + 1)) row[j + 1] += step;
        else crossed += step;
      }
      if (i < n) {
        const step = (mass * (n - i)) / remaining;
        if (inside(i + 1, j)) next[j] += step;
        else crossed += step;
      }
    }

    const swap = row;
    row = next;
    next = swap;
  }

  return Math.min(1, Math.max(0, crossed));
}

/** Columns j with |i m - j n| < threshold on row i, clipped to [0, m]. */
function bandLimits(i: number, n: number, m: number, threshold: number): [number, number] {
  const low = Math.max(0, Math.floor((i * m - threshold) / n));
  const high = Math.min(m, Math.ceil((i * m + threshold) / n));
  return [low, high];
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Copies `values` into a sorted Float64Array, rejecting empty input and non-finite values. */
export function sortedFinite(name: string, values: ArrayLike<number>): Float64Array {
  if (values == null || typeof values.length !== 'number' || values.length === 0) {
    throw new InvalidArgumentError(name, 'a non-empty array of finite numbers', values);
  }

  const sorted = new Float64Array(values.length);
  for (let i = 0; i < sorted.length; i++) {
    const value: unknown = values[i];
    // Check the value before storing it: a Float64Array would turn null, '', true and '2' into numbers.
    if (typeof value !== 'number') {
      throw new InvalidArgumentError(`${name}[${i}]`, 'a finite number', value, 'Convert the values to numbers first');
    }
    if (!Number.isFinite(value)) {
      throw new InvalidArgumentError(`${name}[${i}]`, 'a finite number', value, 'Remove NaN and infinite values before testing');
    }
    sorted[i] = value;
  }
  return sorted.sort();
}
