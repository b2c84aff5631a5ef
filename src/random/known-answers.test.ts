/**
 * Known-answer tests against fixtures/random/known-answers.json, which
 * fixtures/random/generate.py writes from libstdc++, NumPy, Random123's
 * published vectors and reference C programs.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { createGenerator } from './index.js';
import { Mt19937 } from './mt19937.js';
import { Pcg32 } from './pcg32.js';
import { Pcg64 } from './pcg64.js';
import { Philox4x32, philox4x32Block } from './philox.js';
import { SeedSequence } from './seed-sequence.js';
import type { Seed } from './types.js';
import { Xoshiro128StarStar } from './xoshiro128.js';

/** Shape of known-answers.json. Integers of 64 bits and more, and seeds, are decimal strings. */
interface KnownAnswers {
  seedSequence: { entropy: string; spawnKey: number[]; state: number[] }[];
  mt19937: {
    cpp_default_seed_10000th: number;
    cpp: { seed: string; uint32: number[] }[];
    cpp_after_1000: { seed: string; skip: number; uint32: number[] };
    numpy: { seed: string; uint32: number[]; uint32_indices: number[]; random_sample: number[] }[];
    init_by_array: { words: number[]; uint32: number[] }[];
    spawn: { seed: string; children: number[][] }[];
  };
  numpyPcg64: {
    default_rng: { seed: string; random: number[] }[];
    raw: { seed: string; uint64: string[] }[];
    uint32: { seed: string; uint32: number[] }[];
    mixed: { seed: string; sequence: string[]; values: number[] };
    state: { seed: string; state: string; inc: string };
    jumped: { seed: string; jumps: number; uint64: string[] }[];
    advance: { seed: string; delta: string; uint64: string[] }[];
    spawn: { seed: string; children: string[][] }[];
  };
  pcg32: {
    published: { initstate: string; initseq: string; uint32: number[] };
    reference: { initstate: string; initseq: string; uint32: number[] }[];
    advanced: { initstate: string; initseq: string; steps: number; uint32: number[] }[];
  };
  xoshiro128starstar: {
    reference: { state: number[]; uint32: number[] }[];
    jump: { state: number[]; jumpedState: number[]; uint32: number[] };
  };
  philox4x32: {
    kat: { counter: number[]; key: number[]; expected: number[] }[];
    streams: { key: number[]; counter: number[]; uint32: number[] }[];
  };
}

const fixtures: KnownAnswers = JSON.parse(readFileSync(new URL('../../fixtures/random/known-answers.json', import.meta.url), 'utf8'));

/** Seeds below 2^53 go in as numbers, the rest as BigInt, as a caller would pass them. */
function seedOf(text: string): Seed {
  const value = BigInt(text);
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

function words(rng: { nextUint32(): number }, count: number): number[] {
  return Array.from({ length: count }, () => rng.nextUint32());
}

describe('SeedSequence', () => {
  it.each(fixtures.seedSequence)('generateState matches NumPy for entropy $entropy, spawn key $spawnKey', (entry) => {
    const sequence = new SeedSequence(BigInt(entry.entropy), entry.spawnKey);
    expect(Array.from(sequence.generateState(entry.state.length))).toEqual(entry.state);
  });
});

describe('mt19937', () => {
  const cases = fixtures.mt19937;

  it('gives 4123659995 as the 10000th output for seed 5489', () => {
    const output = createGenerator('mt19937', 5489).fillUint32(new Uint32Array(10000));
    expect(output[9999]).toBe(cases.cpp_default_seed_10000th);
    expect(output[9999]).toBe(4123659995);
  });

  it.each(cases.cpp)('matches C++ std::mt19937($seed)', ({ seed, uint32 }) => {
    expect(words(createGenerator('mt19937', seedOf(seed)), uint32.length)).toEqual(uint32);
  });

  it('matches C++ after discarding 1000 outputs', () => {
    const { seed, skip, uint32 } = cases.cpp_after_1000;
    const rng = createGenerator('mt19937', seedOf(seed));
    rng.fillUint32(new Uint32Array(skip));
    expect(words(rng, uint32.length)).toEqual(uint32);
  });

  it.each(cases.numpy)('matches NumPy RandomState words for seed $seed', ({ seed, uint32, uint32_indices }) => {
    const output = createGenerator('mt19937', seedOf(seed)).fillUint32(new Uint32Array(700));
    expect(uint32_indices.map((i) => output[i])).toEqual(uint32);
  });

  it.each(cases.numpy)('matches NumPy random_sample for seed $seed', ({ seed, random_sample }) => {
    const rng = createGenerator('mt19937', seedOf(seed));
    expect(Array.from(rng.fillDouble(new Float64Array(random_sample.length)))).toEqual(random_sample);
  });

  it.each(cases.init_by_array)('matches RandomState(uint32 array $words)', ({ words: key, uint32 }) => {
    expect(words(Mt19937.fromArray(key), uint32.length)).toEqual(uint32);
  });

  it.each(cases.spawn)('spawns children equal to NumPy MT19937(SeedSequence($seed).spawn(3))', ({ seed, children }) => {
    const spawned = createGenerator('mt19937', seedOf(seed)).spawn(3);
    spawned.forEach((child, i) => expect(words(child, children[i].length)).toEqual(children[i]));
  });
});

describe('numpy-pcg64', () => {
  const cases = fixtures.numpyPcg64;

  it.each(cases.default_rng)('matches default_rng($seed).random()', ({ seed, random }) => {
    const bulk = createGenerator('numpy-pcg64', seedOf(seed)).fillDouble(new Float64Array(random.length));
    expect(Array.from(bulk)).toEqual(random);

    const single = createGenerator('numpy-pcg64', seedOf(seed));
    expect(random.map(() => single.nextDouble())).toEqual(random);
  });

  it.each(cases.raw)('matches PCG64($seed).random_raw()', ({ seed, uint64 }) => {
    const rng = new Pcg64(new SeedSequence(BigInt(seed)));
    expect(uint64.map(() => rng.nextBigUint64().toString())).toEqual(uint64);
  });

  it.each(cases.uint32)('matches default_rng($seed).integers(0, 2**32, dtype=uint32)', ({ seed, uint32 }) => {
    const rng = createGenerator('numpy-pcg64', seedOf(seed));
    expect(Array.from(rng.fillUint32(new Uint32Array(uint32.length)))).toEqual(uint32);
  });

  it('keeps the buffered 32-bit half across a double, as NumPy does', () => {
    const rng = createGenerator('numpy-pcg64', seedOf(cases.mixed.seed));
    expect([rng.nextUint32(), rng.nextDouble(), rng.nextUint32()]).toEqual(cases.mixed.values);
  });

  it('stores NumPy state and increment after seeding', () => {
    const state = createGenerator('numpy-pcg64', seedOf(cases.state.seed)).getState();
    expect(BigInt(`0x${state.state}`).toString()).toBe(cases.state.state);
    expect(BigInt(`0x${state.increment}`).toString()).toBe(cases.state.inc);
  });

  it.each(cases.jumped)('jump() matches PCG64($seed).jumped($jumps)', ({ seed, jumps, uint64 }) => {
    const rng = new Pcg64(new SeedSequence(BigInt(seed)));
    for (let i = 0; i < jumps; i++) rng.jump();
    expect(uint64.map(() => rng.nextBigUint64().toString())).toEqual(uint64);
  });

  it.each(cases.advance)('advance($delta) matches PCG64($seed).advance', ({ seed, delta, uint64 }) => {
    const rng = new Pcg64(new SeedSequence(BigInt(seed)));
    rng.advance(BigInt(delta));
    expect(uint64.map(() => rng.nextBigUint64().toString())).toEqual(uint64);
  });

  it.each(cases.spawn)('spawns children equal to PCG64(SeedSequence($seed).spawn(3))', ({ seed, children }) => {
    const spawned = createGenerator('numpy-pcg64', seedOf(seed)).spawn(3) as Pcg64[];
    spawned.forEach((child, i) => expect(children[i].map(() => child.nextBigUint64().toString())).toEqual(children[i]));
  });
});

describe('pcg32', () => {
  const cases = fixtures.pcg32;

  it('matches the published pcg32_srandom_r(42, 54) outputs', () => {
    const rng = Pcg32.fromReference(42n, 54n);
    expect(words(rng, 6)).toEqual([0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e]);
    expect(cases.published.uint32).toEqual([0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e]);
  });

  it.each(cases.reference)('matches the reference for initstate $initstate, initseq $initseq', ({ initstate, initseq, uint32 }) => {
    expect(words(Pcg32.fromReference(BigInt(initstate), BigInt(initseq)), uint32.length)).toEqual(uint32);
  });

  it.each(cases.advanced)('advance($steps) matches the reference after $steps steps', ({ initstate, initseq, steps, uint32 }) => {
    const rng = Pcg32.fromReference(BigInt(initstate), BigInt(initseq));
    rng.advance(steps);
    expect(words(rng, uint32.length)).toEqual(uint32);
  });
});

describe('xoshiro128**', () => {
  const cases = fixtures.xoshiro128starstar;

  it.each(cases.reference)('matches the reference from state $state', ({ state, uint32 }) => {
    expect(words(Xoshiro128StarStar.fromWords(state), uint32.length)).toEqual(uint32);
  });

  it('rejects the all-zero state', () => {
    expect(() => Xoshiro128StarStar.fromWords([0, 0, 0, 0])).toThrow(/words must be four words that are not all zero/);
  });

  it('jump() equals the 2^64-th power of the transition matrix', () => {
    const rng = Xoshiro128StarStar.fromWords(cases.jump.state);
    rng.jump();
    expect(rng.getState().s).toEqual(cases.jump.jumpedState);
    expect(words(rng, cases.jump.uint32.length)).toEqual(cases.jump.uint32);
  });
});

describe('philox4x32-10', () => {
  const cases = fixtures.philox4x32;

  it.each(cases.kat)('matches Random123 kat_vectors for counter $counter', ({ counter, key, expected }) => {
    const block = philox4x32Block(counter[0], counter[1], counter[2], counter[3], key[0], key[1], new Uint32Array(4));
    expect(Array.from(block)).toEqual(expected);

    // The same block through the generator, one word at a time and in bulk.
    expect(words(Philox4x32.fromKey(key, counter), 4)).toEqual(expected);
    expect(Array.from(Philox4x32.fromKey(key, counter).fillUint32(new Uint32Array(4)))).toEqual(expected);
  });

  it.each(cases.streams)('matches the reference stream for key $key, counter $counter', ({ key, counter, uint32 }) => {
    expect(Array.from(Philox4x32.fromKey(key, counter).fillUint32(new Uint32Array(uint32.length)))).toEqual(uint32);
  });
});
