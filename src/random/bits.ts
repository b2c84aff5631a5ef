/**
 * Word arithmetic shared by the generators: 32 x 32 -> 64-bit products with
 * doubles kept exact, and the conversion of two 32-bit words to a double.
 */

/**
 * Elements per call of the generators' inner fill loops. Bulk fills run in
 * chunks, so V8 optimises the loop function with type feedback from earlier
 * calls. One long loop would instead be compiled by on-stack replacement and
 * deoptimise at its exit on every call.
 */
export const FILL_CHUNK = 4096;

/** 2^26: the weight of the first word's 27 bits in a 53-bit double. */
export const TWO_POW_26 = 67108864;

/** 2^-53: scales a 53-bit integer into [0, 1). */
export const TWO_POW_MINUS_53 = 1.1102230246251565e-16;

/** 2^-32. */
export const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/** 2^32. */
export const TWO_POW_32 = 4294967296;

/**
 * Builds a double in [0, 1) from the top 27 bits of `a` and the top 26 bits of
 * `b`: ((a >>> 5) * 2^26 + (b >>> 6)) * 2^-53, at most 1 - 2^-53. The MT19937
 * reference `genrand_res53` and NumPy's `random_sample` build doubles the same way.
 */
export function wordsToDouble(a: number, b: number): number {
  return ((a >>> 5) * TWO_POW_26 + (b >>> 6)) * TWO_POW_MINUS_53;
}

/**
 * Returns the high 32 bits of the 64-bit product of two unsigned 32-bit
 * integers; the low 32 bits are `Math.imul(a, b) >>> 0`. The double product
 * a * b is within 2^10 of the exact product. Subtracting the exact low word
 * adds at most another 2^10, so (a * b - low) * 2^-32 lies within 2^-21 of the
 * high word, and rounding to the nearest integer recovers it exactly.
 */
export function mulHigh32(a: number, b: number): number {
  const low = Math.imul(a, b) >>> 0;
  // The scaled value is 0 or at least 1 - 2^-21, so adding 0.5 and truncating rounds it.
  return ((a >>> 0) * (b >>> 0) - low) * TWO_POW_MINUS_32 + 0.5 >>> 0;
}

/** Formats an unsigned BigInt as a zero-padded hexadecimal string of `bits` bits. */
export function toHex(value: bigint, bits: number): string {
  return value.toString(16).padStart(bits / 4, '0');
}
