/**
 * Log probabilities of the binomial, Poisson and negative binomial
 * distributions in the saddle-point form of C. Loader, "Fast and Accurate
 * Computation of Binomial Probabilities" (2000). The form never subtracts
 * large log-gamma values from each other, so it keeps about 1e-14 relative
 * accuracy where lgamma(n + 1) - lgamma(k + 1) - ... loses everything
 * (n = 1e9, mu = 1e7).
 */

const LOG_2PI = 1.8378770664093453; // log(2 pi)
const HALF_LOG_2PI = 0.9189385332046728; // log(sqrt(2 pi))
const SPLITTER = 134217729; // 2^27 + 1, Veltkamp's splitting constant for doubles

/** Below this the Stirling series is not yet accurate to 1e-17, so `stirlingCorrection` steps up to it. */
const SERIES_START = 15;

/** stirlingCorrection(n) for n = 0, 1, ..., 15, filled at module load. */
const SMALL_INTEGER_CORRECTIONS = new Float64Array(SERIES_START + 1);

/**
 * delta(n) = log(n!) - [(n + 1/2) log n - n + log sqrt(2 pi)], the error of
 * Stirling's formula for log Gamma(n + 1), for real n > 0 (0 at n = 0 by
 * convention; callers handle that case apart).
 *
 * Above 15 this is the asymptotic series with the Bernoulli-number
 * coefficients B_2k / (2k (2k - 1) n^(2k - 1)), seven terms, exact to about
 * 1e-20 there. Below, it steps up with the recurrence
 * delta(x) = delta(x + 1) + (x + 1/2) log(1 + 1/x) - 1, summing each step
 * without cancellation (see `stirlingStep`).
 */
export function stirlingCorrection(n: number): number {
  if (n > SERIES_START) return stirlingSeries(n);
  if (Number.isInteger(n)) return SMALL_INTEGER_CORRECTIONS[n];
  return stirlingByRecurrence(n);
}

function stirlingSeries(n: number): number {
  const inverse = 1 / n;
  const square = inverse * inverse;
  return (
    inverse *
    (1 / 12 - square * (1 / 360 - square * (1 / 1260 - square * (1 / 1680 - square * (1 / 1188 - square * (691 / 360360 - square / 156))))))
  );
}

function stirlingByRecurrence(n: number): number {
  let x = n;
  let sum = 0;
  while (x <= SERIES_START) {
    sum += stirlingStep(x);
    x += 1;
  }
  return sum + stirlingSeries(x);
}

/**
 * (x + 1/2) log(1 + 1/x) - 1 for x > 0. With u = 1 / (2x + 1) this equals
 * atanh(u) / u - 1 = u^2/3 + u^4/5 + u^6/7 + ..., a sum of positive terms,
 * which is used for x >= 1 (u <= 1/3, under 20 terms). Below 1 the direct
 * form has no cancellation because the result exceeds 0.2.
 */
function stirlingStep(x: number): number {
  if (x < 1) return (x + 0.5) * Math.log1p(1 / x) - 1;

  const u = 1 / (2 * x + 1);
  const uSquared = u * u;
  let power = uSquared;
  let sum = 0;
  for (let k = 1; k < 40; k++) {
    const next = sum + power / (2 * k + 1);
    if (next === sum) break;
    sum = next;
    power *= uSquared;
  }
  return sum;
}

for (let n = 1; n <= SERIES_START; n++) SMALL_INTEGER_CORRECTIONS[n] = stirlingByRecurrence(n);

/**
 * Computes the deviance term x log(x / m) + m - x >= 0, for x >= 0 and
 * m = mHigh + mLow given as an unevaluated sum. mLow is the rounding error of
 * a product such as n * p, which would otherwise cost up to 1e-11 relative
 * in a binomial pmf at n = 1e9. Within |x - m| < (x + m) / 2 it sums Loader's series in
 * v = (x - m) / (x + m), so there is no cancellation between the large terms.
 */
export function deviance(x: number, mHigh: number, mLow = 0): number {
  if (x === 0) return mHigh + mLow;

  let value: number;
  const difference = x - mHigh;
  if (Math.abs(difference) < 0.5 * (x + mHigh)) {
    // x log(x/m) + m - x = (x - m) v + 2x (v^3/3 + v^5/5 + ...), each term positive beyond the first.
    const v = difference / (x + mHigh);
    const vSquared = v * v;
    let sum = difference * v;
    let power = 2 * x * v;
    for (let j = 1; j < 200; j++) {
      power *= vSquared;
      const next = sum + power / (2 * j + 1);
      if (next === sum) break;
      sum = next;
    }
    value = sum;
  } else {
    value = x * Math.log(x / mHigh) + mHigh - x;
  }

  // d/dm [x log(x/m) + m - x] = 1 - x/m; the second-order term mLow^2 x / (2 m^2) is below rounding.
  return mLow === 0 ? value : value + mLow * (1 - x / mHigh);
}

/** Splits the exact product a * b into [high, low] with high = fl(a * b), by Dekker's TwoProduct (no FMA needed). */
export function twoProduct(a: number, b: number): [number, number] {
  const high = a * b;
  if (!Number.isFinite(high)) return [high, 0];

  const aSplit = SPLITTER * a;
  const aHigh = aSplit - (aSplit - a);
  const aLow = a - aHigh;
  const bSplit = SPLITTER * b;
  const bHigh = bSplit - (bSplit - b);
  const bLow = b - bHigh;
  const low = aLow * bLow - (((high - aHigh * bHigh) - aLow * bHigh) - aHigh * bLow);
  return [high, low];
}

/** Splits the exact difference 1 - p into [high, low] with high = fl(1 - p), by Knuth's TwoSum, for 0 <= p <= 1. */
export function oneMinus(p: number): [number, number] {
  const high = 1 - p;
  const low = (1 - high) - p;
  return [high, low];
}

/**
 * log of the binomial pmf C(n, k) p^k q^(n-k) for integers 0 <= k <= n and
 * 0 < p < 1, with q = qHigh + qLow = 1 - p exactly. Loader's form:
 * delta(n) - delta(k) - delta(n - k) - D(k, np) - D(n - k, nq)
 * - log(2 pi k (n - k) / n) / 2, with delta = stirlingCorrection and D = deviance.
 */
export function logBinomialPmf(k: number, n: number, p: number, qHigh: number, qLow: number): number {
  if (k === 0) return n * Math.log1p(-p);
  if (k === n) return n * Math.log(p);

  const [npHigh, npLow] = twoProduct(n, p);
  const [nqHigh, nqProductLow] = twoProduct(n, qHigh);
  const nqLow = nqProductLow + n * qLow;
  const rest = n - k;

  const correction = stirlingCorrection(n) - stirlingCorrection(k) - stirlingCorrection(rest);
  const deviances = deviance(k, npHigh, npLow) + deviance(rest, nqHigh, nqLow);
  // log(2 pi k (n - k) / n); log1p(-k / n) would lose the rounding of k / n when k is close to n.
  const logScale = LOG_2PI + Math.log(k) + Math.log(rest) - Math.log(n);
  return correction - deviances - 0.5 * logScale;
}

/** log of the Poisson pmf mu^k e^-mu / k! for an integer k >= 0 and mu > 0 (Loader's form). */
export function logPoissonPmf(k: number, mu: number): number {
  if (k === 0) return -mu;
  return -stirlingCorrection(k) - deviance(k, mu) - HALF_LOG_2PI - 0.5 * Math.log(k);
}

/**
 * log of the negative binomial pmf Gamma(k + n) / (Gamma(n) k!) p^n q^k for
 * an integer k >= 0, real n > 0 and 0 < p < 1 (q = qHigh + qLow = 1 - p).
 * It is n / (n + k) times the binomial pmf of n successes in n + k trials,
 * which Loader's form evaluates. The sum n + k is carried as an unevaluated
 * pair, so a non-integer n loses nothing to rounding.
 */
export function logNegativeBinomialPmf(k: number, n: number, p: number, qHigh: number, qLow: number): number {
  if (k === 0) return n * Math.log(p);

  const trials = n + k;
  const trialsLow = (n - (trials - k)) + (k - (trials - (trials - k)));
  const [npHigh, npProductLow] = twoProduct(trials, p);
  const npLow = npProductLow + trialsLow * p;
  const [nqHigh, nqProductLow] = twoProduct(trials, qHigh);
  const nqLow = nqProductLow + trials * qLow + trialsLow * qHigh;

  const correction = stirlingCorrection(trials) - stirlingCorrection(n) - stirlingCorrection(k);
  const deviances = deviance(n, npHigh, npLow) + deviance(k, nqHigh, nqLow);
  const logScale = LOG_2PI + Math.log(n) + Math.log(k) - Math.log(trials);
  return Math.log(n / trials) + correction - deviances - 0.5 * logScale;
}
