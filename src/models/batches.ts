/**
 * Minibatches of training rows in a seeded order: each epoch is a fresh
 * uniform permutation of the rows (Fisher-Yates with samplekit's unbiased
 * bounded integers), cut into batches, the incomplete last batch dropped.
 * The state (epoch, position and the current permutation) goes into
 * checkpoints so a resumed run reads the same batches.
 */
import { InvalidArgumentError } from '../errors.js';
import type { BitGenerator } from '../random/types.js';
import { boundedInt } from '../random/uniform.js';
import { positiveInteger } from '../validate.js';

export interface BatchOrderState {
  /** Completed epochs: the current permutation is that of epoch `epoch`. */
  readonly epoch: number;
  /** Index in `order` of the next row to read. */
  readonly position: number;
  /** The current permutation of row indices. */
  readonly order: Int32Array;
}

export class BatchSampler {
  readonly batchSize: number;
  readonly rowCount: number;
  private order: Int32Array;
  private position = 0;
  private epochIndex = 0;

  /**
   * Samples batches of `batchSize` rows of `width` values from `rows`, with
   * `rng` fixing the order. The first permutation is drawn here.
   */
  constructor(
    private readonly rows: Float32Array,
    private readonly width: number,
    batchSize: number,
    private readonly rng: BitGenerator,
  ) {
    this.batchSize = positiveInteger('batchSize', batchSize);
    this.rowCount = rows.length / width;
    if (this.batchSize > this.rowCount) {
      throw new InvalidArgumentError('batchSize', `at most the number of training rows (${this.rowCount})`, batchSize, 'Use a smaller --batch-size or more data.');
    }
    this.order = this.permutation();
  }

  /** Full batches per epoch. */
  get batchesPerEpoch(): number {
    return Math.floor(this.rowCount / this.batchSize);
  }

  /** Completed epochs. */
  get epoch(): number {
    return this.epochIndex;
  }

  /** Copies the next batch into a new row-major Float32Array (batchSize x width). */
  next(): Float32Array {
    if (this.position + this.batchSize > this.rowCount) {
      this.epochIndex += 1;
      this.position = 0;
      this.order = this.permutation();
    }

    const batch = new Float32Array(this.batchSize * this.width);
    for (let i = 0; i < this.batchSize; i++) {
      const row = this.order[this.position + i];
      batch.set(this.rows.subarray(row * this.width, (row + 1) * this.width), i * this.width);
    }
    this.position += this.batchSize;
    return batch;
  }

  getState(): BatchOrderState {
    return { epoch: this.epochIndex, position: this.position, order: this.order.slice() };
  }

  /** Restores a state from `getState()`; the generator's own state is restored by the caller. */
  setState(state: BatchOrderState): void {
    if (state.order.length !== this.rowCount) {
      throw new InvalidArgumentError('batch order', `a permutation of the ${this.rowCount} training rows`, `${state.order.length} indices`, 'The checkpoint belongs to a different data set.');
    }
    if (!Number.isSafeInteger(state.position) || state.position < 0 || state.position > this.rowCount) {
      throw new InvalidArgumentError('batch order position', `an integer in [0, ${this.rowCount}]`, state.position);
    }
    this.order = Int32Array.from(state.order);
    this.position = state.position;
    this.epochIndex = state.epoch;
  }

  private permutation(): Int32Array {
    const order = new Int32Array(this.rowCount);
    for (let i = 0; i < order.length; i++) order[i] = i;

    for (let i = order.length - 1; i > 0; i--) {
      const j = boundedInt(this.rng, i + 1);
      const swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }
}
