/**
 * Parameter checks. Every check throws InvalidArgumentError naming the
 * argument, the rule and the value received, and returns the value otherwise,
 * so constructors can write `this.scale = positive('scale', scale)`.
 */
import { InvalidArgumentError } from './errors.js';

export function finite(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidArgumentError(name, 'a finite number', value);
  }
  return value;
}

export function positive(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !(value > 0)) {
    throw new InvalidArgumentError(name, 'a positive finite number', value);
  }
  return value;
}

export function nonNegative(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !(value >= 0)) {
    throw new InvalidArgumentError(name, 'a non-negative finite number', value);
  }
  return value;
}

/** Checks that the point of a pdf, cdf or sf is a number other than NaN. -Infinity and Infinity pass. */
export function notNaN(name: string, value: number): number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new InvalidArgumentError(name, 'a number other than NaN', value);
  }
  return value;
}

/** Checks entry `index` of an array argument as `notNaN` does. The name `name[index]` is built only when it throws, so valid calls stay cheap. */
export function notNaNEntry(name: string, values: ArrayLike<number>, index: number): number {
  const value = values[index];
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new InvalidArgumentError(`${name}[${index}]`, 'a number other than NaN', value);
  }
  return value;
}

/** A probability in the closed interval [0, 1]. */
export function probability(name: string, value: number): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new InvalidArgumentError(name, 'a probability in [0, 1]', value);
  }
  return value;
}

/** A safe integer (|n| <= 2^53 - 1). */
export function integer(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new InvalidArgumentError(name, 'an integer', value);
  }
  return value;
}

export function nonNegativeInteger(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError(name, 'a non-negative integer', value);
  }
  return value;
}

export function positiveInteger(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError(name, 'a positive integer', value);
  }
  return value;
}

/** Requires lower < upper, both finite. */
export function interval(lowerName: string, lower: number, upperName: string, upper: number): void {
  finite(lowerName, lower);
  finite(upperName, upper);
  if (!(lower < upper)) {
    throw new InvalidArgumentError(`${lowerName} and ${upperName}`, `ordered so that ${lowerName} < ${upperName}`, [lower, upper]);
  }
}

/** Requires one of the listed string values. */
export function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new InvalidArgumentError(name, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, value);
  }
  return value as T;
}
