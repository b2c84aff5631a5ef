import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { mulHigh32, wordsToDouble } from './bits.js';

function exactHigh(a: number, b: number): number {
  return Number((BigInt(a) * BigInt(b)) >> 32n);
}

describe('mulHigh32', () => {
  it('equals the exact high word at the extremes', () => {
    const edges = [0, 1, 2, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff, 0xd2511f53, 0xcd9e8d57];
    for (const a of edges) {
      for (const b of edges) expect(mulHigh32(a, b)).toBe(exactHigh(a, b));
    }
  });

  it('equals the exact high word for random operands', () => {
    const word = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(
      fc.property(word, word, (a, b) => {
        expect(mulHigh32(a, b)).toBe(exactHigh(a, b));
      }),
      { numRuns: 20_000 },
    );
  });

  it('accepts words given as signed 32-bit integers', () => {
    expect(mulHigh32(-1, -1)).toBe(exactHigh(0xffffffff, 0xffffffff));
    expect(mulHigh32(-2, 3)).toBe(exactHigh(0xfffffffe, 3));
  });
});

describe('wordsToDouble', () => {
  it('maps the extreme words to 0 and 1 - 2^-53', () => {
    expect(wordsToDouble(0, 0)).toBe(0);
    expect(wordsToDouble(0xffffffff, 0xffffffff)).toBe(1 - 2 ** -53);
  });
});
