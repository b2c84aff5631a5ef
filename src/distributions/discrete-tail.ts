/**
 * Tail probabilities and quantiles of discrete distributions on the
 * integers by direct summation of pmf terms.
 *
 * A tail P(X <= k) below the mode, or P(X >= k) above it, is a sum of
 * decreasing terms. It is summed from its largest term outward, the terms
 * come from the ratio pmf(j +- 1) / pmf(j), and every 64 terms the running
 * term is recomputed from the saddle-point pmf so that rounding in the
 * ratios cannot accumulate. With compensated (Neumaier) summation the result
 * keeps about 1e-15 relative accuracy in both tails. The cost is the number of
 * terms that matter: a few in the far tails, about 9 standard deviations
 * near the median (1.3e5 terms for a binomial with n = 1e9, p = 0.3).
 *
 * NOTE: the cost grows with the standard deviation: a Poisson cdf at its
 * mean took 12 ms of CPU for mu = 1e8 and 150 ms for mu = 1e12 on this
 * project's machine. A uniform asymptotic expansion (Temme) would make huge
 * parameters O(1); it is not implemented.
 *
 * @stdlib's incomplete beta and gamma functions (0.2.3 and 0.3.1) are off by
 * up to 1e-2 near the median when both shape parameters are large (measured
 * against mpmath for n = 1e9 and mu = 1e7), which is why this module exists.
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

import { NumericalError } from '../errors.js';

/** A discrete distribution as the tail sums need it. */
export interface TailModel {
  /** Smallest and largest support points (the largest may be Infinity). */
  readonly lower: number;
  readonly upper: number;
  /** A mode: terms decrease moving away from it in either direction. */
  readonly mode: number;
  /** log pmf(k), accurate to about 1e-14 absolute, for an integer k in the support. */
  logPmf(k: number): number;
  /** pmf(k + 1) / pmf(k). */
  ratioUp(k: number): number;
  /** pmf(k - 1) / pmf(k). */
  ratioDown(k: number): number;
  /**
   * An upper bound on every ratio beyond k in the direction of summation, for
   * bounding what is left of the tail. Log-concave pmfs return the ratio at k
   * itself; omit it for those.
   */
  ratioBound?(k: number, direction: 1 | -1): number;
}

/** Terms between two recomputations from the pmf. */
const REANCHOR_EVERY = 64;
/** Stop when what is left is below this fraction of the sum (2^-60). */
const RELATIVE_CUTOFF = 8.673617379884035e-19;
/** log of the smallest positive normal double: below it a term is not recomputed from the pmf. */
const LOG_MIN_NORMAL = -708;

/**
 * Sums pmf(j) for j from `start` outward in `direction` (-1: down to
 * `lower`, +1: up to `upper`). The terms must not increase in that direction,
 * which is true from the mode outward. Returns Infinity when more than
 * `maxTerms` terms would be needed, so a caller can switch to another method.
 */
export function sumTail(model: TailModel, start: number, direction: 1 | -1, maxTerms = Infinity): number {
  const end = direction === 1 ? model.upper : model.lower;
  if (direction === 1 ? start > end : start < end) return 0;

  const logFirst = model.logPmf(start);
  if (logFirst === -Infinity) return 0;
  const canReanchor = logFirst > LOG_MIN_NORMAL;
  const first = Math.exp(logFirst);

  // Terms relative to the first, so a first term far below the smallest double still sums correctly.
  let relative = 1;
  let sum = 0;
  let compensation = 0;
  let k = start;

  for (let count = 0; ; count++) {
    const next = sum + relative;
    compensation += Math.abs(sum) >= Math.abs(relative) ? sum - next + relative : relative - next + sum;
    sum = next;

    if (k === end) break;
    if (count >= maxTerms) return Infinity;

    const ratio = direction === 1 ? model.ratioUp(k) : model.ratioDown(k);
    k += direction;
    relative =
      canReanchor && count % REANCHOR_EVERY === REANCHOR_EVERY - 1 ? Math.exp(model.logPmf(k)) / first : relative * ratio;

    if (relative === 0) break;
    const bound = model.ratioBound === undefined ? ratio : model.ratioBound(k, direction);
    if (bound < 1 && (relative / (1 - bound)) < (sum + compensation) * RELATIVE_CUTOFF) {
      sum += relative;
      break;
    }
  }

  const total = sum + compensation;
  return canReanchor ? first * total : Math.exp(logFirst + Math.log(total));
}

/** Computes P(X <= k) from whichever of the tails at k lies away from the mode. */
export function tailCdf(model: TailModel, k: number): number {
  if (Number.isNaN(k)) return NaN;
  const j = Math.floor(k);
  if (j < model.lower) return 0;
  if (j >= model.upper) return 1;
  if (j < model.mode) return Math.min(1, sumTail(model, j, -1));
  return Math.max(0, 1 - sumTail(model, j + 1, 1));
}

/** Computes P(X > k) from whichever of the tails at k lies away from the mode. */
export function tailSf(model: TailModel, k: number): number {
  if (Number.isNaN(k)) return NaN;
  const j = Math.floor(k);
  if (j < model.lower) return 1;
  if (j >= model.upper) return 0;
  if (j < model.mode) return Math.max(0, 1 - sumTail(model, j, -1));
  return Math.min(1, sumTail(model, j + 1, 1));
}

/** The parts of a distribution that `searchQuantile` uses. */
export interface QuantileModel {
  /** Smallest and largest support points (the largest may be Infinity). */
  readonly support: readonly [number, number];
  cdf(k: number): number;
  sf(k: number): number;
}

/**
 * The least integer k in the support with cdf(k) >= p. For p > 1/2 the
 * test is sf(k) <= 1 - p instead (1 - p is exact there), so quantiles near
 * p = 1 keep their accuracy. The search starts at `guess` (an approximate
 * quantile), widens a bracket by doubling steps and then bisects, so it
 * needs about 2 log2(|guess - k|) + 2 evaluations.
 *
 * p = 0 returns the smallest support point: SciPy returns one less, R and
 * @stdlib return that point, which keeps the result inside the support.
 */
export function searchQuantile(model: QuantileModel, p: number, guess: number): number {
  const [lower, upper] = model.support;
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return lower;
  if (p === 1) return upper;

  const upperTail = p > 0.5;
  const complement = 1 - p;
  const reached = upperTail ? (k: number) => model.sf(k) <= complement : (k: number) => model.cdf(k) >= p;

  let start = Number.isFinite(guess) ? Math.floor(guess) : lower;
  start = Math.min(Math.max(start, lower), upper);

  // Invariant after bracketing: reached(high) is true and reached(low) is false (or low = lower - 1).
  let low: number;
  let high: number;
  if (reached(start)) {
    high = start;
    low = start;
    for (let step = 1; ; step *= 2) {
      low = Math.max(high - step, lower - 1);
      if (low < lower || !reached(low)) break;
      high = low;
    }
  } else {
    low = start;
    high = start;
    for (let step = 1; ; step *= 2) {
      high = Math.min(low + step, upper);
      if (reached(high)) break;
      if (high === upper) {
        throw new NumericalError(`quantile search for p = ${p} reached the end of the support without cdf(k) >= p`);
      }
      low = high;
      if (!Number.isFinite(step * 2) || low > Number.MAX_SAFE_INTEGER) {
        throw new NumericalError(`quantile search for p = ${p} passed 2^53 without cdf(k) >= p`);
      }
    }
  }

  while (high - low > 1) {
    const middle = low + Math.floor((high - low) / 2);
    if (reached(middle)) high = middle;
    else low = middle;
  }
  return high;
}

/** Estimates a quantile for `searchQuantile` to start from, by the Cornish-Fisher expansion with mean, standard deviation and skewness. */
export function cornishFisherGuess(p: number, mean: number, standardDeviation: number, skewness: number): number {
  const z = normalQuantile(p, 0, 1);
  return Math.round(mean + standardDeviation * (z + ((z * z - 1) * skewness) / 6));
}
