/**
 * Polynomials over GF(2) for the jump-ahead of F2-linear generators
 * (Haramoto, Matsumoto, Nishimura, Panneton and L'Ecuyer, "Efficient jump
 * ahead for F2-linear random number generators", INFORMS Journal on Computing
 * 20(3), 2008, pp. 385-390). A polynomial is a Uint32Array with 32
 * coefficients per word: bit i of word k is the coefficient of x^(32k + i).
 */

/** Spreads the 8 bits of a byte to the even bits of 16: squaring over GF(2) only inserts zeros. */
const SPREAD_BYTE = Uint16Array.from({ length: 256 }, (_, byte) => {
  let spread = 0;
  for (let bit = 0; bit < 8; bit++) spread |= ((byte >>> bit) & 1) << (2 * bit);
  return spread;
});

/** A polynomial with its degree, the index of its highest non-zero coefficient. */
export interface Gf2Polynomial {
  readonly coefficients: Uint32Array;
  readonly degree: number;
}

/** Returns the degree of `coefficients`, or -1 for the zero polynomial. */
export function degreeOf(coefficients: Uint32Array): number {
  for (let word = coefficients.length - 1; word >= 0; word--) {
    if (coefficients[word] !== 0) return 32 * word + 31 - Math.clz32(coefficients[word]);
  }
  return -1;
}

/**
 * Returns the minimal polynomial x^L + c_1 x^(L-1) + ... + c_L of a bit
 * sequence: the one of least degree L with s[n] = c_1 s[n-1] + ... + c_L s[n-L]
 * for every n >= L, by the Berlekamp–Massey algorithm (Massey,
 * "Shift-register synthesis and BCH decoding", IEEE Transactions on
 * Information Theory 15, 1969, pp. 122-127). It is the minimal polynomial
 * of the generator behind the sequence once the sequence has at least 2L
 * bits.
 */
export function minimalPolynomial(sequence: Uint8Array): Gf2Polynomial {
  const length = sequence.length;
  const words = (length >>> 5) + 2;

  // The sequence in reverse, so the window s[n], s[n-1], ... is a run of
  // consecutive bits starting at bit length - 1 - n.
  const reversed = new Uint32Array(2 * words + 2);
  for (let n = 0; n < length; n++) {
    if (sequence[n] & 1) {
      const bit = length - 1 - n;
      reversed[bit >>> 5] |= 1 << (bit & 31);
    }
  }

  // Connection polynomials C (current) and B (before the last length change), c_0 = 1.
  let current = new Uint32Array(words);
  let previous = new Uint32Array(words);
  current[0] = 1;
  previous[0] = 1;
  let currentBits = 1;
  let previousBits = 1;
  let complexity = 0;
  let shift = 1;

  for (let n = 0; n < length; n++) {
    const discrepancy = windowParity(current, currentBits, reversed, length - 1 - n);
    if (discrepancy === 0) {
      shift++;
      continue;
    }

    if (2 * complexity <= n) {
      const saved = current.slice();
      const savedBits = currentBits;
      xorShifted(current, previous, previousBits, shift);
      currentBits = Math.max(currentBits, previousBits + shift);
      complexity = n + 1 - complexity;
      previous = saved;
      previousBits = savedBits;
      shift = 1;
    } else {
      xorShifted(current, previous, previousBits, shift);
      currentBits = Math.max(currentBits, previousBits + shift);
      shift++;
    }
  }

  // The minimal polynomial is the reciprocal of C: coefficient k is c_(L-k).
  const coefficients = new Uint32Array((complexity >>> 5) + 1);
  for (let k = 0; k <= complexity; k++) {
    const source = complexity - k;
    if ((current[source >>> 5] >>> (source & 31)) & 1) coefficients[k >>> 5] |= 1 << (k & 31);
  }
  return { coefficients, degree: complexity };
}

/** Parity of sum_i c_i r_(offset + i) over the first `bits` coefficients of c. */
function windowParity(connection: Uint32Array, bits: number, reversed: Uint32Array, offset: number): number {
  const wordShift = offset >>> 5;
  const bitShift = offset & 31;
  const usedWords = (bits + 31) >>> 5;
  let accumulator = 0;

  for (let word = 0; word < usedWords; word++) {
    const low = reversed[wordShift + word] >>> bitShift;
    const high = bitShift === 0 ? 0 : reversed[wordShift + word + 1] << (32 - bitShift);
    accumulator ^= connection[word] & (low | high);
  }

  return parity(accumulator);
}

/** target ^= source * x^shift, for a source with `bits` coefficients. */
function xorShifted(target: Uint32Array, source: Uint32Array, bits: number, shift: number): void {
  const wordShift = shift >>> 5;
  const bitShift = shift & 31;
  const sourceWords = (bits + 31) >>> 5;

  for (let word = 0; word < sourceWords; word++) {
    const value = source[word];
    target[word + wordShift] ^= value << bitShift;
    if (bitShift !== 0) target[word + wordShift + 1] ^= value >>> (32 - bitShift);
  }
}

function parity(word: number): number {
  let value = word ^ (word >>> 16);
  value ^= value >>> 8;
  value ^= value >>> 4;
  value ^= value >>> 2;
  value ^= value >>> 1;
  return value & 1;
}

/**
 * Arithmetic modulo a fixed polynomial m of degree d >= 1: residues have
 * degree below d and `words` = ceil(d / 32) words.
 *
 * Reduction uses x^d = g (mod m), with g the terms of m below x^d. It clears
 * up to 32 coefficients at a time and xors them back in once per term of g, so
 * its cost grows with the number of terms, which suits sparse moduli. The
 * characteristic polynomial of MT19937 has 135 terms, and one squaring
 * modulo it costs about 170,000 word xors.
 */
export class PolynomialModulus {
  readonly degree: number;
  readonly words: number;
  private readonly modulus: Uint32Array;
  /** Exponents of the terms of m below x^d, highest first. */
  private readonly lowerTerms: Int32Array;
  /** Coefficients cleared per reduction step: at most 32, and fewer than d minus the highest lower exponent, so a step never feeds back into itself. */
  private readonly chunkBits: number;

  constructor(modulus: Gf2Polynomial) {
    if (modulus.degree < 1 || degreeOf(modulus.coefficients) !== modulus.degree) {
      throw new RangeError(`modulus must be a polynomial of degree at least 1 that matches its stated degree; received degree ${modulus.degree}`);
    }

    this.degree = modulus.degree;
    this.words = (this.degree + 31) >>> 5;
    this.modulus = new Uint32Array(this.words + 1);
    this.modulus.set(modulus.coefficients.subarray(0, this.words + 1));

    const terms: number[] = [];
    for (let power = this.degree - 1; power >= 0; power--) {
      if ((this.modulus[power >>> 5] >>> (power & 31)) & 1) terms.push(power);
    }
    this.lowerTerms = Int32Array.from(terms);
    this.chunkBits = terms.length === 0 ? 32 : Math.min(32, this.degree - terms[0]);
  }

  /** Returns x^exponent mod m, by squaring and multiplying by x from the top bit of the exponent down. */
  powerOfX(exponent: bigint): Uint32Array {
    if (exponent < 0n) throw new RangeError(`exponent must be non-negative; received ${exponent}`);

    let result: Uint32Array = new Uint32Array(this.words);
    result[0] = 1;

    for (let bit = exponent.toString(2).length - 1; bit >= 0; bit--) {
      result = this.square(result);
      if ((exponent >> BigInt(bit)) & 1n) result = this.multiplyByX(result);
    }
    return result;
  }

  /** Returns a^2 mod m. */
  square(residue: Uint32Array): Uint32Array {
    const product = new Uint32Array(2 * this.words + 1);
    for (let word = 0; word < this.words; word++) {
      const value = residue[word];
      product[2 * word] = SPREAD_BYTE[value & 0xff] | (SPREAD_BYTE[(value >>> 8) & 0xff] << 16);
      product[2 * word + 1] = SPREAD_BYTE[(value >>> 16) & 0xff] | (SPREAD_BYTE[value >>> 24] << 16);
    }
    return this.reduce(product);
  }

  /** Returns x * a mod m. */
  multiplyByX(residue: Uint32Array): Uint32Array {
    const product = new Uint32Array(this.words + 1);
    let carry = 0;
    for (let word = 0; word < this.words; word++) {
      const value = residue[word];
      product[word] = (value << 1) | carry;
      carry = value >>> 31;
    }
    product[this.words] = carry;

    if ((product[this.degree >>> 5] >>> (this.degree & 31)) & 1) {
      for (let word = 0; word <= this.words; word++) product[word] ^= this.modulus[word];
    }
    return product.slice(0, this.words);
  }

  /** Reduces a product of degree at most 2d - 2, stored in 2 * words + 1 words, modulo m. */
  private reduce(product: Uint32Array): Uint32Array {
    const degree = this.degree;
    const terms = this.lowerTerms;
    const chunkBits = this.chunkBits;

    // Each step takes the chunk c of coefficients of x^low .. x^(low + chunkBits - 1),
    // clears it and adds c * x^(low - d) * g, which is c * x^(low - d) * x^d mod m.
    for (let high = 2 * degree - 2; high >= degree; high -= chunkBits) {
      const low = Math.max(degree, high - chunkBits + 1);
      const bits = high - low + 1;
      const word = low >>> 5;
      const bit = low & 31;
      let chunk = product[word] >>> bit;
      if (bit !== 0) chunk |= product[word + 1] << (32 - bit);
      if (bits < 32) chunk &= (1 << bits) - 1;
      if (chunk === 0) continue;

      xorBits(product, chunk, low);
      for (let t = 0; t < terms.length; t++) xorBits(product, chunk, low - degree + terms[t]);
    }

    return product.slice(0, this.words);
  }
}

/** target ^= value * x^position for a value of at most 32 bits. */
function xorBits(target: Uint32Array, value: number, position: number): void {
  const word = position >>> 5;
  const bit = position & 31;
  target[word] ^= value << bit;
  if (bit !== 0) target[word + 1] ^= value >>> (32 - bit);
}
