/**
 * An exponential moving average of a network's weights (Polyak averaging of
 * the generator, as in Yazici et al., "The unusual effectiveness of averaging
 * in GAN training", ICLR 2019). GAN weights keep circling the equilibrium;
 * their average draws cleaner samples than the last iterate, for the cost of
 * one multiply-add per weight and step.
 *
 * The averages live in float32 arrays beside the trained network. A second
 * network of the same shape receives them only when it is asked for, so
 * training steps allocate no tensors for the average.
 */
import { InputFileError, InvalidArgumentError } from '../errors.js';
import { checkpointArray, type CheckpointArray, type CheckpointContents } from './checkpoint.js';
import type { Network } from './network.js';
import { readFloat32, replaceValues } from './tensor-memory.js';

export class WeightAverage {
  private readonly averages: Float32Array[];
  private updates = 0;
  private stale = true;

  /**
   * Starts the average at the current weights of `source`. `target` is a
   * network of the same architecture whose weights this class overwrites.
   */
  constructor(
    readonly decay: number,
    private readonly source: Network,
    private readonly target: Network,
  ) {
    if (!(decay > 0 && decay < 1)) throw new InvalidArgumentError('generatorAverage', 'a decay in (0, 1)', decay);
    if (target.variables.length !== source.variables.length) {
      throw new InvalidArgumentError('target', `a network with ${source.variables.length} variables, like the source`, `${target.variables.length} variables`);
    }
    this.averages = source.variables.map((variable) => readFloat32(variable).slice());
  }

  /** Updates made so far. */
  get count(): number {
    return this.updates;
  }

  /**
   * Moves the average towards the source's current weights. The decay starts
   * at 1/10 and rises as (1 + t)/(10 + t) up to `decay`, so that short runs
   * are not dominated by the random initial weights.
   */
  update(): void {
    const decay = Math.min(this.decay, (1 + this.updates) / (10 + this.updates));
    const step = 1 - decay;

    // No tensor is created in this loop, so the views into WASM memory stay valid.
    for (let i = 0; i < this.averages.length; i++) {
      const average = this.averages[i];
      const weights = readFloat32(this.source.variables[i]);
      for (let j = 0; j < average.length; j++) average[j] += step * (weights[j] - average[j]);
    }

    this.updates += 1;
    this.stale = true;
  }

  /**
   * Returns the target network holding the averaged weights. Variables that
   * training changes without gradients (batch-norm moving statistics) are
   * copied from the source as they are.
   */
  network(): Network {
    if (!this.stale) return this.target;

    this.averages.forEach((values, i) => replaceValues(this.target.variables[i], values));
    const sourceState = this.source.stateVariables ?? [];
    const targetState = this.target.stateVariables ?? [];
    sourceState.forEach((variable, i) => replaceValues(targetState[i], readFloat32(variable).slice()));

    this.stale = false;
    return this.target;
  }

  /** Adds the averages as `prefix/0`, `prefix/1`, ... and returns the update count for the JSON state. */
  save(arrays: Map<string, CheckpointArray>, prefix: string): number {
    this.averages.forEach((values, i) => arrays.set(`${prefix}/${i}`, values.slice()));
    return this.updates;
  }

  /** Restores what `save` wrote. */
  restore(contents: CheckpointContents, prefix: string, updates: unknown): void {
    if (!Number.isSafeInteger(updates) || (updates as number) < 0) {
      throw new InputFileError(`the checkpoint's ${prefix} update count is ${JSON.stringify(updates)}, not a non-negative integer; the checkpoint is damaged`);
    }
    this.averages.forEach((values, i) => {
      const saved = checkpointArray(contents, `${prefix}/${i}`, Float32Array);
      if (saved.length !== values.length) {
        throw new InputFileError(`checkpoint array ${prefix}/${i} has ${saved.length} values, but the network's variable has ${values.length}; the checkpoint belongs to a network of another size`);
      }
      values.set(saved);
    });
    this.updates = updates as number;
    this.stale = true;
  }

  dispose(): void {
    this.target.dispose();
  }
}
