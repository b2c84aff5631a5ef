/**
 * Pearson's chi-square goodness-of-fit test for counts in categories with
 * known probabilities, and for integer draws against a discrete distribution.
 *
 * A count in a bin of probability 0 (a draw outside the model's support)
 * makes the null hypothesis impossible. The result then has statistic
 * Infinity, p-value 0 and an `outsideSupport` entry that names the bins,
 * whatever the pooling would have merged.
 */
import { gammaQ } from '../distributions/incomplete-gamma.js';
import { InvalidArgumentError } from '../errors.js';
import { nonNegative, nonNegativeInteger } from '../validate.js';

export interface ChiSquareOptions {
  /**
   * Bins whose expected count is below this are pooled (default 5, the
   * usual rule for the chi-square approximation). Set 0 to disable pooling.
   */
  readonly minExpected?: number;
  /** Parameters estimated from the same data; each removes one degree of freedom (default 0). */
  readonly estimatedParameters?: number;
}

export interface ChiSquareResult {
  /** sum over bins of (observed - expected)^2 / expected, after pooling. */
  readonly statistic: number;
  /** (number of bins after pooling) - 1 - estimatedParameters. */
  readonly degreesOfFreedom: number;
  /** P(chi2(degreesOfFreedom) >= statistic). */
  readonly pValue: number;
  /** Number of bins after pooling. */
  readonly bins: number;
  /** Total count. */
  readonly n: number;
  /** Present when some count fell in a bin of probability 0; the p-value is then 0. */
  readonly outsideSupport?: OutsideSupport;
}

/** Counts in bins of probability 0. */
export interface OutsideSupport {
  /** Indices into `observed` of the bins of probability 0 that hold counts. */
  readonly bins: number[];
  /** The drawn values with probability 0 (`chiSquareDiscreteTest` only). */
  readonly values?: number[];
  /** Total count in those bins. */
  readonly count: number;
  /** One sentence for logs and test failures. */
  readonly message: string;
}

/** Largest allowed |sum(probabilities) - 1|. */
const PROBABILITY_SUM_TOLERANCE = 1e-8;

/**
 * Tests observed counts against category probabilities.
 *
 * Pooling: bins are taken in the order given and merged left to right until
 * each pooled bin expects at least `minExpected` counts. A remainder at the
 * end that expects fewer joins the last pooled bin. Pass categories in their
 * natural order (0, 1, 2, ... for integer outcomes) so that the sparse tails
 * pool together.
 */
export function chiSquareTest(
  observed: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  options: ChiSquareOptions = {},
): ChiSquareResult {
  const minExpected = options.minExpected ?? 5;
  nonNegative('minExpected', minExpected);
  const estimatedParameters = nonNegativeInteger('estimatedParameters', options.estimatedParameters ?? 0);
  checkInputs(observed, probabilities);

  let total = 0;
  for (let i = 0; i < observed.length; i++) total += observed[i];
  if (total === 0) throw new InvalidArgumentError('observed', 'counts with a positive total', observed);

  const pooled = poolBins(observed, probabilities, total, minExpected);
  const impossible = countsOutsideSupport(observed, probabilities);
  if (impossible !== undefined) {
    return { statistic: Infinity, degreesOfFreedom: Math.max(pooled.length - 1 - estimatedParameters, 0), pValue: 0, bins: pooled.length, n: total, outsideSupport: impossible };
  }

  let statistic = 0;
  for (const bin of pooled) {
    if (bin.expected === 0) continue;
    statistic += (bin.observed - bin.expected) ** 2 / bin.expected;
  }

  const degreesOfFreedom = pooled.length - 1 - estimatedParameters;
  if (degreesOfFreedom < 1) {
    throw new InvalidArgumentError(
      'observed',
      'enough counts for at least two bins after pooling (plus one per estimated parameter)',
      `${pooled.length} pooled bin(s) from ${total} counts`,
      'Use more draws or a smaller minExpected',
    );
  }

  return { statistic, degreesOfFreedom, pValue: chiSquareSf(statistic, degreesOfFreedom), bins: pooled.length, n: total };
}

/**
 * Survival function of the chi-square distribution, P(X >= x) for
 * X ~ chi2(degreesOfFreedom), as the regularized upper incomplete gamma
 * function Q(df/2, x/2) of samplekit's distributions (accurate at any
 * degrees of freedom; @stdlib's gammainc 0.3.1 is off by up to 2% from
 * df = 2000 at x >= df). Like `scipy.stats.chi2.sf`, it returns NaN when x
 * is NaN or the degrees of freedom are not a positive finite number.
 */
export function chiSquareSf(x: number, degreesOfFreedom: number): number {
  if (Number.isNaN(x) || !(degreesOfFreedom > 0 && degreesOfFreedom < Infinity)) return NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return gammaQ(degreesOfFreedom / 2, x / 2);
}

/** Finds the counts that fall in bins of probability 0, or returns undefined when there are none. */
function countsOutsideSupport(observed: ArrayLike<number>, probabilities: ArrayLike<number>): OutsideSupport | undefined {
  const bins: number[] = [];
  let count = 0;
  for (let i = 0; i < observed.length; i++) {
    if (probabilities[i] === 0 && observed[i] > 0) {
      bins.push(i);
      count += observed[i];
    }
  }
  if (bins.length === 0) return undefined;

  const counted = count === 1 ? '1 count' : `${count} counts`;
  const where = bins.length === 1 ? `bin ${bins[0]}` : `bins ${listed(bins)}`;
  return { bins, count, message: `${counted} in ${where} of probability 0, so the observed counts are impossible under the probabilities given` };
}

/** Lists up to five numbers, then "...". */
function listed(values: number[]): string {
  return values.slice(0, 5).join(', ') + (values.length > 5 ? ', ...' : '');
}

/** The parts of a discrete distribution the test needs; every samplekit DiscreteDistribution has them. */
export interface DiscreteModel {
  pmf(k: number): number;
  cdf(k: number): number;
}

/**
 * Tests integer draws against a discrete distribution. The bins are each
 * integer from the smallest to the largest draw, plus one bin for
 * P(X < smallest) and one for P(X > largest), so the probabilities sum to 1
 * and draws far in a tail count against the model. Bins are then pooled as
 * in `chiSquareTest`.
 */
export function chiSquareDiscreteTest(draws: ArrayLike<number>, model: DiscreteModel, options: ChiSquareOptions = {}): ChiSquareResult {
  if (draws == null || typeof draws.length !== 'number' || draws.length === 0) {
    throw new InvalidArgumentError('draws', 'a non-empty array of integers', draws);
  }
  if (model == null || typeof model.pmf !== 'function' || typeof model.cdf !== 'function') {
    throw new InvalidArgumentError('model', 'a discrete distribution with pmf(k) and cdf(k) methods, such as poisson({ mu: 3 })', model);
  }

  let lowest = Infinity;
  let highest = -Infinity;
  for (let i = 0; i < draws.length; i++) {
    const k = draws[i];
    if (!Number.isSafeInteger(k)) throw new InvalidArgumentError(`draws[${i}]`, 'an integer', k);
    lowest = Math.min(lowest, k);
    highest = Math.max(highest, k);
  }

  const width = highest - lowest + 1;
  if (width > 10_000_000) {
    throw new InvalidArgumentError('draws', 'integers spanning at most 10,000,000 values', [lowest, highest], 'Bin the draws yourself and call chiSquareTest');
  }

  const observed = new Float64Array(width + 2);
  for (let i = 0; i < draws.length; i++) observed[draws[i] - lowest + 1] += 1;

  const probabilities = new Float64Array(width + 2);
  probabilities[0] = checkedProbability(`model.cdf(${lowest - 1})`, model.cdf(lowest - 1));
  let inside = 0;
  for (let k = lowest; k <= highest; k++) {
    const p = checkedProbability(`model.pmf(${k})`, model.pmf(k));
    probabilities[k - lowest + 1] = p;
    inside += p;
  }
  probabilities[width + 1] = Math.max(0, 1 - probabilities[0] - inside);

  const result = chiSquareTest(observed, probabilities, options);
  if (result.outsideSupport === undefined) return result;

  // Bin i + 1 counts the draws equal to lowest + i, and bin 0 is the tail below the lowest draw.
  const values = result.outsideSupport.bins.map((bin) => lowest + bin - 1);
  const count = result.outsideSupport.count;
  const message = `${count === 1 ? '1 draw' : `${count} draws`} equal to ${listed(values)} ${count === 1 ? 'has' : 'have'} probability 0 under the model (outside its support)`;
  return { ...result, outsideSupport: { ...result.outsideSupport, values, message } };
}

function checkedProbability(name: string, value: number): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new InvalidArgumentError(name, 'a probability in [0, 1]', value, 'Check that model is a discrete distribution');
  }
  return value;
}

interface Bin {
  observed: number;
  expected: number;
}

function poolBins(observed: ArrayLike<number>, probabilities: ArrayLike<number>, total: number, minExpected: number): Bin[] {
  const pooled: Bin[] = [];
  let current: Bin = { observed: 0, expected: 0 };

  for (let i = 0; i < observed.length; i++) {
    current.observed += observed[i];
    current.expected += probabilities[i] * total;
    if (current.expected >= minExpected && (current.expected > 0 || minExpected === 0)) {
      pooled.push(current);
      current = { observed: 0, expected: 0 };
    }
  }

  if (current.expected > 0 || current.observed > 0) {
    const last = pooled.at(-1);
    if (last === undefined || minExpected === 0) pooled.push(current);
    else {
      last.observed += current.observed;
      last.expected += current.expected;
    }
  }
  return pooled;
}

function checkInputs(observed: ArrayLike<number>, probabilities: ArrayLike<number>): void {
  if (observed == null || typeof observed.length !== 'number' || observed.length < 2) {
    throw new InvalidArgumentError('observed', 'an array of at least two counts', observed);
  }
  if (probabilities == null || probabilities.length !== observed.length) {
    throw new InvalidArgumentError('probabilities', `an array with one probability per bin (${observed.length})`, probabilities);
  }

  let sum = 0;
  for (let i = 0; i < observed.length; i++) {
    const count = observed[i];
    if (typeof count !== 'number' || !(count >= 0) || !Number.isFinite(count)) throw new InvalidArgumentError(`observed[${i}]`, 'a non-negative finite count', count);
    if (!Number.isInteger(count)) {
      throw new InvalidArgumentError(`observed[${i}]`, 'a whole number', count, "Pearson's test compares counts of draws; pass counts, not frequencies or weights");
    }
    const p = probabilities[i];
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new InvalidArgumentError(`probabilities[${i}]`, 'a probability in [0, 1]', p);
    sum += p;
  }
  if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
    throw new InvalidArgumentError('probabilities', 'a list that sums to 1', sum, 'Add a bin for the remaining tail probability');
  }
}
