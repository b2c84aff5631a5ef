/**
 * A change of variables that removes an integrable pole at a finite end of
 * the domain. Near a pole at e the density behaves like c |x - e|^-alpha
 * with alpha < 1. Writing x = e + t^k (or x = e - (-t)^k at an upper end)
 * with k = 1 / (1 - alpha) gives t the density f(x(t)) k |t|^(k - 1), which
 * tends to the constant c k at t = 0. So the interval table is built in t,
 * where the inverse CDF is smooth, and each draw maps back to x.
 *
 * The CDF is the same at corresponding points, F_X(x(t)) = F_T(t), so the
 * u-error of the table in t is the u-error of the draws in x.
 */
import type { DensitySource, MassSource } from './source.js';
import { adaptiveLobatto, lobatto5 } from './gauss-lobatto.js';

/** x = end + direction |t|^power, increasing in t; t >= 0 at a lower end (direction 1), t <= 0 at an upper end (direction -1). */
export interface PoleMapping {
  readonly end: number;
  readonly direction: 1 | -1;
  readonly power: number;
}

/** Maps t to x. Rounding in the table can put t a hair past 0; such t maps to the end. */
export function toX(mapping: PoleMapping, t: number): number {
  const magnitude = mapping.direction > 0 ? Math.max(0, t) : Math.max(0, -t);
  return mapping.end + mapping.direction * magnitude ** mapping.power;
}

/** Maps x to t; the inverse of toX on the side of the end where the domain lies. */
export function toT(mapping: PoleMapping, x: number): number {
  const distance = Math.max(0, mapping.direction * (x - mapping.end));
  return mapping.direction * distance ** (1 / mapping.power);
}

/** dx/dt at t. */
function derivative(mapping: PoleMapping, t: number): number {
  return mapping.power * Math.abs(t) ** (mapping.power - 1);
}

/**
 * The density of t for a density source in x. Values come from the x
 * source, so its errors name x (the variable the user wrote), not t.
 */
export class MappedSource implements MassSource {
  readonly kind = 'pdf';
  private readonly checked = (t: number): number => this.value(t);

  constructor(
    readonly inner: DensitySource,
    readonly mapping: PoleMapping,
  ) {}

  get evaluations(): number {
    return this.inner.evaluations;
  }

  rawValue(t: number): number {
    const slope = derivative(this.mapping, t);
    return slope === 0 ? NaN : this.inner.rawValue(toX(this.mapping, t)) * slope;
  }

  value(t: number): number {
    const slope = derivative(this.mapping, t);
    const density = this.inner.value(toX(this.mapping, t));
    return density === 0 ? 0 : density * slope;
  }

  /** Log density of t (unshifted). */
  logValue(t: number): number {
    return this.inner.logValue(toX(this.mapping, t)) + Math.log(derivative(this.mapping, t));
  }

  mass(t0: number, v0: number, t1: number, v1: number, tolerance: number): number {
    return adaptiveLobatto(this.checked, t0, v0, t1, v1, tolerance);
  }

  quickMass(t0: number, v0: number, t1: number, v1: number): number {
    return lobatto5(this.checked, t0, v0, t1, v1);
  }
}
