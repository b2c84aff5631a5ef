/**
 * The binomial distribution B(n, p), SciPy's `binom`: the number of successes
 * in n independent trials with success probability p,
 * pmf(k) = C(n, k) p^k (1 - p)^(n - k) for k = 0, 1, ..., n.
 */
import type { BitGenerator } from '../random/types.js';
import { nonNegativeInteger, probability } from '../validate.js';
import { checkOptionNames, IntegerDistribution } from './discrete-base.js';
import { cornishFisherGuess, searchQuantile, tailCdf, tailSf, type TailModel } from './discrete-tail.js';
import { logBinomialPmf, oneMinus } from './saddle-point.js';

export interface BinomialOptions {
  /** Number of trials, a non-negative integer up to 2^53 - 1. */
  readonly n: number;
  /** Success probability in [0, 1]. */
  readonly p: number;
}

/** Below this mean of the smaller tail, min(p, 1 - p) * n, draws use inversion instead of BTPE. */
const INVERSION_MAX_MEAN = 30;

export class Binomial extends IntegerDistribution {
  readonly name = 'binomial';
  readonly parameters: Readonly<Record<string, number>>;
  readonly support: readonly [number, number];
  readonly mean: number;
  readonly variance: number;

  readonly n: number;
  readonly p: number;
  private readonly qHigh: number;
  private readonly qLow: number;
  /** The only support point with positive probability when p is 0 or 1 or n is 0; NaN otherwise. */
  private readonly pointMass: number;
  private readonly tail: TailModel;
  private readonly sampler: (rng: BitGenerator) => number;

  constructor(options: BinomialOptions) {
    checkOptionNames('binomial', options, ['n', 'p']);
    super();
    this.n = nonNegativeInteger('n', options.n);
    this.p = probability('p', options.p);
    [this.qHigh, this.qLow] = oneMinus(this.p);

    const { n, p } = this;
    const q = this.qHigh;
    this.parameters = { n, p };
    this.support = [0, n];
    this.mean = n * p;
    this.variance = n * p * q;
    this.pointMass = NaN;
    if (n === 0 || p === 0) this.pointMass = 0;
    else if (p === 1) this.pointMass = n;

    const oddsRatio = p / q;
    this.tail = {
      lower: 0,
      upper: n,
      mode: Math.min(Math.floor((n + 1) * p), n),
      logPmf: (k) => logBinomialPmf(k, n, p, this.qHigh, this.qLow),
      ratioUp: (k) => ((n - k) / (k + 1)) * oddsRatio,
      ratioDown: (k) => k / ((n - k + 1) * oddsRatio),
    };
    this.sampler = Number.isNaN(this.pointMass) ? binomialSampler(n, p) : () => this.pointMass;
  }

  protected integerLogPmf(k: number): number {
    if (!Number.isNaN(this.pointMass)) return k === this.pointMass ? 0 : -Infinity;
    return logBinomialPmf(k, this.n, this.p, this.qHigh, this.qLow);
  }

  protected integerCdf(k: number): number {
    if (!Number.isNaN(this.pointMass)) return k >= this.pointMass ? 1 : 0;
    return tailCdf(this.tail, k);
  }

  protected integerSf(k: number): number {
    if (!Number.isNaN(this.pointMass)) return k >= this.pointMass ? 0 : 1;
    return tailSf(this.tail, k);
  }

  protected integerQuantile(p: number): number {
    if (!Number.isNaN(this.pointMass)) return this.pointMass;
    const standardDeviation = Math.sqrt(this.variance);
    const skewness = (this.qHigh - this.p) / standardDeviation;
    return searchQuantile(this, p, cornishFisherGuess(p, this.mean, standardDeviation, skewness));
  }

  /** Draws by BTPE, or by inversion when min(p, 1 - p) * n < 30 (see `binomialSampler`). */
  sample(rng: BitGenerator): number {
    return this.sampler(rng);
  }
}

export function binomial(options: BinomialOptions): Binomial {
  return new Binomial(options);
}

/**
 * Builds a sampler for B(n, p) with n >= 1 and 0 < p < 1. It draws
 * Y ~ B(n, r) with r = min(p, 1 - p) and returns n - Y when p > 1/2, so the
 * algorithms below only see r <= 1/2 (1 - p is exact for p >= 1/2).
 */
export function binomialSampler(n: number, p: number): (rng: BitGenerator) => number {
  const flipped = p > 0.5;
  const r = flipped ? 1 - p : p;
  const draw = n * r < INVERSION_MAX_MEAN ? inversionSampler(n, r) : btpeSampler(n, r);
  return flipped ? (rng) => n - draw(rng) : draw;
}

/**
 * Chop-down inversion from k = 0: one uniform u, subtract pmf(0), pmf(1), ...
 * until u falls inside, with each pmf from the previous by the ratio
 * (n - k + 1) r / (k q). The expected work is n r + 1 < 31 steps. A search
 * that passes n r + 10 sqrt(n r q + 1) (the bound NumPy uses) starts again
 * with a fresh uniform. The tail beyond that bound has probability below
 * 1e-16, the resolution of a 53-bit uniform.
 */
function inversionSampler(n: number, r: number): (rng: BitGenerator) => number {
  const q = 1 - r;
  const probabilityOfZero = Math.exp(n * Math.log1p(-r));
  const oddsRatio = r / q;
  const mean = n * r;
  const bound = Math.min(n, mean + 10 * Math.sqrt(mean * q + 1));

  return (rng) => {
    for (;;) {
      let u = rng.nextDouble();
      let k = 0;
      let mass = probabilityOfZero;
      while (u > mass) {
        u -= mass;
        k += 1;
        if (k > bound) break;
        mass *= ((n - k + 1) / k) * oddsRatio;
      }
      if (k <= bound) return k;
    }
  };
}

/**
 * BTPE ("Binomial, Triangle, Parallelogram, Exponential") of
 * V. Kachitvichyanukul and B. W. Schmeiser, "Binomial random variate
 * generation", Communications of the ACM 31(2), 1988, for n r >= 30 and
 * r <= 1/2. A triangle over the mode accepts most draws at once; the
 * parallelogram beside it and two exponential tails are tested against the
 * exact pmf ratio f(y) / f(m): by explicit product when |y - m| <= 20, else
 * by the paper's squeeze and then Stirling's series with four correction
 * terms, exact to about 1e-17 there (y + 1 >= 22).
 */
function btpeSampler(n: number, r: number): (rng: BitGenerator) => number {
  const q = 1 - r;
  const npq = n * r * q;
  const fm = n * r + r;
  const m = Math.floor(fm);
  const p1 = Math.floor(2.195 * Math.sqrt(npq) - 4.6 * q) + 0.5;
  const xm = m + 0.5;
  const xl = xm - p1;
  const xr = xm + p1;
  const c = 0.134 + 20.5 / (15.3 + m);
  const aLeft = (fm - xl) / (fm - xl * r);
  const lambdaLeft = aLeft * (1 + 0.5 * aLeft);
  const aRight = (xr - fm) / (xr * q);
  const lambdaRight = aRight * (1 + 0.5 * aRight);
  const p2 = p1 * (1 + 2 * c);
  const p3 = p2 + c / lambdaLeft;
  const p4 = p3 + c / lambdaRight;
  const s = r / q;
  const a = s * (n + 1);

  return (rng) => {
    for (;;) {
      const u = rng.nextDouble() * p4;
      let v = rng.nextDouble();
      let y: number;

      if (u <= p1) {
        // Triangle: accepted without a test.
        return Math.floor(xm - p1 * v + u);
      }
      if (u <= p2) {
        // Parallelogram.
        const x = xl + (u - p1) / c;
        v = v * c + 1 - Math.abs(m - x + 0.5) / p1;
        if (v > 1) continue;
        y = Math.floor(x);
      } else if (u <= p3) {
        // Left exponential tail.
        y = Math.floor(xl + Math.log(v) / lambdaLeft);
        if (y < 0) continue;
        v = v * (u - p2) * lambdaLeft;
      } else {
        // Right exponential tail.
        y = Math.floor(xr - Math.log(v) / lambdaRight);
        if (y > n) continue;
        v = v * (u - p3) * lambdaRight;
      }

      const distance = Math.abs(y - m);
      if (distance <= 20 || distance >= npq / 2 - 1) {
        // f(y) / f(m) as a product of the pmf ratios f(i) / f(i - 1) = a / i - s.
        let ratio = 1;
        if (m < y) {
          for (let i = m + 1; i <= y; i++) ratio *= a / i - s;
        } else if (m > y) {
          for (let i = y + 1; i <= m; i++) ratio /= a / i - s;
        }
        if (v <= ratio) return y;
        continue;
      }

      // Squeeze: bounds on log(f(y) / f(m)) around the normal approximation -distance^2 / (2 npq).
      const rho = (distance / npq) * ((distance * (distance / 3 + 0.625) + 1 / 6) / npq + 0.5);
      const t = (-distance * distance) / (2 * npq);
      const logV = Math.log(v);
      if (logV < t - rho) return y;
      if (logV > t + rho) continue;

      // log(f(y) / f(m)) by Stirling's formula for the four factorials m!, (n - m)!, y!, (n - y)!.
      const f1 = m + 1;
      const z = n + 1 - m;
      const x1 = y + 1;
      const w = n - y + 1;
      const logRatio =
        xm * Math.log(f1 / x1) +
        (n - m + 0.5) * Math.log(z / w) +
        (y - m) * Math.log((w * r) / (x1 * q)) +
        stirlingTail(f1) +
        stirlingTail(z) -
        stirlingTail(x1) -
        stirlingTail(w);
      if (logV <= logRatio) return y;
    }
  };
}

/**
 * Stirling's series for log Gamma(z) - [(z - 1/2) log z - z + log sqrt(2 pi)]:
 * 1/(12 z) - 1/(360 z^3) + 1/(1260 z^5) - 1/(1680 z^7) + 1/(1188 z^9), written
 * over the common denominator 166320.
 */
function stirlingTail(z: number): number {
  const square = z * z;
  return (13860 - (462 - (132 - (99 - 140 / square) / square) / square) / square) / z / 166320;
}
