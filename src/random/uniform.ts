/**
 * Uniform variates from any bit generator: doubles on [low, high) and on the
 * open interval (0, 1), and integers in [0, n) without modulo bias.
 */
import { InvalidArgumentError } from '../errors.js';
import { interval } from '../validate.js';
import { mulHigh32, TWO_POW_32 } from './bits.js';
import type { BitGenerator } from './types.js';

const TWO_POW_52 = 4503599627370496;
const TWO_POW_MINUS_52 = 2.220446049250313e-16;
const TWO_POW_53 = 9007199254740992;

/**
 * Draws a double in the open interval (0, 1), safe for `Math.log(u)` and
 * `Math.log(1 - u)`. It takes the top 52 bits j of one `nextDouble()` and
 * returns (j + 0.5) * 2^-52. The values lie on an evenly weighted grid from
 * 2^-53 to 1 - 2^-53, and each call uses exactly one double from the stream.
 */
export function uniformOpen(rng: BitGenerator): number {
  const j = Math.floor(rng.nextDouble() * TWO_POW_52);
  return (j + 0.5) * TWO_POW_MINUS_52;
}

/**
 * Draws a double in [low, high) as low + (high - low) * u. Rounding can carry
 * that sum up to `high`, so such a result is replaced by the largest double
 * below `high`, and `high` is never returned. When high - low overflows to
 * Infinity, the draw interpolates as low * (1 - u) + high * u instead.
 */
export function uniform(rng: BitGenerator, low: number, high: number): number {
  interval('low', low, 'high', high);
  const u = rng.nextDouble();
  const width = high - low;

  let x = Number.isFinite(width) ? low + width * u : low * (1 - u) + high * u;
  if (x >= high) x = nextDown(high);
  if (x < low) x = low;
  return x;
}

/**
 * Draws an integer uniformly from [0, n), for integer n from 1 to 2^53, by
 * Lemire's multiply-and-reject method ("Fast random integer generation in an
 * interval", ACM TOMACS 2019). It uses one 32-bit word per draw for n <= 2^32
 * and two words (a 64-bit draw, high word first) above; a draw is rejected
 * with probability below n / 2^32 (or n / 2^64), which removes modulo bias.
 */
export function boundedInt(rng: BitGenerator, n: number): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > TWO_POW_53) {
    throw new InvalidArgumentError('n', 'an integer from 1 to 2^53', n);
  }
  return n <= 0xffffffff ? boundedInt32(rng, n) : boundedInt64(rng, n);
}

/** Fills `out` with doubles in [0, 1) from `rng.fillDouble` and returns it. */
export function fillUniform(rng: BitGenerator, out: Float64Array): Float64Array {
  return rng.fillDouble(out);
}

/** Returns the largest double below `x`, for finite x > -Number.MAX_VALUE. */
export function nextDown(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  view.setBigUint64(0, x > 0 ? bits - 1n : bits + 1n);
  return view.getFloat64(0);
}

function boundedInt32(rng: BitGenerator, n: number): number {
  let x = rng.nextUint32();
  let low = Math.imul(x, n) >>> 0;

  if (low < n) {
    // The low word of x * n falls below 2^32 mod n for exactly the surplus
    // values of x that would make some results more likely than others.
    const threshold = TWO_POW_32 % n;
    while (low < threshold) {
      x = rng.nextUint32();
      low = Math.imul(x, n) >>> 0;
    }
  }
  return mulHigh32(x, n);
}

/** Lemire's method with a 64-bit draw, for 2^32 < n <= 2^53, in 32-bit words. */
function boundedInt64(rng: BitGenerator, n: number): number {
  const nHigh = Math.floor(n / TWO_POW_32);
  const nLow = n % TWO_POW_32;

  for (;;) {
    const xHigh = rng.nextUint32();
    const xLow = rng.nextUint32();

    // x * n = xLow*nLow + (xHigh*nLow + xLow*nHigh) * 2^32 + xHigh*nHigh * 2^64,
    // where nHigh < 2^21 keeps the last two products below 2^53.
    const lowLow = Math.imul(xLow, nLow) >>> 0;
    const lowLowHigh = mulHigh32(xLow, nLow);
    const highLowLow = Math.imul(xHigh, nLow) >>> 0;
    const highLowHigh = mulHigh32(xHigh, nLow);
    const lowHigh = xLow * nHigh;
    const highHigh = xHigh * nHigh;

    const middle = lowLowHigh + highLowLow + (lowHigh % TWO_POW_32);
    const word1 = middle % TWO_POW_32;
    const result = highLowHigh + Math.floor(lowHigh / TWO_POW_32) + highHigh + Math.floor(middle / TWO_POW_32);

    // Accept unless the low 64 bits (word1, lowLow) fall below 2^64 mod n.
    if (word1 > nHigh || (word1 === nHigh && lowLow >= nLow)) return result;
    const threshold = Number((1n << 64n) % BigInt(n));
    const thresholdHigh = Math.floor(threshold / TWO_POW_32);
    const thresholdLow = threshold % TWO_POW_32;
    if (word1 > thresholdHigh || (word1 === thresholdHigh && lowLow >= thresholdLow)) return result;
  }
}
