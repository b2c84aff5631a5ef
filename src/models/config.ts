/**
 * Training configuration: the options a user may set, the defaults that fill
 * the rest, and the resolved `RunConfig` saved as config.json, from which a
 * resumed run and `samplekit generate` rebuild everything.
 */
import { readFileSync } from 'node:fs';

import type { Dataset, DataTransform } from '../data/types.js';
import { InvalidArgumentError } from '../errors.js';
import { createGenerator, DEFAULT_GENERATOR } from '../random/index.js';
import type { Seed } from '../random/types.js';
import { boundedInt } from '../random/uniform.js';
import { oneOf, positive, positiveInteger } from '../validate.js';
import type { NetworkSpec } from './architectures.js';
import type { GanOptions } from './gan-trainer.js';
import { GAN_LOSS_NAMES, type GanLossName } from './names.js';
import type { MmdOptions } from './mmd-trainer.js';

import { ARCHITECTURES, MODEL_KINDS, type Architecture, type ModelKind } from './names.js';

export { ARCHITECTURES, MODEL_KINDS, type Architecture, type ModelKind };

/** What a user may set; everything left out takes the default for the data set and model. */
export interface TrainingOverrides {
  readonly loss?: GanLossName;
  readonly architecture?: Architecture;
  readonly hiddenSizes?: readonly number[];
  /** Channels of the first DCGAN convolution (the second has twice as many). */
  readonly baseChannels?: number;
  readonly latentDim?: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly discriminatorSteps?: number;
  readonly packing?: number;
  readonly gradientPenaltyWeight?: number;
  /** MMD kernel bandwidths as multiples of the data's median pairwise distance. */
  readonly bandwidthScales?: readonly number[];
  /** Total training steps; takes precedence over `epochs`. */
  readonly steps?: number;
  readonly epochs?: number;
  readonly evalEvery?: number;
  readonly checkpointEvery?: number;
  readonly logEvery?: number;
  /** Generated rows scored at each evaluation. */
  readonly evaluationSamples?: number;
}

/** config.json: every setting after defaults, enough to rebuild the run. */
export interface RunConfig {
  readonly samplekitVersion: string;
  readonly model: ModelKind;
  readonly seed: string;
  readonly data: {
    readonly spec: string;
    readonly name: string;
    readonly kind: Dataset['kind'];
    readonly dimension: number;
    readonly trainCount: number;
    readonly heldOutCount: number;
    readonly imageShape?: readonly [number, number, number];
    readonly columns?: readonly string[];
    readonly transform: DataTransform;
  };
  readonly steps: number;
  readonly stepsPerEpoch: number;
  readonly evalEvery: number;
  readonly checkpointEvery: number;
  readonly logEvery: number;
  readonly evaluationSamples: number;
  readonly gan?: GanOptions;
  readonly mmd?: MmdOptions & { readonly bandwidthScales: readonly number[]; readonly medianDistance: number };
}

/** The package version written into config.json, read from package.json (two folders up from both src/models and dist/models). */
export const SAMPLEKIT_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * Resolves the options for `model` on `dataset` into a full `RunConfig`.
 * The defaults and the reasons for them are documented beside each value.
 */
export function resolveRunConfig(model: string, dataSpec: string, dataset: Dataset, seed: Seed, overrides: TrainingOverrides): RunConfig {
  const kind = oneOf('model', model, MODEL_KINDS);
  const images = dataset.kind === 'images';

  const batchSize = positiveInteger('batchSize', overrides.batchSize ?? (images ? 64 : 256));
  const stepsPerEpoch = Math.floor(dataset.trainCount / batchSize);
  if (stepsPerEpoch < 1) {
    throw new InvalidArgumentError('batchSize', `at most the number of training rows (${dataset.trainCount})`, batchSize, 'Use a smaller --batch-size or more data.');
  }

  const defaultSteps = images ? 6000 : kind === 'gan' ? 12000 : 6000;
  const steps =
    overrides.steps !== undefined
      ? positiveInteger('steps', overrides.steps)
      : overrides.epochs !== undefined
        ? positiveInteger('epochs', overrides.epochs) * stepsPerEpoch
        : defaultSteps;

  const evalEvery = positiveInteger('evalEvery', overrides.evalEvery ?? Math.max(1, Math.round(steps / 10)));
  const checkpointEvery = positiveInteger('checkpointEvery', overrides.checkpointEvery ?? evalEvery);
  const logEvery = positiveInteger('logEvery', overrides.logEvery ?? Math.max(1, Math.round(steps / 2000)));
  const evaluationSamples = positiveInteger('evaluationSamples', overrides.evaluationSamples ?? (images ? 1000 : 2500));

  const generator = networkSpec(overrides, images ? [256, 256] : [128, 128, 128]);
  const latentDim = positiveInteger('latentDim', overrides.latentDim ?? (images ? 100 : 8));

  const base = {
    samplekitVersion: SAMPLEKIT_VERSION,
    model: kind,
    seed: String(seed),
    data: {
      spec: dataSpec,
      name: dataset.name,
      kind: dataset.kind,
      dimension: dataset.dimension,
      trainCount: dataset.trainCount,
      heldOutCount: dataset.heldOutCount,
      imageShape: dataset.imageShape,
      columns: dataset.columns,
      transform: dataset.transform,
    },
    steps,
    stepsPerEpoch,
    evalEvery,
    checkpointEvery,
    logEvery,
    evaluationSamples,
  };

  if (kind === 'gan') {
    const loss = oneOf('loss', overrides.loss ?? 'non-saturating', GAN_LOSS_NAMES);
    const wasserstein = loss === 'wasserstein-gp';
    const gan: GanOptions = {
      loss,
      generator,
      discriminator: generator,
      latentDim,
      batchSize,
      // WGAN-GP's own settings (Gulrajani et al. 2017): 5 critic updates, Adam(1e-4, 0, 0.9).
      discriminatorSteps: positiveInteger('discriminatorSteps', overrides.discriminatorSteps ?? (wasserstein ? 5 : 1)),
      learningRate: positive('learningRate', overrides.learningRate ?? (wasserstein ? 1e-4 : images ? 2e-4 : 1e-3)),
      beta1: overrides.beta1 ?? (wasserstein ? 0 : 0.5),
      beta2: overrides.beta2 ?? (wasserstein ? 0.9 : 0.999),
      gradientPenaltyWeight: overrides.gradientPenaltyWeight ?? 10,
      packing: positiveInteger('packing', overrides.packing ?? (images ? 1 : 4)),
    };
    return { ...base, gan };
  }

  if (overrides.loss !== undefined) {
    throw new InvalidArgumentError('loss', 'left out for --model mmd, whose loss is always MMD^2', overrides.loss);
  }
  const bandwidthScales = overrides.bandwidthScales ?? [0.01, 0.03, 0.1, 0.3, 1];
  bandwidthScales.forEach((scale, i) => positive(`bandwidthScales[${i}]`, scale));
  const medianDistance = medianPairwiseDistance(dataset, seed);
  const mmd = {
    generator,
    latentDim,
    batchSize,
    bandwidths: bandwidthScales.map((scale) => scale * medianDistance),
    bandwidthScales,
    medianDistance,
    learningRate: positive('learningRate', overrides.learningRate ?? 1e-3),
    beta1: overrides.beta1 ?? 0.9,
    beta2: overrides.beta2 ?? 0.999,
  };
  return { ...base, mmd };
}

function networkSpec(overrides: TrainingOverrides, defaultHidden: readonly number[]): NetworkSpec {
  const architecture = oneOf('architecture', overrides.architecture ?? 'mlp', ARCHITECTURES);
  if (architecture === 'dcgan') {
    if (overrides.hiddenSizes !== undefined) {
      throw new InvalidArgumentError('hiddenSizes', 'left out for the dcgan architecture, whose width is set by baseChannels', overrides.hiddenSizes);
    }
    // DCGAN's initialisation, N(0, 0.02^2) (Radford et al. 2016), and the anchor's 64 base channels.
    const baseChannels = positiveInteger('baseChannels', overrides.baseChannels ?? 64);
    return { architecture, baseChannels, leakyReluAlpha: 0.2, initializer: { name: 'normal', std: 0.02 } };
  }
  if (overrides.baseChannels !== undefined) {
    throw new InvalidArgumentError('baseChannels', 'left out for the mlp architecture, whose widths are set by hiddenSizes', overrides.baseChannels);
  }
  const hiddenSizes = overrides.hiddenSizes ?? defaultHidden;
  hiddenSizes.forEach((size, i) => positiveInteger(`hiddenSizes[${i}]`, size));
  return { architecture, hiddenSizes, hiddenActivation: 'leaky-relu', leakyReluAlpha: 0.2, initializer: { name: 'glorot-uniform' } };
}

/**
 * Median Euclidean distance between pairs of training rows (the median
 * heuristic's scale), from up to 1000 rows drawn with a stream of `seed`.
 */
export function medianPairwiseDistance(dataset: Pick<Dataset, 'train' | 'trainCount' | 'dimension'>, seed: Seed): number {
  const rng = createGenerator(DEFAULT_GENERATOR, seed);
  const count = Math.min(1000, dataset.trainCount);
  const rows = Array.from({ length: count }, () => boundedInt(rng, dataset.trainCount));
  const width = dataset.dimension;

  const distances: number[] = [];
  for (let i = 0; i < count; i++) {
    for (let j = i + 1; j < count; j++) {
      let squared = 0;
      for (let k = 0; k < width; k++) {
        const difference = dataset.train[rows[i] * width + k] - dataset.train[rows[j] * width + k];
        squared += difference * difference;
      }
      distances.push(Math.sqrt(squared));
    }
  }
  distances.sort((a, b) => a - b);
  const median = distances.length === 0 ? 1 : distances[Math.floor(distances.length / 2)];
  return median > 0 ? median : 1;
}
