/**
 * Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror and
 * Shaw ("Parallel random numbers: as easy as 1, 2, 3", SC 2011; Random123
 * library). A block of four 32-bit outputs is a keyed bijection of a 128-bit
 * counter: ten rounds of two 32 x 32 -> 64-bit multiplications, with the
 * 64-bit key bumped by Weyl constants between rounds.
 *
 * The stream is the blocks for counters 0, 1, 2, ... (the counter read as a
 * 128-bit integer with word 0 least significant, as Random123's `incr`), each
 * block's words in order 0 to 3. `createGenerator` takes the key from
 * SeedSequence.generateState(2); spawned children get keys from SeedSequence
 * children. `advance(blocks)` and `jump()` only add to the counter.
 */
import { FILL_CHUNK, mulHighSplit, TWO_POW_26, TWO_POW_MINUS_53 } from './bits.js';
import { toStepCount } from './lcg.js';
import { SeedSequence, type SeedSequenceState } from './seed-sequence.js';
import { checkHeader, readInteger, readSeedSequence, readWords } from './state.js';
import type { BitGenerator, GeneratorState } from './types.js';

const STATE_VERSION = 1;
const MASK_128 = (1n << 128n) - 1n;

// Round multipliers and key-schedule Weyl increments from Random123 philox.h.
const PHILOX_M0 = 0xd2511f53;
const PHILOX_M1 = 0xcd9e8d57;
const PHILOX_W0 = 0x9e3779b9;
const PHILOX_W1 = 0xbb67ae85;
const M0_HIGH = PHILOX_M0 >>> 16;
const M0_LOW = PHILOX_M0 & 0xffff;
const M1_HIGH = PHILOX_M1 >>> 16;
const M1_LOW = PHILOX_M1 & 0xffff;

/** Blocks skipped by `jump()`: 2^64 blocks, i.e. 2^66 outputs. */
export const PHILOX_JUMP_BLOCKS = 1n << 64n;

export interface Philox4x32State extends GeneratorState {
  readonly algorithm: 'philox4x32-10';
  readonly key: readonly number[];
  /** Counter of the next block to compute, word 0 least significant. */
  readonly counter: readonly number[];
  /** The current block's four outputs. */
  readonly block: readonly number[];
  /** Index of the next unused word of `block`; 4 when it is used up. */
  readonly index: number;
  readonly seedSequence: SeedSequenceState;
}

/**
 * Computes one Philox4x32-10 block: `out` receives the four output words for
 * the counter (c0..c3) and key (k0, k1). Exported for known-answer tests.
 */
export function philox4x32Block(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, out: Uint32Array): Uint32Array {
  let x0 = c0 >>> 0;
  let x1 = c1 | 0;
  let x2 = c2 >>> 0;
  let x3 = c3 | 0;
  let key0 = k0 | 0;
  let key1 = k1 | 0;

  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      key0 = (key0 + PHILOX_W0) | 0;
      key1 = (key1 + PHILOX_W1) | 0;
    }
    const high0 = mulHighSplit(x0, M0_HIGH, M0_LOW);
    const low0 = Math.imul(x0, PHILOX_M0) >>> 0;
    const high1 = mulHighSplit(x2, M1_HIGH, M1_LOW);
    const low1 = Math.imul(x2, PHILOX_M1) >>> 0;

    x0 = (high1 ^ x1 ^ key0) >>> 0;
    x1 = low1 | 0;
    x2 = (high0 ^ x3 ^ key1) >>> 0;
    x3 = low0 | 0;
  }

  out[0] = x0;
  out[1] = x1;
  out[2] = x2;
  out[3] = x3;
  return out;
}

export class Philox4x32 implements BitGenerator {
  readonly algorithm = 'philox4x32-10' as const;
  private key0 = 0;
  private key1 = 0;
  private readonly counter = new Uint32Array(4);
  private readonly block = new Uint32Array(4);
  private index = 4;
  private seedSequence: SeedSequence;

  constructor(seedSequence: SeedSequence) {
    this.seedSequence = seedSequence;
    const key = seedSequence.generateState(2);
    this.key0 = key[0];
    this.key1 = key[1];
  }

  /** A generator with an explicit key and starting counter, as Random123's `philox4x32(ctr, key)` takes them. */
  static fromKey(key: ArrayLike<number>, counter: ArrayLike<number> = [0, 0, 0, 0]): Philox4x32 {
    const checkedKey = readWords({ key: Array.from(key) }, 'key', 2);
    const checkedCounter = readWords({ counter: Array.from(counter) }, 'counter', 4);
    const generator = new Philox4x32(new SeedSequence(BigInt(checkedKey[0]) | (BigInt(checkedKey[1]) << 32n)));
    generator.key0 = checkedKey[0];
    generator.key1 = checkedKey[1];
    generator.counter.set(checkedCounter);
    return generator;
  }

  nextUint32(): number {
    if (this.index >= 4) this.refill();
    return this.block[this.index++];
  }

  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * TWO_POW_26 + b) * TWO_POW_MINUS_53;
  }

  fillUint32(out: Uint32Array): Uint32Array {
    let i = 0;
    while (i < out.length && this.index < 4) out[i++] = this.block[this.index++];

    // Whole blocks go straight into the output.
    const wholeEnd = i + ((out.length - i) & ~3);
    for (let start = i; start < wholeEnd; start += FILL_CHUNK) {
      this.fillBlocks(out, null, start, Math.min(start + FILL_CHUNK, wholeEnd));
    }

    for (i = wholeEnd; i < out.length; i++) out[i] = this.nextUint32();
    return out;
  }

  fillDouble(out: Float64Array): Float64Array {
    let i = 0;
    // Use up a partly read block first. NOTE: after an odd number of
    // nextUint32 calls every double straddles two blocks, so this slow loop
    // then fills the whole array.
    while (i < out.length && this.index !== 4) out[i++] = this.nextDouble();

    // Each block gives two doubles.
    const wholeEnd = i + ((out.length - i) & ~1);
    for (let start = i; start < wholeEnd; start += FILL_CHUNK) {
      this.fillBlocks(null, out, start, Math.min(start + FILL_CHUNK, wholeEnd));
    }

    for (i = wholeEnd; i < out.length; i++) out[i] = this.nextDouble();
    return out;
  }

  /**
   * Advances the stream by `blocks` blocks of four outputs (mod 2^128, so a
   * negative count steps back), keeping the position inside the current block.
   */
  advance(blocks: bigint | number): void {
    const delta = toStepCount(blocks);
    const next = (wordsToCounter(this.counter) + delta) & MASK_128;
    this.counter.set(counterToWords(next));

    if (this.index < 4) {
      // The buffered block belongs to counter - 1; recompute it at its new counter.
      const current = counterToWords((next - 1n) & MASK_128);
      philox4x32Block(current[0], current[1], current[2], current[3], this.key0, this.key1, this.block);
    }
  }

  /** Advances by PHILOX_JUMP_BLOCKS = 2^64 blocks. */
  jump(): void {
    this.advance(PHILOX_JUMP_BLOCKS);
  }

  clone(): Philox4x32 {
    const copy = new Philox4x32(this.seedSequence.clone());
    copy.key0 = this.key0;
    copy.key1 = this.key1;
    copy.counter.set(this.counter);
    copy.block.set(this.block);
    copy.index = this.index;
    return copy;
  }

  getState(): Philox4x32State {
    return {
      algorithm: this.algorithm,
      version: STATE_VERSION,
      key: [this.key0 >>> 0, this.key1 >>> 0],
      counter: Array.from(this.counter),
      block: Array.from(this.block),
      index: this.index,
      seedSequence: this.seedSequence.getState(),
    };
  }

  setState(state: GeneratorState): void {
    const record = checkHeader(state, this.algorithm, STATE_VERSION);
    const key = readWords(record, 'key', 2);
    const counter = readWords(record, 'counter', 4);
    const block = readWords(record, 'block', 4);
    const index = readInteger(record, 'index', 0, 4);
    const seedSequence = readSeedSequence(record);

    this.key0 = key[0];
    this.key1 = key[1];
    this.counter.set(counter);
    this.block.set(block);
    this.index = index;
    this.seedSequence = seedSequence;
  }

  spawn(count: number): Philox4x32[] {
    return this.seedSequence.spawn(count).map((child) => new Philox4x32(child));
  }

  /**
   * Computes whole blocks from the counter with the ten rounds written out on
   * local variables. With `words`, writes four words per block to
   * words[start..end); otherwise writes two doubles per block to
   * doubles[start..end). Requires an empty block buffer (index 4).
   */
  private fillBlocks(words: Uint32Array | null, doubles: Float64Array | null, start: number, end: number): void {
    let c0 = this.counter[0] | 0;
    let c1 = this.counter[1] | 0;
    let c2 = this.counter[2] | 0;
    let c3 = this.counter[3] | 0;
    const k0 = this.key0 | 0;
    const k1 = this.key1 | 0;
    const step = words === null ? 2 : 4;

    for (let i = start; i < end; i += step) {
      let x0 = c0;
      let x1 = c1;
      let x2 = c2;
      let x3 = c3;
      let key0 = k0;
      let key1 = k1;

      for (let round = 0; round < 10; round++) {
        const high0 = mulHighSplit(x0, M0_HIGH, M0_LOW);
        const low0 = Math.imul(x0, PHILOX_M0);
        const high1 = mulHighSplit(x2, M1_HIGH, M1_LOW);
        const low1 = Math.imul(x2, PHILOX_M1);
        x0 = high1 ^ x1 ^ key0;
        x1 = low1;
        x2 = high0 ^ x3 ^ key1;
        x3 = low0;
        key0 = (key0 + PHILOX_W0) | 0;
        key1 = (key1 + PHILOX_W1) | 0;
      }

      if (words !== null) {
        words[i] = x0;
        words[i + 1] = x1;
        words[i + 2] = x2;
        words[i + 3] = x3;
      } else if (doubles !== null) {
        doubles[i] = ((x0 >>> 5) * TWO_POW_26 + (x1 >>> 6)) * TWO_POW_MINUS_53;
        doubles[i + 1] = ((x2 >>> 5) * TWO_POW_26 + (x3 >>> 6)) * TWO_POW_MINUS_53;
      }

      // 128-bit counter increment; the carry branches are almost never taken.
      c0 = (c0 + 1) | 0;
      if (c0 === 0) {
        c1 = (c1 + 1) | 0;
        if (c1 === 0) {
          c2 = (c2 + 1) | 0;
          if (c2 === 0) c3 = (c3 + 1) | 0;
        }
      }
    }

    this.counter[0] = c0;
    this.counter[1] = c1;
    this.counter[2] = c2;
    this.counter[3] = c3;
  }

  private refill(): void {
    const counter = this.counter;
    philox4x32Block(counter[0], counter[1], counter[2], counter[3], this.key0, this.key1, this.block);
    incrementCounter(counter);
    this.index = 0;
  }
}

function incrementCounter(counter: Uint32Array): void {
  for (let i = 0; i < 4; i++) {
    counter[i] = counter[i] + 1;
    if (counter[i] !== 0) return;
  }
}

function wordsToCounter(words: Uint32Array): bigint {
  return (BigInt(words[3]) << 96n) | (BigInt(words[2]) << 64n) | (BigInt(words[1]) << 32n) | BigInt(words[0]);
}

function counterToWords(value: bigint): number[] {
  return [0n, 32n, 64n, 96n].map((shift) => Number((value >> shift) & 0xffffffffn));
}
