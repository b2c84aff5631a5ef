/**
 * NumPy's SeedSequence (numpy/random/bit_generator.pyx, NumPy >= 1.19): hashes
 * a seed of any size and a spawn key into a pool of four 32-bit words, then
 * expands the pool into as many state words as a generator needs. Spawning
 * appends the child's index to the spawn key, so children of one parent, and
 * of different parents, get unrelated pools.
 *
 * The words equal `numpy.random.SeedSequence(entropy, spawn_key=...)
 * .generate_state(n, numpy.uint32)` for the same entropy and spawn key.
 */
import { InvalidArgumentError } from '../errors.js';
import { nonNegativeInteger } from '../validate.js';
import { bigIntToWords } from './seed.js';

const POOL_SIZE = 4;
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const XSHIFT = 16; // half the word size

/** JSON form of a SeedSequence: the entropy as a decimal string so no digits are lost. */
export interface SeedSequenceState {
  readonly entropy: string;
  readonly spawnKey: readonly number[];
  readonly childrenSpawned: number;
}

export class SeedSequence {
  readonly entropy: bigint;
  readonly spawnKey: readonly number[];
  /** Number of children spawned so far, which is also the next child's index. */
  childrenSpawned: number;
  private readonly pool: Uint32Array;

  constructor(entropy: bigint, spawnKey: readonly number[] = [], childrenSpawned = 0) {
    if (typeof entropy !== 'bigint' || entropy < 0n) {
      throw new InvalidArgumentError('entropy', 'a non-negative BigInt', entropy);
    }
    spawnKey.forEach((index, i) => nonNegativeInteger(`spawnKey[${i}]`, index));
    nonNegativeInteger('childrenSpawned', childrenSpawned);

    this.entropy = entropy;
    this.spawnKey = [...spawnKey];
    this.childrenSpawned = childrenSpawned;
    this.pool = mixEntropy(this.assembleEntropy());
  }

  static fromState(state: SeedSequenceState): SeedSequence {
    if (state === null || typeof state !== 'object' || typeof state.entropy !== 'string' || !/^\d+$/.test(state.entropy)) {
      throw new InvalidArgumentError('seedSequence', 'an object with a decimal entropy string, a spawnKey array and childrenSpawned', state);
    }
    if (!Array.isArray(state.spawnKey)) {
      throw new InvalidArgumentError('seedSequence.spawnKey', 'an array of non-negative integers', state.spawnKey);
    }
    return new SeedSequence(BigInt(state.entropy), state.spawnKey, state.childrenSpawned);
  }

  getState(): SeedSequenceState {
    return { entropy: this.entropy.toString(), spawnKey: [...this.spawnKey], childrenSpawned: this.childrenSpawned };
  }

  clone(): SeedSequence {
    return new SeedSequence(this.entropy, this.spawnKey, this.childrenSpawned);
  }

  /** Expands the pool into `count` 32-bit words (NumPy's `generate_state(count, uint32)`). */
  generateState(count: number): Uint32Array {
    nonNegativeInteger('count', count);
    const out = new Uint32Array(count);
    let hashConst = INIT_B;

    for (let i = 0; i < count; i++) {
      let value = this.pool[i % POOL_SIZE] ^ hashConst;
      hashConst = Math.imul(hashConst, MULT_B);
      value = Math.imul(value, hashConst);
      value ^= value >>> XSHIFT;
      out[i] = value;
    }
    return out;
  }

  /** Returns `count` children with spawn keys `[...spawnKey, i]` for the next `count` indices. */
  spawn(count: number): SeedSequence[] {
    nonNegativeInteger('count', count);
    const children: SeedSequence[] = [];
    for (let i = 0; i < count; i++) {
      children.push(new SeedSequence(this.entropy, [...this.spawnKey, this.childrenSpawned + i]));
    }
    this.childrenSpawned += count;
    return children;
  }

  /**
   * Concatenates the entropy words and the spawn-key words. With a spawn key,
   * the entropy is first padded with zeros to the pool size, as NumPy does
   * since 1.19. Without the padding, the child (e, [k]) of a small seed e
   * would hash the same words as the seed e + k * 2^32 with no spawn key.
   */
  private assembleEntropy(): number[] {
    const words = Array.from(bigIntToWords(this.entropy));
    const keyWords = this.spawnKey.flatMap((index) => Array.from(bigIntToWords(BigInt(index))));
    if (keyWords.length > 0) {
      while (words.length < POOL_SIZE) words.push(0);
    }
    return [...words, ...keyWords];
  }
}

function mixEntropy(entropy: readonly number[]): Uint32Array {
  const pool = new Uint32Array(POOL_SIZE);
  const hash = new HashMix();

  for (let i = 0; i < POOL_SIZE; i++) {
    pool[i] = hash.next(i < entropy.length ? entropy[i] : 0);
  }

  // Mix every pool word into every other so late words affect early ones.
  for (let source = 0; source < POOL_SIZE; source++) {
    for (let target = 0; target < POOL_SIZE; target++) {
      if (source !== target) pool[target] = mix(pool[target], hash.next(pool[source]));
    }
  }

  // Entropy beyond the pool size is mixed into every pool word.
  for (let source = POOL_SIZE; source < entropy.length; source++) {
    for (let target = 0; target < POOL_SIZE; target++) {
      pool[target] = mix(pool[target], hash.next(entropy[source]));
    }
  }
  return pool;
}

/** NumPy's `hashmix`: a multiply-xorshift hash whose multiplier advances on every call. */
class HashMix {
  private hashConst = INIT_A;

  next(value: number): number {
    let mixed = value ^ this.hashConst;
    this.hashConst = Math.imul(this.hashConst, MULT_A);
    mixed = Math.imul(mixed, this.hashConst);
    mixed ^= mixed >>> XSHIFT;
    return mixed >>> 0;
  }
}

function mix(x: number, y: number): number {
  let result = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
  result ^= result >>> XSHIFT;
  return result >>> 0;
}
