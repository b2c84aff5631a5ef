/**
 * Conversions between trainer parts (variables, Adam, batch order, random
 * streams) and checkpoint contents, shared by the GAN and MMD trainers.
 */
import { tf } from '../backend.js';
import { InputFileError } from '../errors.js';
import type { Adam } from './adam.js';
import type { BatchSampler } from './batches.js';
import { checkpointArray, type CheckpointArray, type CheckpointContents } from './checkpoint.js';
import { readFloat32, replaceValues } from './tensor-memory.js';

/** Adds copies of the variables' values as `prefix/0`, `prefix/1`, ... */
export function saveVariables(arrays: Map<string, CheckpointArray>, prefix: string, variables: readonly tf.Variable[]): void {
  variables.forEach((variable, i) => arrays.set(`${prefix}/${i}`, readFloat32(variable).slice()));
}

/** Restores values written by `saveVariables`; shapes must match. */
export function restoreVariables(contents: CheckpointContents, prefix: string, variables: readonly tf.Variable[]): void {
  variables.forEach((variable, i) => {
    const values = checkpointArray(contents, `${prefix}/${i}`, Float32Array);
    if (values.length !== variable.size) {
      throw new InputFileError(`checkpoint array ${prefix}/${i} has ${values.length} values, but the network's variable has ${variable.size}; the checkpoint belongs to a network of another size`);
    }
    replaceValues(variable, values);
  });
}

/** Adds the optimiser's moments as arrays and returns its step count for the JSON state. */
export function saveOptimizer(arrays: Map<string, CheckpointArray>, prefix: string, optimizer: Adam): number {
  const state = optimizer.getState();
  state.firstMoments.forEach((m, i) => arrays.set(`${prefix}/m/${i}`, m));
  state.secondMoments.forEach((v, i) => arrays.set(`${prefix}/v/${i}`, v));
  return state.step;
}

export function restoreOptimizer(contents: CheckpointContents, prefix: string, optimizer: Adam, step: unknown): void {
  if (typeof step !== 'number') throw new InputFileError(`the checkpoint state lacks the step count of ${prefix}`);
  const count = optimizer.variables.length;
  optimizer.setState({
    step,
    firstMoments: Array.from({ length: count }, (_, i) => checkpointArray(contents, `${prefix}/m/${i}`, Float32Array)),
    secondMoments: Array.from({ length: count }, (_, i) => checkpointArray(contents, `${prefix}/v/${i}`, Float32Array)),
  });
}

export interface BatchPosition {
  readonly epoch: number;
  readonly position: number;
}

export function saveBatchOrder(arrays: Map<string, CheckpointArray>, batches: BatchSampler): BatchPosition {
  const state = batches.getState();
  arrays.set('batchOrder', state.order);
  return { epoch: state.epoch, position: state.position };
}

export function restoreBatchOrder(contents: CheckpointContents, batches: BatchSampler, position: unknown): void {
  const saved = position as Partial<BatchPosition> | undefined;
  if (typeof saved?.epoch !== 'number' || typeof saved.position !== 'number') {
    throw new InputFileError('the checkpoint state lacks the batch position (epoch and position)');
  }
  batches.setState({ epoch: saved.epoch, position: saved.position, order: checkpointArray(contents, 'batchOrder', Int32Array) });
}
