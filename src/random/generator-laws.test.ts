/**
 * The bit-generator laws, written once as fast-check properties and run on
 * every generator: determinism, state round trips through JSON, clone
 * independence, bulk fills equal to single draws, output ranges, spawning,
 * and jump/advance consistency.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors.js';
import { createGenerator, GENERATOR_NAMES, generatorFromState } from './index.js';
import { Pcg32 } from './pcg32.js';
import { Pcg64 } from './pcg64.js';
import { Philox4x32 } from './philox.js';
import type { BitGenerator, GeneratorName, Seed } from './types.js';

const TWO_POW_53 = 2 ** 53;

/** Seeds of every size class: 32-bit, safe integers and BigInts well past 2^128. */
const seedArbitrary: fc.Arbitrary<Seed> = fc.oneof(
  fc.integer({ min: 0, max: 0xffffffff }),
  fc.maxSafeNat(),
  fc.bigInt({ min: 0n, max: 1n << 160n }),
);

type Operation = { kind: 'uint32' } | { kind: 'double' } | { kind: 'fillUint32'; size: number } | { kind: 'fillDouble'; size: number };

/** Mixed sequences of draws, so laws are checked from odd offsets and part-used buffers too. */
const operationsArbitrary: fc.Arbitrary<Operation[]> = fc.array(
  fc.oneof(
    fc.constant<Operation>({ kind: 'uint32' }),
    fc.constant<Operation>({ kind: 'double' }),
    fc.integer({ min: 0, max: 700 }).map((size): Operation => ({ kind: 'fillUint32', size })),
    fc.integer({ min: 0, max: 700 }).map((size): Operation => ({ kind: 'fillDouble', size })),
  ),
  { maxLength: 8 },
);

/** Runs the operations and returns every value drawn, in order. */
function draw(rng: BitGenerator, operations: Operation[]): number[] {
  const values: number[] = [];
  for (const operation of operations) {
    if (operation.kind === 'uint32') values.push(rng.nextUint32());
    else if (operation.kind === 'double') values.push(rng.nextDouble());
    else if (operation.kind === 'fillUint32') values.push(...rng.fillUint32(new Uint32Array(operation.size)));
    else values.push(...rng.fillDouble(new Float64Array(operation.size)));
  }
  return values;
}

/** Draws a fixed mix of words and doubles, to compare streams. */
function probe(rng: BitGenerator): number[] {
  return draw(rng, [{ kind: 'fillUint32', size: 6 }, { kind: 'uint32' }, { kind: 'fillDouble', size: 5 }, { kind: 'double' }]);
}

describe.each(GENERATOR_NAMES.map((name) => [name]))('%s laws', (name: GeneratorName) => {
  it('gives the same stream for the same seed', () => {
    fc.assert(
      fc.property(seedArbitrary, operationsArbitrary, (seed, operations) => {
        expect(draw(createGenerator(name, seed), operations)).toEqual(draw(createGenerator(name, seed), operations));
      }),
      { numRuns: 25 },
    );
  });

  it('gives different streams for different seeds', () => {
    fc.assert(
      fc.property(seedArbitrary, seedArbitrary, (a, b) => {
        fc.pre(BigInt(a) !== BigInt(b));
        expect(probe(createGenerator(name, a))).not.toEqual(probe(createGenerator(name, b)));
      }),
      { numRuns: 40 },
    );
  });

  it('keeps every bit of large seeds', () => {
    // Seeds that agree in their low 32 or 64 bits must still differ.
    for (const low of [0n, 1n, 12345n]) {
      const streams = [low, low + (1n << 32n), low + (1n << 64n), low + (1n << 200n)].map((seed) => probe(createGenerator(name, seed)));
      for (let i = 0; i < streams.length; i++) {
        for (let j = i + 1; j < streams.length; j++) expect(streams[i]).not.toEqual(streams[j]);
      }
    }
  });

  it('treats a number seed and the equal BigInt alike', () => {
    expect(probe(createGenerator(name, 0))).toEqual(probe(createGenerator(name, 0n)));
    expect(probe(createGenerator(name, 2 ** 53 - 1))).toEqual(probe(createGenerator(name, 2n ** 53n - 1n)));
  });

  it('restores its stream from a JSON state', () => {
    fc.assert(
      fc.property(seedArbitrary, operationsArbitrary, operationsArbitrary, (seed, before, after) => {
        const rng = createGenerator(name, seed);
        draw(rng, before);
        const saved = JSON.parse(JSON.stringify(rng.getState()));

        const restored = generatorFromState(saved);
        const overwritten = createGenerator(name, 99);
        overwritten.setState(saved);

        const expected = draw(rng, after);
        expect(draw(restored, after)).toEqual(expected);
        expect(draw(overwritten, after)).toEqual(expected);
        expect(probe(restored.spawn(1)[0])).toEqual(probe(rng.spawn(1)[0]));
      }),
      { numRuns: 20 },
    );
  });

  it('clones independently of the original', () => {
    fc.assert(
      fc.property(seedArbitrary, operationsArbitrary, operationsArbitrary, (seed, before, onClone) => {
        const rng = createGenerator(name, seed);
        draw(rng, before);
        const witness = rng.clone();
        const copy = rng.clone();

        draw(copy, onClone);
        expect(probe(rng)).toEqual(probe(witness));
      }),
      { numRuns: 20 },
    );
  });

  it('fills arrays with the same values as single draws', () => {
    fc.assert(
      fc.property(seedArbitrary, operationsArbitrary, fc.integer({ min: 0, max: 9000 }), (seed, before, size) => {
        const rng = createGenerator(name, seed);
        draw(rng, before);

        const single = rng.clone();
        expect(Array.from(rng.fillDouble(new Float64Array(size)))).toEqual(Array.from({ length: size }, () => single.nextDouble()));
        expect(Array.from(rng.fillUint32(new Uint32Array(size)))).toEqual(Array.from({ length: size }, () => single.nextUint32()));
      }),
      { numRuns: 15 },
    );
  });

  it('keeps words and doubles in range', () => {
    fc.assert(
      fc.property(seedArbitrary, (seed) => {
        const rng = createGenerator(name, seed);
        for (const word of draw(rng, [{ kind: 'fillUint32', size: 200 }, { kind: 'uint32' }])) {
          expect(Number.isInteger(word)).toBe(true);
          expect(word).toBeGreaterThanOrEqual(0);
          expect(word).toBeLessThan(2 ** 32);
        }
        for (const value of draw(rng, [{ kind: 'fillDouble', size: 200 }, { kind: 'double' }])) {
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThan(1);
          // A double carries 53 bits, so value * 2^53 is an integer.
          expect(Number.isInteger(value * TWO_POW_53)).toBe(true);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('spawns children that differ from the parent, each other and earlier children', () => {
    fc.assert(
      fc.property(seedArbitrary, (seed) => {
        const rng = createGenerator(name, seed);
        const first = rng.spawn(3);
        const second = rng.spawn(2);
        const streams = [rng, ...first, ...second].map(probe);

        for (let i = 0; i < streams.length; i++) {
          for (let j = i + 1; j < streams.length; j++) expect(streams[i]).not.toEqual(streams[j]);
        }
      }),
      { numRuns: 15 },
    );
  });

  it('spawns the same children from a clone', () => {
    const rng = createGenerator(name, 2024);
    rng.spawn(1);
    const copy = rng.clone();
    expect(rng.spawn(2).map(probe)).toEqual(copy.spawn(2).map(probe));
  });

  it('rejects invalid seeds with a message naming the seed', () => {
    for (const seed of [-1, 1.5, Number.NaN, Infinity, -1n, '7' as unknown as number, null as unknown as number]) {
      expect(() => createGenerator(name, seed)).toThrow(InvalidArgumentError);
      expect(() => createGenerator(name, seed)).toThrow(/^seed must be a non-negative integer/);
    }
  });

  it('suggests a BigInt for number seeds of 2^53 and above', () => {
    for (const seed of [2 ** 53, 2 ** 60, 1e300]) {
      expect(() => createGenerator(name, seed)).toThrow(/Pass larger seeds as a BigInt/);
    }
  });

  it('rejects a state of another algorithm and stays unchanged', () => {
    const rng = createGenerator(name, 5);
    const witness = rng.clone();
    const other = GENERATOR_NAMES.find((candidate) => candidate !== name) as GeneratorName;

    expect(() => rng.setState(createGenerator(other, 5).getState())).toThrow(/state.algorithm must be/);
    expect(probe(rng)).toEqual(probe(witness));
  });

  it('rejects a damaged state and stays unchanged', () => {
    const rng = createGenerator(name, 5);
    const witness = rng.clone();
    const state = rng.getState();

    expect(() => rng.setState({ ...state, version: 99 })).toThrow(/state.version must be/);
    expect(() => rng.setState({ ...state, seedSequence: undefined })).toThrow(InvalidArgumentError);
    for (const field of Object.keys(state).filter((key) => !['algorithm', 'version', 'seedSequence'].includes(key))) {
      expect(() => rng.setState({ ...state, [field]: 'not a valid value' })).toThrow(InvalidArgumentError);
    }
    expect(probe(rng)).toEqual(probe(witness));
  });
});

describe.each(['mt19937', 'xoshiro128**', 'pcg32', 'numpy-pcg64', 'philox4x32-10'] as GeneratorName[])('%s jump', (name) => {
  it('commutes with stepping', () => {
    fc.assert(
      fc.property(seedArbitrary, fc.integer({ min: 0, max: 300 }), (seed, steps) => {
        const jumpFirst = createGenerator(name, seed);
        const stepFirst = jumpFirst.clone();

        jumpFirst.jump?.();
        jumpFirst.fillDouble(new Float64Array(steps));
        stepFirst.fillDouble(new Float64Array(steps));
        stepFirst.jump?.();

        expect(probe(jumpFirst)).toEqual(probe(stepFirst));
      }),
      { numRuns: 10 },
    );
  });

  it('moves the stream', () => {
    const rng = createGenerator(name, 3);
    const jumped = rng.clone();
    jumped.jump?.();
    expect(probe(jumped)).not.toEqual(probe(rng));
  });
});

describe('advance', () => {
  it('pcg32 advance(n) equals n steps and advance(-n) undoes it', () => {
    fc.assert(
      fc.property(seedArbitrary, fc.integer({ min: 0, max: 3000 }), (seed, steps) => {
        const advanced = createGenerator('pcg32', seed) as Pcg32;
        const stepped = advanced.clone();

        advanced.advance(steps);
        stepped.fillUint32(new Uint32Array(steps));
        expect(probe(advanced.clone())).toEqual(probe(stepped));

        advanced.advance(-steps);
        expect(probe(advanced)).toEqual(probe(createGenerator('pcg32', seed)));
      }),
      { numRuns: 20 },
    );
  });

  it('numpy-pcg64 advance(n) equals n 64-bit outputs', () => {
    fc.assert(
      fc.property(seedArbitrary, fc.integer({ min: 0, max: 3000 }), (seed, steps) => {
        const advanced = createGenerator('numpy-pcg64', seed) as Pcg64;
        const stepped = advanced.clone();

        advanced.advance(BigInt(steps));
        stepped.fillDouble(new Float64Array(steps));
        expect(advanced.nextBigUint64()).toBe(stepped.nextBigUint64());
      }),
      { numRuns: 20 },
    );
  });

  it('philox4x32-10 advance(n) equals 4n words, also from inside a block', () => {
    fc.assert(
      fc.property(seedArbitrary, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 1000 }), (seed, offset, blocks) => {
        const advanced = createGenerator('philox4x32-10', seed) as Philox4x32;
        advanced.fillUint32(new Uint32Array(offset));
        const stepped = advanced.clone();

        advanced.advance(blocks);
        stepped.fillUint32(new Uint32Array(4 * blocks));
        expect(probe(advanced)).toEqual(probe(stepped));
      }),
      { numRuns: 20 },
    );
  });

  it('rejects fractional step counts', () => {
    expect(() => (createGenerator('pcg32', 1) as Pcg32).advance(1.5)).toThrow(/delta must be a safe integer or a BigInt/);
  });
});
