/**
 * The Poisson distribution with mean mu, SciPy's `poisson`:
 * pmf(k) = mu^k e^-mu / k! for k = 0, 1, 2, ...
 */
import factorialln from '@stdlib/math-base-special-factorialln';

import { InvalidArgumentError } from '../errors.js';
import type { BitGenerator } from '../random/types.js';
import { nonNegative } from '../validate.js';
import { checkOptionNames, IntegerDistribution } from './discrete-base.js';
import { cornishFisherGuess, searchQuantile, tailCdf, tailSf, type TailModel } from './discrete-tail.js';
import { logPoissonPmf } from './saddle-point.js';

export interface PoissonOptions {
  /** Mean (SciPy's `mu`), a non-negative finite number. */
  readonly mu: number;
}

/**
 * From this mean up draws use PTRS; below it, inversion, whose expected
 * mu + 1 steps are faster up to about here (measured with
 * bench/discrete.bench.mjs cases on this project's 2-core machine).
 */
const PTRS_MIN_MEAN = 20;

/**
 * Below this mean PTRS evaluates log pmf(k) as k log mu - mu - log k! with a
 * table of log k!: the terms stay below about 400, so the form loses under
 * 1e-13 and saves Loader's deviance series. Larger means need Loader's form.
 */
const DIRECT_LOG_PMF_MAX_MEAN = 50;
const LOG_FACTORIALS = Float64Array.from({ length: 256 }, (_, k) => factorialln(k));

export class Poisson extends IntegerDistribution {
  readonly name = 'poisson';
  readonly parameters: Readonly<Record<string, number>>;
  readonly support = [0, Infinity] as const;
  readonly mean: number;
  readonly variance: number;

  readonly mu: number;
  private readonly tail: TailModel;
  private readonly sampler: (rng: BitGenerator) => number;

  constructor(options: PoissonOptions) {
    checkOptionNames('poisson', options, ['mu']);
    super();
    const mu = nonNegative('mu', options.mu);
    this.mu = mu;
    this.parameters = { mu };
    this.mean = mu;
    this.variance = mu;

    this.tail = {
      lower: 0,
      upper: Infinity,
      mode: Math.floor(mu),
      logPmf: (k) => logPoissonPmf(k, mu),
      ratioUp: (k) => mu / (k + 1),
      ratioDown: (k) => k / mu,
    };
    this.sampler = poissonSampler(mu);
  }

  protected integerLogPmf(k: number): number {
    if (this.mu === 0) return k === 0 ? 0 : -Infinity;
    return logPoissonPmf(k, this.mu);
  }

  protected integerCdf(k: number): number {
    if (this.mu === 0) return 1;
    return tailCdf(this.tail, k);
  }

  protected integerSf(k: number): number {
    if (this.mu === 0) return 0;
    return tailSf(this.tail, k);
  }

  protected integerQuantile(p: number): number {
    if (this.mu === 0) return 0;
    const standardDeviation = Math.sqrt(this.mu);
    return searchQuantile(this, p, cornishFisherGuess(p, this.mu, standardDeviation, 1 / standardDeviation));
  }

  /** Draws by PTRS for mu >= 20 and by inversion below (see `poissonSampler`). */
  sample(rng: BitGenerator): number {
    return this.sampler(rng);
  }
}

export function poisson(options: PoissonOptions): Poisson {
  return new Poisson(options);
}

/**
 * Builds a sampler for the Poisson distribution with mean mu >= 0 (finite).
 * Above 2^53 the draws are rounded to doubles like every number there.
 */
export function poissonSampler(mu: number): (rng: BitGenerator) => number {
  if (mu === 0) return () => 0;
  return mu < PTRS_MIN_MEAN ? inversionSampler(mu) : ptrsSampler(mu);
}

/** Draws one Poisson variate with mean mu >= 0 and keeps no setup between calls, for the negative binomial's gamma mixture. */
export function samplePoisson(rng: BitGenerator, mu: number): number {
  if (!(mu >= 0)) throw new InvalidArgumentError('mu', 'a non-negative number', mu);
  if (mu === 0) return 0;
  if (mu === Infinity) return Infinity;
  return mu < PTRS_MIN_MEAN ? inversionDraw(rng, mu, Math.exp(-mu), inversionBound(mu)) : ptrsDraw(rng, ptrsConstants(mu));
}

/**
 * Chop-down inversion from k = 0 with one uniform, for mu < 20: subtract
 * pmf(0), pmf(1), ... from u until it falls inside. The expected work is
 * mu + 1 steps. A search that passes mu + 10 sqrt(mu) + 20 starts again with
 * a fresh uniform. The tail beyond has probability below 1e-20, far under the
 * 2^-53 resolution of the uniform. For mu below about 1e-16 every draw is 0,
 * which is the exact inversion of a 53-bit uniform.
 */
function inversionSampler(mu: number): (rng: BitGenerator) => number {
  const probabilityOfZero = Math.exp(-mu);
  const bound = inversionBound(mu);
  return (rng) => inversionDraw(rng, mu, probabilityOfZero, bound);
}

function inversionBound(mu: number): number {
  return Math.ceil(mu + 10 * Math.sqrt(mu) + 20);
}

function inversionDraw(rng: BitGenerator, mu: number, probabilityOfZero: number, bound: number): number {
  for (;;) {
    let u = rng.nextDouble();
    let k = 0;
    let mass = probabilityOfZero;
    while (u > mass) {
      u -= mass;
      k += 1;
      if (k > bound) break;
      mass *= mu / k;
    }
    if (k <= bound) return k;
  }
}

interface PtrsConstants {
  readonly mu: number;
  readonly logMu: number;
  readonly direct: boolean;
  readonly a: number;
  readonly b: number;
  readonly logInverseAlpha: number;
  readonly acceptRatio: number;
}

function ptrsConstants(mu: number): PtrsConstants {
  const b = 0.931 + 2.53 * Math.sqrt(mu);
  return {
    mu,
    logMu: Math.log(mu),
    direct: mu < DIRECT_LOG_PMF_MAX_MEAN,
    a: -0.059 + 0.02483 * b,
    b,
    logInverseAlpha: Math.log(1.1239 + 1.1328 / (b - 3.4)),
    acceptRatio: 0.9277 - 3.6224 / (b - 2),
  };
}

/** PTRS with its constants computed once. */
function ptrsSampler(mu: number): (rng: BitGenerator) => number {
  const constants = ptrsConstants(mu);
  return (rng) => ptrsDraw(rng, constants);
}

/**
 * PTRS, the transformed rejection method with squeeze of W. Hörmann, "The
 * transformed rejection method for generating Poisson random variables",
 * Insurance: Mathematics and Economics 12(1), 1993, valid for mu >= 10. The
 * squeeze accepts about 49% of proposals at once at mu = 20 and 79% at
 * mu = 1e4; the rest compare against the log pmf. From mu = 50 up that is Loader's saddle-point form
 * instead of the paper's k log mu - mu - lgamma(k + 1), whose cancellation
 * would decide draws wrongly for mu = 1e7 and above.
 */
function ptrsDraw(rng: BitGenerator, constants: PtrsConstants): number {
  const { mu, logMu, direct, a, b, logInverseAlpha, acceptRatio } = constants;
  for (;;) {
    const u = rng.nextDouble() - 0.5;
    const v = rng.nextDouble();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor((2 * a / us + b) * u + mu + 0.43);

    if (us >= 0.07 && v <= acceptRatio) return k;
    // us = 0 gives k = -Infinity or NaN; both are rejected here.
    if (!(k >= 0) || (us < 0.013 && v > us)) continue;

    const logHat = Math.log(v) + logInverseAlpha - Math.log(a / (us * us) + b);
    const logPmf = direct && k < LOG_FACTORIALS.length ? k * logMu - mu - LOG_FACTORIALS[k] : logPoissonPmf(k, mu);
    if (logHat <= logPmf) return k;
  }
}
