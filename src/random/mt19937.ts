/**
 * MT19937, the 32-bit Mersenne Twister (Matsumoto and Nishimura, ACM TOMACS
 * 1998), with the 2002 initialisation of the reference `mt19937ar.c`.
 *
 * Seeding:
 * - a seed below 2^32 runs `init_genrand(seed)`, so the stream equals C++
 *   `std::mt19937(seed)` and NumPy `RandomState(seed)`;
 * - a larger seed is split into 32-bit words, least significant first, and
 *   runs `init_by_array(words)`, so the stream equals NumPy
 *   `RandomState(numpy.array(words, dtype=numpy.uint32))`. NumPy's
 *   `RandomState(seed)` itself rejects such seeds.
 *
 * `nextUint32` is the tempered 32-bit output; `nextDouble` is
 * `genrand_res53`, equal to `RandomState.random_sample()`. Spawned children
 * are seeded as NumPy's `MT19937(seed_sequence)` seeds from a SeedSequence
 * child.
 *
 * `advance(delta)` and `jump()` (2^128 outputs) use the characteristic
 * polynomial of the recurrence (see mt19937-jump.ts) and leave exactly the
 * state that stepping would. With Node 20 on a shared two-core AMD EPYC, the
 * first jump in a process took 0.4 to 0.7 s, mostly to find that polynomial
 * and x^(2^128) modulo it, and later jumps 30 to 60 ms. NumPy's
 * `MT19937.jumped()` is a different transformation, 2^128 steps ahead for at
 * most part of one block; `numpyJump()` reproduces it.
 */
import { InvalidArgumentError } from '../errors.js';
import { FILL_CHUNK, TWO_POW_26, TWO_POW_MINUS_53 } from './bits.js';
import { toStepCount } from './lcg.js';
import { advanceMt19937, MT19937_JUMP_DISTANCE, numpyJumpMt19937 } from './mt19937-jump.js';
import * as parameters from './mt19937-parameters.js';
import { bigIntToWords, wordsToBigInt } from './seed.js';
import { SeedSequence, type SeedSequenceState } from './seed-sequence.js';
import { checkHeader, readInteger, readSeedSequence, readWords } from './state.js';
import type { BitGenerator, GeneratorState } from './types.js';

export { MT19937_JUMP_DISTANCE };

// Module constants rather than imported bindings, which Vitest turns into
// getter calls that slow the twist loop thirtyfold.
const { LOWER_MASK, M, MATRIX_A, N, UPPER_MASK } = parameters;

const STATE_VERSION = 1;
// Tempering masks as signed 32-bit values, the form the Int32Array state words take.
const TEMPER_B = 0x9d2c5680 | 0;
const TEMPER_C = 0xefc60000 | 0;

export interface Mt19937State extends GeneratorState {
  readonly algorithm: 'mt19937';
  /** The 624 state words `mt[]` of the reference implementation. */
  readonly key: readonly number[];
  /** Index of the next word to temper; 624 means the block is used up. */
  readonly position: number;
  readonly seedSequence: SeedSequenceState;
}

export class Mt19937 implements BitGenerator {
  readonly algorithm = 'mt19937' as const;
  private readonly key = new Int32Array(N);
  private position = N;
  private seedSequence: SeedSequence;

  private constructor(seedSequence: SeedSequence) {
    this.seedSequence = seedSequence;
  }

  /** Seeds as described in the file header: `init_genrand` below 2^32, `init_by_array` above. */
  static fromSeed(seed: bigint): Mt19937 {
    const generator = new Mt19937(new SeedSequence(seed));
    if (seed <= 0xffffffffn) {
      generator.initGenrand(Number(seed));
    } else {
      generator.initByArray(bigIntToWords(seed));
    }
    return generator;
  }

  /**
   * Seeds with the reference `init_by_array(words)`. For two or more words this
   * equals NumPy `RandomState(numpy.array(words, dtype=numpy.uint32))`; NumPy
   * reads a one-element array as a scalar seed instead.
   */
  static fromArray(words: ArrayLike<number>): Mt19937 {
    const checked = readWords({ words: Array.from(words) }, 'words', words.length);
    if (checked.length === 0) throw new InvalidArgumentError('words', 'a non-empty array of unsigned 32-bit integers', []);
    const generator = new Mt19937(new SeedSequence(wordsToBigInt(checked)));
    generator.initByArray(checked);
    return generator;
  }

  /**
   * Seeds as NumPy's `MT19937(seed_sequence)`: words 1..623 from
   * `generateState(624)`, word 0 set to 2^31 so the state is never zero, and
   * the position left at 623, as NumPy leaves it.
   */
  static fromSeedSequence(seedSequence: SeedSequence): Mt19937 {
    const generator = new Mt19937(seedSequence);
    generator.key.set(seedSequence.generateState(N));
    generator.key[0] = UPPER_MASK;
    generator.position = N - 1;
    return generator;
  }

  nextUint32(): number {
    if (this.position >= N) this.twist();
    return temper(this.key[this.position++]);
  }

  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * TWO_POW_26 + b) * TWO_POW_MINUS_53;
  }

  fillUint32(out: Uint32Array): Uint32Array {
    for (let start = 0; start < out.length; start += FILL_CHUNK) {
      this.fillUint32Range(out, start, Math.min(start + FILL_CHUNK, out.length));
    }
    return out;
  }

  private fillUint32Range(out: Uint32Array, start: number, end: number): void {
    const key = this.key;
    let position = this.position;

    for (let i = start; i < end; i++) {
      if (position >= N) {
        this.twist();
        position = 0;
      }
      out[i] = temper(key[position++]);
    }

    this.position = position;
  }

  fillDouble(out: Float64Array): Float64Array {
    for (let start = 0; start < out.length; start += FILL_CHUNK) {
      this.fillDoubleRange(out, start, Math.min(start + FILL_CHUNK, out.length));
    }
    return out;
  }

  private fillDoubleRange(out: Float64Array, start: number, end: number): void {
    const key = this.key;
    let position = this.position;

    for (let i = start; i < end; i++) {
      if (position < N - 1) {
        // Both words come from the current block: the common case.
        const a = temper(key[position]) >>> 5;
        const b = temper(key[position + 1]) >>> 6;
        position += 2;
        out[i] = (a * TWO_POW_26 + b) * TWO_POW_MINUS_53;
      } else {
        this.position = position;
        out[i] = this.nextDouble();
        position = this.position;
      }
    }

    this.position = position;
  }

  /**
   * Advances the stream by `delta` outputs (a non-negative safe integer or
   * BigInt); key and position then equal those after `delta` calls of
   * `nextUint32`. Measured as for `jump()`, it costs about 1 ms per binary
   * digit of delta, for squarings modulo the characteristic polynomial, plus
   * 30 to 60 ms.
   */
  advance(delta: bigint | number): void {
    const steps = toStepCount(delta);
    if (steps < 0n) {
      throw new InvalidArgumentError('delta', 'a non-negative number of outputs', delta, 'MT19937 only advances; keep a clone() of the earlier state to go back');
    }
    this.position = advanceMt19937(this.key, this.position, steps);
  }

  /** Advances the stream by MT19937_JUMP_DISTANCE = 2^128 outputs, exactly as `advance(2n ** 128n)`. */
  jump(): void {
    this.advance(MT19937_JUMP_DISTANCE);
  }

  /**
   * Changes the state as NumPy's `MT19937.jumped()` does (checked against
   * NumPy 1.24 and 2.4.6), so key and position equal NumPy's word for word. Unlike `jump()`
   * it is not a fixed shift of the stream and does not commute with drawing.
   * Only from position 0 or 624 do some of the words it leaves lie 2^128
   * steps past key word 0: the second word up to NumPy's next twist. Use it
   * to reproduce NumPy results, and `jump()` for substreams 2^128 draws apart.
   */
  numpyJump(): void {
    this.position = numpyJumpMt19937(this.key, this.position);
  }

  clone(): Mt19937 {
    const copy = new Mt19937(this.seedSequence.clone());
    copy.key.set(this.key);
    copy.position = this.position;
    return copy;
  }

  getState(): Mt19937State {
    return {
      algorithm: this.algorithm,
      version: STATE_VERSION,
      key: Array.from(new Uint32Array(this.key.buffer, this.key.byteOffset, N)),
      position: this.position,
      seedSequence: this.seedSequence.getState(),
    };
  }

  setState(state: GeneratorState): void {
    const record = checkHeader(state, this.algorithm, STATE_VERSION);
    const key = readWords(record, 'key', N);
    const position = readInteger(record, 'position', 0, N);
    const seedSequence = readSeedSequence(record);

    this.key.set(new Int32Array(key.buffer));
    this.position = position;
    this.seedSequence = seedSequence;
  }

  spawn(count: number): Mt19937[] {
    return this.seedSequence.spawn(count).map((child) => Mt19937.fromSeedSequence(child));
  }

  private initGenrand(seed: number): void {
    const key = this.key;
    key[0] = seed;
    for (let i = 1; i < N; i++) {
      const previous = key[i - 1];
      key[i] = Math.imul(1812433253, previous ^ (previous >>> 30)) + i;
    }
    this.position = N;
  }

  private initByArray(words: ArrayLike<number>): void {
    const key = this.key;
    this.initGenrand(19650218);

    let i = 1;
    let j = 0;
    for (let k = Math.max(N, words.length); k > 0; k--) {
      const previous = key[i - 1];
      key[i] = (key[i] ^ Math.imul(previous ^ (previous >>> 30), 1664525)) + words[j] + j;
      i++;
      j++;
      if (i >= N) {
        key[0] = key[N - 1];
        i = 1;
      }
      if (j >= words.length) j = 0;
    }

    for (let k = N - 1; k > 0; k--) {
      const previous = key[i - 1];
      key[i] = (key[i] ^ Math.imul(previous ^ (previous >>> 30), 1566083941)) - i;
      i++;
      if (i >= N) {
        key[0] = key[N - 1];
        i = 1;
      }
    }

    key[0] = UPPER_MASK; // the reference sets the MSB so the state is never all zero
    this.position = N;
  }

  /**
   * Regenerates all 624 words (the block step of the reference
   * `genrand_int32`). The conditional xor with MATRIX_A is written as a mask,
   * -(y & 1) & MATRIX_A, because a branch on a random bit mispredicts half
   * the time.
   */
  private twist(): void {
    const key = this.key;
    let kk = 0;

    for (; kk < N - M; kk++) {
      const y = (key[kk] & UPPER_MASK) | (key[kk + 1] & LOWER_MASK);
      key[kk] = key[kk + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; kk < N - 1; kk++) {
      const y = (key[kk] & UPPER_MASK) | (key[kk + 1] & LOWER_MASK);
      key[kk] = key[kk + (M - N)] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    const y = (key[N - 1] & UPPER_MASK) | (key[0] & LOWER_MASK);
    key[N - 1] = key[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);

    this.position = 0;
  }
}

/** The reference tempering transform; returns an unsigned 32-bit integer. */
function temper(word: number): number {
  let y = word;
  y ^= y >>> 11;
  y ^= (y << 7) & TEMPER_B;
  y ^= (y << 15) & TEMPER_C;
  y ^= y >>> 18;
  return y >>> 0;
}
