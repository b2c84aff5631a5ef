import { describe, expect, it } from 'vitest';

import { createGenerator } from '../../random/index.js';
import type { BitGenerator } from '../../random/types.js';
import { KS_LEVEL, ksPValue } from '../test-utils/targets.js';
import { InverseTransformSampler } from './analytic.js';

/** Exponential(1) by its closed-form quantile. */
const exponential = { quantile: (p: number) => -Math.log1p(-p) };

describe('InverseTransformSampler', () => {
  it('returns the quantile of the uniform', () => {
    const seen: number[] = [];
    const sampler = new InverseTransformSampler({ quantile: (p) => (seen.push(p), 2 * p) });
    const rng = { nextDouble: () => 0.25 } as unknown as BitGenerator;
    const x = sampler.sample(rng);
    expect(x).toBeCloseTo(0.5, 12);
    expect(seen[0]).toBeGreaterThan(0);
    expect(seen[0]).toBeLessThan(1);
  });

  it('never passes 0 to the quantile', () => {
    const sampler = new InverseTransformSampler({ quantile: (p) => Math.log(p) });
    const rng = { nextDouble: () => 0 } as unknown as BitGenerator;
    expect(Number.isFinite(sampler.sample(rng))).toBe(true);
  });

  it('exponential draws pass the KS test', () => {
    const draws = new InverseTransformSampler(exponential).sampleN(createGenerator('xoshiro128**', 3), 20000);
    expect(ksPValue(draws, (x) => -Math.expm1(-x))).toBeGreaterThan(KS_LEVEL);
  });

  it('a NaN quantile is an error, not a draw', () => {
    const sampler = new InverseTransformSampler({ quantile: () => NaN });
    expect(() => sampler.sampleN(createGenerator('xoshiro128**', 1), 3)).toThrow(/quantile\(.*\) returned NaN; a quantile function must return a number/);
  });

  it('a missing generator is rejected', () => {
    const sampler = new InverseTransformSampler(exponential);
    expect(() => sampler.sample(null as never)).toThrow(/rng must be a bit generator with a nextDouble\(\) method/);
  });

  it('an object without quantile is rejected', () => {
    expect(() => new InverseTransformSampler({} as never)).toThrow(/distribution must be an object with a quantile\(p\) method/);
  });
});
