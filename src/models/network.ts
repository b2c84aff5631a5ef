/**
 * The contract between networks and trainers: a forward pass that keeps what
 * its backward pass needs, and a backward pass that returns only the
 * gradients asked for. Rows are flat on both sides ([n, width]); image
 * networks reshape internally.
 */
import type { tf } from '../backend.js';

/** A forward pass's output and whatever the network keeps for `backward`. */
export interface NetworkTrace {
  readonly output: tf.Tensor2D;
}

export interface NetworkGradients {
  /** Aligned with `Network.variables`; absent when not requested. */
  readonly parameterGradients?: tf.Tensor[];
  readonly inputGradient?: tf.Tensor2D;
}

export interface Network {
  /** Width of an input row. */
  readonly inputSize: number;
  /** Width of an output row. */
  readonly outputSize: number;
  /** Trainable variables, in the order of `parameterGradients`. */
  readonly variables: tf.Variable[];
  /** Variables that training changes without gradients (batch-norm moving averages), saved in checkpoints. */
  readonly stateVariables?: tf.Variable[];

  /** Computes the output in inference mode. Call inside `tf.tidy`. */
  predict(input: tf.Tensor2D): tf.Tensor2D;
  /** Computes the output in training mode and keeps what `backward` needs. Call inside `tf.tidy`. */
  forward(input: tf.Tensor2D): NetworkTrace;
  /** Back-propagates dLoss/dOutput through a trace of `forward`. Call inside `tf.tidy`. */
  backward(trace: NetworkTrace, outputGradient: tf.Tensor2D, requested: { parameters: boolean; input: boolean }): NetworkGradients;
  /** Builds an equivalent `tf.LayersModel` holding copies of the weights, for saving in the TF.js Layers format. */
  toLayersModel(name: string): tf.LayersModel;
  dispose(): void;
}
