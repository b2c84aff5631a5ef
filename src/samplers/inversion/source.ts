/**
 * Input of numerical inversion: a checked density or a checked CDF, with a
 * count of evaluations. Both expose the same operations (the value at a
 * point and the probability mass between two points), so the interval
 * builder works the same way with either.
 */
import { formatValue, InvalidArgumentError, NumericalError } from '../../errors.js';
import { adaptiveLobatto, lobatto5 } from './gauss-lobatto.js';

export interface MassSource {
  readonly kind: 'pdf' | 'cdf';
  /** Number of calls to the user's function so far. */
  readonly evaluations: number;
  /** The pdf value (density mode) or the CDF value (CDF mode) at x; throws on NaN, negative or infinite values. */
  value(x: number): number;
  /**
   * The same as `value` but returns NaN or Infinity instead of throwing, for
   * probing a boundary where the density may have a pole.
   */
  rawValue(x: number): number;
  /** Mass of [x0, x1] given v0 = value(x0) and v1 = value(x1), to an absolute error of about `tolerance`. */
  mass(x0: number, v0: number, x1: number, v1: number, tolerance: number): number;
  /** Mass of [x0, x1] by one quadrature rule, without an error estimate (exact in CDF mode). */
  quickMass(x0: number, v0: number, x1: number, v1: number): number;
}

/**
 * Wraps an unnormalised density, given directly or as a log density.
 * `logShift` is subtracted from a log density before exponentiating, which
 * keeps exp() away from overflow and underflow. Set it to the log density at
 * the center once that is known.
 */
export class DensitySource implements MassSource {
  readonly kind = 'pdf';
  evaluations = 0;
  logShift = 0;
  private readonly checked = (x: number): number => this.value(x);

  constructor(
    private readonly pdf: ((x: number) => number) | undefined,
    private readonly logPdf: ((x: number) => number) | undefined,
  ) {}

  /** True when the density was given as a log density, so `logShift` applies. */
  get usesLogDensity(): boolean {
    return this.logPdf !== undefined;
  }

  rawValue(x: number): number {
    this.evaluations++;
    if (this.pdf !== undefined) return checkNumber('pdf', x, this.pdf(x));
    return Math.exp(checkNumber('logPdf', x, (this.logPdf as (x: number) => number)(x)) - this.logShift);
  }

  /** Log density at x (unshifted): logPdf(x) when given, log(pdf(x)) otherwise; throws on NaN or +Infinity. */
  logValue(x: number): number {
    if (this.pdf !== undefined) return Math.log(this.value(x));

    this.evaluations++;
    const y = checkNumber('logPdf', x, (this.logPdf as (x: number) => number)(x));
    if (Number.isNaN(y)) {
      throw new NumericalError(`logPdf(${x}) is NaN; the log density must be defined at every point of the domain (-Infinity where the density is 0)`);
    }
    if (y === Infinity) {
      throw new NumericalError(`logPdf(${x}) is +Infinity; a pole is supported only at a finite end of the domain, so split the domain at ${x}`);
    }
    return y;
  }

  value(x: number): number {
    const y = this.rawValue(x);
    if (y >= 0 && y < Infinity) return y;
    if (Number.isNaN(y)) {
      throw new NumericalError(`pdf(${x}) is NaN; the density must be defined at every point of the domain`);
    }
    if (y < 0) {
      throw new InvalidArgumentError(`pdf(${x})`, 'non-negative', y, 'A density cannot be negative: check its formula and the domain');
    }
    if (this.logPdf !== undefined && Number.isFinite(this.logPdf(x))) {
      throw new NumericalError(
        `logPdf(${x}) = ${this.logPdf(x)} is so far above the log density at the center (${this.logShift}) that exp() overflows; the search missed the mode, so pass center, a point near it`,
      );
    }
    throw new NumericalError(
      `pdf(${x}) is infinite; a pole is supported only at a finite end of the domain, so split the domain at ${x}`,
    );
  }

  mass(x0: number, v0: number, x1: number, v1: number, tolerance: number): number {
    return adaptiveLobatto(this.checked, x0, v0, x1, v1, tolerance);
  }

  quickMass(x0: number, v0: number, x1: number, v1: number): number {
    return lobatto5(this.checked, x0, v0, x1, v1);
  }
}

/** Wraps a CDF: the mass of [x0, x1] is cdf(x1) - cdf(x0), so no integration is needed. */
export class CdfSource implements MassSource {
  readonly kind = 'cdf';
  evaluations = 0;

  constructor(private readonly cdf: (x: number) => number) {}

  rawValue(x: number): number {
    this.evaluations++;
    return checkNumber('cdf', x, this.cdf(x));
  }

  value(x: number): number {
    const y = this.rawValue(x);
    if (y >= 0 && y <= 1) return y;
    throw new InvalidArgumentError(`cdf(${x})`, 'a probability in [0, 1]', y, 'Check that cdf is a distribution function');
  }

  quickMass(x0: number, v0: number, x1: number, v1: number): number {
    return this.mass(x0, v0, x1, v1);
  }

  mass(x0: number, v0: number, x1: number, v1: number): number {
    if (v1 < v0) {
      throw new InvalidArgumentError(
        `cdf(${x1})`,
        `at least cdf(${x0}) = ${v0}, because a distribution function never decreases`,
        v1,
      );
    }
    return v1 - v0;
  }
}

/** Returns `value` when it is a number (NaN included, which callers report themselves); throws for anything else. */
function checkNumber(name: string, x: number, value: unknown): number {
  if (typeof value !== 'number') {
    throw new InvalidArgumentError(name, 'a function that returns a number', `a function that returned ${formatValue(value)} at x = ${x}`);
  }
  return value;
}
