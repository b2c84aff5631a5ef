/**
 * The MMD generator (generative moment matching: Li et al. 2015, Dziugaite
 * et al. 2015): a generator trained directly, without a discriminator, by
 * minimising the unbiased MMD^2 between a generated batch and a data batch
 * under a sum of Gaussian RBF kernels.
 *
 * The loss and its gradient with respect to the generated rows come from the
 * stats module's `mmd2Tensor`; that gradient then flows through the
 * generator's hand-written backward pass.
 */
import { tf } from '../backend.js';
import type { Dataset } from '../data/types.js';
import { InvalidArgumentError, NumericalError } from '../errors.js';
import type { BitGenerator } from '../random/types.js';
import { mmd2Tensor } from '../stats/mmd-tensor.js';
import { rbfKernel, type RbfKernel } from '../stats/kernels.js';
import { Adam } from './adam.js';
import { buildGenerator, type NetworkSpec } from './architectures.js';
import { BatchSampler } from './batches.js';
import type { CheckpointArray, CheckpointContents } from './checkpoint.js';
import type { Network } from './network.js';
import { latentNoise, latentWidth } from './noise.js';
import { restoreRunningStreams, runningStreamStates, trainingStreams, type RunningStreamStates, type TrainingStreams } from './streams.js';
import { restoreBatchOrder, restoreOptimizer, restoreVariables, saveBatchOrder, saveOptimizer, saveVariables } from './trainer-state.js';

export interface MmdOptions {
  readonly generator: NetworkSpec;
  readonly latentDim: number;
  /** Categories of the latent row's one-hot part (0: Gaussian noise only); see noise.ts. */
  readonly latentCategories: number;
  readonly batchSize: number;
  /** RBF bandwidths (standard deviations) in model-space units. */
  readonly bandwidths: readonly number[];
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
}

export type MmdStepMetrics = {
  /** Unbiased MMD^2 of the batch before the update. */
  readonly loss: number;
  readonly gradNormG: number;
};

export class MmdTrainer {
  readonly kind = 'mmd' as const;
  readonly generator: Network;
  readonly discriminator = undefined;
  readonly generatorOptimizer: Adam;
  readonly batches: BatchSampler;
  readonly streams: TrainingStreams;
  readonly kernel: RbfKernel;
  private completedSteps = 0;

  /** Builds the generator and optimiser for `dataset`; `seed` fixes initial weights, batch order and noise. */
  constructor(
    readonly dataset: Dataset,
    readonly options: MmdOptions,
    seed: number | bigint,
  ) {
    if (options.batchSize < 2) throw new InvalidArgumentError('batchSize', 'at least 2 for the unbiased MMD^2', options.batchSize);
    this.kernel = rbfKernel(options.bandwidths);
    this.streams = trainingStreams(seed);
    this.generator = buildGenerator(options.generator, latentWidth(options.latentDim, options.latentCategories), dataset, this.streams.generatorInit);
    this.generatorOptimizer = new Adam(this.generator.variables, { learningRate: options.learningRate, beta1: options.beta1, beta2: options.beta2 });
    this.batches = new BatchSampler(dataset.train, dataset.dimension, options.batchSize, this.streams.batchOrder);
  }

  get optimizers(): readonly Adam[] {
    return [this.generatorOptimizer];
  }

  /** Sets each optimiser's learning rate to `factor` times the configured one. */
  setLearningRateFactor(factor: number): void {
    for (const optimizer of this.optimizers) optimizer.learningRate = factor * this.options.learningRate;
  }

  get step(): number {
    return this.completedSteps;
  }

  get epoch(): number {
    return this.batches.epoch;
  }

  /** Makes one generator update on a fresh data batch and fresh noise. */
  trainStep(): MmdStepMetrics {
    const { batchSize, latentDim, latentCategories } = this.options;
    const real = tf.tensor2d(this.batches.next(), [batchSize, this.dataset.dimension]);
    const noise = latentNoise(this.streams.noise, batchSize, latentDim, latentCategories);

    try {
      const result = tf.tidy(() => {
        const trace = this.generator.forward(noise);
        const lossAndGradient = tf.valueAndGrad((generated: tf.Tensor) => mmd2Tensor(generated as tf.Tensor2D, real, this.kernel, 'unbiased'));
        const { value, grad } = lossAndGradient(trace.output);

        const loss = value.dataSync()[0];
        if (!Number.isFinite(loss)) {
          throw new NumericalError(`the MMD^2 loss is ${loss}; training stopped before this update`);
        }

        const gradients = this.generator.backward(trace, grad as tf.Tensor2D, { parameters: true, input: false }).parameterGradients as tf.Tensor[];
        const gradNormG = this.generatorOptimizer.applyGradients(gradients);
        return { loss, gradNormG };
      });
      this.completedSteps += 1;
      return result;
    } finally {
      real.dispose();
      noise.dispose();
    }
  }

  /** Returns the trained generator, which the MMD trainer does not average. */
  outputGenerator(): Network {
    return this.generator;
  }

  /** Draws `count` rows from the generator in model space, with noise from `rng`. */
  sample(rng: BitGenerator, count: number): Float32Array {
    return tf.tidy(() => this.generator.predict(latentNoise(rng, count, this.options.latentDim, this.options.latentCategories)).dataSync() as Float32Array);
  }

  checkpointContents(): CheckpointContents {
    const arrays = new Map<string, CheckpointArray>();
    saveVariables(arrays, 'generator', this.generator.variables);
    saveVariables(arrays, 'generatorState', this.generator.stateVariables ?? []);
    const generatorOptimizerStep = saveOptimizer(arrays, 'generatorOptimizer', this.generatorOptimizer);
    const batchPosition = saveBatchOrder(arrays, this.batches);

    return {
      state: { model: 'mmd', step: this.completedSteps, streams: runningStreamStates(this.streams), batchPosition, generatorOptimizerStep },
      arrays,
    };
  }

  restore(contents: CheckpointContents): void {
    const state = contents.state as { model?: string; step?: number; streams?: RunningStreamStates; batchPosition?: unknown; generatorOptimizerStep?: number };
    if (state.model !== 'mmd') throw new InvalidArgumentError('checkpoint model', '"mmd" for an MMD run', state.model);

    restoreVariables(contents, 'generator', this.generator.variables);
    restoreVariables(contents, 'generatorState', this.generator.stateVariables ?? []);
    restoreOptimizer(contents, 'generatorOptimizer', this.generatorOptimizer, state.generatorOptimizerStep);
    restoreBatchOrder(contents, this.batches, state.batchPosition);
    restoreRunningStreams(this.streams, state.streams as RunningStreamStates);
    this.completedSteps = state.step ?? 0;
  }

  dispose(): void {
    this.generator.dispose();
  }
}
