import { describe, expect, it } from 'vitest';

import { createGenerator } from '../random/index.js';
import { chiSquareTest } from '../stats/chi-square.js';
import { ksTest } from '../stats/ks.js';
import { sampleGrid, sampleMoons, sampleRing, sampleSpiral, type GaussianMixture2d } from './synthetic.js';

// Goodness-of-fit checks use level ALPHA: with a fresh random seed each would
// fail with probability ALPHA; the seeds are fixed, so a failure is a real change.
const ALPHA = 1e-3;

/** Squared distances to the own centre divided by std^2, which are chi-square(2), i.e. Exponential(1/2). */
function scaledSquaredDistances(set: GaussianMixture2d): Float64Array {
  const distances = new Float64Array(set.count);
  for (let i = 0; i < set.count; i++) {
    const mode = set.labels[i];
    const dx = set.points[2 * i] - set.centers[2 * mode];
    const dy = set.points[2 * i + 1] - set.centers[2 * mode + 1];
    distances[i] = (dx * dx + dy * dy) / (set.std * set.std);
  }
  return distances;
}

function modeCounts(set: GaussianMixture2d, modes: number): number[] {
  const counts = new Array<number>(modes).fill(0);
  for (const label of set.labels) counts[label] += 1;
  return counts;
}

describe('sampleRing', () => {
  const set = sampleRing(createGenerator('xoshiro128**', 1), { count: 8000, modes: 8, radius: 1, std: 0.01 });

  it('places centres evenly on the circle', () => {
    expect(set.centers.length).toBe(16);
    for (let mode = 0; mode < 8; mode++) {
      expect(Math.hypot(set.centers[2 * mode], set.centers[2 * mode + 1])).toBeCloseTo(1, 12);
      expect(set.centers[2 * mode]).toBeCloseTo(Math.cos((2 * Math.PI * mode) / 8), 12);
      expect(set.centers[2 * mode + 1]).toBeCloseTo(Math.sin((2 * Math.PI * mode) / 8), 12);
    }
  });

  it('draws modes with equal probability', () => {
    const result = chiSquareTest(modeCounts(set, 8), new Array(8).fill(1 / 8));
    expect(result.pValue).toBeGreaterThan(ALPHA);
  });

  it('draws Gaussian noise of the stated std', () => {
    const result = ksTest(scaledSquaredDistances(set), (x) => (x <= 0 ? 0 : 1 - Math.exp(-x / 2)));
    expect(result.pValue).toBeGreaterThan(ALPHA);
  });

  it('repeats for the same seed and differs for another', () => {
    const again = sampleRing(createGenerator('xoshiro128**', 1), { count: 8000, modes: 8, radius: 1, std: 0.01 });
    const other = sampleRing(createGenerator('xoshiro128**', 2), { count: 8000, modes: 8, radius: 1, std: 0.01 });
    expect(again.points).toEqual(set.points);
    expect(other.points).not.toEqual(set.points);
  });

  it('rejects invalid options', () => {
    const rng = createGenerator('xoshiro128**', 0);
    expect(() => sampleRing(rng, { count: 10, modes: 0, radius: 1, std: 0.01 })).toThrow('modes must be a positive integer; received 0');
    expect(() => sampleRing(rng, { count: 10, modes: 8, radius: -1, std: 0.01 })).toThrow('radius must be a positive finite number; received -1');
    expect(() => sampleRing(rng, { count: 10, modes: 8, radius: 1, std: NaN })).toThrow('std must be a non-negative finite number; received NaN');
    expect(() => sampleRing(rng, { count: 1.5, modes: 8, radius: 1, std: 0.01 })).toThrow('count must be a positive integer; received 1.5');
  });
});

describe('sampleGrid', () => {
  const set = sampleGrid(createGenerator('xoshiro128**', 0), { count: 10_000, side: 5, spacing: 2, std: 0.05 });

  it('lays the centres on a centred square grid', () => {
    const xs = new Set<number>();
    const ys = new Set<number>();
    for (let mode = 0; mode < 25; mode++) {
      xs.add(set.centers[2 * mode]);
      ys.add(set.centers[2 * mode + 1]);
    }
    expect([...xs].sort((a, b) => a - b)).toEqual([-4, -2, 0, 2, 4]);
    expect([...ys].sort((a, b) => a - b)).toEqual([-4, -2, 0, 2, 4]);
  });

  it('draws modes with equal probability', () => {
    expect(chiSquareTest(modeCounts(set, 25), new Array(25).fill(1 / 25)).pValue).toBeGreaterThan(ALPHA);
  });

  it('draws Gaussian noise of the stated std', () => {
    const result = ksTest(scaledSquaredDistances(set), (x) => (x <= 0 ? 0 : 1 - Math.exp(-x / 2)));
    expect(result.pValue).toBeGreaterThan(ALPHA);
  });
});

describe('sampleSpiral', () => {
  it('puts noiseless points on the spiral, uniform in squared radius', () => {
    const set = sampleSpiral(createGenerator('xoshiro128**', 3), { count: 4000, turns: 2, radius: 1, noise: 0 });
    const squaredRadii = new Float64Array(set.count);
    for (let i = 0; i < set.count; i++) {
      const x = set.points[2 * i];
      const y = set.points[2 * i + 1];
      const r = Math.hypot(x, y);
      squaredRadii[i] = r * r;

      // On r = t, angle = 4 pi t, so the polar angle equals 4 pi r modulo 2 pi.
      const expectedAngle = 4 * Math.PI * r;
      const difference = Math.atan2(y, x) - expectedAngle;
      expect(Math.abs(Math.sin(difference / 2)), `point ${i}`).toBeLessThan(1e-9);
    }
    expect(ksTest(squaredRadii, (v) => Math.min(1, Math.max(0, v))).pValue).toBeGreaterThan(ALPHA);
  });
});

describe('sampleMoons', () => {
  const set = sampleMoons(createGenerator('xoshiro128**', 4), { count: 4000, noise: 0 });

  it('puts noiseless points on the two half circles', () => {
    for (let i = 0; i < set.count; i++) {
      const x = set.points[2 * i];
      const y = set.points[2 * i + 1];
      if (set.labels[i] === 0) {
        expect(Math.hypot(x, y)).toBeCloseTo(1, 12);
        expect(y).toBeGreaterThanOrEqual(0);
      } else {
        expect(Math.hypot(x - 1, y - 0.5)).toBeCloseTo(1, 12);
        expect(y).toBeLessThanOrEqual(0.5);
      }
    }
  });

  it('draws both moons equally often', () => {
    const upper = set.labels.filter((label) => label === 0).length;
    expect(chiSquareTest([upper, set.count - upper], [0.5, 0.5]).pValue).toBeGreaterThan(ALPHA);
  });
});
