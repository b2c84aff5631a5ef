/**
 * Standard variates: normal(0, 1), exponential(1) and gamma(shape, 1), the
 * building blocks of the other samplers.
 *
 * Every sampler here reads the generator only as 32-bit words, in pairs (two
 * per uniform). So a bulk fill returns the values of the same number of
 * single draws and leaves the generator in the same state, even where the
 * gamma fills read their words in blocks through a WordBuffer.
 */
import erfc from '@stdlib/math-base-special-erfc';

import { InvalidArgumentError } from '../errors.js';
import type { BitGenerator } from '../random/types.js';
import { WordBuffer } from './word-buffer.js';
import { buildZiggurat, type ZigguratTable } from './ziggurat.js';

/** The part of a bit generator that these samplers use. */
export type WordSource = Pick<BitGenerator, 'nextUint32'>;

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

const exponentialWidth = EXPONENTIAL_ZIGGURAT.width;
const exponentialAcceptBelow = EXPONENTIAL_ZIGGURAT.acceptBelow;
const exponentialDensity = EXPONENTIAL_ZIGGURAT.density;
const exponentialTailStart = EXPONENTIAL_ZIGGURAT.tailStart;

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
  for (;;) {
    const high = rng.nextUint32();
    const low = rng.nextUint32();
    const strip = high & 0xff;
    const position = (high >>> 9) * TWO_POW_29 + (low >>> 3);
    const x = position * normalWidth[strip];
    const negative = (high & 0x100) !== 0;

    if (position < normalAcceptBelow[strip]) return negative ? -x : x;

    const magnitude = strip === 0 ? normalTail(rng) : normalWedge(rng, strip, x);
    if (magnitude >= 0) return negative ? -magnitude : magnitude;
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
  let offset = 0;
  for (;;) {
    const high = rng.nextUint32();
    const low = rng.nextUint32();
    const strip = high & 0xff;
    const position = (high >>> 8) * TWO_POW_28 + (low >>> 4);
    const x = position * exponentialWidth[strip];

    if (position < exponentialAcceptBelow[strip]) return offset + x;

    if (strip === 0) {
      offset += exponentialTailStart;
    } else {
      const floor = exponentialDensity[strip];
      const height = floor + uniformFromWords(rng) * (exponentialDensity[strip + 1] - floor);
      if (height < Math.exp(-x)) return offset + x;
    }
  }
}

function checkShape(shape: number): void {
  if (typeof shape !== 'number' || !(shape > 0) || shape === Infinity) {
    throw new InvalidArgumentError('shape', 'a positive finite number', shape);
  }
}

/** The constants d = s - 1/3 and c = 1 / sqrt(9 d) of Marsaglia-Tsang for s = shape, or shape + 1 below 1 (the boost). */
export interface GammaConstants {
  readonly shape: number;
  readonly d: number;
  readonly c: number;
}

/** Computes the Marsaglia-Tsang constants for `shape`, after checking it. */
export function gammaConstants(shape: number): GammaConstants {
  checkShape(shape);
  const d = (shape >= 1 ? shape : shape + 1) - 1 / 3;
  return { shape, d, c: 1 / Math.sqrt(9 * d) };
}

/**
 * Marsaglia & Tsang, "A simple method for generating gamma variables", ACM
 * TOMS 26(3), 2000, for shape >= 1: d * v with v = (1 + c z)^3, z normal.
 */
function marsagliaTsang(rng: WordSource, d: number, c: number): number {
  for (;;) {
    let z: number;
    let v: number;
    do {
      z = standardNormal(rng);
      v = 1 + c * z;
    } while (v <= 0);

    v = v * v * v;
    const u = uniformFromWords(rng);
    const zz = z * z;
    if (u < 1 - 0.0331 * zz * zz) return d * v;
    if (Math.log(u) < 0.5 * zz + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * Draws log(G) for G ~ gamma(shape, 1) with precomputed constants. For
 * shape < 1 it uses G = G' * U^(1/shape) with G' ~ gamma(shape + 1)
 * (Marsaglia & Tsang 2000, section 6) and stays in log space, so it is finite
 * even where G itself is below the smallest double.
 */
export function logGammaWithConstants(rng: WordSource, constants: GammaConstants): number {
  const boosted = marsagliaTsang(rng, constants.d, constants.c);
  if (constants.shape >= 1) return Math.log(boosted);

  const u = 1 - uniformFromWords(rng); // in (0, 1], so the log is finite
  return Math.log(boosted) + Math.log(u) / constants.shape;
}

/** Draws G ~ gamma(shape, 1) with precomputed constants; below shape 1 the boost is applied in log space. */
export function gammaWithConstants(rng: WordSource, constants: GammaConstants): number {
  const boosted = marsagliaTsang(rng, constants.d, constants.c);
  if (constants.shape >= 1) return boosted;

  const u = 1 - uniformFromWords(rng);
  return Math.exp(Math.log(boosted) + Math.log(u) / constants.shape);
}

/**
 * Draws log(G) for G ~ gamma(shape, 1) (see logGammaWithConstants); shape
 * 1e-3 gives log G near -1000 regularly, where G itself underflows to 0.
 */
export function logStandardGamma(rng: WordSource, shape: number): number {
  return logGammaWithConstants(rng, gammaConstants(shape));
}

/**
 * Draws from gamma(shape, 1) (Marsaglia & Tsang 2000). For shape < 1 the
 * boost U^(1/shape) is applied in log space, so the result is 0 only when the
 * draw lies below the smallest positive double; `logStandardGamma` returns the
 * log in that case.
 */
export function standardGamma(rng: WordSource, shape: number): number {
  return gammaWithConstants(rng, gammaConstants(shape));
}

/** Fills `out` with standard normal draws, the same values as `out.length` calls of `standardNormal`. */
export function fillStandardNormal(rng: WordSource, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = standardNormal(rng);
  return out;
}

/** Fills `out` with standard exponential draws, the same values as `out.length` calls of `standardExponential`. */
export function fillStandardExponential(rng: WordSource, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = standardExponential(rng);
  return out;
}

/** Minimum number of words one gamma(shape) draw reads: a normal and a uniform, plus the boost uniform below 1. */
export function gammaWordsPerDraw(shape: number): number {
  return shape >= 1 ? 4 : 6;
}

/** `uniformFromWords` on a WordBuffer. */
function bufferedUniform(words: WordBuffer): number {
  const high = words.nextUint32() >>> 5;
  const low = words.nextUint32() >>> 6;
  return (high * TWO_POW_26 + low) * TWO_POW_MINUS_53;
}

/**
 * `marsagliaTsang` on a WordBuffer, with the ziggurat's fast path and the
 * uniform written out in place: as separate calls they are not inlined, and
 * the draw runs about 1.5 times slower.
 */
function bufferedMarsagliaTsang(words: WordBuffer, d: number, c: number): number {
  for (;;) {
    let z: number;
    for (;;) {
      const high = words.nextUint32();
      const low = words.nextUint32();
      const strip = high & 0xff;
      const position = (high >>> 9) * TWO_POW_29 + (low >>> 3);
      const x = position * normalWidth[strip];
      const negative = (high & 0x100) !== 0;
      if (position < normalAcceptBelow[strip]) {
        z = negative ? -x : x;
        break;
      }
      const magnitude = strip === 0 ? normalTail(words) : normalWedge(words, strip, x);
      if (magnitude >= 0) {
        z = negative ? -magnitude : magnitude;
        break;
      }
    }

    const t = 1 + c * z;
    if (t <= 0) continue;
    const v = t * t * t;

    const u = ((words.nextUint32() >>> 5) * TWO_POW_26 + (words.nextUint32() >>> 6)) * TWO_POW_MINUS_53;
    const zz = z * z;
    if (u < 1 - 0.0331 * zz * zz) return d * v;
    if (Math.log(u) < 0.5 * zz + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** `gammaWithConstants` on a WordBuffer: the same value from the same words. */
export function bufferedGamma(words: WordBuffer, constants: GammaConstants): number {
  const boosted = bufferedMarsagliaTsang(words, constants.d, constants.c);
  if (constants.shape >= 1) return boosted;

  const u = 1 - bufferedUniform(words);
  return Math.exp(Math.log(boosted) + Math.log(u) / constants.shape);
}

/** `logGammaWithConstants` on a WordBuffer: the same value from the same words. */
export function bufferedLogGamma(words: WordBuffer, constants: GammaConstants): number {
  const boosted = bufferedMarsagliaTsang(words, constants.d, constants.c);
  if (constants.shape >= 1) return Math.log(boosted);

  const u = 1 - bufferedUniform(words);
  return Math.log(boosted) + Math.log(u) / constants.shape;
}

/**
 * Fills `out` with gamma(shape, 1) draws, the same values as `out.length`
 * calls of `standardGamma`, reading the generator's words in blocks.
 */
export function fillStandardGamma(rng: BitGenerator, shape: number, out: Float64Array): Float64Array {
  const constants = gammaConstants(shape);
  const wordsPerDraw = gammaWordsPerDraw(shape);
  const words = new WordBuffer(rng);
  const n = out.length;
  for (let i = 0; i < n; i++) {
    words.wordsAfterCurrent = wordsPerDraw * (n - 1 - i);
    out[i] = bufferedGamma(words, constants);
  }
  return out;
}

/** Fills `out` with log-gamma(shape, 1) draws, the same values as `out.length` calls of `logStandardGamma`. */
export function fillLogStandardGamma(rng: BitGenerator, shape: number, out: Float64Array): Float64Array {
  const constants = gammaConstants(shape);
  const wordsPerDraw = gammaWordsPerDraw(shape);
  const words = new WordBuffer(rng);
  const n = out.length;
  for (let i = 0; i < n; i++) {
    words.wordsAfterCurrent = wordsPerDraw * (n - 1 - i);
    out[i] = bufferedLogGamma(words, constants);
  }
  return out;
}
