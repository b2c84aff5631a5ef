import { describe, expect, it } from 'vitest';

import { degreeOf, minimalPolynomial, PolynomialModulus, type Gf2Polynomial } from './gf2-polynomial.js';

/** Builds a polynomial from the exponents of its terms. */
function polynomialOf(exponents: number[]): Gf2Polynomial {
  const degree = Math.max(...exponents);
  const coefficients = new Uint32Array((degree >>> 5) + 1);
  for (const power of exponents) coefficients[power >>> 5] ^= 1 << (power & 31);
  return { coefficients, degree };
}

/** Returns the exponents of the non-zero terms, lowest first. */
function termsOf(coefficients: Uint32Array): number[] {
  const terms: number[] = [];
  for (let power = 0; power < 32 * coefficients.length; power++) {
    if ((coefficients[power >>> 5] >>> (power & 31)) & 1) terms.push(power);
  }
  return terms;
}

/** Returns `count` bits of the sequence whose characteristic polynomial has these exponents, from the start 1, 0, 0, ... */
function linearSequence(exponents: number[], count: number): Uint8Array {
  const degree = Math.max(...exponents);
  const bits = new Uint8Array(count);
  bits[0] = 1;
  for (let n = degree; n < count; n++) {
    let bit = 0;
    for (const power of exponents) if (power < degree) bit ^= bits[n - degree + power];
    bits[n] = bit;
  }
  return bits;
}

// x^31 + x^3 + 1 and x^64 + x^4 + x^3 + x + 1 are primitive. The AES polynomial
// x^8 + x^4 + x^3 + x + 1 is irreducible, and x has order 51 modulo it.
const TRINOMIAL_31 = [31, 3, 0];
const PENTANOMIAL_64 = [64, 4, 3, 1, 0];
const AES_8 = [8, 4, 3, 1, 0];

describe('minimalPolynomial', () => {
  it.each([[TRINOMIAL_31], [PENTANOMIAL_64], [AES_8]])('recovers the polynomial with terms %j', (exponents) => {
    const degree = Math.max(...exponents);
    const found = minimalPolynomial(linearSequence(exponents, 2 * degree));

    expect(found.degree).toBe(degree);
    expect(termsOf(found.coefficients)).toEqual([...exponents].sort((a, b) => a - b));
  });

  it('gives degree 0 for the zero sequence', () => {
    expect(minimalPolynomial(new Uint8Array(40)).degree).toBe(0);
  });
});

describe('PolynomialModulus', () => {
  it.each([
    [TRINOMIAL_31, 2n ** 31n - 1n],
    [PENTANOMIAL_64, 2n ** 64n - 1n],
    [AES_8, 51n],
  ])('gives x^order = 1 modulo %j', (exponents, order) => {
    const modulus = new PolynomialModulus(polynomialOf(exponents));

    expect(termsOf(modulus.powerOfX(order))).toEqual([0]);
    expect(termsOf(modulus.powerOfX(order + 1n))).toEqual([1]);
  });

  it.each([[TRINOMIAL_31], [PENTANOMIAL_64], [AES_8]])('powerOfX equals repeated multiplyByX modulo %j', (exponents) => {
    const modulus = new PolynomialModulus(polynomialOf(exponents));
    let power = modulus.powerOfX(0n);

    for (let exponent = 1; exponent <= 300; exponent++) {
      power = modulus.multiplyByX(power);
      expect(Array.from(modulus.powerOfX(BigInt(exponent)))).toEqual(Array.from(power));
    }
  });

  it('squares as the product with itself', () => {
    const modulus = new PolynomialModulus(polynomialOf(PENTANOMIAL_64));
    const a = modulus.powerOfX(12345n);

    expect(Array.from(modulus.square(a))).toEqual(Array.from(modulus.powerOfX(24690n)));
    expect(degreeOf(modulus.square(a))).toBeLessThan(64);
  });

  it('rejects a modulus of degree 0', () => {
    expect(() => new PolynomialModulus(polynomialOf([0]))).toThrow(/degree at least 1/);
  });

  it('rejects a negative exponent', () => {
    expect(() => new PolynomialModulus(polynomialOf(AES_8)).powerOfX(-1n)).toThrow(/non-negative/);
  });
});
