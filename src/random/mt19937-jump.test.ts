/**
 * MT19937 jumps against fixtures/random/mt19937-jump.json, which
 * fixtures/random/mt19937-jump.py writes from NumPy's MT19937 and an
 * independent Python computation, and `advance` against plain stepping.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors.js';
import { Mt19937, MT19937_JUMP_DISTANCE, type Mt19937State } from './mt19937.js';

interface JumpedCase {
  seed: string;
  consumed: number;
  jumps?: number;
  position: number;
  keySha256: string;
  uint32: number[];
  uint32From1240: number[];
}

interface JumpFixtures {
  jumpDistance: string;
  numpyJumped: JumpedCase[];
  exactJump: {
    fromPositionZero: { seed: string; firstIndex: number; uint32: number[] }[];
    cases: JumpedCase[];
  };
}

const fixtures: JumpFixtures = JSON.parse(readFileSync(new URL('../../fixtures/random/mt19937-jump.json', import.meta.url), 'utf8'));

/** Returns a generator seeded as RandomState(seed) after `consumed` 32-bit draws. */
function drawn(seed: string, consumed: number): Mt19937 {
  const rng = Mt19937.fromSeed(BigInt(seed));
  rng.fillUint32(new Uint32Array(consumed));
  return rng;
}

/** Returns the SHA-256 of the key words written as little-endian uint32, as the fixture script hashes them. */
function keyDigest(state: Mt19937State): string {
  const bytes = Buffer.alloc(4 * state.key.length);
  state.key.forEach((word, i) => bytes.writeUInt32LE(word, 4 * i));
  return createHash('sha256').update(bytes).digest('hex');
}

/** Checks state and words against a fixture case. It draws 1248 words, across two twists. */
function expectCase(rng: Mt19937, expected: JumpedCase): void {
  const state = rng.getState();
  expect(state.position).toBe(expected.position);
  expect(keyDigest(state)).toBe(expected.keySha256);

  const words = rng.fillUint32(new Uint32Array(1248));
  expect(Array.from(words.subarray(0, 8))).toEqual(expected.uint32);
  expect(Array.from(words.subarray(1240, 1248))).toEqual(expected.uint32From1240);
}

describe('mt19937 numpyJump', () => {
  it.each(fixtures.numpyJumped)('matches NumPy jumped($jumps) after $consumed draws of seed $seed', (expected) => {
    const rng = drawn(expected.seed, expected.consumed);
    for (let i = 0; i < (expected.jumps ?? 1); i++) rng.numpyJump();
    expectCase(rng, expected);
  });
});

describe('mt19937 jump', () => {
  it('skips 2^128 outputs', () => {
    expect(MT19937_JUMP_DISTANCE).toBe(BigInt(fixtures.jumpDistance));
    expect(MT19937_JUMP_DISTANCE).toBe(2n ** 128n);
  });

  it.each(fixtures.exactJump.cases)('reaches output 2^128 after $consumed draws of seed $seed', (expected) => {
    const rng = drawn(expected.seed, expected.consumed);
    rng.jump();
    expectCase(rng, expected);
  });

  it.each(fixtures.exactJump.fromPositionZero)('agrees with NumPy jumped() words from position 0, seed $seed', ({ seed, firstIndex, uint32 }) => {
    const rng = Mt19937.fromSeed(BigInt(seed));
    rng.setState({ ...rng.getState(), position: 0 });
    rng.jump();

    const words = rng.fillUint32(new Uint32Array(firstIndex + uint32.length));
    expect(Array.from(words.subarray(firstIndex))).toEqual(uint32);
  });

  it('equals advance(2^128), also twice', () => {
    const jumped = drawn('12345', 400);
    const advanced = jumped.clone();

    jumped.jump();
    jumped.jump();
    advanced.advance(2n ** 129n);

    expect(jumped.getState()).toEqual(advanced.getState());
  });
});

describe('mt19937 advance', () => {
  /** Returns the state after `steps` single draws, leaving `rng` unchanged. */
  function stepped(rng: Mt19937, steps: number): Mt19937State {
    const copy = rng.clone();
    for (let i = 0; i < steps; i++) copy.nextUint32();
    return copy.getState();
  }

  it('leaves the state that stepping leaves', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 1n << 70n }), fc.integer({ min: 0, max: 1300 }), fc.integer({ min: 0, max: 60000 }), (seed, consumed, steps) => {
        const rng = drawn(seed.toString(), consumed);
        const expected = stepped(rng, steps);
        rng.advance(steps);
        expect(rng.getState()).toEqual(expected);
      }),
      { numRuns: 15 },
    );
  });

  it.each([
    [624, 1],
    [624, 624],
    [1, 623],
    [1, 624],
    [0, 624],
    [0, 625],
    [0, 1248],
    [623, 19937],
    [5, 1_000_003],
  ])('from position %i by %i equals stepping', (position, steps) => {
    const rng = Mt19937.fromSeed(5489n);
    rng.setState({ ...rng.getState(), position });
    const expected = stepped(rng, steps);

    rng.advance(steps);
    expect(rng.getState()).toEqual(expected);
  });

  it('composes for distances beyond 2^64', () => {
    const once = drawn('7', 100);
    const twice = once.clone();

    once.advance(3n ** 50n + 2n ** 70n);
    twice.advance(3n ** 50n);
    twice.advance(2n ** 70n);

    expect(once.getState()).toEqual(twice.getState());
  });

  it('does nothing for 0', () => {
    const rng = drawn('3', 17);
    const before = rng.getState();
    rng.advance(0);
    expect(rng.getState()).toEqual(before);
  });

  it.each([[-1], [-1n], [1.5], [2 ** 53]])('rejects delta %s', (delta) => {
    expect(() => Mt19937.fromSeed(1n).advance(delta)).toThrow(InvalidArgumentError);
    expect(() => Mt19937.fromSeed(1n).advance(delta)).toThrow(/delta must be/);
  });
});
