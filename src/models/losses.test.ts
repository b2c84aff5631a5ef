import { readFileSync } from 'node:fs';

import { beforeAll, describe, expect, it } from 'vitest';

import { initBackend, tf } from '../backend.js';
import { createGenerator } from '../random/index.js';
import { GAN_LOSS_NAMES, ganLoss } from './losses.js';
import { Mlp } from './mlp.js';

interface LossReference {
  discriminatorLoss: number;
  discriminatorRealGradient: number[];
  discriminatorFakeGradient: number[];
  generatorLoss: number;
  generatorFakeGradient: number[];
}

interface PenaltyReference {
  hiddenActivation: 'leaky-relu' | 'relu';
  leakyReluAlpha: number;
  sizes: number[];
  kernels: number[][];
  biases: number[][];
  points: number[];
  weight: number;
  penalty: number;
  parameterGradients: number[][];
}

/** PyTorch 1.13 values written by fixtures/models/generate.py. */
const reference = JSON.parse(readFileSync(new URL('../../fixtures/models/reference.json', import.meta.url), 'utf8')) as {
  losses: { realLogits: number[]; fakeLogits: number[]; losses: Record<string, LossReference> };
  gradientPenalty: PenaltyReference[];
};

/** Checks float32 results against float64 references: relative 1e-5, or absolute 1e-6 near zero. */
function expectClose(actual: ArrayLike<number>, expected: readonly number[], label: string): void {
  expect(actual.length, label).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const tolerance = Math.max(1e-6, 1e-5 * Math.abs(expected[i]));
    expect(Math.abs(actual[i] - expected[i]), `${label}[${i}]: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(tolerance);
  }
}

function column(values: readonly number[]): tf.Tensor2D {
  return tf.tensor2d([...values], [values.length, 1]);
}

beforeAll(async () => {
  await initBackend();
});

describe('GAN losses against PyTorch', () => {
  const { realLogits, fakeLogits, losses } = reference.losses;

  for (const name of GAN_LOSS_NAMES) {
    it(`${name}: closed forms match values and gradients`, () => {
      const loss = ganLoss(name);
      const expected = losses[name];

      tf.tidy(() => {
        const real = column(realLogits);
        const fake = column(fakeLogits);

        const discriminator = loss.discriminatorLossGradient(real, fake);
        expectClose(discriminator.loss.dataSync(), [expected.discriminatorLoss], 'discriminator loss');
        expectClose(discriminator.realGradient.dataSync(), expected.discriminatorRealGradient, 'real gradient');
        expectClose(discriminator.fakeGradient.dataSync(), expected.discriminatorFakeGradient, 'fake gradient');

        const generator = loss.generatorLossGradient(fake);
        expectClose(generator.loss.dataSync(), [expected.generatorLoss], 'generator loss');
        expectClose(generator.fakeGradient.dataSync(), expected.generatorFakeGradient, 'generator gradient');
      });
    });

    it(`${name}: tensor forms match values and autodiff gradients`, () => {
      const loss = ganLoss(name);
      const expected = losses[name];

      tf.tidy(() => {
        const real = column(realLogits);
        const fake = column(fakeLogits);

        expectClose(loss.discriminatorLoss(real, fake).dataSync(), [expected.discriminatorLoss], 'discriminator loss');
        const [realGradient, fakeGradient] = tf.grads((r: tf.Tensor, f: tf.Tensor) => loss.discriminatorLoss(r as tf.Tensor2D, f as tf.Tensor2D))([real, fake]);
        expectClose(realGradient.dataSync(), expected.discriminatorRealGradient, 'real gradient');
        expectClose(fakeGradient.dataSync(), expected.discriminatorFakeGradient, 'fake gradient');

        expectClose(loss.generatorLoss(fake).dataSync(), [expected.generatorLoss], 'generator loss');
        const generatorGradient = tf.grad((f: tf.Tensor) => loss.generatorLoss(f as tf.Tensor2D))(fake);
        expectClose(generatorGradient.dataSync(), expected.generatorFakeGradient, 'generator gradient');
      });
    });
  }

  it('stays finite for saturated logits', () => {
    tf.tidy(() => {
      const extreme = column([-1e4, 1e4]);
      for (const name of GAN_LOSS_NAMES) {
        const loss = ganLoss(name);
        expect(Number.isFinite(loss.discriminatorLossGradient(extreme, extreme).loss.dataSync()[0]), name).toBe(true);
        expect(Number.isFinite(loss.generatorLossGradient(extreme).loss.dataSync()[0]), name).toBe(true);
      }
    });
  });

  it('rejects unknown names', () => {
    expect(() => ganLoss('wgan')).toThrow('loss must be one of "non-saturating", "minimax", "wasserstein-gp", "hinge", "least-squares"; received "wgan"');
    expect(() => ganLoss('wasserstein-gp', { gradientPenaltyWeight: -1 })).toThrow('gradientPenaltyWeight must be a non-negative finite number; received -1');
  });
});

describe('Mlp gradient penalty against PyTorch', () => {
  for (const fixture of reference.gradientPenalty) {
    it(`matches double backpropagation with ${fixture.hiddenActivation}`, () => {
      const [inputSize, ...rest] = fixture.sizes;
      const mlp = Mlp.create(
        {
          inputSize,
          hiddenSizes: rest.slice(0, -1),
          outputSize: 1,
          hiddenActivation: fixture.hiddenActivation,
          leakyReluAlpha: fixture.leakyReluAlpha,
          outputActivation: 'linear',
          initializer: { name: 'zeros' },
        },
        createGenerator('xoshiro128**', 0),
      );
      mlp.kernels.forEach((kernel, l) => kernel.assign(tf.tensor(fixture.kernels[l], kernel.shape)));
      mlp.biases.forEach((bias, l) => bias.assign(tf.tensor(fixture.biases[l], bias.shape)));

      tf.tidy(() => {
        const points = tf.tensor2d(fixture.points, [fixture.points.length / inputSize, inputSize]);
        const { penalty, parameterGradients } = mlp.gradientPenalty(points, fixture.weight);
        expectClose(penalty.dataSync(), [fixture.penalty], 'penalty');
        parameterGradients.forEach((gradient, i) => expectClose(gradient.dataSync(), fixture.parameterGradients[i], `gradient ${i}`));
      });
      mlp.dispose();
    });
  }

  it('rejects networks with several outputs', () => {
    const mlp = Mlp.create(
      { inputSize: 2, hiddenSizes: [3], outputSize: 2, hiddenActivation: 'relu', leakyReluAlpha: 0, outputActivation: 'linear', initializer: { name: 'zeros' } },
      createGenerator('xoshiro128**', 0),
    );
    const points = tf.zeros([2, 2]) as tf.Tensor2D;
    expect(() => mlp.gradientPenalty(points, 10)).toThrow('discriminator must be a network with one linear output for the gradient penalty');
    points.dispose();
    mlp.dispose();
  });
});
