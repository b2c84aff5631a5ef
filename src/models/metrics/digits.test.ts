import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { tf } from '../../backend.js';
import { loadDataset } from '../../data/load.js';
import type { Dataset } from '../../data/types.js';
import { createGenerator } from '../../random/index.js';
import { DigitClassifier } from './digit-classifier.js';
import { DigitEvaluator } from './digits.js';

let mnist: Dataset;
let evaluator: DigitEvaluator;

beforeAll(async () => {
  mnist = await loadDataset('mnist', { seed: 0 });
  evaluator = await DigitEvaluator.create(mnist, { seed: 0 });
}, 300_000);

afterAll(() => evaluator?.dispose());

/** Returns the first `count` training digits, to stand in for generated images, with their labels. */
function trainingSubset(count: number): { images: Float32Array; labels: Int32Array } {
  return { images: mnist.train.slice(0, count * 784), labels: mnist.trainLabels!.slice(0, count) };
}

describe('DigitEvaluator on real MNIST', () => {
  it('classifies held-out digits with high accuracy', () => {
    expect(evaluator.heldOutAccuracy).toBeGreaterThan(0.95);
  });

  it('scores real digits as covering every class', () => {
    const { images } = trainingSubset(1000);
    const metrics = evaluator.evaluate(images, 1000);
    expect(metrics.classesCovered).toBe(10);
    for (const share of metrics.classShares) expect(share).toBeGreaterThan(0.06);
    expect(metrics.meanConfidence).toBeGreaterThan(0.9);
  });

  it('gives real digits a small and noise a large Frechet distance', () => {
    const real = evaluator.evaluate(trainingSubset(1000).images, 1000).frechetDistance;

    const rng = createGenerator('xoshiro128**', 1);
    const noise = Float32Array.from({ length: 1000 * 784 }, () => rng.nextDouble() * 2 - 1);
    const noisy = evaluator.evaluate(noise, 1000).frechetDistance;

    expect(real).toBeLessThan(noisy / 20);
  });

  it('detects a generator collapsed onto one class', () => {
    const { images, labels } = trainingSubset(3000);
    const ones: number[] = [];
    for (let i = 0; i < 3000 && ones.length < 1000 * 784; i++) {
      if (labels[i] === 1) ones.push(...images.subarray(i * 784, (i + 1) * 784));
    }
    const count = ones.length / 784;
    const collapsed = evaluator.evaluate(Float32Array.from(ones), count);
    const real = evaluator.evaluate(images.slice(0, count * 784), count);

    expect(collapsed.classesCovered).toBe(1);
    expect(collapsed.classShares[1]).toBeGreaterThan(0.95);
    expect(collapsed.frechetDistance).toBeGreaterThan(5 * real.frechetDistance);
  });

  it('leaves no tensors behind when scoring', () => {
    const before = tf.memory().numTensors;
    evaluator.evaluate(trainingSubset(50).images, 50);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects images of the wrong width', () => {
    expect(() => evaluator.evaluate(new Float32Array(10), 2)).toThrow('images.length must be count * 784 (count = 2); received 10');
  });
});

describe('DigitClassifier training', () => {
  it('repeats for the same seed', async () => {
    const subset = { images: mnist.train.subarray(0, 1500 * 784), labels: mnist.trainLabels!.subarray(0, 1500), count: 1500 };
    const probe = mnist.heldOut.subarray(0, 20 * 784);

    const first = await DigitClassifier.train(subset, { seed: 7, epochs: 1, hiddenUnits: 32, featureUnits: 8 });
    const second = await DigitClassifier.train(subset, { seed: 7, epochs: 1, hiddenUnits: 32, featureUnits: 8 });
    const third = await DigitClassifier.train(subset, { seed: 8, epochs: 1, hiddenUnits: 32, featureUnits: 8 });
    try {
      expect(second.probabilities(probe, 20)).toEqual(first.probabilities(probe, 20));
      expect(third.probabilities(probe, 20)).not.toEqual(first.probabilities(probe, 20));
    } finally {
      [first, second, third].forEach((model) => model.dispose());
    }
  });

  it('frees every tensor after training and dispose', async () => {
    const subset = { images: mnist.train.subarray(0, 300 * 784), labels: mnist.trainLabels!.subarray(0, 300), count: 300 };
    const before = tf.memory().numTensors;
    const model = await DigitClassifier.train(subset, { seed: 1, epochs: 1, hiddenUnits: 8, featureUnits: 4, imageShape: [28, 28, 1] });
    model.features(subset.images.subarray(0, 10 * 784), 10);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports progress per epoch', async () => {
    const subset = { images: mnist.train.subarray(0, 500 * 784), labels: mnist.trainLabels!.subarray(0, 500), count: 500 };
    const losses: number[] = [];
    const model = await DigitClassifier.train(subset, { seed: 0, epochs: 2, hiddenUnits: 16, onEpoch: (p) => losses.push(p.loss) });
    model.dispose();
    expect(losses.length).toBe(2);
    expect(losses[1]).toBeLessThan(losses[0]);
  });

  it('rejects labels that do not match the images', async () => {
    await expect(DigitClassifier.train({ images: new Float32Array(8), labels: Int32Array.of(0, 1, 1), count: 2 }, { seed: 0 })).rejects.toThrow(
      'train.labels.length must be equal to count (2); received 3',
    );
  });
});
