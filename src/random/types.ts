/**
 * The bit-generator contract. A bit generator only seeds, holds state, emits
 * raw bits and splits into child streams; distributions are separate and take
 * a generator as their first argument.
 */

/** Names accepted by `createGenerator` and the `--generator` option. */
export type GeneratorName = 'mt19937' | 'numpy-pcg64' | 'pcg32' | 'xoshiro128**' | 'philox4x32-10';

/**
 * A seed: a non-negative safe integer (at most 2^53 - 1), or a non-negative
 * BigInt of any size. Larger numbers are rejected because they may already
 * have been rounded.
 */
export type Seed = number | bigint;

/**
 * JSON-serialisable snapshot of a generator. Words wider than 32 bits are
 * stored as hexadecimal strings so `JSON.stringify` loses nothing.
 */
export interface GeneratorState {
  readonly algorithm: GeneratorName;
  readonly version: number;
  readonly [field: string]: unknown;
}

export interface BitGenerator {
  readonly algorithm: GeneratorName;

  /**
   * Next output as an unsigned 32-bit integer in [0, 2^32): the native output
   * for the 32-bit generators, and the low then the high half of each 64-bit
   * output for `numpy-pcg64`, as NumPy's `next_uint32` does.
   */
  nextUint32(): number;

  /**
   * Next double in [0, 1) carrying 53 random bits; never returns 1. For
   * `mt19937` and `numpy-pcg64` the value equals NumPy's for the same state.
   */
  nextDouble(): number;

  /** Fills `out` with consecutive `nextUint32()` outputs and returns it. */
  fillUint32(out: Uint32Array): Uint32Array;

  /** Fills `out` with consecutive `nextDouble()` outputs and returns it. */
  fillDouble(out: Float64Array): Float64Array;

  /** An independent copy: advancing the copy leaves this generator unchanged. */
  clone(): BitGenerator;

  getState(): GeneratorState;

  /** Restores a state from `getState()` (also after a JSON round trip). */
  setState(state: GeneratorState): void;

  /**
   * Returns `count` child generators whose streams are statistically
   * independent of this one and of each other. Repeated calls return new
   * children.
   */
  spawn(count: number): BitGenerator[];

  /** Advances the stream by the algorithm's jump distance, where it defines one. */
  jump?(): void;
}
