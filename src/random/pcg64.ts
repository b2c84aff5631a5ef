/**
 * NumPy's PCG64: PCG-XSL-RR with 128-bit state and 64-bit output, the bit
 * generator behind `numpy.random.default_rng`. Seeding, outputs and state
 * follow NumPy's, and the known-answer tests check them against NumPy 2.4.6:
 *
 * - the seed goes through SeedSequence; `generateState(8)` read as four
 *   64-bit words (low word first) gives initstate = (w0 << 64) | w1 and
 *   initseq = (w2 << 64) | w3 for `pcg_setseq_128_srandom_r`;
 * - each step is state = state * M + increment (mod 2^128), then the output
 *   is rotr64(high64 ^ low64, state >> 122) of the new state;
 * - `nextDouble` is (next64 >> 11) * 2^-53, equal to `Generator.random()`;
 * - `nextUint32` is NumPy's `pcg64_next32`: the low half of a 64-bit output,
 *   then its high half on the next call, equal to `Generator.integers(0,
 *   2**32, dtype=numpy.uint32)`. `nextDouble` leaves that buffered half in
 *   place, as NumPy does.
 *
 * The 128-bit state is kept in four 32-bit limbs; the product with M is
 * assembled from `Math.imul` (low halves) and `mulHigh32` (high halves).
 */
import { InvalidArgumentError } from '../errors.js';
import { FILL_CHUNK, mulHigh32, toHex, TWO_POW_MINUS_32, TWO_POW_MINUS_53 } from './bits.js';
import { advanceLcg, toStepCount } from './lcg.js';
import { SeedSequence, type SeedSequenceState } from './seed-sequence.js';
import { checkHeader, readBoolean, readHex, readInteger, readSeedSequence } from './state.js';
import type { BitGenerator, GeneratorState } from './types.js';

const STATE_VERSION = 1;
const MASK_128 = (1n << 128n) - 1n;
const TWO_POW_21 = 2097152;

/** PCG_DEFAULT_MULTIPLIER_128, the LCG multiplier M. */
const MULTIPLIER = 0x2360ed051fc65da44385df649fccf645n;
const M0 = 0x9fccf645;
const M1 = 0x4385df64;
const M2 = 0x1fc65da4;
const M3 = 0x2360ed05;

/** Steps taken by `jump()`, as NumPy's `PCG64.jumped()`: floor(2^128 * (golden ratio - 1)) + 1, an odd number. */
export const PCG64_JUMP_DISTANCE = 0x9e3779b97f4a7c15f39cc0605cedc835n;

export interface Pcg64State extends GeneratorState {
  readonly algorithm: 'numpy-pcg64';
  /** The 128-bit LCG state, 32 hexadecimal digits (NumPy's `state['state']['state']`). */
  readonly state: string;
  /** The odd 128-bit increment, 32 hexadecimal digits (NumPy's `state['state']['inc']`). */
  readonly increment: string;
  /** Whether a high half of a 64-bit output is waiting for `nextUint32` (NumPy's `has_uint32`). */
  readonly hasUint32: boolean;
  /** That high half (NumPy's `uinteger`). */
  readonly uinteger: number;
  readonly seedSequence: SeedSequenceState;
}

export class Pcg64 implements BitGenerator {
  readonly algorithm = 'numpy-pcg64' as const;
  // State limbs, s0 least significant.
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private i0 = 1;
  private i1 = 0;
  private i2 = 0;
  private i3 = 0;
  private hasUint32 = false;
  private uinteger = 0;
  /** High word of the last 64-bit output, written by `step64`. */
  private outputHigh = 0;
  private seedSequence: SeedSequence;

  constructor(seedSequence: SeedSequence) {
    this.seedSequence = seedSequence;
    const w = seedSequence.generateState(8);
    const initState = (BigInt(w[1]) << 96n) | (BigInt(w[0]) << 64n) | (BigInt(w[3]) << 32n) | BigInt(w[2]);
    const initSequence = (BigInt(w[5]) << 96n) | (BigInt(w[4]) << 64n) | (BigInt(w[7]) << 32n) | BigInt(w[6]);
    this.seedReference(initState, initSequence);
  }

  /** Equals the PCG reference `pcg_setseq_128_srandom_r(&rng, initState, initSequence)`. */
  static fromReference(initState: bigint, initSequence: bigint): Pcg64 {
    checkUint128('initState', initState);
    checkUint128('initSequence', initSequence);
    const generator = new Pcg64(new SeedSequence(initState | (initSequence << 128n)));
    generator.seedReference(initState, initSequence);
    return generator;
  }

  /** Next 64-bit output as a BigInt (NumPy's `random_raw()`); for tests and interop, not speed. */
  nextBigUint64(): bigint {
    const low = this.step64();
    return (BigInt(this.outputHigh) << 32n) | BigInt(low);
  }

  nextUint32(): number {
    if (this.hasUint32) {
      this.hasUint32 = false;
      return this.uinteger;
    }
    const low = this.step64();
    this.hasUint32 = true;
    this.uinteger = this.outputHigh;
    return low;
  }

  nextDouble(): number {
    const low = this.step64();
    return (this.outputHigh * TWO_POW_21 + (low >>> 11)) * TWO_POW_MINUS_53;
  }

  fillUint32(out: Uint32Array): Uint32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.nextUint32();
    return out;
  }

  fillDouble(out: Float64Array): Float64Array {
    for (let start = 0; start < out.length; start += FILL_CHUNK) {
      this.fillDoubleRange(out, start, Math.min(start + FILL_CHUNK, out.length));
    }
    return out;
  }

  private fillDoubleRange(out: Float64Array, start: number, end: number): void {
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    const i0 = this.i0;
    const i1 = this.i1;
    const i2 = this.i2;
    const i3 = this.i3;

    for (let k = start; k < end; k++) {
      // state = state * M + increment (mod 2^128), column by column.
      let sum = (Math.imul(s0, M0) >>> 0) + i0;
      const r0 = sum >>> 0;
      let carry = (sum * TWO_POW_MINUS_32) | 0;

      sum = mulHigh32(s0, M0) + (Math.imul(s0, M1) >>> 0) + (Math.imul(s1, M0) >>> 0) + i1 + carry;
      const r1 = sum >>> 0;
      carry = (sum * TWO_POW_MINUS_32) | 0;

      sum =
        mulHigh32(s0, M1) + mulHigh32(s1, M0) +
        (Math.imul(s0, M2) >>> 0) + (Math.imul(s1, M1) >>> 0) + (Math.imul(s2, M0) >>> 0) + i2 + carry;
      const r2 = sum >>> 0;
      carry = (sum * TWO_POW_MINUS_32) | 0;

      const r3 =
        (mulHigh32(s0, M2) + mulHigh32(s1, M1) + mulHigh32(s2, M0) +
          Math.imul(s0, M3) + Math.imul(s1, M2) + Math.imul(s2, M1) + Math.imul(s3, M0) + i3 + carry) >>> 0;

      s0 = r0;
      s1 = r1;
      s2 = r2;
      s3 = r3;

      // XSL-RR output: rotate (high64 ^ low64) right by the top 6 state bits.
      // The swap for rotations of 32 or more is a mask, not a branch, because
      // the rotation is random and a branch on it mispredicts half the time.
      let high = s3 ^ s1;
      let low = s2 ^ s0;
      const swap = (high ^ low) & -(s3 >>> 31);
      high ^= swap;
      low ^= swap;
      const rotation = (s3 >>> 26) & 31;
      // (x << 1) << (31 - r) is x << (32 - r), which is 0 for r = 0.
      const outHigh = ((high >>> rotation) | ((low << 1) << (31 - rotation))) >>> 0;
      const outLow = (low >>> rotation) | ((high << 1) << (31 - rotation));

      out[k] = (outHigh * TWO_POW_21 + (outLow >>> 11)) * TWO_POW_MINUS_53;
    }

    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  /**
   * Advances the stream by `delta` 64-bit outputs (mod 2^128, so a negative
   * delta steps back) and drops any buffered 32-bit half, as NumPy's
   * `PCG64.advance(delta)` does.
   */
  advance(delta: bigint | number): void {
    const steps = toStepCount(delta);
    this.setState128(advanceLcg(this.getState128(), steps, MULTIPLIER, this.getIncrement128(), 128));
    this.hasUint32 = false;
    this.uinteger = 0;
  }

  /** Advances by PCG64_JUMP_DISTANCE outputs; equals NumPy's `PCG64.jumped()`. */
  jump(): void {
    this.advance(PCG64_JUMP_DISTANCE);
  }

  clone(): Pcg64 {
    const copy = new Pcg64(new SeedSequence(0n));
    copy.setState(this.getState());
    return copy;
  }

  getState(): Pcg64State {
    return {
      algorithm: this.algorithm,
      version: STATE_VERSION,
      state: toHex(this.getState128(), 128),
      increment: toHex(this.getIncrement128(), 128),
      hasUint32: this.hasUint32,
      uinteger: this.uinteger,
      seedSequence: this.seedSequence.getState(),
    };
  }

  setState(state: GeneratorState): void {
    const record = checkHeader(state, this.algorithm, STATE_VERSION);
    const lcgState = readHex(record, 'state', 128);
    const increment = readHex(record, 'increment', 128);
    if ((increment & 1n) === 0n) {
      throw new InvalidArgumentError('state.increment', 'an odd number', record.increment);
    }
    const hasUint32 = readBoolean(record, 'hasUint32');
    const uinteger = readInteger(record, 'uinteger', 0, 0xffffffff);
    const seedSequence = readSeedSequence(record);

    this.setState128(lcgState);
    this.setIncrement128(increment);
    this.hasUint32 = hasUint32;
    this.uinteger = uinteger;
    this.seedSequence = seedSequence;
  }

  /** Children equal NumPy's `PCG64(child)` for the children of `SeedSequence(seed).spawn(...)`. */
  spawn(count: number): Pcg64[] {
    return this.seedSequence.spawn(count).map((child) => new Pcg64(child));
  }

  private seedReference(initState: bigint, initSequence: bigint): void {
    this.setIncrement128(((initSequence << 1n) | 1n) & MASK_128);
    this.setState128(0n);
    this.step64();
    this.setState128((this.getState128() + initState) & MASK_128);
    this.step64();
    this.hasUint32 = false;
    this.uinteger = 0;
  }

  /** Steps the LCG, stores the output's high word in `outputHigh` and returns its low word. */
  private step64(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2;
    const s3 = this.s3;

    let sum = (Math.imul(s0, M0) >>> 0) + this.i0;
    const r0 = sum >>> 0;
    let carry = (sum * TWO_POW_MINUS_32) | 0;

    sum = mulHigh32(s0, M0) + (Math.imul(s0, M1) >>> 0) + (Math.imul(s1, M0) >>> 0) + this.i1 + carry;
    const r1 = sum >>> 0;
    carry = (sum * TWO_POW_MINUS_32) | 0;

    sum =
      mulHigh32(s0, M1) + mulHigh32(s1, M0) +
      (Math.imul(s0, M2) >>> 0) + (Math.imul(s1, M1) >>> 0) + (Math.imul(s2, M0) >>> 0) + this.i2 + carry;
    const r2 = sum >>> 0;
    carry = (sum * TWO_POW_MINUS_32) | 0;

    const r3 =
      (mulHigh32(s0, M2) + mulHigh32(s1, M1) + mulHigh32(s2, M0) +
        Math.imul(s0, M3) + Math.imul(s1, M2) + Math.imul(s2, M1) + Math.imul(s3, M0) + this.i3 + carry) >>> 0;

    this.s0 = r0;
    this.s1 = r1;
    this.s2 = r2;
    this.s3 = r3;

    let high = r3 ^ r1;
    let low = r2 ^ r0;
    const swap = (high ^ low) & -(r3 >>> 31);
    high ^= swap;
    low ^= swap;
    const rotation = (r3 >>> 26) & 31;
    this.outputHigh = ((high >>> rotation) | ((low << 1) << (31 - rotation))) >>> 0;
    return ((low >>> rotation) | ((high << 1) << (31 - rotation))) >>> 0;
  }

  private getState128(): bigint {
    return limbsToBigInt(this.s0, this.s1, this.s2, this.s3);
  }

  private getIncrement128(): bigint {
    return limbsToBigInt(this.i0, this.i1, this.i2, this.i3);
  }

  private setState128(value: bigint): void {
    this.s0 = Number(value & 0xffffffffn);
    this.s1 = Number((value >> 32n) & 0xffffffffn);
    this.s2 = Number((value >> 64n) & 0xffffffffn);
    this.s3 = Number((value >> 96n) & 0xffffffffn);
  }

  private setIncrement128(value: bigint): void {
    this.i0 = Number(value & 0xffffffffn);
    this.i1 = Number((value >> 32n) & 0xffffffffn);
    this.i2 = Number((value >> 64n) & 0xffffffffn);
    this.i3 = Number((value >> 96n) & 0xffffffffn);
  }
}

function limbsToBigInt(l0: number, l1: number, l2: number, l3: number): bigint {
  return (BigInt(l3 >>> 0) << 96n) | (BigInt(l2 >>> 0) << 64n) | (BigInt(l1 >>> 0) << 32n) | BigInt(l0 >>> 0);
}

function checkUint128(name: string, value: bigint): void {
  if (typeof value !== 'bigint' || value < 0n || value > MASK_128) {
    throw new InvalidArgumentError(name, 'a BigInt from 0 to 2^128 - 1', value);
  }
}
