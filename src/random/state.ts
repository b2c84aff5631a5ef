/**
 * Checks for states passed to `setState`. A state may have made a JSON round
 * trip or come from a file, so every field is checked before any is used, and
 * a bad state leaves the generator unchanged.
 */
import { InvalidArgumentError } from '../errors.js';
import { SeedSequence } from './seed-sequence.js';
import type { GeneratorName, GeneratorState } from './types.js';

/** Checks the algorithm and version of a state and returns it as a plain record. */
export function checkHeader(state: GeneratorState, algorithm: GeneratorName, version: number): Record<string, unknown> {
  if (state === null || typeof state !== 'object') {
    throw new InvalidArgumentError('state', `a ${algorithm} state object from getState()`, state);
  }
  if (state.algorithm !== algorithm) {
    throw new InvalidArgumentError('state.algorithm', JSON.stringify(algorithm), state.algorithm, 'Restore a state into a generator of the same algorithm, or use generatorFromState()');
  }
  if (state.version !== version) {
    throw new InvalidArgumentError('state.version', String(version), state.version, 'This state was written by an incompatible version of samplekit');
  }
  return state as Record<string, unknown>;
}

/** Reads an array of `length` unsigned 32-bit integers. */
export function readWords(state: Record<string, unknown>, field: string, length: number): Uint32Array {
  const value = state[field];
  const valid =
    Array.isArray(value) &&
    value.length === length &&
    value.every((word) => typeof word === 'number' && Number.isInteger(word) && word >= 0 && word <= 0xffffffff);
  if (!valid) {
    throw new InvalidArgumentError(`state.${field}`, `an array of ${length} unsigned 32-bit integers`, value);
  }
  return Uint32Array.from(value as number[]);
}

/** Reads an integer in [min, max]. */
export function readInteger(state: Record<string, unknown>, field: string, min: number, max: number): number {
  const value = state[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(`state.${field}`, `an integer from ${min} to ${max}`, value);
  }
  return value;
}

export function readBoolean(state: Record<string, unknown>, field: string): boolean {
  const value = state[field];
  if (typeof value !== 'boolean') throw new InvalidArgumentError(`state.${field}`, 'true or false', value);
  return value;
}

/** Reads an unsigned integer of `bits` bits stored as a hexadecimal string. */
export function readHex(state: Record<string, unknown>, field: string, bits: number): bigint {
  const value = state[field];
  if (typeof value !== 'string' || !/^[0-9a-f]+$/i.test(value) || value.length > bits / 4) {
    throw new InvalidArgumentError(`state.${field}`, `a hexadecimal string of at most ${bits / 4} digits`, value);
  }
  return BigInt(`0x${value}`);
}

export function readSeedSequence(state: Record<string, unknown>): SeedSequence {
  return SeedSequence.fromState(state.seedSequence as never);
}
