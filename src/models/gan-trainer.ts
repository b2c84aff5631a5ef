/**
 * The GAN trainer: networks, optimisers and seeded streams for one run, and
 * `trainStep`, which makes `discriminatorSteps` discriminator updates and one
 * generator update. The training loop around it (logging, evaluation,
 * checkpoints) lives in `train.ts`.
 */
import { tf } from '../backend.js';
import type { Dataset } from '../data/types.js';
import { InvalidArgumentError } from '../errors.js';
import type { BitGenerator } from '../random/types.js';
import { uniform } from '../random/uniform.js';
import { Adam } from './adam.js';
import { BatchSampler } from './batches.js';
import { discriminatorStep, generatorStep, type GanNetworks } from './gan-step.js';
import { ganLoss, type GanLoss, type GanLossName } from './losses.js';
import { buildDiscriminator, buildGenerator, type NetworkSpec } from './architectures.js';
import type { Network } from './network.js';
import { latentNoise, latentWidth } from './noise.js';
import { PackedDiscriminator } from './packing.js';
import type { CheckpointArray, CheckpointContents } from './checkpoint.js';
import { restoreRunningStreams, runningStreamStates, trainingStreams, type RunningStreamStates, type TrainingStreams } from './streams.js';
import { restoreBatchOrder, restoreOptimizer, restoreVariables, saveBatchOrder, saveOptimizer, saveVariables } from './trainer-state.js';
import { WeightAverage } from './weight-average.js';
import { createGenerator } from '../random/index.js';

export interface GanOptions {
  readonly loss: GanLossName;
  readonly generator: NetworkSpec;
  readonly discriminator: NetworkSpec;
  readonly latentDim: number;
  /** Categories of the latent row's one-hot part (0: Gaussian noise only); see noise.ts. */
  readonly latentCategories: number;
  readonly batchSize: number;
  /** Discriminator updates per generator update. */
  readonly discriminatorSteps: number;
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  /** Weight of the WGAN-GP penalty (used by `wasserstein-gp` only). */
  readonly gradientPenaltyWeight: number;
  /**
   * Samples per discriminator input (PacGAN, Lin et al. 2018): the
   * discriminator judges `packing` samples at once, which lets it see a lack
   * of diversity. 1 turns packing off.
   */
  readonly packing: number;
  /**
   * Decay of the exponential moving average of the generator's weights that
   * samples, evaluations and the saved generator use; 0 (or left out, as in
   * runs saved before it existed) uses the trained weights themselves.
   */
  readonly generatorAverage?: number;
}

/** Values one `trainStep` reports, under their metrics.jsonl field names. */
export type GanStepMetrics = {
  readonly lossD: number;
  readonly lossG: number;
  readonly dReal: number;
  readonly dFake: number;
  readonly gradNormD: number;
  readonly gradNormG: number;
};

export class GanTrainer {
  readonly kind = 'gan' as const;
  readonly generator: Network;
  readonly discriminator: Network;
  readonly loss: GanLoss;
  readonly generatorOptimizer: Adam;
  readonly discriminatorOptimizer: Adam;
  readonly batches: BatchSampler;
  readonly streams: TrainingStreams;
  private readonly networks: GanNetworks;
  private readonly average: WeightAverage | undefined;
  private completedSteps = 0;

  /** Builds networks and optimisers for `dataset`; `seed` fixes initial weights, batch order and noise. */
  constructor(
    readonly dataset: Dataset,
    readonly options: GanOptions,
    seed: number | bigint,
  ) {
    checkOptions(options, dataset);
    this.streams = trainingStreams(seed);
    this.loss = ganLoss(options.loss, { gradientPenaltyWeight: options.gradientPenaltyWeight });

    this.generator = buildGenerator(options.generator, latentWidth(options.latentDim, options.latentCategories), dataset, this.streams.generatorInit);
    const discriminator = buildDiscriminator(options.discriminator, dataset.dimension * options.packing, dataset, this.streams.discriminatorInit);
    this.discriminator = options.packing > 1 ? new PackedDiscriminator(discriminator, options.packing) : discriminator;

    const adamOptions = { learningRate: options.learningRate, beta1: options.beta1, beta2: options.beta2 };
    this.generatorOptimizer = new Adam(this.generator.variables, adamOptions);
    this.discriminatorOptimizer = new Adam(this.discriminator.variables, adamOptions);
    this.batches = new BatchSampler(dataset.train, dataset.dimension, options.batchSize, this.streams.batchOrder);

    // The averaged copy's initial weights are overwritten at once, so a fixed stream builds it and the run's streams stay untouched.
    const decay = options.generatorAverage ?? 0;
    if (decay > 0) {
      const copy = buildGenerator(options.generator, latentWidth(options.latentDim, options.latentCategories), dataset, createGenerator('xoshiro128**', 0));
      this.average = new WeightAverage(decay, this.generator, copy);
    }

    this.networks = {
      generator: this.generator,
      discriminator: this.discriminator,
      generatorOptimizer: this.generatorOptimizer,
      discriminatorOptimizer: this.discriminatorOptimizer,
      loss: this.loss,
    };
  }

  get optimizers(): readonly Adam[] {
    return [this.generatorOptimizer, this.discriminatorOptimizer];
  }

  /** Sets each optimiser's learning rate to `factor` times the configured one. */
  setLearningRateFactor(factor: number): void {
    for (const optimizer of this.optimizers) optimizer.learningRate = factor * this.options.learningRate;
  }

  /** Completed training steps (generator updates). */
  get step(): number {
    return this.completedSteps;
  }

  /** Completed passes over the training rows. */
  get epoch(): number {
    return this.batches.epoch;
  }

  /**
   * Makes `discriminatorSteps` discriminator updates, each on a fresh data
   * batch and fresh noise, then one generator update. Reports the last
   * discriminator update's readings.
   */
  trainStep(): GanStepMetrics {
    const { batchSize, latentDim, latentCategories, discriminatorSteps } = this.options;
    let discriminatorResult: ReturnType<typeof discriminatorStep> | undefined;

    for (let k = 0; k < discriminatorSteps; k++) {
      const real = tf.tensor2d(this.batches.next(), [batchSize, this.dataset.dimension]);
      const noise = latentNoise(this.streams.noise, batchSize, latentDim, latentCategories);
      const mixing = this.loss.gradientPenaltyWeight > 0 ? penaltyMixing(this.streams.penalty, batchSize) : undefined;
      try {
        discriminatorResult = discriminatorStep(this.networks, real, noise, mixing);
      } finally {
        real.dispose();
        noise.dispose();
      }
    }

    const noise = latentNoise(this.streams.noise, batchSize, latentDim, latentCategories);
    let generatorResult: ReturnType<typeof generatorStep>;
    try {
      generatorResult = generatorStep(this.networks, noise);
    } finally {
      noise.dispose();
    }

    this.average?.update();
    this.completedSteps += 1;
    return { ...(discriminatorResult as NonNullable<typeof discriminatorResult>), ...generatorResult };
  }

  /** The generator that samples, evaluations and saved models use: the weight average when there is one. */
  outputGenerator(): Network {
    return this.average?.network() ?? this.generator;
  }

  /** Draws `count` rows from the output generator in model space, with noise from `rng`. */
  sample(rng: BitGenerator, count: number): Float32Array {
    const generator = this.outputGenerator();
    return tf.tidy(() => {
      const noise = latentNoise(rng, count, this.options.latentDim, this.options.latentCategories);
      return generator.predict(noise).dataSync() as Float32Array;
    });
  }

  checkpointContents(): CheckpointContents {
    const arrays = new Map<string, CheckpointArray>();
    saveVariables(arrays, 'generator', this.generator.variables);
    saveVariables(arrays, 'discriminator', this.discriminator.variables);
    saveVariables(arrays, 'generatorState', this.generator.stateVariables ?? []);
    const generatorOptimizerStep = saveOptimizer(arrays, 'generatorOptimizer', this.generatorOptimizer);
    const discriminatorOptimizerStep = saveOptimizer(arrays, 'discriminatorOptimizer', this.discriminatorOptimizer);
    const batchPosition = saveBatchOrder(arrays, this.batches);
    const generatorAverageUpdates = this.average?.save(arrays, 'generatorAverage');

    return {
      state: {
        model: 'gan',
        step: this.completedSteps,
        streams: runningStreamStates(this.streams),
        batchPosition,
        generatorOptimizerStep,
        discriminatorOptimizerStep,
        ...(generatorAverageUpdates === undefined ? {} : { generatorAverageUpdates }),
      },
      arrays,
    };
  }

  /** Restores networks, optimisers, batch order, random streams and step count from a checkpoint of the same configuration. */
  restore(contents: CheckpointContents): void {
    const state = contents.state as {
      model?: string;
      step?: number;
      streams?: RunningStreamStates;
      batchPosition?: unknown;
      generatorOptimizerStep?: number;
      discriminatorOptimizerStep?: number;
      generatorAverageUpdates?: number;
    };
    if (state.model !== 'gan') throw new InvalidArgumentError('checkpoint model', '"gan" for a GAN run', state.model);

    restoreVariables(contents, 'generator', this.generator.variables);
    restoreVariables(contents, 'discriminator', this.discriminator.variables);
    restoreVariables(contents, 'generatorState', this.generator.stateVariables ?? []);
    restoreOptimizer(contents, 'generatorOptimizer', this.generatorOptimizer, state.generatorOptimizerStep);
    restoreOptimizer(contents, 'discriminatorOptimizer', this.discriminatorOptimizer, state.discriminatorOptimizerStep);
    restoreBatchOrder(contents, this.batches, state.batchPosition);
    restoreRunningStreams(this.streams, state.streams as RunningStreamStates);
    this.average?.restore(contents, 'generatorAverage', state.generatorAverageUpdates);
    this.completedSteps = state.step ?? 0;
  }

  dispose(): void {
    this.generator.dispose();
    this.discriminator.dispose();
    this.average?.dispose();
  }
}

/** Draws one mixing weight in [0, 1) per row for the gradient-penalty points. */
function penaltyMixing(rng: BitGenerator, rows: number): Float32Array {
  const mixing = new Float32Array(rows);
  for (let i = 0; i < rows; i++) mixing[i] = uniform(rng, 0, 1);
  return mixing;
}

function checkOptions(options: GanOptions, dataset: Dataset): void {
  if (options.discriminator.architecture === 'dcgan' && options.packing !== 1) {
    throw new InvalidArgumentError('packing', '1 with --arch dcgan (packing joins flat rows, which only the MLP discriminator reads)', options.packing);
  }
  // NOTE: the convolution gradients of conv.ts have no second derivatives, which the gradient penalty needs.
  if (options.discriminator.architecture === 'dcgan' && options.loss === 'wasserstein-gp') {
    throw new InvalidArgumentError('loss', 'not wasserstein-gp with --arch dcgan', options.loss, 'Use --arch mlp for wasserstein-gp, or another loss.');
  }
  if (!Number.isSafeInteger(options.packing) || options.packing < 1) {
    throw new InvalidArgumentError('packing', 'a positive integer', options.packing);
  }
  if (options.batchSize % options.packing !== 0) {
    throw new InvalidArgumentError('batchSize', `a multiple of packing (${options.packing})`, options.batchSize);
  }
  const decay = options.generatorAverage ?? 0;
  if (!(decay >= 0 && decay < 1)) {
    throw new InvalidArgumentError('generatorAverage', 'a decay in [0, 1), 0 for no averaging', decay);
  }
  if (!Number.isSafeInteger(options.discriminatorSteps) || options.discriminatorSteps < 1) {
    throw new InvalidArgumentError('discriminatorSteps', 'a positive integer', options.discriminatorSteps);
  }
  if (dataset.trainCount < options.batchSize) {
    throw new InvalidArgumentError('batchSize', `at most the number of training rows (${dataset.trainCount})`, options.batchSize, 'Use a smaller --batch-size or more data.');
  }
}
