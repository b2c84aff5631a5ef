/**
 * Bit generators by name. `createGenerator(name, seed)` is the one way the
 * rest of samplekit makes a generator from a seed; `generatorFromState`
 * rebuilds one from a saved `getState()` snapshot.
 */
import { InvalidArgumentError } from '../errors.js';
import { seedToBigInt } from './seed.js';
import { SeedSequence } from './seed-sequence.js';
import type { BitGenerator, GeneratorName, GeneratorState, Seed } from './types.js';
import { Mt19937 } from './mt19937.js';
import { Pcg32 } from './pcg32.js';
import { Pcg64 } from './pcg64.js';
import { Philox4x32 } from './philox.js';
import { Xoshiro128StarStar } from './xoshiro128.js';

/** Every generator name `createGenerator` accepts. */
export const GENERATOR_NAMES: readonly GeneratorName[] = ['mt19937', 'numpy-pcg64', 'pcg32', 'xoshiro128**', 'philox4x32-10'];

/**
 * The generator used when a caller gives only a seed: xoshiro128**, chosen for
 * speed, quality and splittability together.
 * - Speed: each step is a few 32-bit integer operations, which V8 compiles to
 *   single instructions, so it fills doubles fastest of the five
 *   (bench/random.bench.mjs). The PCG and Philox generators need 64-bit
 *   products assembled from several 32-bit ones.
 * - Quality: a 128-bit state with period 2^128 - 1 and a nonlinear output
 *   scrambler. Equidistribution is tested here; batteries such as PractRand
 *   read `samplekit rng --format binary`.
 * - Splittability: `spawn()` seeds children through SeedSequence, and `jump()`
 *   skips 2^64 steps for non-overlapping substreams.
 */
export const DEFAULT_GENERATOR: GeneratorName = 'xoshiro128**';

/**
 * Creates a generator seeded from `seed` (a safe non-negative integer or a
 * non-negative BigInt of any size). `mt19937` seeds as C++ `std::mt19937` and
 * NumPy `RandomState` do (see Mt19937); the others hash the seed with
 * NumPy's SeedSequence, so `numpy-pcg64` equals `numpy.random.default_rng(seed)`.
 */
export function createGenerator(name: GeneratorName, seed: Seed): BitGenerator {
  const checkedName = checkGeneratorName(name);
  const value = seedToBigInt(seed);

  switch (checkedName) {
    case 'mt19937':
      return Mt19937.fromSeed(value);
    case 'numpy-pcg64':
      return new Pcg64(new SeedSequence(value));
    case 'pcg32':
      return new Pcg32(new SeedSequence(value));
    case 'xoshiro128**':
      return new Xoshiro128StarStar(new SeedSequence(value));
    case 'philox4x32-10':
      return new Philox4x32(new SeedSequence(value));
  }
}

/** Rebuilds a generator from a `getState()` snapshot, including after a JSON round trip. */
export function generatorFromState(state: GeneratorState): BitGenerator {
  if (state === null || typeof state !== 'object') {
    throw new InvalidArgumentError('state', 'a generator state object from getState()', state);
  }
  const generator = createGenerator(checkGeneratorName(state.algorithm, 'state.algorithm'), 0);
  generator.setState(state);
  return generator;
}

export function checkGeneratorName(name: unknown, argument = 'generator'): GeneratorName {
  if (typeof name !== 'string' || !GENERATOR_NAMES.includes(name as GeneratorName)) {
    throw new InvalidArgumentError(argument, `one of ${GENERATOR_NAMES.join(', ')}`, name);
  }
  return name as GeneratorName;
}

export type { BitGenerator, GeneratorName, GeneratorState, Seed } from './types.js';
export { SeedSequence } from './seed-sequence.js';
export type { SeedSequenceState } from './seed-sequence.js';
export { Mt19937, MT19937_JUMP_DISTANCE, type Mt19937State } from './mt19937.js';
export { Pcg32, PCG32_JUMP_DISTANCE, type Pcg32State } from './pcg32.js';
export { Pcg64, PCG64_JUMP_DISTANCE, type Pcg64State } from './pcg64.js';
export { Philox4x32, PHILOX_JUMP_BLOCKS, philox4x32Block, type Philox4x32State } from './philox.js';
export { Xoshiro128StarStar, type Xoshiro128StarStarState } from './xoshiro128.js';
export { boundedInt, fillUniform, nextDown, uniform, uniformOpen } from './uniform.js';
