/**
 * Network specifications as saved in config.json, and the builders that turn
 * them into generator and discriminator networks for a data set.
 */
import type { Dataset } from '../data/types.js';
import { InvalidArgumentError } from '../errors.js';
import type { BitGenerator } from '../random/types.js';
import type { InitializerSpec } from './initializers.js';
import { Mlp, type HiddenActivation, type OutputActivation } from './mlp.js';
import { DcganDiscriminator, DcganGenerator, type DcganSpec } from './dcgan.js';
import type { Network } from './network.js';

export interface MlpSpec {
  readonly architecture: 'mlp';
  readonly hiddenSizes: readonly number[];
  readonly hiddenActivation: HiddenActivation;
  readonly leakyReluAlpha: number;
  readonly initializer: InitializerSpec;
}

export type NetworkSpec = MlpSpec | DcganSpec;

export type { DcganSpec };

/**
 * The generator's output activation: tanh for images, whose pixels lie in
 * [-1, 1], and linear for vectors, whose standardised columns are unbounded.
 */
export function generatorOutputActivation(dataset: Pick<Dataset, 'kind'>): OutputActivation {
  return dataset.kind === 'images' ? 'tanh' : 'linear';
}

/** Builds a generator from latent rows of `latentWidth` values to rows of the data set's width. */
export function buildGenerator(spec: NetworkSpec, latentWidth: number, dataset: Pick<Dataset, 'kind' | 'dimension' | 'imageShape'>, rng: BitGenerator): Network {
  switch (spec.architecture) {
    case 'mlp':
      return Mlp.create(
        {
          inputSize: latentWidth,
          hiddenSizes: spec.hiddenSizes,
          outputSize: dataset.dimension,
          hiddenActivation: spec.hiddenActivation,
          leakyReluAlpha: spec.leakyReluAlpha,
          outputActivation: generatorOutputActivation(dataset),
          initializer: spec.initializer,
        },
        rng,
        'generator',
      );
    case 'dcgan':
      return new DcganGenerator(spec, latentWidth, imageShapeFor(dataset), rng);
    default:
      throw unknownArchitecture(spec);
  }
}

/** Builds a discriminator from rows of `inputSize` values to one raw output (logit or critic score). */
export function buildDiscriminator(spec: NetworkSpec, inputSize: number, dataset: Pick<Dataset, 'kind' | 'imageShape'>, rng: BitGenerator): Network {
  switch (spec.architecture) {
    case 'mlp':
      return Mlp.create(
        {
          inputSize,
          hiddenSizes: spec.hiddenSizes,
          outputSize: 1,
          hiddenActivation: spec.hiddenActivation,
          leakyReluAlpha: spec.leakyReluAlpha,
          outputActivation: 'linear',
          initializer: spec.initializer,
        },
        rng,
        'discriminator',
      );
    case 'dcgan':
      return new DcganDiscriminator(spec, imageShapeFor(dataset), rng);
    default:
      throw unknownArchitecture(spec);
  }
}

function imageShapeFor(dataset: Pick<Dataset, 'kind' | 'imageShape'>): readonly [number, number, number] {
  if (dataset.kind !== 'images' || dataset.imageShape === undefined) {
    throw new InvalidArgumentError('architecture', '"mlp" for data that are not images ("dcgan" needs image data)', 'dcgan');
  }
  return dataset.imageShape;
}

function unknownArchitecture(spec: { architecture: unknown }): InvalidArgumentError {
  return new InvalidArgumentError('architecture', 'one of "mlp", "dcgan"', spec.architecture);
}
