/**
 * Seeded shuffling and the train / held-out split shared by every data set.
 */
import { InvalidArgumentError } from '../errors.js';
import type { BitGenerator } from '../random/types.js';
import { boundedInt } from '../random/uniform.js';

/** Default share of rows kept out of training for evaluation. */
export const DEFAULT_HELD_OUT_FRACTION = 0.1;

/** Returns a uniformly random permutation of 0..n-1 (Fisher-Yates, drawing from the end). */
export function permutation(rng: BitGenerator, n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;

  for (let i = n - 1; i > 0; i--) {
    const j = boundedInt(rng, i + 1);
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order;
}

/** Checks a held-out fraction: a number in [0, 1). */
export function checkHeldOutFraction(value: number): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new InvalidArgumentError('heldOutFraction', 'a number in [0, 1)', value);
  }
  return value;
}

/**
 * Number of held-out rows for `count` rows: round(count * fraction), but at
 * least one when the fraction is positive, and never all rows.
 */
export function heldOutSize(count: number, fraction: number): number {
  if (fraction === 0 || count < 2) return 0;
  return Math.min(count - 1, Math.max(1, Math.round(count * fraction)));
}

export interface SplitRows {
  readonly train: Float32Array;
  readonly trainCount: number;
  readonly heldOut: Float32Array;
  readonly heldOutCount: number;
  readonly trainLabels?: Int32Array;
  readonly heldOutLabels?: Int32Array;
}

/**
 * Splits rows (and labels, if any) into train and held-out parts in the order
 * given by `order`: the first `heldOutCount` indices go to the held-out part.
 * The parts are float32, the precision of the networks.
 */
export function splitRows(
  rows: ArrayLike<number>,
  width: number,
  order: ArrayLike<number>,
  heldOutCount: number,
  labels?: ArrayLike<number>,
): SplitRows {
  const trainCount = order.length - heldOutCount;
  const heldOut = new Float32Array(heldOutCount * width);
  const train = new Float32Array(trainCount * width);
  copySplit(rows, width, order, heldOutCount, train, heldOut);

  let trainLabels: Int32Array | undefined;
  let heldOutLabels: Int32Array | undefined;
  if (labels !== undefined) {
    trainLabels = new Int32Array(trainCount);
    heldOutLabels = new Int32Array(heldOutCount);
    copySplit(labels, 1, order, heldOutCount, trainLabels, heldOutLabels);
  }

  return { train, trainCount, heldOut, heldOutCount, trainLabels, heldOutLabels };
}

/** Splits rows like `splitRows`, but keeps every value in float64, as read or generated. */
export function splitRowsFloat64(rows: ArrayLike<number>, width: number, order: ArrayLike<number>, heldOutCount: number): { train: Float64Array; heldOut: Float64Array } {
  const train = new Float64Array((order.length - heldOutCount) * width);
  const heldOut = new Float64Array(heldOutCount * width);
  copySplit(rows, width, order, heldOutCount, train, heldOut);
  return { train, heldOut };
}

function copySplit(
  rows: ArrayLike<number>,
  width: number,
  order: ArrayLike<number>,
  heldOutCount: number,
  train: { [index: number]: number },
  heldOut: { [index: number]: number },
): void {
  for (let position = 0; position < order.length; position++) {
    const source = order[position];
    const isHeldOut = position < heldOutCount;
    const target = isHeldOut ? position : position - heldOutCount;
    const destination = isHeldOut ? heldOut : train;
    for (let column = 0; column < width; column++) destination[target * width + column] = rows[source * width + column];
  }
}
