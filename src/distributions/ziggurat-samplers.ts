/**
 * Standard normal and standard exponential variates by 256-strip ziggurats
 * (Marsaglia & Tsang 2000), one at a time and in bulk.
 *
 * Each draw reads the generator only as 32-bit words, in pairs: two words give
 * the strip, the sign and a 52-bit position, and the rare draws that miss the
 * strip's core read more pairs. The bulk fills read those same words in
 * blocks from the generator's `fillUint32` and run the common case over the
 * block in one tight loop. So a fill returns exactly the values of the same
 * number of single draws and leaves the generator in the same state.
 */
import erfc from '@stdlib/math-base-special-erfc';

import type { BitGenerator } from '../random/types.js';
import { WordBuffer } from './word-buffer.js';
import { buildZiggurat, type ZigguratTable } from './ziggurat.js';

/** The part of a bit generator that these samplers use. */
export type WordSource = Pick<BitGenerator, 'nextUint32'>;

/** A word source that can also fill blocks of words, as every BitGenerator can. */
type BlockWordSource = WordSource & Pick<BitGenerator, 'fillUint32'>;

const TWO_POW_29 = 536870912; // 2^29
const TWO_POW_28 = 268435456; // 2^28
const TWO_POW_26 = 67108864; // 2^26
const TWO_POW_MINUS_53 = 1.1102230246251565e-16; // 2^-53

/** 256 strips under exp(-x^2 / 2); the tail starts at r = 3.6541528853610088. */
export const NORMAL_ZIGGURAT: ZigguratTable = buildZiggurat(
  {
    density: (x) => Math.exp(-0.5 * x * x),
    inverseDensity: (y) => Math.sqrt(-2 * Math.log(y)),
    tailArea: (r) => Math.sqrt(Math.PI / 2) * erfc(r / Math.SQRT2),
  },
  256,
  2,
  5,
);

/** 256 strips under exp(-x); the tail starts at r = 7.697117470131050. */
export const EXPONENTIAL_ZIGGURAT: ZigguratTable = buildZiggurat(
  {
    density: (x) => Math.exp(-x),
    inverseDensity: (y) => -Math.log(y),
    tailArea: (r) => Math.exp(-r),
  },
  256,
  5,
  10,
);

const normalWidth = NORMAL_ZIGGURAT.width;
const normalAcceptBelow = NORMAL_ZIGGURAT.acceptBelow;
const normalDensity = NORMAL_ZIGGURAT.density;
const normalTailStart = NORMAL_ZIGGURAT.tailStart;

/**
 * The normal strip widths indexed by the low 9 bits of the first word: the
 * strip (bits 0-7) and the sign (bit 8), with entry 256 + i equal to
 * -width[i]. Multiplying by it applies the sign without a branch, and the
 * product is bit for bit the negated one. A branch on the random sign is
 * mispredicted half the time: the core loop over stored random words took
 * 7.2 ns per draw with the branch and 2.9 ns without it (Node 20, x86-64, by
 * CPU time).
 */
export const NORMAL_SIGNED_WIDTH: Float64Array = signedWidths(normalWidth);

const exponentialWidth = EXPONENTIAL_ZIGGURAT.width;
const exponentialAcceptBelow = EXPONENTIAL_ZIGGURAT.acceptBelow;
const exponentialDensity = EXPONENTIAL_ZIGGURAT.density;
const exponentialTailStart = EXPONENTIAL_ZIGGURAT.tailStart;

function signedWidths(width: Float64Array): Float64Array {
  const signed = new Float64Array(2 * width.length);
  for (let i = 0; i < width.length; i++) {
    signed[i] = width[i];
    signed[width.length + i] = -width[i];
  }
  return signed;
}

/** Builds a double in [0, 1) with 53 random bits from two words (the genrand_res53 construction of MT19937). */
export function uniformFromWords(rng: WordSource): number {
  const high = rng.nextUint32() >>> 5;
  const low = rng.nextUint32() >>> 6;
  return (high * TWO_POW_26 + low) * TWO_POW_MINUS_53;
}

/**
 * Draws from the standard normal distribution with a 256-strip ziggurat
 * (Marsaglia & Tsang 2000, in the 52-bit integer form NumPy uses). Two words
 * give the strip (8 bits), the sign (1 bit) and a 52-bit position; about 98.5%
 * of draws need nothing more.
 */
export function standardNormal(rng: WordSource): number {
  const high = rng.nextUint32();
  const low = rng.nextUint32();
  const position = (high >>> 9) * TWO_POW_29 + (low >>> 3);
  if (position < normalAcceptBelow[high & 0xff]) return position * NORMAL_SIGNED_WIDTH[high & 0x1ff];
  return normalOutsideCore(rng, high, position);
}

/**
 * Finishes a normal draw whose first word `high` and 52-bit `position` fell
 * outside the core of their strip: the tail beyond r for strip 0, else the
 * wedge test, and on rejection fresh pairs until a draw is accepted.
 */
export function normalOutsideCore(rng: WordSource, high: number, position: number): number {
  for (;;) {
    const strip = high & 0xff;
    const magnitude = strip === 0 ? normalTail(rng) : normalWedge(rng, strip, position * normalWidth[strip]);
    if (magnitude >= 0) return (high & 0x100) !== 0 ? -magnitude : magnitude;

    high = rng.nextUint32();
    const low = rng.nextUint32();
    position = (high >>> 9) * TWO_POW_29 + (low >>> 3);
    if (position < normalAcceptBelow[high & 0xff]) return position * NORMAL_SIGNED_WIDTH[high & 0x1ff];
  }
}

/** Draws from the normal tail beyond r (Marsaglia 1964): accepts r + a when 2b > a^2, for a ~ Exp(rate r) and b ~ Exp(1). */
export function normalTail(rng: WordSource): number {
  for (;;) {
    const a = -Math.log1p(-uniformFromWords(rng)) / normalTailStart;
    const b = -Math.log1p(-uniformFromWords(rng));
    if (b + b > a * a) return normalTailStart + a;
  }
}

/** Returns x when a uniform height in strip `strip` falls under the density at x, and -1 to reject. */
export function normalWedge(rng: WordSource, strip: number, x: number): number {
  const floor = normalDensity[strip];
  const height = floor + uniformFromWords(rng) * (normalDensity[strip + 1] - floor);
  return height < Math.exp(-0.5 * x * x) ? x : -1;
}

/**
 * Draws from the standard exponential distribution with a 256-strip ziggurat
 * (Marsaglia & Tsang 2000). Two words give the strip (8 bits) and a 52-bit
 * position; the tail beyond r is r plus a fresh exponential draw.
 */
export function standardExponential(rng: WordSource): number {
  const high = rng.nextUint32();
  const low = rng.nextUint32();
  const position = (high >>> 8) * TWO_POW_28 + (low >>> 4);
  const strip = high & 0xff;
  if (position < exponentialAcceptBelow[strip]) return position * exponentialWidth[strip];
  return exponentialOutsideCore(rng, strip, position);
}

/**
 * Finishes an exponential draw whose first pair fell outside the core of
 * strip `strip`: strip 0 adds r and starts over, and the others take the
 * wedge test. Repeated tail hits add r to a running offset, which is added to
 * the final strip's point once, as in the single loop of Marsaglia & Tsang.
 */
function exponentialOutsideCore(rng: WordSource, strip: number, position: number): number {
  let offset = 0;
  for (;;) {
    const x = position * exponentialWidth[strip];
    if (strip === 0) {
      offset += exponentialTailStart;
    } else {
      const floor = exponentialDensity[strip];
      const height = floor + uniformFromWords(rng) * (exponentialDensity[strip + 1] - floor);
      if (height < Math.exp(-x)) return offset + x;
    }

    const high = rng.nextUint32();
    const low = rng.nextUint32();
    position = (high >>> 8) * TWO_POW_28 + (low >>> 4);
    strip = high & 0xff;
    if (position < exponentialAcceptBelow[strip]) return offset + position * exponentialWidth[strip];
  }
}

function hasBlockFill(rng: WordSource): rng is BlockWordSource {
  return typeof (rng as Partial<BlockWordSource>).fillUint32 === 'function';
}

/**
 * Fills `out` with standard normal draws: the same values as `out.length`
 * calls of `standardNormal`, leaving the generator in the same state. A
 * generator with `fillUint32` (every BitGenerator) is read in blocks.
 *
 * The refill and the loop over a block sit in separate functions. With both
 * in one function, V8 sometimes inlined the generator's fill loop next to the
 * ziggurat loop. Fills of 1e7 draws then ran at 106-126 M/s instead of
 * 141-151 M/s, varying from run to run (xoshiro128**, Node 20, x86-64, by
 * CPU time).
 */
export function fillStandardNormal(rng: WordSource, out: Float64Array): Float64Array {
  if (!hasBlockFill(rng)) {
    for (let i = 0; i < out.length; i++) out[i] = standardNormal(rng);
    return out;
  }

  const words = new WordBuffer(rng);
  let index = 0;
  while (index < out.length) {
    // Every draw reads at least two words, so a refill fetches at most the words that the single draws would read.
    words.wordsAfterCurrent = 2 * (out.length - 1 - index);
    words.refill();
    index = normalsFromBlock(words, out, index);
  }
  return out;
}

/**
 * Writes normal draws from the words left in the buffer's block, from
 * out[index] on, until the block is used up, and returns the next index.
 */
function normalsFromBlock(words: WordBuffer, out: Float64Array, index: number): number {
  const block = words.block;
  while (words.position < words.length) {
    const start = words.position;
    const stop = normalCoreRun(block, start, words.length, out, index);
    index += (stop - start) / 2;
    words.position = stop;
    if (stop === words.length) break;

    // The pair at `stop` missed its strip's core: finish that draw word by word, refilling the block if needed.
    const high = block[stop];
    const position = (high >>> 9) * TWO_POW_29 + (block[stop + 1] >>> 3);
    words.position = stop + 2;
    words.wordsAfterCurrent = 2 * (out.length - 1 - index);
    out[index] = normalOutsideCore(words, high, position);
    index += 1;
  }
  return index;
}

/**
 * Writes normal draws for the word pairs from `start` while they land in
 * their strip's core, from out[index] on, and returns the position of the
 * first pair that does not (or `end`).
 */
function normalCoreRun(block: Uint32Array, start: number, end: number, out: Float64Array, index: number): number {
  let next = start;
  for (; next < end; next += 2) {
    const high = block[next];
    const position = (high >>> 9) * TWO_POW_29 + (block[next + 1] >>> 3);
    if (position >= normalAcceptBelow[high & 0xff]) break;
    out[index++] = position * NORMAL_SIGNED_WIDTH[high & 0x1ff];
  }
  return next;
}

/**
 * Fills `out` with standard exponential draws: the same values as
 * `out.length` calls of `standardExponential`, leaving the generator in the
 * same state. A generator with `fillUint32` is read in blocks.
 */
export function fillStandardExponential(rng: WordSource, out: Float64Array): Float64Array {
  if (!hasBlockFill(rng)) {
    for (let i = 0; i < out.length; i++) out[i] = standardExponential(rng);
    return out;
  }

  const words = new WordBuffer(rng);
  let index = 0;
  while (index < out.length) {
    words.wordsAfterCurrent = 2 * (out.length - 1 - index);
    words.refill();
    index = exponentialsFromBlock(words, out, index);
  }
  return out;
}

/** `normalsFromBlock` for the exponential ziggurat. */
function exponentialsFromBlock(words: WordBuffer, out: Float64Array, index: number): number {
  const block = words.block;
  while (words.position < words.length) {
    const start = words.position;
    const stop = exponentialCoreRun(block, start, words.length, out, index);
    index += (stop - start) / 2;
    words.position = stop;
    if (stop === words.length) break;

    const high = block[stop];
    const position = (high >>> 8) * TWO_POW_28 + (block[stop + 1] >>> 4);
    words.position = stop + 2;
    words.wordsAfterCurrent = 2 * (out.length - 1 - index);
    out[index] = exponentialOutsideCore(words, high & 0xff, position);
    index += 1;
  }
  return index;
}

/** `normalCoreRun` for the exponential ziggurat. */
function exponentialCoreRun(block: Uint32Array, start: number, end: number, out: Float64Array, index: number): number {
  let next = start;
  for (; next < end; next += 2) {
    const high = block[next];
    const position = (high >>> 8) * TWO_POW_28 + (block[next + 1] >>> 4);
    const strip = high & 0xff;
    if (position >= exponentialAcceptBelow[strip]) break;
    out[index++] = position * exponentialWidth[strip];
  }
  return next;
}
