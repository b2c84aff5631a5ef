/**
 * Uniform helpers: exact edge cases with scripted words, and goodness of fit
 * on real generators. Every statistical check states its false-failure
 * probability for a correct generator; the seeds are fixed, so a failure
 * reproduces. If one fails after a change, rerun with the next seed before
 * suspecting the code: a second failure means a real fault.
 */
import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors.js';
import { createGenerator, GENERATOR_NAMES } from './index.js';
import { ScriptedGenerator } from './test-utils/scripted-generator.js';
import type { GeneratorName } from './types.js';
import { boundedInt, fillUniform, nextDown, uniform, uniformOpen } from './uniform.js';

const ALL_ONES = 0xffffffff;

/** Largest Kolmogorov-Smirnov distance D for `n` draws that a correct sampler exceeds with probability 1e-6. */
function ksCritical(n: number): number {
  // Asymptotic: P(sqrt(n) D > 2.6934) = 1e-6 (scipy.stats.kstwobign.isf(1e-6)).
  return 2.6934 / Math.sqrt(n);
}

function ksDistanceFromUniform(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let distance = 0;
  for (let i = 0; i < n; i++) {
    distance = Math.max(distance, (i + 1) / n - sorted[i], sorted[i] - i / n);
  }
  return distance;
}

function chiSquare(counts: number[]): number {
  const total = counts.reduce((sum, count) => sum + count, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
}

describe('uniformOpen', () => {
  it('never returns 0 for all-zero words', () => {
    const value = uniformOpen(new ScriptedGenerator([0]));
    expect(value).toBeGreaterThan(0);
    expect(value).toBe(2 ** -53);
    expect(Number.isFinite(Math.log(value))).toBe(true);
  });

  it('never returns 1 for all-one words', () => {
    const value = uniformOpen(new ScriptedGenerator([ALL_ONES]));
    expect(value).toBeLessThan(1);
    expect(value).toBe(1 - 2 ** -53);
    expect(Number.isFinite(Math.log1p(-value))).toBe(true);
  });

  it('uses one double per call', () => {
    const rng = new ScriptedGenerator([1, 2, 3]);
    uniformOpen(rng);
    expect(rng.consumed).toBe(2);
  });

  it('fits the uniform distribution (KS, failure probability 1e-6)', () => {
    const rng = createGenerator('xoshiro128**', 41);
    const values = Float64Array.from({ length: 50_000 }, () => uniformOpen(rng));
    expect(ksDistanceFromUniform(values)).toBeLessThan(ksCritical(values.length));
  });
});

describe('nextDouble', () => {
  it('is below 1 for all-one words', () => {
    expect(new ScriptedGenerator([ALL_ONES]).nextDouble()).toBe(1 - 2 ** -53);
  });

  it.each(GENERATOR_NAMES.map((name) => [name]))('is uniform for %s (KS, failure probability 1e-6)', (name: GeneratorName) => {
    const values = createGenerator(name, 20_241_204).fillDouble(new Float64Array(100_000));
    expect(ksDistanceFromUniform(values)).toBeLessThan(ksCritical(values.length));
  });

  it.each(GENERATOR_NAMES.map((name) => [name]))('has uniform top bytes of words for %s (chi-square, failure probability 1e-6)', (name: GeneratorName) => {
    const words = createGenerator(name, 77).fillUint32(new Uint32Array(256 * 1000));
    const counts = new Array<number>(256).fill(0);
    for (const word of words) counts[word >>> 24] += 1;
    // scipy.stats.chi2.isf(1e-6, 255) = 377.08
    expect(chiSquare(counts)).toBeLessThan(377.08);
  });
});

describe('uniform', () => {
  it('stays below high when rounding would reach it', () => {
    // u = 1 - 2^-53 makes 1 + (2 - 1) * u round to 2.
    expect(uniform(new ScriptedGenerator([ALL_ONES]), 1, 2)).toBe(nextDown(2));
  });

  it('returns low for all-zero words', () => {
    expect(uniform(new ScriptedGenerator([0]), -3, 5)).toBe(-3);
  });

  it('handles a width that overflows to Infinity', () => {
    const value = uniform(new ScriptedGenerator([ALL_ONES]), -Number.MAX_VALUE, Number.MAX_VALUE);
    expect(Number.isFinite(value)).toBe(true);
    expect(value).toBeLessThan(Number.MAX_VALUE);
  });

  it('rejects an empty or non-finite interval', () => {
    const rng = createGenerator('xoshiro128**', 1);
    expect(() => uniform(rng, 2, 2)).toThrow(InvalidArgumentError);
    expect(() => uniform(rng, 3, 2)).toThrow(/low and high must be ordered so that low < high/);
    expect(() => uniform(rng, 0, Infinity)).toThrow(/high must be a finite number/);
  });

  it('fits the uniform distribution on [-2, 6) (KS, failure probability 1e-6)', () => {
    const rng = createGenerator('pcg32', 8);
    const values = Float64Array.from({ length: 50_000 }, () => (uniform(rng, -2, 6) + 2) / 8);
    expect(ksDistanceFromUniform(values)).toBeLessThan(ksCritical(values.length));
  });
});

describe('nextDown', () => {
  it('returns the adjacent smaller double', () => {
    expect(nextDown(1)).toBe(1 - 2 ** -53);
    expect(nextDown(2)).toBe(2 - 2 ** -52);
    expect(nextDown(-1)).toBe(-1 - 2 ** -52);
    expect(nextDown(0)).toBe(-Number.MIN_VALUE);
  });
});

describe('boundedInt', () => {
  it('rejects the surplus words that modulo reduction would favour', () => {
    // For n = 3, 2^32 mod 3 = 1: word 0 gives a low product word of 0 < 1, so it
    // is rejected, and the next word 2^31 gives floor(2^31 * 3 / 2^32) = 1.
    const rng = new ScriptedGenerator([0, 2 ** 31]);
    expect(boundedInt(rng, 3)).toBe(1);
    expect(rng.consumed).toBe(2);
  });

  it('accepts a low product word of at least n without redrawing', () => {
    // For n = 6, word 1 gives a low product word of 6, which is not below n.
    const rng = new ScriptedGenerator([1, 0]);
    expect(boundedInt(rng, 6)).toBe(0);
    expect(rng.consumed).toBe(1);
  });

  it('rejects on the 64-bit path and returns floor(x * n / 2^64)', () => {
    const n = 2 ** 52 + 1;
    // x = 0 gives low bits 0, below 2^64 mod n, so it is rejected.
    const rng = new ScriptedGenerator([0, 0, 0x89abcdef, 0x01234567]);
    const x = (0x89abcdefn << 32n) | 0x01234567n;
    expect(boundedInt(rng, n)).toBe(Number((x * BigInt(n)) >> 64n));
    expect(rng.consumed).toBe(4);
  });

  it('matches exact BigInt arithmetic on the 64-bit path', () => {
    const source = createGenerator('xoshiro128**', 5);
    for (const n of [2 ** 32 + 1, 3 * 2 ** 51, 2 ** 53, 9_007_199_254_740_991]) {
      for (let i = 0; i < 200; i++) {
        const high = source.nextUint32();
        const low = source.nextUint32();
        const x = (BigInt(high) << 32n) | BigInt(low);
        const lowBits = (x * BigInt(n)) & ((1n << 64n) - 1n);
        const threshold = (1n << 64n) % BigInt(n);
        if (lowBits < threshold) continue; // rejected draws are covered above
        expect(boundedInt(new ScriptedGenerator([high, low]), n)).toBe(Number((x * BigInt(n)) >> 64n));
      }
    }
  });

  it('handles n = 1 and n = 2^32', () => {
    expect(boundedInt(new ScriptedGenerator([ALL_ONES]), 1)).toBe(0);
    expect(boundedInt(new ScriptedGenerator([123456789]), 2 ** 32)).toBe(123456789);
  });

  it('rejects n outside 1..2^53 and non-integers', () => {
    const rng = createGenerator('xoshiro128**', 1);
    for (const n of [0, -1, 1.5, 2 ** 53 + 2, Number.NaN, Infinity]) {
      expect(() => boundedInt(rng, n)).toThrow(/n must be an integer from 1 to 2\^53/);
    }
  });

  it('is unbiased for n = 7 (chi-square, failure probability 1e-6)', () => {
    const rng = createGenerator('mt19937', 2);
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 70_000; i++) counts[boundedInt(rng, 7)] += 1;
    // scipy.stats.chi2.isf(1e-6, 6) = 38.26
    expect(chiSquare(counts)).toBeLessThan(38.26);
  });

  it('is unbiased where modulo reduction is most biased (chi-square, failure probability 1e-6)', () => {
    // For n = 3 * 2^30, x mod n would put half of all words in the first
    // third; Lemire's method gives each third 1/3.
    const rng = createGenerator('philox4x32-10', 3);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[Math.floor(boundedInt(rng, 3 * 2 ** 30) / 2 ** 30)] += 1;
    // scipy.stats.chi2.isf(1e-6, 2) = 27.63
    expect(chiSquare(counts)).toBeLessThan(27.63);
  });

  it('is unbiased on the 64-bit path (chi-square)', () => {
    // n = 3 * 2^51; failure probability 1e-6.
    const rng = createGenerator('numpy-pcg64', 4);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[Math.floor(boundedInt(rng, 3 * 2 ** 51) / 2 ** 51)] += 1;
    expect(chiSquare(counts)).toBeLessThan(27.63);
  });
});

describe('fillUniform', () => {
  it('fills with the generator doubles', () => {
    const expected = createGenerator('pcg32', 9).fillDouble(new Float64Array(10));
    expect(fillUniform(createGenerator('pcg32', 9), new Float64Array(10))).toEqual(expected);
  });
});

describe('spawned streams', () => {
  it.each(GENERATOR_NAMES.map((name) => [name]))('are uncorrelated for %s', (name: GeneratorName) => {
    // |r| < 5 / sqrt(n) fails with probability 6e-7 per pair of independent streams.
    const n = 10_000;
    const parent = createGenerator(name, 31);
    const [first, second] = parent.spawn(2);
    const streams = [parent, first, second].map((rng) => rng.fillDouble(new Float64Array(n)));

    for (const [a, b] of [[0, 1], [0, 2], [1, 2]]) {
      expect(Math.abs(correlation(streams[a], streams[b]))).toBeLessThan(5 / Math.sqrt(n));
    }
  });
});

function correlation(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  const meanX = x.reduce((sum, value) => sum + value, 0) / n;
  const meanY = y.reduce((sum, value) => sum + value, 0) / n;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let i = 0; i < n; i++) {
    covariance += (x[i] - meanX) * (y[i] - meanY);
    varianceX += (x[i] - meanX) ** 2;
    varianceY += (y[i] - meanY) ** 2;
  }
  return covariance / Math.sqrt(varianceX * varianceY);
}
