/**
 * One discriminator update and one generator update of a GAN, built from the
 * networks' forward/backward passes and the closed-form loss gradients, with
 * each update applied to its own network's variables only.
 */
import { tf } from '../backend.js';
import { NumericalError } from '../errors.js';
import type { Adam } from './adam.js';
import type { GanLoss } from './losses.js';
import type { Network } from './network.js';

export interface GanNetworks {
  readonly generator: Network;
  readonly discriminator: Network;
  readonly generatorOptimizer: Adam;
  readonly discriminatorOptimizer: Adam;
  readonly loss: GanLoss;
}

export interface DiscriminatorStepResult {
  /** Discriminator loss before the update, gradient penalty included. */
  readonly lossD: number;
  /** Mean D(x) on the data batch: sigmoid(logit) for probability losses, the raw score otherwise. */
  readonly dReal: number;
  /** Mean D(G(z)) on the generated batch, read the same way. */
  readonly dFake: number;
  readonly gradNormD: number;
}

export interface GeneratorStepResult {
  readonly lossG: number;
  readonly gradNormG: number;
}

/**
 * Mixing weights for the gradient-penalty points x_hat = e x + (1 - e) G(z),
 * one per row, in [0, 1). Required when the loss has a gradient penalty.
 */
export type PenaltyMixing = Float32Array | undefined;

/**
 * Updates the discriminator on a data batch and a batch generated from
 * `noise`: one forward and one backward pass over the two batches stacked, so
 * every layer runs one matMul of twice the batch size.
 */
export function discriminatorStep(networks: GanNetworks, realBatch: tf.Tensor2D, noise: tf.Tensor2D, penaltyMixing?: PenaltyMixing): DiscriminatorStepResult {
  const { generator, discriminator, discriminatorOptimizer, loss } = networks;

  return tf.tidy(() => {
    // Training mode, as in the generator update: batch-norm layers use batch statistics.
    const fakeBatch = generator.forward(noise).output;
    const trace = discriminator.forward(tf.concat([realBatch, fakeBatch], 0));
    // Half the output rows judge data: a packing discriminator returns one row per packed group.
    const realRows = trace.output.shape[0] / 2;
    const realOutput = tf.slice(trace.output, [0, 0], [realRows, -1]);
    const fakeOutput = tf.slice(trace.output, [realRows, 0], [-1, -1]);

    const objective = loss.discriminatorLossGradient(realOutput, fakeOutput);
    const outputGradient = tf.concat([objective.realGradient, objective.fakeGradient], 0);
    let gradients = discriminator.backward(trace, outputGradient, { parameters: true, input: false }).parameterGradients as tf.Tensor[];
    let lossValue: tf.Scalar = objective.loss;

    if (loss.gradientPenaltyWeight > 0) {
      const penalty = gradientPenaltyTerm(discriminator, realBatch, fakeBatch, penaltyMixing, loss.gradientPenaltyWeight);
      gradients = gradients.map((g, i) => tf.add(g, penalty.parameterGradients[i]));
      lossValue = tf.add(lossValue, penalty.penalty);
    }

    const readings = tf.stack([lossValue, meanOutput(realOutput, loss), meanOutput(fakeOutput, loss)]).dataSync();
    const lossD = readings[0];
    if (!Number.isFinite(lossD)) {
      throw new NumericalError(`the discriminator loss is ${lossD}; training stopped before this update`);
    }

    const gradNormD = discriminatorOptimizer.applyGradients(gradients);
    return { lossD, dReal: readings[1], dFake: readings[2], gradNormD };
  });
}

/**
 * Updates the generator through the discriminator: the discriminator's
 * backward pass returns only the input gradient, which then flows into the
 * generator's backward pass.
 */
export function generatorStep(networks: GanNetworks, noise: tf.Tensor2D): GeneratorStepResult {
  const { generator, discriminator, generatorOptimizer, loss } = networks;

  return tf.tidy(() => {
    const generatorTrace = generator.forward(noise);
    const discriminatorTrace = discriminator.forward(generatorTrace.output);

    const objective = loss.generatorLossGradient(discriminatorTrace.output);
    const sampleGradient = discriminator.backward(discriminatorTrace, objective.fakeGradient, { parameters: false, input: true }).inputGradient as tf.Tensor2D;
    const gradients = generator.backward(generatorTrace, sampleGradient, { parameters: true, input: false }).parameterGradients as tf.Tensor[];

    const lossG = objective.loss.dataSync()[0];
    if (!Number.isFinite(lossG)) {
      throw new NumericalError(`the generator loss is ${lossG}; training stopped before this update`);
    }

    const gradNormG = generatorOptimizer.applyGradients(gradients);
    return { lossG, gradNormG };
  });
}

function meanOutput(output: tf.Tensor2D, loss: GanLoss): tf.Scalar {
  return loss.outputKind === 'probability' ? tf.mean(tf.sigmoid(output)) : tf.mean(output);
}

interface PenaltyTerm {
  readonly penalty: tf.Scalar;
  readonly parameterGradients: tf.Tensor[];
}

/** Networks that compute the WGAN-GP penalty and its parameter gradients themselves. */
export interface GradientPenaltyNetwork {
  gradientPenalty(points: tf.Tensor2D, weight: number): PenaltyTerm;
}

function gradientPenaltyTerm(discriminator: Network, real: tf.Tensor2D, fake: tf.Tensor2D, mixing: PenaltyMixing, weight: number): PenaltyTerm {
  if (mixing === undefined || mixing.length !== real.shape[0]) {
    throw new NumericalError('the gradient penalty needs one mixing weight per data row');
  }
  const epsilon = tf.tensor2d(mixing, [mixing.length, 1]);
  const points = tf.add(tf.mul(epsilon, real), tf.mul(tf.sub(1, epsilon), fake)) as tf.Tensor2D;
  return (discriminator as unknown as GradientPenaltyNetwork).gradientPenalty(points, weight);
}
