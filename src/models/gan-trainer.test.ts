import { beforeAll, describe, expect, it } from 'vitest';

import { initBackend, tf } from '../backend.js';
import { loadDataset } from '../data/load.js';
import type { Dataset } from '../data/types.js';
import { NumericalError } from '../errors.js';
import { Adam } from './adam.js';
import type { MlpSpec } from './architectures.js';
import { discriminatorStep, generatorStep, type GanNetworks } from './gan-step.js';
import { GanTrainer, type GanOptions } from './gan-trainer.js';
import { GAN_LOSS_NAMES, ganLoss, type GanLoss } from './losses.js';
import { Mlp } from './mlp.js';
import { latentNoise } from './noise.js';
import { PackedDiscriminator } from './packing.js';
import { replaceValues } from './tensor-memory.js';

const spec: MlpSpec = { architecture: 'mlp', hiddenSizes: [16, 16], hiddenActivation: 'leaky-relu', leakyReluAlpha: 0.2, initializer: { name: 'glorot-uniform' } };

function options(overrides: Partial<GanOptions> = {}): GanOptions {
  return {
    loss: 'non-saturating',
    generator: spec,
    discriminator: spec,
    latentDim: 4,
    latentCategories: 0,
    batchSize: 32,
    discriminatorSteps: 1,
    learningRate: 1e-3,
    beta1: 0.5,
    beta2: 0.999,
    gradientPenaltyWeight: 10,
    packing: 1,
    ...overrides,
  };
}

function values(variables: readonly tf.Variable[]): number[][] {
  return variables.map((v) => Array.from(v.dataSync()));
}

let ring: Dataset;

beforeAll(async () => {
  await initBackend();
  ring = await loadDataset('ring8:count=600', { seed: 0 });
});

describe('GanTrainer updates', () => {
  it('changes only the discriminator in a discriminator step', () => {
    const trainer = new GanTrainer(ring, options(), 0);
    const networks: GanNetworks = { ...trainer, loss: trainer.loss };
    const generatorBefore = values(trainer.generator.variables);
    const discriminatorBefore = values(trainer.discriminator.variables);

    const real = tf.tensor2d(trainer.batches.next(), [32, 2]);
    const noise = latentNoise(trainer.streams.noise, 32, 4);
    discriminatorStep(networks, real, noise);

    expect(values(trainer.generator.variables)).toEqual(generatorBefore);
    values(trainer.discriminator.variables).forEach((after, i) => expect(after).not.toEqual(discriminatorBefore[i]));
    tf.dispose([real, noise]);
    trainer.dispose();
  });

  it('changes only the generator in a generator step', () => {
    const trainer = new GanTrainer(ring, options(), 0);
    const networks: GanNetworks = { ...trainer, loss: trainer.loss };
    const generatorBefore = values(trainer.generator.variables);
    const discriminatorBefore = values(trainer.discriminator.variables);

    const noise = latentNoise(trainer.streams.noise, 32, 4);
    generatorStep(networks, noise);

    expect(values(trainer.discriminator.variables)).toEqual(discriminatorBefore);
    // The generator's biases may stay at zero only by chance; every kernel must move.
    values(trainer.generator.variables).forEach((after, i) => expect(after).not.toEqual(generatorBefore[i]));
    noise.dispose();
    trainer.dispose();
  });

  it('keeps the live tensor count flat', () => {
    for (const loss of GAN_LOSS_NAMES) {
      const trainer = new GanTrainer(ring, options({ loss, packing: loss === 'hinge' ? 4 : 1, generatorAverage: loss === 'hinge' ? 0.9 : 0 }), 0);
      trainer.outputGenerator();
      for (let step = 0; step < 3; step++) trainer.trainStep();
      const before = tf.memory().numTensors;
      for (let step = 0; step < 10; step++) trainer.trainStep();
      expect(tf.memory().numTensors, loss).toBe(before);
      trainer.dispose();
    }
  });

  it('averages the generator weights when asked', () => {
    const decay = 0.5;
    const trainer = new GanTrainer(ring, options({ generatorAverage: decay }), 2);
    let expected = values(trainer.generator.variables);
    expect(values(trainer.outputGenerator().variables)).toEqual(expected);

    for (let t = 0; t < 6; t++) {
      trainer.trainStep();
      const rate = 1 - Math.min(decay, (1 + t) / (10 + t));
      const current = values(trainer.generator.variables);
      expected = expected.map((average, i) => average.map((a, j) => Math.fround(a + Math.fround(rate * Math.fround(current[i][j] - a)))));
    }

    const averaged = values(trainer.outputGenerator().variables);
    expect(trainer.outputGenerator()).not.toBe(trainer.generator);
    averaged.forEach((variable, i) => variable.forEach((value, j) => expect(value).toBeCloseTo(expected[i][j], 6)));
    expect(averaged).not.toEqual(values(trainer.generator.variables));
    trainer.dispose();
  });

  it('samples from the trained weights without averaging', () => {
    const trainer = new GanTrainer(ring, options(), 2);
    trainer.trainStep();
    expect(trainer.outputGenerator()).toBe(trainer.generator);
    expect(() => new GanTrainer(ring, options({ generatorAverage: 1 }), 2)).toThrow(/generatorAverage must be a decay in \[0, 1\)/);
    trainer.dispose();
  });

  it('repeats exactly for the same seed', () => {
    const run = () => {
      const trainer = new GanTrainer(ring, options({ loss: 'wasserstein-gp', discriminatorSteps: 2, packing: 2 }), 3);
      const metrics = Array.from({ length: 5 }, () => trainer.trainStep());
      const weights = values([...trainer.generator.variables, ...trainer.discriminator.variables]);
      trainer.dispose();
      return { metrics, weights };
    };
    expect(run()).toEqual(run());
  });

  it('stops on a NaN loss and leaves the weights alone', () => {
    const trainer = new GanTrainer(ring, options(), 0);
    trainer.trainStep();
    const kernel = trainer.discriminator.variables[0];
    replaceValues(kernel, new Float32Array(kernel.size).fill(NaN));
    const generatorBefore = values(trainer.generator.variables);

    expect(() => trainer.trainStep()).toThrow(NumericalError);
    expect(() => trainer.trainStep()).toThrow('the discriminator loss is NaN; training stopped before this update');
    expect(values(trainer.generator.variables)).toEqual(generatorBefore);
    expect(trainer.step).toBe(1);
    expect(trainer.discriminatorOptimizer.iterations).toBe(1);
    trainer.dispose();
  });

  it('rejects a batch size that packing does not divide', () => {
    expect(() => new GanTrainer(ring, options({ packing: 3 }), 0)).toThrow('batchSize must be a multiple of packing (3); received 32');
  });
});

/**
 * Plain-op forward pass of an Mlp, which autodiff differentiates. LeakyReLU is
 * written as ((1 + a) x + (1 - a) |x|) / 2 because TF.js cannot differentiate
 * its own leakyRelu gradient a second time (no gradient for Greater), which
 * the gradient penalty needs.
 */
function plainForward(mlp: Mlp, input: tf.Tensor2D): tf.Tensor2D {
  const alpha = mlp.config.leakyReluAlpha;
  let h = input;
  for (let l = 0; l < mlp.layerCount; l++) {
    h = tf.add(tf.matMul(h, mlp.kernels[l] as tf.Tensor2D), mlp.biases[l]);
    if (l < mlp.layerCount - 1) h = tf.add(tf.mul(h, (1 + alpha) / 2), tf.mul(tf.abs(h), (1 - alpha) / 2));
    else if (mlp.config.outputActivation === 'tanh') h = tf.tanh(h);
  }
  return h;
}

describe('GAN steps against autodiff', () => {
  for (const loss of GAN_LOSS_NAMES) {
    for (const packing of [1, 2]) {
      it(`${loss}, packing ${packing}: gradients match autodiff`, () => {
        const trainer = new GanTrainer(ring, options({ loss, packing }), 5);
        const gan: GanLoss = ganLoss(loss, { gradientPenaltyWeight: 10 });
        const generator = trainer.generator as Mlp;
        const discriminator = (packing > 1 ? (trainer.discriminator as PackedDiscriminator).inner : trainer.discriminator) as Mlp;
        const pack = (x: tf.Tensor2D) => tf.reshape(x, [-1, 2 * packing]) as tf.Tensor2D;

        const real = tf.tensor2d(trainer.batches.next(), [32, 2]);
        const noise = latentNoise(trainer.streams.noise, 32, 4);
        const mixing = Float32Array.from({ length: 32 }, (_, i) => (i + 0.5) / 32);

        const discriminatorReference = referenceGradients(discriminator.variables, () => {
          const fake = plainForward(generator, noise);
          let value = gan.discriminatorLoss(plainForward(discriminator, pack(real)), plainForward(discriminator, pack(fake)));
          if (gan.gradientPenaltyWeight > 0) value = tf.add(value, penalty(discriminator, real, fake, mixing, pack, gan.gradientPenaltyWeight));
          return value;
        });
        discriminatorStep({ ...trainer, loss: trainer.loss }, real, noise, mixing);
        expectGradients(trainer.discriminatorOptimizer, discriminatorReference);

        const generatorReference = referenceGradients(generator.variables, () => gan.generatorLoss(plainForward(discriminator, pack(plainForward(generator, noise)))));
        generatorStep({ ...trainer, loss: trainer.loss }, noise);
        expectGradients(trainer.generatorOptimizer, generatorReference);

        tf.dispose([real, noise]);
        trainer.dispose();
      });
    }
  }
});

/** Autodiff gradients of `objective` with respect to `variables`, as arrays (zeros where a variable is unused). */
function referenceGradients(variables: readonly tf.Variable[], objective: () => tf.Scalar): Float32Array[] {
  return tf.tidy(() => {
    const { grads } = tf.variableGrads(objective, [...variables]);
    return variables.map((v) => (grads[v.name] === undefined || grads[v.name] === null ? new Float32Array(v.size) : (grads[v.name].dataSync() as Float32Array)));
  });
}

/**
 * After its first update, Adam's first moment is (1 - beta1) g, so the
 * gradient the step used can be read back from the real optimiser.
 */
function expectGradients(optimizer: Adam, expected: readonly Float32Array[]): void {
  expect(optimizer.iterations).toBe(1);
  const moments = optimizer.getState().firstMoments;
  expected.forEach((gradient, i) => {
    const scale = Math.max(1e-3, ...Array.from(gradient, Math.abs));
    moments[i].forEach((moment, j) => {
      const used = moment / (1 - optimizer.beta1);
      expect(Math.abs(used - gradient[j]) / scale, `variable ${i}, entry ${j}: ${used} vs ${gradient[j]}`).toBeLessThan(1e-5);
    });
  });
}

/** WGAN-GP penalty written with nested autodiff, the reference for the hand-derived one. */
function penalty(discriminator: Mlp, real: tf.Tensor2D, fake: tf.Tensor2D, mixing: Float32Array, pack: (x: tf.Tensor2D) => tf.Tensor2D, weight: number): tf.Scalar {
  const epsilon = tf.tensor2d(mixing, [mixing.length, 1]);
  const points = pack(tf.add(tf.mul(epsilon, real), tf.mul(tf.sub(1, epsilon), fake)) as tf.Tensor2D);
  const gradient = tf.grad((x: tf.Tensor) => tf.sum(plainForward(discriminator, x as tf.Tensor2D)))(points);
  const norms = tf.sqrt(tf.sum(tf.square(gradient), 1));
  return tf.mul(weight, tf.mean(tf.square(tf.sub(norms, 1)))) as tf.Scalar;
}
