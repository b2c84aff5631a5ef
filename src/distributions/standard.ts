/**
 * Standard variates: normal(0, 1), exponential(1) and gamma(shape, 1), the
 * building blocks of the other samplers. The normal and exponential
 * ziggurats live in ziggurat-samplers.ts and are re-exported here; the gamma
 * sampler (Marsaglia & Tsang) is below.
 *
 * Every sampler here reads the generator only as 32-bit words, in pairs (two
 * per uniform). So a bulk fill returns the values of the same number of
 * single draws and leaves the generator in the same state, even where the
 * fills read their words in blocks through a WordBuffer.
 */
import { InvalidArgumentError } from '../errors.js';
import type { BitGenerator } from '../random/types.js';
import { WordBuffer } from './word-buffer.js';
import {
  NORMAL_SIGNED_WIDTH,
  NORMAL_ZIGGURAT,
  normalOutsideCore,
  standardNormal,
  uniformFromWords,
  type WordSource,
} from './ziggurat-samplers.js';

export {
  EXPONENTIAL_ZIGGURAT,
  fillStandardExponential,
  fillStandardNormal,
  NORMAL_ZIGGURAT,
  normalTail,
  normalWedge,
  standardExponential,
  standardNormal,
  uniformFromWords,
  type WordSource,
} from './ziggurat-samplers.js';

const TWO_POW_29 = 536870912; // 2^29
const TWO_POW_26 = 67108864; // 2^26
const TWO_POW_MINUS_53 = 1.1102230246251565e-16; // 2^-53

const normalAcceptBelow = NORMAL_ZIGGURAT.acceptBelow;

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
    const high = words.nextUint32();
    const position = (high >>> 9) * TWO_POW_29 + (words.nextUint32() >>> 3);
    const z =
      position < normalAcceptBelow[high & 0xff]
        ? position * NORMAL_SIGNED_WIDTH[high & 0x1ff]
        : normalOutsideCore(words, high, position);

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
