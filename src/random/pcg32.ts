/**
 * PCG32: PCG-XSH-RR with 64-bit state and 32-bit output (O'Neill, "PCG: a
 * family of simple fast space-efficient statistically good algorithms for
 * random number generation", 2014; reference `pcg32_random_r` in the
 * pcg-c-basic library). The state advances by an LCG modulo 2^64 whose odd
 * increment selects one of 2^63 streams.
 *
 * The 64-bit state lives in two 32-bit halves; the product with the
 * multiplier is assembled from `Math.imul` (low words) and `mulHigh32`.
 * `createGenerator` seeds the initial state and stream from
 * SeedSequence.generateState(4); `Pcg32.fromReference(initstate, initseq)`
 * equals the reference `pcg32_srandom_r(initstate, initseq)`.
 *
 * `jump()` advances by floor(2^64 * (golden ratio - 1)) =
 * 0x9e3779b97f4a7c15 steps, the 64-bit analogue of NumPy's PCG64 jump.
 */
import { InvalidArgumentError } from '../errors.js';
import { FILL_CHUNK, mulHigh32, toHex, TWO_POW_26, TWO_POW_MINUS_32, TWO_POW_MINUS_53 } from './bits.js';
import { advanceLcg, toStepCount } from './lcg.js';
import { SeedSequence, type SeedSequenceState } from './seed-sequence.js';
import { checkHeader, readHex, readSeedSequence } from './state.js';
import type { BitGenerator, GeneratorState } from './types.js';

const STATE_VERSION = 1;
const MASK_64 = (1n << 64n) - 1n;

/** 6364136223846793005, the reference multiplier. */
const MULTIPLIER = 0x5851f42d4c957f2dn;
const MULTIPLIER_HIGH = 0x5851f42d;
const MULTIPLIER_LOW = 0x4c957f2d;

/** Steps taken by `jump()`: floor(2^64 * (golden ratio - 1)). */
export const PCG32_JUMP_DISTANCE = 0x9e3779b97f4a7c15n;

export interface Pcg32State extends GeneratorState {
  readonly algorithm: 'pcg32';
  /** The 64-bit LCG state, 16 hexadecimal digits. */
  readonly state: string;
  /** The odd 64-bit increment (2 * initseq + 1), 16 hexadecimal digits. */
  readonly increment: string;
  readonly seedSequence: SeedSequenceState;
}

export class Pcg32 implements BitGenerator {
  readonly algorithm = 'pcg32' as const;
  private stateHigh = 0;
  private stateLow = 0;
  private incrementHigh = 0;
  private incrementLow = 1;
  private seedSequence: SeedSequence;

  /** Seeds with initstate = words 0-1 and initseq = words 2-3 of `generateState(4)` (low word first). */
  constructor(seedSequence: SeedSequence) {
    this.seedSequence = seedSequence;
    const words = seedSequence.generateState(4);
    const initState = BigInt(words[0]) | (BigInt(words[1]) << 32n);
    const initSequence = BigInt(words[2]) | (BigInt(words[3]) << 32n);
    this.seedReference(initState, initSequence);
  }

  /** Equals the reference `pcg32_srandom_r(&rng, initState, initSequence)`. */
  static fromReference(initState: bigint, initSequence: bigint): Pcg32 {
    checkUint64('initState', initState);
    checkUint64('initSequence', initSequence);
    const generator = new Pcg32(new SeedSequence(initState | (initSequence << 64n)));
    generator.seedReference(initState, initSequence);
    return generator;
  }

  nextUint32(): number {
    const oldHigh = this.stateHigh;
    const oldLow = this.stateLow;
    this.step();
    return output(oldHigh, oldLow);
  }

  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * TWO_POW_26 + b) * TWO_POW_MINUS_53;
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
    let high = this.stateHigh;
    let low = this.stateLow;
    const incrementHigh = this.incrementHigh;
    const incrementLow = this.incrementLow;

    for (let i = start; i < end; i++) {
      const a = output(high, low) >>> 5;
      let productLow = Math.imul(low, MULTIPLIER_LOW) >>> 0;
      let productHigh = mulHigh32(low, MULTIPLIER_LOW) + Math.imul(low, MULTIPLIER_HIGH) + Math.imul(high, MULTIPLIER_LOW);
      let sumLow = productLow + incrementLow;
      low = sumLow >>> 0;
      high = (productHigh + incrementHigh + ((sumLow * TWO_POW_MINUS_32) | 0)) >>> 0;

      const b = output(high, low) >>> 6;
      productLow = Math.imul(low, MULTIPLIER_LOW) >>> 0;
      productHigh = mulHigh32(low, MULTIPLIER_LOW) + Math.imul(low, MULTIPLIER_HIGH) + Math.imul(high, MULTIPLIER_LOW);
      sumLow = productLow + incrementLow;
      low = sumLow >>> 0;
      high = (productHigh + incrementHigh + ((sumLow * TWO_POW_MINUS_32) | 0)) >>> 0;

      out[i] = (a * TWO_POW_26 + b) * TWO_POW_MINUS_53;
    }

    this.stateHigh = high;
    this.stateLow = low;
  }

  /**
   * Advances the stream by `delta` steps (mod 2^64, so a negative delta steps
   * back) in O(log delta), as the reference `pcg32_advance_r` does (Brown,
   * "Random number generation with arbitrary strides", 1994).
   */
  advance(delta: bigint | number): void {
    const steps = BigInt.asUintN(64, toStepCount(delta));
    const state = advanceLcg(this.getState64(), steps, MULTIPLIER, this.getIncrement64(), 64);
    this.setState64(state);
  }

  /** Advances by PCG32_JUMP_DISTANCE steps. */
  jump(): void {
    this.advance(PCG32_JUMP_DISTANCE);
  }

  clone(): Pcg32 {
    const copy = new Pcg32(this.seedSequence.clone());
    copy.stateHigh = this.stateHigh;
    copy.stateLow = this.stateLow;
    copy.incrementHigh = this.incrementHigh;
    copy.incrementLow = this.incrementLow;
    return copy;
  }

  getState(): Pcg32State {
    return {
      algorithm: this.algorithm,
      version: STATE_VERSION,
      state: toHex(this.getState64(), 64),
      increment: toHex(this.getIncrement64(), 64),
      seedSequence: this.seedSequence.getState(),
    };
  }

  setState(state: GeneratorState): void {
    const record = checkHeader(state, this.algorithm, STATE_VERSION);
    const lcgState = readHex(record, 'state', 64);
    const increment = readHex(record, 'increment', 64);
    if ((increment & 1n) === 0n) {
      throw new InvalidArgumentError('state.increment', 'an odd number', record.increment);
    }
    const seedSequence = readSeedSequence(record);

    this.setState64(lcgState);
    this.incrementHigh = Number(increment >> 32n);
    this.incrementLow = Number(increment & 0xffffffffn);
    this.seedSequence = seedSequence;
  }

  spawn(count: number): Pcg32[] {
    return this.seedSequence.spawn(count).map((child) => new Pcg32(child));
  }

  private seedReference(initState: bigint, initSequence: bigint): void {
    const increment = ((initSequence << 1n) | 1n) & MASK_64;
    this.incrementHigh = Number(increment >> 32n);
    this.incrementLow = Number(increment & 0xffffffffn);
    this.setState64(0n);
    this.step();
    this.setState64((this.getState64() + initState) & MASK_64);
    this.step();
  }

  private step(): void {
    const low = this.stateLow;
    const high = this.stateHigh;
    const productLow = Math.imul(low, MULTIPLIER_LOW) >>> 0;
    const productHigh = mulHigh32(low, MULTIPLIER_LOW) + Math.imul(low, MULTIPLIER_HIGH) + Math.imul(high, MULTIPLIER_LOW);
    const sumLow = productLow + this.incrementLow;
    this.stateLow = sumLow >>> 0;
    this.stateHigh = (productHigh + this.incrementHigh + ((sumLow * TWO_POW_MINUS_32) | 0)) >>> 0;
  }

  private getState64(): bigint {
    return (BigInt(this.stateHigh) << 32n) | BigInt(this.stateLow);
  }

  private getIncrement64(): bigint {
    return (BigInt(this.incrementHigh) << 32n) | BigInt(this.incrementLow);
  }

  private setState64(value: bigint): void {
    this.stateHigh = Number(value >> 32n);
    this.stateLow = Number(value & 0xffffffffn);
  }
}

/**
 * XSH-RR output of a 64-bit state: ((state ^ (state >> 18)) >> 27) as 32 bits,
 * rotated right by the top 5 bits of the state.
 */
function output(high: number, low: number): number {
  const xorHigh = high ^ (high >>> 18);
  const xorLow = low ^ ((low >>> 18) | (high << 14));
  const shifted = (xorLow >>> 27) | (xorHigh << 5);
  const rotation = high >>> 27;
  return ((shifted >>> rotation) | (shifted << (-rotation & 31))) >>> 0;
}

function checkUint64(name: string, value: bigint): void {
  if (typeof value !== 'bigint' || value < 0n || value > MASK_64) {
    throw new InvalidArgumentError(name, 'a BigInt from 0 to 2^64 - 1', value);
  }
}
