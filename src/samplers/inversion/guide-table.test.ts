import { describe, expect, it } from 'vitest';

import { Binomial } from '../../distributions/binomial.js';
import { Poisson } from '../../distributions/poisson.js';
import { InvalidArgumentError } from '../../errors.js';
import { createGenerator } from '../../random/index.js';
import type { BitGenerator } from '../../random/types.js';
import { chiSquareDiscreteTest, chiSquareTest } from '../../stats/chi-square.js';
import { GuideTableSampler } from './guide-table.js';

/** A generator stub whose nextDouble returns the listed values in turn. */
function fixedDoubles(values: number[]): BitGenerator {
  let index = 0;
  return { nextDouble: () => values[index++] } as unknown as BitGenerator;
}

describe('GuideTableSampler input checks', () => {
  it('a continuous distribution is rejected', () => {
    const continuous = { name: 'normal', pdf: () => 0, quantile: () => 0, support: [-Infinity, Infinity] };
    expect(() => GuideTableSampler.fromDistribution(continuous as never)).toThrow(/distribution must be a discrete distribution with pmf\(k\)/);
  });

  it('weights that are not numbers are rejected', () => {
    expect(() => new GuideTableSampler(['1', '2'] as never)).toThrow(/weights\[0\] must be a non-negative finite number; received "1"/);
  });

  it('a missing generator is rejected', () => {
    expect(() => new GuideTableSampler([1, 2]).sample(null as never)).toThrow(InvalidArgumentError);
    expect(() => new GuideTableSampler([1, 2]).sampleN(undefined as never, 2)).toThrow(/rng must be a bit generator with a fillDouble\(\) method/);
  });
});

describe('GuideTableSampler', () => {
  it('maps uniforms to outcomes by cumulative weight', () => {
    const sampler = new GuideTableSampler([1, 0, 2, 1], { offset: 10 });
    // Cumulative weights 1, 1, 3, 4 out of 4: [0, .25) -> 10, [.25, .75) -> 12, [.75, 1) -> 13.
    const rng = fixedDoubles([0, 0.2499, 0.25, 0.7499, 0.75, 0.999999]);
    expect([0, 1, 2, 3, 4, 5].map(() => sampler.sample(rng))).toEqual([10, 10, 12, 12, 13, 13]);
    expect(sampler.probability(11)).toBe(0);
    expect(sampler.probability(12)).toBe(0.5);
    expect(sampler.probability(9)).toBe(0);
  });

  it('the largest double below 1 picks the last outcome', () => {
    const sampler = new GuideTableSampler([1, 1, 2]);
    expect(sampler.sample(fixedDoubles([1 - 2 ** -53]))).toBe(2);
  });

  it('draws pass the chi-square test', () => {
    const weights = [5, 0.1, 3, 0, 7, 1, 1, 20, 0.5, 2];
    const sampler = new GuideTableSampler(weights, { guideFactor: 0.5 });
    const draws = sampler.sampleN(createGenerator('xoshiro128**', 7), 100000);
    const counts = new Float64Array(weights.length);
    for (const k of draws) counts[k] += 1;
    expect(counts[3]).toBe(0);

    const total = weights.reduce((a, b) => a + b, 0);
    const nonZero = weights.map((w, i) => [w, i]).filter(([w]) => w > 0);
    const result = chiSquareTest(
      nonZero.map(([, i]) => counts[i]),
      nonZero.map(([w]) => w / total),
    );
    // Failure probability 1e-3 for a correct sampler and a random seed; the seed is fixed.
    expect(result.pValue).toBeGreaterThan(1e-3);
  });

  it('Poisson draws from fromDistribution pass the chi-square test', () => {
    const poisson = new Poisson({ mu: 7.5 });
    const sampler = GuideTableSampler.fromDistribution(poisson);
    // The table ends where the upper tail mass drops below 5e-13.
    expect(sampler.offset).toBe(0);
    expect(sampler.size).toBeGreaterThan(25);
    expect(sampler.size).toBeLessThan(50);
    const draws = sampler.sampleN(createGenerator('xoshiro128**', 8), 100000);
    // Failure probability 1e-3 for a correct sampler and a random seed; the seed is fixed.
    expect(chiSquareDiscreteTest(draws, poisson).pValue).toBeGreaterThan(1e-3);
  });

  it('binomial on a finite support keeps every outcome', () => {
    const binomial = new Binomial({ n: 20, p: 0.3 });
    const sampler = GuideTableSampler.fromDistribution(binomial);
    expect(sampler.size).toBe(21);
    expect(sampler.probability(6)).toBeCloseTo(binomial.pmf(6), 14);
    const draws = sampler.sampleN(createGenerator('xoshiro128**', 9), 100000);
    expect(chiSquareDiscreteTest(draws, binomial).pValue).toBeGreaterThan(1e-3);
  });

  it('a support too wide for the table is reported', () => {
    expect(() => GuideTableSampler.fromDistribution(new Poisson({ mu: 1e9 }), { maxOutcomes: 1000 })).toThrow(/more than maxOutcomes = 1000/);
  });

  it('invalid weights are rejected', () => {
    expect(() => new GuideTableSampler([])).toThrow(InvalidArgumentError);
    expect(() => new GuideTableSampler([1, -1])).toThrow(/weights\[1\] must be a non-negative finite number; received -1/);
    expect(() => new GuideTableSampler([0, 0])).toThrow(/not all zero/);
    expect(() => new GuideTableSampler([1, NaN])).toThrow(/weights\[1\]/);
    expect(() => new GuideTableSampler([1], { offset: 0.5 })).toThrow(/offset must be an integer/);
  });
});
