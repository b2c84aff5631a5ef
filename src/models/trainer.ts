/**
 * The trainer interface that the training loop uses, and `createTrainer`,
 * which builds the GAN or MMD trainer a `RunConfig` describes.
 */
import type { Dataset } from '../data/types.js';
import { InvalidArgumentError } from '../errors.js';
import type { BitGenerator, Seed } from '../random/types.js';
import type { Adam } from './adam.js';
import type { CheckpointContents } from './checkpoint.js';
import type { RunConfig } from './config.js';
import { GanTrainer } from './gan-trainer.js';
import type { GanLoss } from './losses.js';
import { MmdTrainer } from './mmd-trainer.js';
import type { Network } from './network.js';
import type { TrainingStreams } from './streams.js';

export interface Trainer {
  readonly kind: 'gan' | 'mmd';
  /** Completed training steps. */
  readonly step: number;
  /** Completed passes over the training rows. */
  readonly epoch: number;
  readonly generator: Network;
  /** The GAN's discriminator; absent for the MMD generator. */
  readonly discriminator?: Network;
  /** The GAN's loss, which defines how to read discriminator outputs; absent for the MMD generator. */
  readonly loss?: GanLoss;
  readonly streams: TrainingStreams;
  readonly optimizers: readonly Adam[];

  /** Makes one training step and returns the values logged to metrics.jsonl. */
  trainStep(): Readonly<Record<string, number>>;
  /** The generator that samples, evaluations and saved models use (for a GAN, the weight average when it has one). */
  outputGenerator(): Network;
  /** Draws `count` rows from the output generator in model space. */
  sample(rng: BitGenerator, count: number): Float32Array;
  /** Scales every optimiser's base learning rate by `factor` (the schedule). */
  setLearningRateFactor(factor: number): void;
  checkpointContents(): CheckpointContents;
  restore(contents: CheckpointContents): void;
  dispose(): void;
}

/** Builds the trainer for `config` on `dataset` with all randomness from `seed`. */
export function createTrainer(dataset: Dataset, config: RunConfig, seed: Seed): Trainer {
  if (config.model === 'gan' && config.gan !== undefined) return new GanTrainer(dataset, config.gan, seed);
  if (config.model === 'mmd' && config.mmd !== undefined) return new MmdTrainer(dataset, config.mmd, seed);
  throw new InvalidArgumentError('config', 'a gan or mmd configuration', config.model);
}
