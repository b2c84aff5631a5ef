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
import { FILL_CHUNK, mulHigh32, TWO_POW_26, TWO_POW_MINUS_53 } from './bits.js';
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
    const high0 = mulHigh32(x0, PHILOX_M0);
    const low0 = Math.imul(x0, PHILOX_M0) >>> 0;
    const high1 = mulHigh32(x2, PHILOX_M1);
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

/**
 * Computes the four blocks for counters (c0 + j, c1, c2, c3), j = 0 to 3, into
 * out[4j..4j+3]; requires c0 + 3 < 2^32. One block is a chain of ten
 * dependent rounds, so four independent chains in one loop let the CPU
 * overlap their multiplications. This runs about twice as fast as one block
 * at a time.
 */
function philox4x32FourBlocks(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, out: Uint32Array): void {
  let a0 = c0 | 0;
  let a1 = c1 | 0;
  let a2 = c2 | 0;
  let a3 = c3 | 0;
  let b0 = (c0 + 1) | 0;
  let b1 = a1;
  let b2 = a2;
  let b3 = a3;
  let d0 = (c0 + 2) | 0;
  let d1 = a1;
  let d2 = a2;
  let d3 = a3;
  let e0 = (c0 + 3) | 0;
  let e1 = a1;
  let e2 = a2;
  let e3 = a3;
  let key0 = k0 | 0;
  let key1 = k1 | 0;

  for (let round = 0; round < 10; round++) {
    const aHigh0 = mulHigh32(a0, PHILOX_M0);
    const aLow0 = Math.imul(a0, PHILOX_M0);
    const aHigh1 = mulHigh32(a2, PHILOX_M1);
    const aLow1 = Math.imul(a2, PHILOX_M1);
    const bHigh0 = mulHigh32(b0, PHILOX_M0);
    const bLow0 = Math.imul(b0, PHILOX_M0);
    const bHigh1 = mulHigh32(b2, PHILOX_M1);
    const bLow1 = Math.imul(b2, PHILOX_M1);
    const dHigh0 = mulHigh32(d0, PHILOX_M0);
    const dLow0 = Math.imul(d0, PHILOX_M0);
    const dHigh1 = mulHigh32(d2, PHILOX_M1);
    const dLow1 = Math.imul(d2, PHILOX_M1);
    const eHigh0 = mulHigh32(e0, PHILOX_M0);
    const eLow0 = Math.imul(e0, PHILOX_M0);
    const eHigh1 = mulHigh32(e2, PHILOX_M1);
    const eLow1 = Math.imul(e2, PHILOX_M1);

    a0 = aHigh1 ^ a1 ^ key0;
    a1 = aLow1;
    a2 = aHigh0 ^ a3 ^ key1;
    a3 = aLow0;
    b0 = bHigh1 ^ b1 ^ key0;
    b1 = bLow1;
    b2 = bHigh0 ^ b3 ^ key1;
    b3 = bLow0;
    d0 = dHigh1 ^ d1 ^ key0;
    d1 = dLow1;
    d2 = dHigh0 ^ d3 ^ key1;
    d3 = dLow0;
    e0 = eHigh1 ^ e1 ^ key0;
    e1 = eLow1;
    e2 = eHigh0 ^ e3 ^ key1;
    e3 = eLow0;

    key0 = (key0 + PHILOX_W0) | 0;
    key1 = (key1 + PHILOX_W1) | 0;
  }

  out[0] = a0;
  out[1] = a1;
  out[2] = a2;
  out[3] = a3;
  out[4] = b0;
  out[5] = b1;
  out[6] = b2;
  out[7] = b3;
  out[8] = d0;
  out[9] = d1;
  out[10] = d2;
  out[11] = d3;
  out[12] = e0;
  out[13] = e1;
  out[14] = e2;
  out[15] = e3;
}

export class Philox4x32 implements BitGenerator {
  readonly algorithm = 'philox4x32-10' as const;
  private key0 = 0;
  private key1 = 0;
  private readonly counter = new Uint32Array(4);
  private readonly block = new Uint32Array(4);
  /** Scratch space for up to four blocks computed together by the bulk fills. */
  private readonly lanes = new Uint32Array(16);
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
   * Computes whole blocks from the counter: four at a time where the low
   * counter word cannot wrap within the four, one at a time otherwise. With
   * `words`, writes four words per block to words[start..end); otherwise
   * writes two doubles per block to doubles[start..end). Requires an empty
   * block buffer (index 4).
   */
  private fillBlocks(words: Uint32Array | null, doubles: Float64Array | null, start: number, end: number): void {
    const counter = this.counter;
    const lanes = this.lanes;
    const key0 = this.key0;
    const key1 = this.key1;
    const perBlock = words === null ? 2 : 4;
    let i = start;

    while (i < end) {
      const blocks = (end - i) / perBlock;
      const count = blocks >= 4 && counter[0] <= 0xfffffffb ? 4 : 1;
      if (count === 4) {
        philox4x32FourBlocks(counter[0], counter[1], counter[2], counter[3], key0, key1, lanes);
        counter[0] += 4;
      } else {
        philox4x32Block(counter[0], counter[1], counter[2], counter[3], key0, key1, lanes);
        incrementCounter(counter);
      }

      if (words !== null) {
        for (let j = 0; j < 4 * count; j++) words[i + j] = lanes[j];
      } else if (doubles !== null) {
        for (let j = 0; j < 2 * count; j++) {
          doubles[i + j] = ((lanes[2 * j] >>> 5) * TWO_POW_26 + (lanes[2 * j + 1] >>> 6)) * TWO_POW_MINUS_53;
        }
      }
      i += perBlock * count;
    }
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
