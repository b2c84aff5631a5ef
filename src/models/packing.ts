/**
 * PacGAN packing (Lin et al. 2018): the discriminator judges `packing`
 * samples joined into one row, so a generator that repeats itself gives
 * packed rows that look unlike packed data. Consecutive rows of a batch form
 * one packed row, which is a reshape, so packing costs no copies.
 */
import { tf } from '../backend.js';
import { InvalidArgumentError } from '../errors.js';
import type { Network, NetworkGradients, NetworkTrace } from './network.js';
import type { GradientPenaltyNetwork } from './gan-step.js';

export class PackedDiscriminator implements Network {
  readonly inputSize: number;
  readonly outputSize: number;

  constructor(
    readonly inner: Network,
    readonly packing: number,
  ) {
    if (inner.inputSize % packing !== 0) {
      throw new InvalidArgumentError('packing', `a divisor of the discriminator input width ${inner.inputSize}`, packing);
    }
    this.inputSize = inner.inputSize / packing;
    this.outputSize = inner.outputSize;
  }

  get variables(): tf.Variable[] {
    return this.inner.variables;
  }

  predict(input: tf.Tensor2D): tf.Tensor2D {
    return this.inner.predict(this.pack(input));
  }

  forward(input: tf.Tensor2D): NetworkTrace {
    return this.inner.forward(this.pack(input));
  }

  backward(trace: NetworkTrace, outputGradient: tf.Tensor2D, requested: { parameters: boolean; input: boolean }): NetworkGradients {
    const gradients = this.inner.backward(trace, outputGradient, requested);
    if (gradients.inputGradient === undefined) return gradients;
    return { ...gradients, inputGradient: tf.reshape(gradients.inputGradient, [-1, this.inputSize]) };
  }

  /** Computes the penalty on packed points, taking the gradient norm over each packed row. */
  gradientPenalty(points: tf.Tensor2D, weight: number): { penalty: tf.Scalar; parameterGradients: tf.Tensor[] } {
    return (this.inner as unknown as GradientPenaltyNetwork).gradientPenalty(this.pack(points), weight);
  }

  /** Builds the inner network's Layers model, whose input is `packing` rows joined into one. */
  toLayersModel(name: string): tf.LayersModel {
    return this.inner.toLayersModel(name);
  }

  dispose(): void {
    this.inner.dispose();
  }

  private pack(input: tf.Tensor2D): tf.Tensor2D {
    const rows = input.shape[0];
    if (rows % this.packing !== 0) {
      throw new InvalidArgumentError('batch rows', `a multiple of packing (${this.packing})`, rows);
    }
    return tf.reshape(input, [rows / this.packing, this.inputSize * this.packing]);
  }
}
