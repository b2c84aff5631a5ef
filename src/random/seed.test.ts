import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors.js';
import { bigIntToWords, seedToBigInt, seedToWords, wordsToBigInt } from './seed.js';
import { SeedSequence } from './seed-sequence.js';

describe('seedToWords', () => {
  it('splits seeds into 32-bit words, least significant first', () => {
    expect(Array.from(seedToWords(0))).toEqual([0]);
    expect(Array.from(seedToWords(0xffffffff))).toEqual([0xffffffff]);
    expect(Array.from(seedToWords(2 ** 32))).toEqual([0, 1]);
    expect(Array.from(seedToWords(2 ** 53 - 1))).toEqual([0xffffffff, 0x1fffff]);
    expect(Array.from(seedToWords((1n << 96n) + 5n))).toEqual([5, 0, 0, 1]);
  });

  it('round-trips through wordsToBigInt', () => {
    for (const value of [0n, 1n, 123456789012345678901234567890n, (1n << 200n) - 1n]) {
      expect(wordsToBigInt(bigIntToWords(value))).toBe(value);
    }
  });
});

describe('seedToBigInt', () => {
  it('accepts 0 and the largest safe integer', () => {
    expect(seedToBigInt(0)).toBe(0n);
    expect(seedToBigInt(Number.MAX_SAFE_INTEGER)).toBe(2n ** 53n - 1n);
  });

  it('names the argument, the rule and the value', () => {
    expect(() => seedToBigInt(-2, 'chainSeed')).toThrow(
      'chainSeed must be a non-negative integer no larger than 2^53 - 1, or a non-negative BigInt; received -2',
    );
    expect(() => seedToBigInt(-2n)).toThrow(InvalidArgumentError);
  });

  it('suggests a BigInt for a number seed too large to be exact', () => {
    expect(() => seedToBigInt(2 ** 64)).toThrow(/received 18446744073709552000\. Pass larger seeds as a BigInt/);
  });
});

describe('SeedSequence', () => {
  it('numbers children from childrenSpawned across calls', () => {
    const parent = new SeedSequence(5n);
    const first = parent.spawn(2);
    const second = parent.spawn(1);
    expect(first.map((child) => child.spawnKey)).toEqual([[0], [1]]);
    expect(second[0].spawnKey).toEqual([2]);
    expect(parent.childrenSpawned).toBe(3);
    expect(second[0].spawn(1)[0].spawnKey).toEqual([2, 0]);
  });

  it('restores from its JSON state', () => {
    const sequence = new SeedSequence(1n << 100n, [3, 4]);
    sequence.spawn(7);
    const restored = SeedSequence.fromState(JSON.parse(JSON.stringify(sequence.getState())));
    expect(Array.from(restored.generateState(8))).toEqual(Array.from(sequence.generateState(8)));
    expect(restored.spawn(1)[0].spawnKey).toEqual([3, 4, 7]);
  });

  it('rejects a malformed state', () => {
    expect(() => SeedSequence.fromState({ entropy: '-1', spawnKey: [], childrenSpawned: 0 })).toThrow(InvalidArgumentError);
    expect(() => SeedSequence.fromState({ entropy: '1', spawnKey: [1.5], childrenSpawned: 0 })).toThrow(/spawnKey\[0\] must be a non-negative integer/);
    expect(() => SeedSequence.fromState({ entropy: '1', spawnKey: [], childrenSpawned: -1 })).toThrow(/childrenSpawned must be/);
  });
});
