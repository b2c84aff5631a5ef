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
import { nonNegativeInteger, oneOf, positive, positiveInteger } from '../validate.js';
import type { NetworkSpec } from './architectures.js';
import type { GanOptions } from './gan-trainer.js';
import { GAN_LOSS_NAMES, type GanLossName } from './names.js';
import type { MmdOptions } from './mmd-trainer.js';

import { ARCHITECTURES, MODEL_KINDS, type Architecture, type ModelKind } from './names.js';

export { ARCHITECTURES, MODEL_KINDS, type Architecture, type ModelKind };

/** Options a user may set; everything left out takes the default for the data set and model. */
export interface TrainingOverrides {
  readonly loss?: GanLossName;
  readonly architecture?: Architecture;
  readonly hiddenSizes?: readonly number[];
  /** Channels of the first DCGAN convolution (the second has twice as many). */
  readonly baseChannels?: number;
  readonly latentDim?: number;
  /** Categories of the one-hot part of each latent row; 0 turns it off. */
  readonly latentCategories?: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly discriminatorSteps?: number;
  readonly packing?: number;
  readonly gradientPenaltyWeight?: number;
  /** GAN: decay of the moving average of generator weights used for sampling; 0 turns it off. */
  readonly generatorAverage?: number;
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
    /** SHA-256 of the model-space rows and the transform, with which a resumed run checks that its data did not change; absent in older runs. */
    readonly checksum?: string;
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

/** Settings that a run takes when the user leaves them out. */
interface DefaultSettings {
  readonly steps: number;
  readonly batchSize: number;
  readonly hiddenSizes: readonly number[];
  readonly latentDim: number;
  readonly latentCategories: number;
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly discriminatorSteps: number;
  readonly packing: number;
  readonly generatorAverage: number;
  readonly evaluationSamples: number;
  readonly bandwidthScales: readonly number[];
}

/**
 * Returns the defaults for a model and a kind of data, chosen so that the
 * quality checks of scripts/quality.mjs pass with no tuning flags:
 *
 * - Vectors (2-D mixtures, tables): 12,000 steps of batch 256, three hidden
 *   layers of 128, an 8-dimensional latent space and Adam with the learning
 *   rate decaying linearly to 0 over the second half. The GAN uses Adam(1e-3,
 *   0.5, 0.999), and its discriminator judges 4 samples at once (PacGAN
 *   packing), which keeps all 8 ring8 modes in play. At 2e-4 (the usual GAN
 *   rate) ring8 needed several times more steps.
 * - The MMD generator on vectors uses Adam(3e-3, 0.9, 0.999) and RBF
 *   bandwidths of 0.03, 0.1, 0.3 and 1 times the median distance between
 *   data rows. With 0.01 times the median also in the list, samples inside
 *   ring8's modes got gradients about 8 times larger than the samples strung
 *   between modes (mostly batch noise at that scale). Adam scales its steps
 *   by the gradients' size, so the stray samples moved slowly. With that
 *   bandwidth, seed 0 ended with 75% high-quality samples at 1e-3 and 79%
 *   at 3e-3. Without it, seeds 0, 1 and 2 ended with 84-85% at 3e-3
 *   (scored as in scripts/quality.mjs).
 *   Images inherit these bandwidths; in 784 dimensions kernels this narrow
 *   are about 0 for almost every pair of distinct rows.
 * - Images: the anchor's MLP GAN (two hidden layers of 256, latent 100, batch
 *   64) with the GAN rates of Radford et al. (2016): Adam(2e-4, 0.5, 0.999).
 *   On MNIST, packing 2 brought the classes covered from 8 to 10 of 10 in
 *   6000 steps, and a 0.999 moving average of the generator's weights
 *   removes most of the speckle that the last iterate's digits carry.
 * - wasserstein-gp: the settings of Gulrajani et al. (2017): 5 critic
 *   updates per generator update and Adam(1e-4, 0, 0.9).
 */
function defaultSettings(kind: ModelKind, images: boolean, loss: GanLossName | undefined): DefaultSettings {
  const vectorSettings: DefaultSettings = {
    steps: 12000,
    batchSize: 256,
    hiddenSizes: [128, 128, 128],
    latentDim: 8,
    latentCategories: 0,
    learningRate: kind === 'mmd' ? 3e-3 : 1e-3,
    beta1: kind === 'mmd' ? 0.9 : 0.5,
    beta2: 0.999,
    discriminatorSteps: 1,
    packing: 4,
    generatorAverage: 0,
    evaluationSamples: 2500,
    bandwidthScales: [0.03, 0.1, 0.3, 1],
  };
  const imageSettings: DefaultSettings = {
    ...vectorSettings,
    steps: 6000,
    batchSize: 64,
    hiddenSizes: [256, 256],
    latentDim: 100,
    latentCategories: 0,
    learningRate: kind === 'mmd' ? 1e-3 : 2e-4,
    packing: 2,
    generatorAverage: 0.999,
    evaluationSamples: 1000,
  };
  const settings = images ? imageSettings : vectorSettings;

  if (kind === 'gan' && loss === 'wasserstein-gp') {
    return { ...settings, discriminatorSteps: 5, learningRate: 1e-4, beta1: 0, beta2: 0.9 };
  }
  return settings;
}

/**
 * Resolves the options for `model` on `dataset` into a full `RunConfig`,
 * filling gaps from `defaultSettings`. `onMessage` hears about defaults
 * changed to fit the data (a batch size clamped to a small data set).
 */
export function resolveRunConfig(model: string, dataSpec: string, dataset: Dataset, seed: Seed, overrides: TrainingOverrides, onMessage?: (message: string) => void): RunConfig {
  const kind = oneOf('model', model, MODEL_KINDS);
  const images = dataset.kind === 'images';
  if (kind === 'mmd' && overrides.loss !== undefined) {
    throw new InvalidArgumentError('loss', 'left out for --model mmd, whose loss is always MMD^2', overrides.loss);
  }
  const loss = kind === 'gan' ? oneOf('loss', overrides.loss ?? 'non-saturating', GAN_LOSS_NAMES) : undefined;
  const defaults = defaultSettings(kind, images, loss);

  const packing = kind === 'gan' ? ganPacking(overrides, defaults) : 1;
  const batchSize = resolveBatchSize(overrides, defaults.batchSize, kind === 'mmd' ? 2 : packing, packing, dataset, onMessage);
  const stepsPerEpoch = Math.floor(dataset.trainCount / batchSize);

  let steps = defaults.steps;
  if (overrides.epochs !== undefined) steps = positiveInteger('epochs', overrides.epochs) * stepsPerEpoch;
  if (overrides.steps !== undefined) steps = positiveInteger('steps', overrides.steps);

  const evalEvery = positiveInteger('evalEvery', overrides.evalEvery ?? Math.max(1, Math.round(steps / 10)));
  const checkpointEvery = positiveInteger('checkpointEvery', overrides.checkpointEvery ?? evalEvery);
  const logEvery = positiveInteger('logEvery', overrides.logEvery ?? Math.max(1, Math.round(steps / 2000)));
  const evaluationSamples = positiveInteger('evaluationSamples', overrides.evaluationSamples ?? defaults.evaluationSamples);

  const generator = networkSpec(overrides, defaults.hiddenSizes);
  const latentDim = positiveInteger('latentDim', overrides.latentDim ?? defaults.latentDim);
  const latentCategories = nonNegativeInteger('latentCategories', overrides.latentCategories ?? defaults.latentCategories);
  const learningRate = positive('learningRate', overrides.learningRate ?? defaults.learningRate);
  const beta1 = overrides.beta1 ?? defaults.beta1;
  const beta2 = overrides.beta2 ?? defaults.beta2;

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

  if (loss !== undefined) {
    const gan: GanOptions = {
      loss,
      generator,
      discriminator: generator,
      latentDim,
      latentCategories,
      batchSize,
      discriminatorSteps: positiveInteger('discriminatorSteps', overrides.discriminatorSteps ?? defaults.discriminatorSteps),
      learningRate,
      beta1,
      beta2,
      gradientPenaltyWeight: overrides.gradientPenaltyWeight ?? 10,
      packing,
      generatorAverage: generatorAverage(overrides.generatorAverage ?? defaults.generatorAverage),
    };
    return { ...base, gan };
  }

  const bandwidthScales = overrides.bandwidthScales ?? defaults.bandwidthScales;
  bandwidthScales.forEach((scale, i) => positive(`bandwidthScales[${i}]`, scale));
  const medianDistance = medianPairwiseDistance(dataset, seed);
  const mmd = {
    generator,
    latentDim,
    latentCategories,
    batchSize,
    bandwidths: bandwidthScales.map((scale) => scale * medianDistance),
    bandwidthScales,
    medianDistance,
    learningRate,
    beta1,
    beta2,
  };
  return { ...base, mmd };
}

function ganPacking(overrides: TrainingOverrides, defaults: DefaultSettings): number {
  // The DCGAN discriminator reads images, which packing cannot join.
  const dcgan = overrides.architecture === 'dcgan';
  return positiveInteger('packing', overrides.packing ?? (dcgan ? 1 : defaults.packing));
}

/**
 * Returns the batch size. A requested size must fit in the training rows and
 * be a multiple of `packing`. The default shrinks to the largest multiple of
 * `packing` that fits, with a message, so a small data set trains without a
 * flag. It must stay at least `minimum`: 2 for the unbiased MMD^2, the
 * packing for a GAN.
 */
function resolveBatchSize(
  overrides: TrainingOverrides,
  defaultSize: number,
  minimum: number,
  packing: number,
  dataset: Pick<Dataset, 'trainCount' | 'kind'>,
  onMessage?: (message: string) => void,
): number {
  const trainCount = dataset.trainCount;
  if (overrides.batchSize !== undefined) {
    const batchSize = positiveInteger('batchSize', overrides.batchSize);
    if (batchSize > trainCount) {
      throw new InvalidArgumentError('batchSize', `at most the number of training rows (${trainCount})`, batchSize, 'Use a smaller batch size or more data.');
    }
    if (batchSize % packing !== 0) {
      const source = overrides.packing === undefined ? `, the default packing for ${dataset.kind}` : '';
      throw new InvalidArgumentError('batchSize', `a multiple of the packing ${packing}${source}`, batchSize, 'Use a multiple, or a packing that divides the batch size.');
    }
    return batchSize;
  }
  if (defaultSize <= trainCount) return defaultSize;

  const clamped = trainCount - (trainCount % packing);
  if (clamped < minimum) {
    throw new InvalidArgumentError('data', `a data set of at least ${minimum} training rows, the smallest batch`, `${trainCount} training ${trainCount === 1 ? 'row' : 'rows'}`, 'Use more data.');
  }
  const multiple = packing > 1 ? `, a multiple of the packing ${packing}` : '';
  onMessage?.(`the default batch size ${defaultSize} is more than the ${trainCount} training rows, so batches have ${clamped} rows${multiple}`);
  return clamped;
}

function generatorAverage(decay: number): number {
  if (!(decay >= 0 && decay < 1)) throw new InvalidArgumentError('generatorAverage', 'a decay in [0, 1), 0 for none', decay);
  return decay;
}

function networkSpec(overrides: TrainingOverrides, defaultHidden: readonly number[]): NetworkSpec {
  const architecture = oneOf('architecture', overrides.architecture ?? 'mlp', ARCHITECTURES);
  if (architecture === 'dcgan') {
    if (overrides.hiddenSizes !== undefined) {
      throw new InvalidArgumentError('hiddenSizes', 'left out for the dcgan architecture, which takes a channel count instead of hidden layer widths', overrides.hiddenSizes);
    }
    // DCGAN's initialisation, N(0, 0.02^2) (Radford et al. 2016), and the anchor's 64 base channels.
    const baseChannels = positiveInteger('baseChannels', overrides.baseChannels ?? 64);
    return { architecture, baseChannels, leakyReluAlpha: 0.2, initializer: { name: 'normal', std: 0.02 } };
  }
  if (overrides.baseChannels !== undefined) {
    throw new InvalidArgumentError('baseChannels', 'left out for the mlp architecture, which takes hidden layer widths instead of a channel count', overrides.baseChannels);
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
