/** Argument check shared by the samplers' `sample` and `sampleN` methods. */
import { InvalidArgumentError } from '../errors.js';
import type { BitGenerator } from '../random/types.js';

/** Throws InvalidArgumentError unless `rng` has the BitGenerator method `method` (nextDouble by default). */
export function checkGenerator(rng: unknown, method: 'nextDouble' | 'fillDouble' = 'nextDouble'): asserts rng is BitGenerator {
  if (rng == null || typeof (rng as Record<string, unknown>)[method] !== 'function') {
    throw new InvalidArgumentError('rng', `a bit generator with a ${method}() method, e.g. createGenerator('xoshiro128**', seed)`, rng);
  }
}
