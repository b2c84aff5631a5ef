/**
 * GAN losses on the discriminator's raw output (the logit, or the critic
 * score for the Wasserstein and hinge losses), each as a plain tensor
 * function for autodiff and in a closed form that also returns the gradient
 * with respect to that output, for the hand-written backward pass.
 *
 * Every loss is a mean over the batch. With softplus(t) = log(1 + e^t),
 * log D(x) = -softplus(-l) and log(1 - D(x)) = -softplus(l) for D = sigmoid(l),
 * which TF.js computes without overflow for any logit l.
 */
import { tf } from '../backend.js';
import { InvalidArgumentError } from '../errors.js';

import { GAN_LOSS_NAMES, type GanLossName } from './names.js';

export { GAN_LOSS_NAMES, type GanLossName };

/** A loss value and its gradient with respect to the discriminator outputs it was computed from. */
export interface DiscriminatorLossGradient {
  readonly loss: tf.Scalar;
  readonly realGradient: tf.Tensor2D;
  readonly fakeGradient: tf.Tensor2D;
}

export interface GeneratorLossGradient {
  readonly loss: tf.Scalar;
  readonly fakeGradient: tf.Tensor2D;
}

export interface GanLoss {
  readonly name: GanLossName;
  /**
   * How to read the discriminator's output for the `dReal`/`dFake` metrics:
   * `probability` is sigmoid(logit) (0.5 at equilibrium), `score` is the raw
   * output (a critic score, or the least-squares target scale).
   */
  readonly outputKind: 'probability' | 'score';
  /** Weight of the gradient penalty on the discriminator (WGAN-GP), 0 for the others. */
  readonly gradientPenaltyWeight: number;

  discriminatorLoss(realOutput: tf.Tensor2D, fakeOutput: tf.Tensor2D): tf.Scalar;
  generatorLoss(fakeOutput: tf.Tensor2D): tf.Scalar;
  discriminatorLossGradient(realOutput: tf.Tensor2D, fakeOutput: tf.Tensor2D): DiscriminatorLossGradient;
  generatorLossGradient(fakeOutput: tf.Tensor2D): GeneratorLossGradient;
}

/** Mean of all entries, typed as the scalar it is. */
function mean(x: tf.Tensor): tf.Scalar {
  return tf.mean(x) as tf.Scalar;
}

/** Discriminator loss of the minimax and non-saturating GANs: binary cross-entropy of data (label 1) vs generated (label 0). */
function crossEntropyDiscriminatorLoss(realLogits: tf.Tensor2D, fakeLogits: tf.Tensor2D): tf.Scalar {
  return tf.add(mean(tf.softplus(tf.neg(realLogits))), mean(tf.softplus(fakeLogits)));
}

/** d/dl of mean softplus(-l_real) is -sigmoid(-l)/n; of mean softplus(l_fake), sigmoid(l)/n. */
function crossEntropyDiscriminatorLossGradient(realLogits: tf.Tensor2D, fakeLogits: tf.Tensor2D): DiscriminatorLossGradient {
  return {
    loss: crossEntropyDiscriminatorLoss(realLogits, fakeLogits),
    realGradient: tf.mul(tf.sigmoid(tf.neg(realLogits)), -1 / realLogits.shape[0]),
    fakeGradient: tf.mul(tf.sigmoid(fakeLogits), 1 / fakeLogits.shape[0]),
  };
}

/**
 * Non-saturating generator loss (Goodfellow et al. 2014, section 3): minimise
 * -log D(G(z)) = softplus(-l). Its gradient stays large while D rejects the
 * generated samples, so training starts quickly.
 */
export const nonSaturatingLoss: GanLoss = {
  name: 'non-saturating',
  outputKind: 'probability',
  gradientPenaltyWeight: 0,
  discriminatorLoss: crossEntropyDiscriminatorLoss,
  generatorLoss: (fake) => mean(tf.softplus(tf.neg(fake))),
  discriminatorLossGradient: crossEntropyDiscriminatorLossGradient,
  generatorLossGradient: (fake) => ({
    loss: mean(tf.softplus(tf.neg(fake))),
    fakeGradient: tf.mul(tf.sigmoid(tf.neg(fake)), -1 / fake.shape[0]),
  }),
};

/**
 * Minimax generator loss, the game's value: minimise log(1 - D(G(z))) =
 * -softplus(l). Its gradient -sigmoid(l)/n vanishes while D confidently
 * rejects the generated samples (l << 0), so training starts slowly.
 */
export const minimaxLoss: GanLoss = {
  name: 'minimax',
  outputKind: 'probability',
  gradientPenaltyWeight: 0,
  discriminatorLoss: crossEntropyDiscriminatorLoss,
  generatorLoss: (fake) => tf.neg(mean(tf.softplus(fake))),
  discriminatorLossGradient: crossEntropyDiscriminatorLossGradient,
  generatorLossGradient: (fake) => ({
    loss: tf.neg(mean(tf.softplus(fake))),
    fakeGradient: tf.mul(tf.sigmoid(fake), -1 / fake.shape[0]),
  }),
};

/**
 * Wasserstein critic loss mean(c(G(z))) - mean(c(x)) and generator loss
 * -mean(c(G(z))) (Arjovsky et al. 2017). The trainer adds the gradient
 * penalty weight * mean((||grad_x c(x_hat)|| - 1)^2) on points x_hat between
 * data and generated samples (Gulrajani et al. 2017; weight 10 there).
 */
export function wassersteinGradientPenaltyLoss(gradientPenaltyWeight = 10): GanLoss {
  if (!(gradientPenaltyWeight >= 0) || !Number.isFinite(gradientPenaltyWeight)) {
    throw new InvalidArgumentError('gradientPenaltyWeight', 'a non-negative finite number', gradientPenaltyWeight);
  }
  return {
    name: 'wasserstein-gp',
    outputKind: 'score',
    gradientPenaltyWeight,
    discriminatorLoss: (real, fake) => tf.sub(mean(fake), mean(real)),
    generatorLoss: (fake) => tf.neg(mean(fake)),
    discriminatorLossGradient: (real, fake) => ({
      loss: tf.sub(mean(fake), mean(real)),
      realGradient: tf.fill(real.shape, -1 / real.shape[0]) as tf.Tensor2D,
      fakeGradient: tf.fill(fake.shape, 1 / fake.shape[0]) as tf.Tensor2D,
    }),
    generatorLossGradient: (fake) => ({
      loss: tf.neg(mean(fake)),
      fakeGradient: tf.fill(fake.shape, -1 / fake.shape[0]) as tf.Tensor2D,
    }),
  };
}

/**
 * Hinge loss (Lim & Ye 2017; Miyato et al. 2018): the discriminator minimises
 * mean(relu(1 - d(x))) + mean(relu(1 + d(G(z)))), the generator -mean(d(G(z))).
 */
export const hingeLoss: GanLoss = {
  name: 'hinge',
  outputKind: 'score',
  gradientPenaltyWeight: 0,
  discriminatorLoss: (real, fake) => tf.add(mean(tf.relu(tf.sub(1, real))), mean(tf.relu(tf.add(1, fake)))),
  generatorLoss: (fake) => tf.neg(mean(fake)),
  discriminatorLossGradient: (real, fake) => ({
    loss: tf.add(mean(tf.relu(tf.sub(1, real))), mean(tf.relu(tf.add(1, fake)))),
    // Zero where the hinge is flat (d(x) >= 1, d(G(z)) <= -1), as the ReLU gradient is at 0.
    realGradient: tf.mul(tf.cast(tf.less(real, 1), 'float32'), -1 / real.shape[0]),
    fakeGradient: tf.mul(tf.cast(tf.greater(fake, -1), 'float32'), 1 / fake.shape[0]),
  }),
  generatorLossGradient: (fake) => ({
    loss: tf.neg(mean(fake)),
    fakeGradient: tf.fill(fake.shape, -1 / fake.shape[0]) as tf.Tensor2D,
  }),
};

/**
 * Least-squares loss (Mao et al. 2017, with targets a = 0, b = c = 1): the
 * discriminator minimises 0.5 mean((d(x) - 1)^2) + 0.5 mean(d(G(z))^2), the
 * generator 0.5 mean((d(G(z)) - 1)^2).
 */
export const leastSquaresLoss: GanLoss = {
  name: 'least-squares',
  outputKind: 'score',
  gradientPenaltyWeight: 0,
  discriminatorLoss: (real, fake) => tf.add(tf.mul(0.5, mean(tf.square(tf.sub(real, 1)))), tf.mul(0.5, mean(tf.square(fake)))),
  generatorLoss: (fake) => tf.mul(0.5, mean(tf.square(tf.sub(fake, 1)))),
  discriminatorLossGradient: (real, fake) => ({
    loss: tf.add(tf.mul(0.5, mean(tf.square(tf.sub(real, 1)))), tf.mul(0.5, mean(tf.square(fake)))),
    realGradient: tf.mul(tf.sub(real, 1), 1 / real.shape[0]),
    fakeGradient: tf.mul(fake, 1 / fake.shape[0]),
  }),
  generatorLossGradient: (fake) => ({
    loss: tf.mul(0.5, mean(tf.square(tf.sub(fake, 1)))),
    fakeGradient: tf.mul(tf.sub(fake, 1), 1 / fake.shape[0]),
  }),
};

/** Returns the loss named `name`; `gradientPenaltyWeight` applies to `wasserstein-gp` only. */
export function ganLoss(name: string, options: { gradientPenaltyWeight?: number } = {}): GanLoss {
  switch (name) {
    case 'non-saturating':
      return nonSaturatingLoss;
    case 'minimax':
      return minimaxLoss;
    case 'wasserstein-gp':
      return wassersteinGradientPenaltyLoss(options.gradientPenaltyWeight);
    case 'hinge':
      return hingeLoss;
    case 'least-squares':
      return leastSquaresLoss;
    default:
      throw new InvalidArgumentError('loss', `one of ${GAN_LOSS_NAMES.map((n) => `"${n}"`).join(', ')}`, name);
  }
}
