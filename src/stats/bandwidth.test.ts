import { describe, expect, it } from 'vitest';

import { NumericalError } from '../errors.js';
import { createGenerator } from '../random/index.js';
import { medianDistance, medianHeuristicKernel } from './bandwidth.js';

describe('medianDistance', () => {
  it('takes the middle distance by hand', () => {
    // Pooled {0, 1, 3}: distances 1, 3, 2, so the median is 2.
    expect(medianDistance([[0], [1]], [[3]])).toBe(2);
  });

  it('averages the two middle distances', () => {
    // Pooled {0, 1, 3, 7}: distances 1, 3, 7, 2, 6, 4 -> sorted 1 2 3 4 6 7 -> (3 + 4)/2.
    expect(medianDistance([[0], [1]], [[3], [7]])).toBe(3.5);
  });

  it('leaves out identical rows', () => {
    // Pooled {0, 0, 1}: the pair of zeros is left out; distances 1, 1.
    expect(medianDistance([[0], [0]], [[1]])).toBe(1);
  });

  it('uses Euclidean distance', () => {
    expect(medianDistance([[0, 0]], [[3, 4]])).toBe(5);
  });

  it('subsamples reproducibly above maxRows', () => {
    const rows = Array.from({ length: 50 }, (_, i) => [i * i]);
    const first = medianDistance(rows, rows, { maxRows: 20, rng: createGenerator('xoshiro128**', 4) });
    const second = medianDistance(rows, rows, { maxRows: 20, rng: createGenerator('xoshiro128**', 4) });
    expect(second).toBe(first);
    expect(() => medianDistance(rows, rows, { maxRows: 20 })).toThrow(/rng must be a BitGenerator to draw 20 of the 100 pooled rows/);
  });

  it('rejects samples with one distinct row', () => {
    expect(() => medianDistance([[1, 1]], [[1, 1]])).toThrow(NumericalError);
  });
});

describe('medianHeuristicKernel', () => {
  it('scales the median by each multiplier', () => {
    expect(medianHeuristicKernel([[0], [1]], [[3]]).bandwidths).toEqual([0.5, 1, 2, 4, 8]);
    expect(medianHeuristicKernel([[0], [1]], [[3]], { multipliers: [1] }).bandwidths).toEqual([2]);
  });
});

describe('medianDistance at extreme scales', () => {
  it('returns the median of rows scaled by 2^520 and 2^-700', () => {
    // Pooled {0, 1, 3, 7} times s: the median distance is 3.5 s. Near 1e154 the
    // squared distances used to overflow, and near 1e-200 they underflowed to 0.
    for (const factor of [2 ** 520, 2 ** -700]) {
      expect(medianDistance([[0], [factor]], [[3 * factor], [7 * factor]])).toBe(3.5 * factor);
    }
  });

  it('names the overflow when the median exceeds the largest double', () => {
    expect(() => medianDistance([[-1.5e308], [1.5e308]], [[-1e308], [1e308]])).toThrow(/beyond the largest double; rescale the data/);
  });
});
