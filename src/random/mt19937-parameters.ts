/**
 * The MT19937 parameters of Matsumoto and Nishimura, "Mersenne Twister: a
 * 623-dimensionally equidistributed uniform pseudo-random number generator",
 * ACM TOMACS 8(1), 1998, as written in the reference `mt19937ar.c`. Masks are
 * signed 32-bit values, the form the Int32Array state words take.
 */

/** Words of state. */
export const N = 624;

/** Offset of the middle word in the recurrence. */
export const M = 397;

/** Last row of the twist matrix A. */
export const MATRIX_A = 0x9908b0df | 0;

/** The top bit of a word. */
export const UPPER_MASK = 0x80000000 | 0;

/** The low 31 bits of a word. */
export const LOWER_MASK = 0x7fffffff;

/**
 * Returns the word the recurrence makes from x[k], x[k+1] and x[k+M]:
 * x[k+M] ^ (y >>> 1) ^ (y odd ? MATRIX_A : 0) with y = upper bit of x[k]
 * joined to the low 31 bits of x[k+1].
 */
export function nextWord(first: number, second: number, middle: number): number {
  const y = (first & UPPER_MASK) | (second & LOWER_MASK);
  return middle ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
}
