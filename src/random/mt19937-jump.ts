/**
 * Jump-ahead for MT19937 by the characteristic polynomial of its recurrence
 * (Haramoto, Matsumoto, Nishimura, Panneton and L'Ecuyer, "Efficient jump
 * ahead for F2-linear random number generators", INFORMS Journal on Computing
 * 20(3), 2008).
 *
 * The 624 key words are a window x[t], ..., x[t+623] of the word sequence
 * x[k+624] = nextWord(x[k], x[k+1], x[k+397]). The future depends on 19937 of
 * the window's bits: the top bit of x[t] and the other 623 words. On those
 * bits one step t -> t+1 is a linear map T over GF(2) whose characteristic
 * polynomial phi has degree 19937, and phi(T) = 0, so T^e = p(T) with
 * p = x^e mod phi. Advancing by e steps therefore costs one xor of the windows
 * at t + i for each non-zero coefficient p_i: about 10,000 xors of 624 words,
 * whatever e is.
 *
 * phi is found on first use by Berlekamp–Massey on 2 * 19937 bits of the
 * sequence and kept, together with the polynomials of the jump distance.
 */
import { degreeOf, minimalPolynomial, PolynomialModulus } from './gf2-polynomial.js';
import * as parameters from './mt19937-parameters.js';

// Module constants rather than imported bindings, which Vitest turns into
// getter calls that slow the loops below several times over.
const { LOWER_MASK, M, MATRIX_A, N, nextWord } = parameters;

/** Degree of the characteristic polynomial: the Mersenne exponent 19937. */
const STATE_BITS = 19937;

/** Outputs skipped by `jump()`: 2^128, the distance NumPy documents for `MT19937.jumped()`. */
export const MT19937_JUMP_DISTANCE = 1n << 128n;

const BLOCK = BigInt(N);

/** x^e mod phi for the exponents near the jump distance, which every jump reuses. */
const jumpPowers = new Map<bigint, Uint32Array>();

let characteristicModulus: PolynomialModulus | undefined;

/**
 * Advances a stepping generator's state by `steps` outputs, in place, and
 * returns the new position. Key and position afterwards equal those that
 * `steps` calls of `nextUint32` leave, word for word.
 */
export function advanceMt19937(key: Int32Array, position: number, steps: bigint): number {
  if (steps === 0n) return position;

  // Each time the position passes 624 the generator twists the key into the
  // next block, the window 624 steps later, and the position restarts at 0.
  const blocks = (BigInt(position) + steps - 1n) / BLOCK;
  const newPosition = Number(BigInt(position) + steps - blocks * BLOCK);
  if (blocks > 0n) {
    key.set(sumOfWindows(key, powerOfX(blocks * BLOCK)));
    restoreFirstWord(key);
  }
  return newPosition;
}

/**
 * Applies the state change of NumPy's `MT19937.jumped()` (checked against
 * NumPy 1.24 and 2.4.6) in place and returns the new position. NumPy reads the key as a
 * circular window that starts at the position (624 read as 0), moves that
 * window 2^128 steps and stores it back, circularly, from a new position.
 * Its twist, however, reads the key as a window that starts at word 0. So
 * only the words before that twist can continue the window 2^128 steps
 * ahead, and only when the position was 0 or 624. The first of them also
 * carries the low 31 bits of the old word at the position, which lie outside
 * the state.
 */
export function numpyJumpMt19937(key: Int32Array, position: number): number {
  const start = position % N;
  const window = new Int32Array(N);
  for (let i = 0; i < N; i++) window[i] = key[(start + i) % N];

  const polynomial = powerOfX(MT19937_JUMP_DISTANCE);
  const jumped = sumOfWindows(window, polynomial);

  // NumPy's Horner loop takes one step per degree of the polynomial.
  const end = (start + degreeOf(polynomial)) % N;
  for (let i = 0; i < N; i++) key[(end + i) % N] = jumped[i];
  return end;
}

/**
 * Returns sum_i p_i * (window advanced i steps). Words 1 to 623 and the top
 * bit of word 0 equal the window advanced e steps when p = x^e mod phi. The
 * low 31 bits of word 0 are outside the 19937 state bits and may differ.
 */
function sumOfWindows(window: Int32Array, polynomial: Uint32Array): Int32Array {
  const degree = degreeOf(polynomial);
  const sequence = new Int32Array(Math.max(degree, 0) + N);
  sequence.set(window);
  for (let k = 0; k + N < sequence.length; k++) {
    sequence[k + N] = nextWord(sequence[k], sequence[k + 1], sequence[k + M]);
  }

  const sum = new Int32Array(N);
  for (let word = 0; word < polynomial.length; word++) {
    let bits = polynomial[word] | 0;
    while (bits !== 0) {
      const offset = 32 * word + 31 - Math.clz32(bits & -bits);
      bits &= bits - 1;
      for (let k = 0; k < N; k++) sum[k] ^= sequence[offset + k];
    }
  }
  return sum;
}

/**
 * Recomputes the low 31 bits of key[0] from x[s+623] = nextWord(x[s-1], x[s],
 * x[s+396]), which holds for a window x[s..s+623] reached by at least one
 * step. A is invertible: the top bit of A(y) is the low bit of y, because
 * MATRIX_A has its top bit set.
 */
function restoreFirstWord(key: Int32Array): void {
  const twisted = key[N - 1] ^ key[M - 1];
  const lowBit = twisted >>> 31;
  const y = ((twisted ^ (-lowBit & MATRIX_A)) << 1) | lowBit;
  key[0] = (key[0] & ~LOWER_MASK) | (y & LOWER_MASK);
}

/** Returns x^exponent mod phi, kept in `jumpPowers` for exponents within one block above the jump distance's block multiple. */
function powerOfX(exponent: bigint): Uint32Array {
  const modulus = mt19937Modulus();
  const base = (MT19937_JUMP_DISTANCE / BLOCK) * BLOCK;
  const offset = exponent - base;
  if (offset < 0n || offset > BLOCK) return modulus.powerOfX(exponent);

  const cached = jumpPowers.get(exponent);
  if (cached !== undefined) return cached;

  let power = jumpPowers.get(base);
  if (power === undefined) {
    power = modulus.powerOfX(base);
    jumpPowers.set(base, power);
  }
  for (let i = 0n; i < offset; i++) power = modulus.multiplyByX(power);
  jumpPowers.set(exponent, power);
  return power;
}

/**
 * Returns arithmetic modulo phi, found by Berlekamp–Massey on the low bits of
 * the words that follow the window with x[1] = 1 and all other words 0. Any
 * sequence from a non-zero state has phi as its minimal polynomial, because
 * phi is irreducible.
 */
function mt19937Modulus(): PolynomialModulus {
  if (characteristicModulus !== undefined) return characteristicModulus;

  const bitCount = 2 * STATE_BITS;
  const words = new Int32Array(bitCount + N);
  words[1] = 1;
  for (let k = 0; k + N < words.length; k++) words[k + N] = nextWord(words[k], words[k + 1], words[k + M]);

  const bits = new Uint8Array(bitCount);
  for (let n = 0; n < bitCount; n++) bits[n] = words[N + n] & 1;
  const polynomial = minimalPolynomial(bits);
  if (polynomial.degree !== STATE_BITS) {
    throw new Error(`internal error: the MT19937 recurrence has a minimal polynomial of degree ${polynomial.degree}, expected ${STATE_BITS}`);
  }

  characteristicModulus = new PolynomialModulus(polynomial);
  return characteristicModulus;
}
