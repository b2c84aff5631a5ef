/**
 * Seed validation and the split of a seed into 32-bit words, least
 * significant word first, as NumPy splits Python integers for SeedSequence.
 */
import { InvalidArgumentError } from '../errors.js';
import type { Seed } from './types.js';

const SEED_RULE = 'a non-negative integer no larger than 2^53 - 1, or a non-negative BigInt';
const SEED_HINT = 'Pass larger seeds as a BigInt (for example 12345678901234567890n) so no digits are lost';

/** Checks a seed and returns it as a BigInt. Throws InvalidArgumentError naming `argument`. */
export function seedToBigInt(seed: Seed, argument = 'seed'): bigint {
  if (typeof seed === 'bigint') {
    if (seed < 0n) throw new InvalidArgumentError(argument, SEED_RULE, seed);
    return seed;
  }

  // NOTE: 2^53 itself is rejected because a number literal above 2^53 rounds to
  // an even neighbour, so the seed the caller typed may not be the one received.
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    const hint = typeof seed === 'number' && Number.isInteger(seed) && seed > 0 ? SEED_HINT : undefined;
    throw new InvalidArgumentError(argument, SEED_RULE, seed, hint);
  }
  return BigInt(seed);
}

/**
 * Splits a non-negative BigInt into 32-bit words, least significant first.
 * Zero gives one word, `[0]`, as NumPy's `_int_to_uint32_array` does.
 */
export function bigIntToWords(value: bigint): Uint32Array {
  const words: number[] = [];
  let rest = value;
  do {
    words.push(Number(rest & 0xffffffffn));
    rest >>= 32n;
  } while (rest > 0n);
  return Uint32Array.from(words);
}

/** Joins 32-bit words, least significant first, into one BigInt. */
export function wordsToBigInt(words: ArrayLike<number>): bigint {
  let value = 0n;
  for (let i = words.length - 1; i >= 0; i--) value = (value << 32n) | BigInt(words[i] >>> 0);
  return value;
}

/** Checks a seed and splits it into 32-bit words, least significant first. */
export function seedToWords(seed: Seed, argument = 'seed'): Uint32Array {
  return bigIntToWords(seedToBigInt(seed, argument));
}
