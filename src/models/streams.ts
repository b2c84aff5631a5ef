/**
 * The independent random streams of one training run, each spawned from the
 * run's seed and named by its one purpose, so that (for example) drawing
 * more evaluation samples never shifts the training noise.
 */
import { createGenerator, DEFAULT_GENERATOR } from '../random/index.js';
import type { BitGenerator, GeneratorState, Seed } from '../random/types.js';
import { InvalidArgumentError } from '../errors.js';

export interface TrainingStreams {
  /** Initial generator weights. */
  readonly generatorInit: BitGenerator;
  /** Initial discriminator weights. */
  readonly discriminatorInit: BitGenerator;
  /** Permutations of the training rows. */
  readonly batchOrder: BitGenerator;
  /** Latent noise z for training updates. */
  readonly noise: BitGenerator;
  /** Mixing weights of the WGAN-GP penalty points. */
  readonly penalty: BitGenerator;
  /** Noise of the generated rows that evaluations score. */
  readonly evaluation: BitGenerator;
  /** Fixed noise of the sample pictures, drawn once when a run starts or resumes. */
  readonly pictures: BitGenerator;
}

const STREAM_NAMES = ['generatorInit', 'discriminatorInit', 'batchOrder', 'noise', 'penalty', 'evaluation', 'pictures'] as const;

/** Streams whose state changes during training and goes into checkpoints. */
const RUNNING_STREAMS = ['batchOrder', 'noise', 'penalty', 'evaluation'] as const;

export type RunningStreamStates = Record<(typeof RUNNING_STREAMS)[number], GeneratorState>;

/** Spawns the run's streams, in a fixed order, from the default generator seeded with `seed`. */
export function trainingStreams(seed: Seed): TrainingStreams {
  const children = createGenerator(DEFAULT_GENERATOR, seed).spawn(STREAM_NAMES.length);
  return Object.fromEntries(STREAM_NAMES.map((name, i) => [name, children[i]])) as unknown as TrainingStreams;
}

/** Snapshots the streams that advance during training. */
export function runningStreamStates(streams: TrainingStreams): RunningStreamStates {
  return Object.fromEntries(RUNNING_STREAMS.map((name) => [name, streams[name].getState()])) as RunningStreamStates;
}

/** Restores the snapshots of `runningStreamStates` into the same stream objects. */
export function restoreRunningStreams(streams: TrainingStreams, states: RunningStreamStates): void {
  for (const name of RUNNING_STREAMS) {
    if (states[name] === undefined) throw new InvalidArgumentError(`checkpoint stream ${name}`, 'a saved generator state', undefined);
    streams[name].setState(states[name]);
  }
}
