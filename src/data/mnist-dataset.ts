/** The `mnist` built-in data set: a seeded shuffle of the package's digits, split into train and held-out parts. */
import { InvalidArgumentError } from '../errors.js';
import { positiveInteger } from '../validate.js';
import { MNIST_PIXELS, MNIST_SIDE, readMnistDigits } from './mnist.js';
import type { DatasetContext, ParameterReader } from './spec.js';
import { heldOutSize, permutation, splitRows } from './split.js';
import { dataSpaceMapper } from './transform.js';
import type { Dataset } from './types.js';

export async function createMnistDataset(read: ParameterReader, context: DatasetContext): Promise<Dataset> {
  const classes = parseDigitClasses(read.text('digits'));
  const digits = await readMnistDigits(classes);

  const count = read.number('count', digits.count, (label, value) => {
    positiveInteger(label, value);
    if (value < 2 || value > digits.count) {
      throw new InvalidArgumentError(label, `an integer from 2 to ${digits.count}, the number of digits available`, value);
    }
    return value;
  });

  // The first `count` entries of a random permutation are a uniform random subset.
  const order = permutation(context.rng, digits.count).subarray(0, count);
  const heldOutCount = heldOutSize(count, context.heldOutFraction);
  const split = splitRows(digits.pixels, MNIST_PIXELS, order, heldOutCount, digits.labels);

  const shape = [MNIST_SIDE, MNIST_SIDE, 1] as const;
  const transform = { type: 'pixels', shape } as const;
  return {
    name: 'mnist',
    kind: 'images',
    dimension: MNIST_PIXELS,
    ...split,
    imageShape: shape,
    transform,
    toDataSpace: dataSpaceMapper(transform),
  };
}

function parseDigitClasses(text: string | undefined): number[] {
  if (text === undefined) return [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

  const classes = [...new Set(text.split('').map(Number))].sort((a, b) => a - b);
  if (!/^[0-9]+$/.test(text)) {
    throw new InvalidArgumentError('mnist parameter digits', 'a string of the digits 0-9 to keep, e.g. 017', text);
  }
  return classes;
}
