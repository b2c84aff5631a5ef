import { beforeAll, describe, expect, it } from 'vitest';

import { initBackend, tf } from '../backend.js';
import { loadDataset } from '../data/load.js';
import type { Dataset } from '../data/types.js';
import { createGenerator } from '../random/index.js';
import { DcganDiscriminator, DcganGenerator, type DcganSpec } from './dcgan.js';
import { GanTrainer } from './gan-trainer.js';
import { latentNoise } from './noise.js';

const spec: DcganSpec = { architecture: 'dcgan', baseChannels: 8, leakyReluAlpha: 0.2, initializer: { name: 'normal', std: 0.02 } };

let digits: Dataset;

beforeAll(async () => {
  await initBackend();
  digits = await loadDataset('mnist:count=300', { seed: 0 });
});

function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

describe('DCGAN networks', () => {
  it('map latent rows to flat images in [-1, 1]', () => {
    const generator = new DcganGenerator(spec, 10, [28, 28, 1], createGenerator('xoshiro128**', 0));
    tf.tidy(() => {
      const images = generator.predict(latentNoise(createGenerator('xoshiro128**', 1), 5, 10));
      expect(images.shape).toEqual([5, 784]);
      const values = images.dataSync();
      expect(Math.max(...values)).toBeLessThanOrEqual(1);
      expect(Math.min(...values)).toBeGreaterThanOrEqual(-1);
    });
    generator.dispose();
  });

  it('export Layers models that compute the same outputs', () => {
    const generator = new DcganGenerator(spec, 10, [28, 28, 1], createGenerator('xoshiro128**', 0));
    const discriminator = new DcganDiscriminator(spec, [28, 28, 1], createGenerator('xoshiro128**', 1));

    // A training pass moves the batch-norm averages away from their initial values first.
    tf.tidy(() => {
      generator.forward(latentNoise(createGenerator('xoshiro128**', 2), 16, 10));
    });

    const generatorModel = generator.toLayersModel('generator');
    const discriminatorModel = discriminator.toLayersModel('discriminator');
    tf.tidy(() => {
      const noise = latentNoise(createGenerator('xoshiro128**', 3), 4, 10);
      const images = generator.predict(noise);
      expect(maxDifference(generatorModel.predict(noise) as tf.Tensor, images)).toBeLessThan(1e-5);
      expect(maxDifference(discriminatorModel.predict(images) as tf.Tensor, discriminator.predict(images))).toBeLessThan(1e-5);
    });
    generatorModel.dispose();
    discriminatorModel.dispose();
    generator.dispose();
    discriminator.dispose();
  });

  it('draw identical weights for the same seed', () => {
    const a = new DcganDiscriminator(spec, [28, 28, 1], createGenerator('xoshiro128**', 5));
    const b = new DcganDiscriminator(spec, [28, 28, 1], createGenerator('xoshiro128**', 5));
    a.variables.forEach((v, i) => expect(Array.from(v.dataSync())).toEqual(Array.from(b.variables[i].dataSync())));
    a.dispose();
    b.dispose();
  });

  it('reject image sides that are not multiples of 4', () => {
    expect(() => new DcganGenerator(spec, 10, [30, 28, 1], createGenerator('xoshiro128**', 0))).toThrow('image size must be a height and width that are multiples of 4');
  });
});

describe('DCGAN training', () => {
  it('trains on WASM with a flat tensor count', () => {
    const options = {
      loss: 'non-saturating' as const,
      generator: spec,
      discriminator: spec,
      latentDim: 10,
      latentCategories: 0,
      batchSize: 16,
      discriminatorSteps: 1,
      learningRate: 2e-4,
      beta1: 0.5,
      beta2: 0.999,
      gradientPenaltyWeight: 10,
      packing: 1,
    };
    const trainer = new GanTrainer(digits, options, 0);
    const first = trainer.trainStep();
    expect(Number.isFinite(first.lossD)).toBe(true);
    const before = tf.memory().numTensors;
    const movingMean = Array.from(trainer.generator.stateVariables![0].dataSync());
    for (let step = 0; step < 3; step++) trainer.trainStep();
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(trainer.generator.stateVariables![0].dataSync())).not.toEqual(movingMean);
    trainer.dispose();
  });

  it('rejects packing and the gradient penalty', () => {
    const base = { generator: spec, discriminator: spec, latentDim: 10, latentCategories: 0, batchSize: 16, discriminatorSteps: 1, learningRate: 2e-4, beta1: 0.5, beta2: 0.999, gradientPenaltyWeight: 10 };
    expect(() => new GanTrainer(digits, { ...base, loss: 'non-saturating', packing: 2 }, 0)).toThrow('packing must be 1 with --arch dcgan');
    expect(() => new GanTrainer(digits, { ...base, loss: 'wasserstein-gp', packing: 1 }, 0)).toThrow('loss must be not wasserstein-gp with --arch dcgan');
  });
});
