import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { sampleGrid, sampleRing } from '../../data/synthetic.js';
import { createGenerator } from '../../random/index.js';
import { symmetricEigen } from './eigen.js';
import { featureStatistics, frechetDistance, frechetDistanceFromStatistics } from './frechet.js';
import { loadDataset } from '../../data/load.js';
import { SampleEvaluator } from './evaluator.js';
import { MmdEvaluator } from './mmd.js';
import { modeMetrics } from './modes.js';

interface FrechetCase {
  name: string;
  dimension: number;
  a: number[];
  countA: number;
  b: number[];
  countB: number;
  distance: number;
}

const frechetFixture = JSON.parse(readFileSync(new URL('../../../fixtures/data/frechet.json', import.meta.url), 'utf8')) as {
  cases: FrechetCase[];
};

describe('symmetricEigen', () => {
  it('decomposes a known 2 x 2 matrix', () => {
    const { values, vectors } = symmetricEigen([2, 1, 1, 2], 2);
    expect(values[0]).toBeCloseTo(1, 14);
    expect(values[1]).toBeCloseTo(3, 14);
    expect(Math.abs(vectors[0])).toBeCloseTo(Math.SQRT1_2, 14);
    expect(vectors[0] * vectors[2]).toBeLessThan(0); // (1, -1) / sqrt(2) for eigenvalue 1
  });

  it('reconstructs a random symmetric matrix', () => {
    const n = 30;
    const rng = createGenerator('xoshiro128**', 8);
    const matrix = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) matrix[i * n + j] = matrix[j * n + i] = rng.nextDouble() * 2 - 1;
    }

    const { values, vectors } = symmetricEigen(matrix, n);
    for (let k = 1; k < n; k++) expect(values[k]).toBeGreaterThanOrEqual(values[k - 1]);

    let reconstructionError = 0;
    let orthogonalityError = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let rebuilt = 0;
        let gram = 0;
        for (let k = 0; k < n; k++) {
          rebuilt += vectors[i * n + k] * values[k] * vectors[j * n + k];
          gram += vectors[k * n + i] * vectors[k * n + j];
        }
        reconstructionError = Math.max(reconstructionError, Math.abs(rebuilt - matrix[i * n + j]));
        orthogonalityError = Math.max(orthogonalityError, Math.abs(gram - (i === j ? 1 : 0)));
      }
    }
    expect(reconstructionError).toBeLessThan(1e-12);
    expect(orthogonalityError).toBeLessThan(1e-12);
  });

  it('rejects NaN entries', () => {
    expect(() => symmetricEigen([1, NaN, NaN, 1], 2)).toThrow(/did not converge/);
  });
});

describe('frechetDistance', () => {
  it('matches the scipy.linalg.sqrtm reference', () => {
    for (const testCase of frechetFixture.cases) {
      const distance = frechetDistance(testCase.a, testCase.countA, testCase.b, testCase.countB, testCase.dimension);
      // With fewer vectors than dimensions the covariance is singular: eigenvalues at rounding level
      // (about 1e-16) have square roots near 1e-8, which differ between methods.
      const tolerance = testCase.countA <= testCase.dimension ? 1e-6 : 1e-9;
      expect(Math.abs(distance - testCase.distance), testCase.name).toBeLessThan(tolerance);
    }
  });

  it('is zero for identical sets', () => {
    const features = Float64Array.from({ length: 300 }, (_, i) => Math.sin(i * 1.3) + (i % 3));
    expect(frechetDistance(features, 100, features, 100, 3)).toBeLessThan(1e-10);
  });

  it('equals the squared mean shift for equal covariances', () => {
    const a = Float64Array.from({ length: 400 }, (_, i) => Math.cos(i * 0.7));
    const b = a.map((value, i) => value + (i % 2 === 0 ? 3 : -1));
    const statistics = featureStatistics(a, 200, 2);
    expect(statistics.count).toBe(200);
    expect(frechetDistance(a, 200, b, 200, 2)).toBeCloseTo(9 + 1, 9);
  });

  it('rejects mismatched dimensions', () => {
    const a = featureStatistics([1, 2, 3, 4], 2, 2);
    const b = featureStatistics([1, 2, 3, 4, 5, 6], 2, 3);
    expect(() => frechetDistanceFromStatistics(a, b)).toThrow('feature dimensions must be equal for both sets; received [2, 3]');
  });

  it('rejects a single feature vector', () => {
    expect(() => featureStatistics([1, 2], 1, 2)).toThrow('count must be at least 2 feature vectors, so a covariance exists; received 1');
  });
});

describe('modeMetrics', () => {
  const mixture = { centers: Float64Array.of(0, 0, 10, 0, 0, 10), std: 1 };

  it('counts hand-made points', () => {
    // Mode 0: three points within 3 std; mode 1: one point within, one just outside; mode 2: none.
    const points = [0, 0, 1, 1, -2, 2, 10, 2.9, 13.01, 0, 5, 5];
    const metrics = modeMetrics(points, 6, mixture, { minShare: 0.15 });
    expect(metrics.modes).toBe(3);
    expect(metrics.modeCounts).toEqual([3, 1, 0]);
    expect(metrics.highQualityShare).toBeCloseTo(4 / 6, 15);
    expect(metrics.modesCovered).toBe(2); // 1 of 6 = 0.167 >= 0.15
    expect(modeMetrics(points, 6, mixture, { minShare: 0.2 }).modesCovered).toBe(1);
  });

  it('uses a fifth of the fair share by default', () => {
    expect(modeMetrics([0, 0], 1, mixture).minShare).toBeCloseTo(0.2 / 3, 15);
  });

  it('finds every ring8 mode in real draws', () => {
    const set = sampleRing(createGenerator('xoshiro128**', 0), { count: 2500, modes: 8, radius: 1, std: 0.01 });
    const metrics = modeMetrics(set.points, set.count, set);
    expect(metrics.modesCovered).toBe(8);
    // Expected share 1 - exp(-4.5) = 0.98889; 4 binomial standard errors at n = 2500 are 0.0084.
    expect(Math.abs(metrics.highQualityShare - (1 - Math.exp(-4.5)))).toBeLessThan(0.0084);
  });

  it('sees a collapse onto some grid modes', () => {
    const set = sampleGrid(createGenerator('xoshiro128**', 1), { count: 2500, side: 5, spacing: 2, std: 0.05 });
    const collapsed = Float64Array.from(set.points);
    for (let i = 0; i < set.count; i++) {
      // Move every point of the modes 5..24 onto mode label % 5, so only modes 0..4 receive samples.
      const target = set.labels[i] % 5;
      collapsed[2 * i] += set.centers[2 * target] - set.centers[2 * set.labels[i]];
      collapsed[2 * i + 1] += set.centers[2 * target + 1] - set.centers[2 * set.labels[i] + 1];
    }
    expect(modeMetrics(set.points, set.count, set).modesCovered).toBe(25);
    expect(modeMetrics(collapsed, set.count, set).modesCovered).toBe(5);
  });

  it('counts far-away samples as low quality', () => {
    const metrics = modeMetrics([100, 100, 5, 5], 2, mixture);
    expect(metrics.highQualityShare).toBe(0);
    expect(metrics.modesCovered).toBe(0);
  });

  it('rejects a sample array of the wrong length', () => {
    expect(() => modeMetrics([1, 2, 3], 2, mixture)).toThrow('samples.length must be count * 2 for count >= 1 (count = 2); received 3');
  });
});

describe('MmdEvaluator', () => {
  const real = sampleRing(createGenerator('xoshiro128**', 20), { count: 1500, modes: 8, radius: 1, std: 0.01 });
  const heldOut = real.points.subarray(0, 1000);
  const evaluator = MmdEvaluator.create(heldOut, 500, 2, { rng: createGenerator('xoshiro128**', 21), maxRows: 400 });

  it('is near zero for fresh real draws', () => {
    const fresh = real.points.subarray(1000);
    expect(Math.abs(evaluator.evaluate(fresh, 1000))).toBeLessThan(0.005);
  });

  it('is large for a collapsed sample', () => {
    const fresh = real.points.subarray(1000);
    const collapsed = Float64Array.from(fresh, (value, i) => (i % 2 === 0 ? value - real.points[0] + 1 : value - real.points[1]));
    expect(evaluator.evaluate(collapsed, 1000)).toBeGreaterThan(0.1);
  });

  it('rejects rows of the wrong width', () => {
    expect(() => evaluator.evaluate(new Float64Array(9), 3)).toThrow('generated.length must be count * width (3 * 2); received 9');
  });
});

describe('SampleEvaluator', () => {
  it('scores ring8 samples with MMD and mode metrics', async () => {
    const dataset = await loadDataset('ring8:count=1200', { seed: 0 });
    const evaluator = await SampleEvaluator.create(dataset, { seed: 0 });
    const result = evaluator.evaluate(dataset.train.subarray(0, 1000), 500);
    expect(Object.keys(result).sort()).toEqual(['highQualityShare', 'mmd2', 'modeCounts', 'modes', 'modesCovered']);
    expect(result.modes).toBe(8);
    expect(result.modesCovered).toBe(8);
    expect(Math.abs(result.mmd2!)).toBeLessThan(0.01);
  });

  it('scores images with MMD only when the classifier is off', async () => {
    const dataset = await loadDataset('mnist:count=300', { seed: 0 });
    const evaluator = await SampleEvaluator.create(dataset, { seed: 0, classifier: false });
    const result = evaluator.evaluate(dataset.train.subarray(0, 20 * 784), 20);
    expect(Object.keys(result)).toEqual(['mmd2']);
  });

  it('requires a seed', async () => {
    const dataset = await loadDataset('ring8:count=100', { seed: 0 });
    await expect(SampleEvaluator.create(dataset, {} as { seed: number })).rejects.toThrow('seed must be given, so evaluations are reproducible; none was given');
  });
});
