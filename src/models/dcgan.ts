/**
 * DCGAN-style convolutional networks for images (Radford et al. 2016), the
 * shapes of the PyTorch DCGAN anchor for 28 x 28 digits:
 *
 *   generator:     z -> Dense(7 * 7 * 2b) -> reshape -> BN -> ReLU
 *                    -> ConvT(2b -> b, 4x4, stride 2) -> BN -> ReLU
 *                    -> ConvT(b -> c, 4x4, stride 2) -> tanh -> flatten
 *   discriminator: image -> Conv(c -> b, 4x4, stride 2) -> LeakyReLU
 *                    -> Conv(b -> 2b, 4x4, stride 2) -> LeakyReLU -> flatten -> Dense(1)
 *
 * with b = `baseChannels` (64 in the anchor) and 'same' padding, so the image
 * side must be a multiple of 4. Weights start from N(0, 0.02^2) as in the
 * paper. Gradients come from TF.js autodiff (each backward pass recomputes the
 * forward pass), with the convolution gradients of `conv.ts` that run on WASM.
 * Batch normalisation uses batch statistics in training and running averages
 * (momentum 0.9, epsilon 1e-5) in inference, as Keras does.
 */
import { tf } from '../backend.js';
import { InvalidArgumentError } from '../errors.js';
import type { BitGenerator } from '../random/types.js';
import { positiveInteger } from '../validate.js';
import { conv2d, conv2dTranspose } from './conv.js';
import { initialWeights, type InitializerSpec } from './initializers.js';
import type { Network, NetworkGradients, NetworkTrace } from './network.js';
import { ownedVariable } from './tensor-memory.js';

export interface DcganSpec {
  readonly architecture: 'dcgan';
  /** Channels b of the first convolution; the other has 2b. */
  readonly baseChannels: number;
  readonly leakyReluAlpha: number;
  readonly initializer: InitializerSpec;
}

const BATCH_NORM_MOMENTUM = 0.9;
const BATCH_NORM_EPSILON = 1e-5;
const KERNEL = 4;

interface DcganTrace extends NetworkTrace {
  readonly input: tf.Tensor2D;
}

/** Moving averages of one batch-normalisation layer, updated in training and used in inference. */
interface BatchNormState {
  readonly movingMean: tf.Variable;
  readonly movingVariance: tf.Variable;
}

function checkImageShape(imageShape: readonly [number, number, number]): void {
  const [height, width, channels] = imageShape;
  if (height % 4 !== 0 || width % 4 !== 0) {
    throw new InvalidArgumentError('image size', 'a height and width that are multiples of 4 for --arch dcgan (two stride-2 layers)', `${height} x ${width}`, 'Use --arch mlp, or resize the images.');
  }
  positiveInteger('channels', channels);
}

function variable(rng: BitGenerator, initializer: InitializerSpec, shape: number[], fanIn: number, fanOut: number, name: string): tf.Variable {
  const size = shape.reduce((a, b) => a * b, 1);
  return ownedVariable(tf.tensor(initialWeights(rng, initializer, size, { fanIn, fanOut }), shape), name);
}

function constant(value: number, shape: number[], name: string): tf.Variable {
  return ownedVariable(tf.fill(shape, value), name);
}

/** Training-mode batch normalisation over all axes but the last; optionally updates the moving averages. */
function batchNormTraining(x: tf.Tensor4D, gamma: tf.Tensor, beta: tf.Tensor, state: BatchNormState | undefined): tf.Tensor4D {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  if (state !== undefined) {
    const count = x.shape[0] * x.shape[1] * x.shape[2];
    // Running variance uses the unbiased batch variance, as PyTorch and Keras do.
    const unbiased = tf.mul(variance, count / Math.max(1, count - 1));
    state.movingMean.assign(tf.add(tf.mul(state.movingMean, BATCH_NORM_MOMENTUM), tf.mul(mean, 1 - BATCH_NORM_MOMENTUM)));
    state.movingVariance.assign(tf.add(tf.mul(state.movingVariance, BATCH_NORM_MOMENTUM), tf.mul(unbiased, 1 - BATCH_NORM_MOMENTUM)));
  }
  return tf.batchNorm(x, mean, variance, beta, gamma, BATCH_NORM_EPSILON) as tf.Tensor4D;
}

/** The DCGAN generator: latent rows [n, latentDim] to flat images [n, h w c] in [-1, 1]. */
export class DcganGenerator implements Network {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly variables: tf.Variable[];
  /** Moving averages of the two batch-normalisation layers (not trained by gradients; saved in checkpoints). */
  readonly stateVariables: tf.Variable[];
  private readonly batchNorms: BatchNormState[];

  constructor(
    readonly spec: DcganSpec,
    readonly latentDim: number,
    readonly imageShape: readonly [number, number, number],
    rng: BitGenerator,
  ) {
    checkImageShape(imageShape);
    const [height, width, channels] = imageShape;
    const base = positiveInteger('baseChannels', spec.baseChannels);
    const cells = (height / 4) * (width / 4);
    this.inputSize = latentDim;
    this.outputSize = height * width * channels;

    const init = spec.initializer;
    this.variables = [
      variable(rng, init, [latentDim, cells * 2 * base], latentDim, cells * 2 * base, 'generator/dense/kernel'),
      constant(0, [cells * 2 * base], 'generator/dense/bias'),
      constant(1, [2 * base], 'generator/bn_0/gamma'),
      constant(0, [2 * base], 'generator/bn_0/beta'),
      variable(rng, init, [KERNEL, KERNEL, base, 2 * base], KERNEL * KERNEL * 2 * base, KERNEL * KERNEL * base, 'generator/conv_transpose_0/kernel'),
      constant(1, [base], 'generator/bn_1/gamma'),
      constant(0, [base], 'generator/bn_1/beta'),
      variable(rng, init, [KERNEL, KERNEL, channels, base], KERNEL * KERNEL * base, KERNEL * KERNEL * channels, 'generator/conv_transpose_1/kernel'),
      constant(0, [channels], 'generator/conv_transpose_1/bias'),
    ];
    this.batchNorms = [2 * base, base].map((size, i) => ({
      movingMean: constant(0, [size], `generator/bn_${i}/moving_mean`),
      movingVariance: constant(1, [size], `generator/bn_${i}/moving_variance`),
    }));
    this.stateVariables = this.batchNorms.flatMap((state) => [state.movingMean, state.movingVariance]);
  }

  predict(input: tf.Tensor2D): tf.Tensor2D {
    return this.apply(input, this.variables, 'inference');
  }

  /** Training-mode pass: batch statistics, and the moving averages move one step. */
  forward(input: tf.Tensor2D): DcganTrace {
    return { input, output: this.apply(input, this.variables, 'training-update') };
  }

  backward(trace: DcganTrace, outputGradient: tf.Tensor2D, requested: { parameters: boolean; input: boolean }): NetworkGradients {
    return autodiffBackward((x, params) => this.apply(x, params, 'training'), trace.input, this.variables, outputGradient, requested);
  }

  toLayersModel(name: string): tf.LayersModel {
    const [height, width, channels] = this.imageShape;
    const base = this.spec.baseChannels;
    const model = tf.sequential({ name });
    model.add(tf.layers.dense({ units: (height / 4) * (width / 4) * 2 * base, inputShape: [this.latentDim], name: 'dense' }));
    model.add(tf.layers.reshape({ targetShape: [height / 4, width / 4, 2 * base], name: 'reshape' }));
    model.add(tf.layers.batchNormalization({ axis: -1, momentum: BATCH_NORM_MOMENTUM, epsilon: BATCH_NORM_EPSILON, name: 'bn_0' }));
    model.add(tf.layers.reLU({ name: 'relu_0' }));
    model.add(tf.layers.conv2dTranspose({ filters: base, kernelSize: KERNEL, strides: 2, padding: 'same', useBias: false, name: 'conv_transpose_0' }));
    model.add(tf.layers.batchNormalization({ axis: -1, momentum: BATCH_NORM_MOMENTUM, epsilon: BATCH_NORM_EPSILON, name: 'bn_1' }));
    model.add(tf.layers.reLU({ name: 'relu_1' }));
    model.add(tf.layers.conv2dTranspose({ filters: channels, kernelSize: KERNEL, strides: 2, padding: 'same', name: 'conv_transpose_1' }));
    model.add(tf.layers.activation({ activation: 'tanh', name: 'tanh' }));
    model.add(tf.layers.flatten({ name: 'flatten' }));

    // A model's weights list its trainable weights first, then the moving averages.
    setWeightCopies(model, [...this.variables, ...this.stateVariables]);
    return model;
  }

  dispose(): void {
    for (const v of [...this.variables, ...this.stateVariables]) v.dispose();
  }

  private apply(input: tf.Tensor2D, params: readonly tf.Tensor[], mode: 'inference' | 'training' | 'training-update'): tf.Tensor2D {
    const [height, width, channels] = this.imageShape;
    const base = this.spec.baseChannels;
    const [denseKernel, denseBias, gamma0, beta0, convKernel0, gamma1, beta1, convKernel1, convBias1] = params;

    const normalize = (x: tf.Tensor4D, gamma: tf.Tensor, beta: tf.Tensor, layer: number): tf.Tensor4D => {
      const state = this.batchNorms[layer];
      if (mode === 'inference') return tf.batchNorm(x, state.movingMean, state.movingVariance, beta, gamma, BATCH_NORM_EPSILON) as tf.Tensor4D;
      return batchNormTraining(x, gamma, beta, mode === 'training-update' ? state : undefined);
    };

    let h = tf.reshape(tf.add(tf.matMul(input, denseKernel as tf.Tensor2D), denseBias), [-1, height / 4, width / 4, 2 * base]) as tf.Tensor4D;
    h = tf.relu(normalize(h, gamma0, beta0, 0));
    h = tf.relu(normalize(conv2dTranspose(h, convKernel0 as tf.Tensor4D, 2), gamma1, beta1, 1));
    const image = tf.tanh(tf.add(conv2dTranspose(h, convKernel1 as tf.Tensor4D, 2), convBias1));
    return tf.reshape(image, [-1, height * width * channels]) as tf.Tensor2D;
  }
}

/** The DCGAN discriminator: flat images [n, h w c] to one raw output per image. */
export class DcganDiscriminator implements Network {
  readonly inputSize: number;
  readonly outputSize = 1;
  readonly variables: tf.Variable[];

  constructor(
    readonly spec: DcganSpec,
    readonly imageShape: readonly [number, number, number],
    rng: BitGenerator,
  ) {
    checkImageShape(imageShape);
    const [height, width, channels] = imageShape;
    const base = positiveInteger('baseChannels', spec.baseChannels);
    const features = (height / 4) * (width / 4) * 2 * base;
    this.inputSize = height * width * channels;

    const init = spec.initializer;
    this.variables = [
      variable(rng, init, [KERNEL, KERNEL, channels, base], KERNEL * KERNEL * channels, KERNEL * KERNEL * base, 'discriminator/conv_0/kernel'),
      constant(0, [base], 'discriminator/conv_0/bias'),
      variable(rng, init, [KERNEL, KERNEL, base, 2 * base], KERNEL * KERNEL * base, KERNEL * KERNEL * 2 * base, 'discriminator/conv_1/kernel'),
      constant(0, [2 * base], 'discriminator/conv_1/bias'),
      variable(rng, init, [features, 1], features, 1, 'discriminator/dense/kernel'),
      constant(0, [1], 'discriminator/dense/bias'),
    ];
  }

  predict(input: tf.Tensor2D): tf.Tensor2D {
    return this.apply(input, this.variables);
  }

  forward(input: tf.Tensor2D): DcganTrace {
    return { input, output: this.apply(input, this.variables) };
  }

  backward(trace: DcganTrace, outputGradient: tf.Tensor2D, requested: { parameters: boolean; input: boolean }): NetworkGradients {
    return autodiffBackward((x, params) => this.apply(x, params), trace.input, this.variables, outputGradient, requested);
  }

  toLayersModel(name: string): tf.LayersModel {
    const [height, width, channels] = this.imageShape;
    const base = this.spec.baseChannels;
    const alpha = this.spec.leakyReluAlpha;
    const model = tf.sequential({ name });
    model.add(tf.layers.reshape({ targetShape: [height, width, channels], inputShape: [height * width * channels], name: 'reshape' }));
    model.add(tf.layers.conv2d({ filters: base, kernelSize: KERNEL, strides: 2, padding: 'same', name: 'conv_0' }));
    model.add(tf.layers.leakyReLU({ alpha, name: 'leaky_relu_0' }));
    model.add(tf.layers.conv2d({ filters: 2 * base, kernelSize: KERNEL, strides: 2, padding: 'same', name: 'conv_1' }));
    model.add(tf.layers.leakyReLU({ alpha, name: 'leaky_relu_1' }));
    model.add(tf.layers.flatten({ name: 'flatten' }));
    model.add(tf.layers.dense({ units: 1, name: 'dense' }));
    setWeightCopies(model, this.variables);
    return model;
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }

  private apply(input: tf.Tensor2D, params: readonly tf.Tensor[]): tf.Tensor2D {
    const [height, width, channels] = this.imageShape;
    const alpha = this.spec.leakyReluAlpha;
    const [kernel0, bias0, kernel1, bias1, denseKernel, denseBias] = params;

    let h = tf.reshape(input, [-1, height, width, channels]) as tf.Tensor4D;
    h = tf.leakyRelu(tf.add(conv2d(h, kernel0 as tf.Tensor4D, 2), bias0), alpha) as tf.Tensor4D;
    h = tf.leakyRelu(tf.add(conv2d(h, kernel1 as tf.Tensor4D, 2), bias1), alpha) as tf.Tensor4D;
    const features = tf.reshape(h, [h.shape[0], -1]) as tf.Tensor2D;
    return tf.add(tf.matMul(features, denseKernel as tf.Tensor2D), denseBias);
  }
}

/**
 * Backward pass by autodiff: recomputes `apply` on the saved input and
 * differentiates sum(output * outputGradient) with respect to the input
 * and/or the parameters.
 */
function autodiffBackward(
  apply: (input: tf.Tensor2D, params: readonly tf.Tensor[]) => tf.Tensor2D,
  input: tf.Tensor2D,
  variables: readonly tf.Variable[],
  outputGradient: tf.Tensor2D,
  requested: { parameters: boolean; input: boolean },
): NetworkGradients {
  const withInput = requested.input;
  const xs: tf.Tensor[] = [...(withInput ? [input] : []), ...(requested.parameters ? variables : [])];
  if (xs.length === 0) return {};

  const firstParameter = withInput ? 1 : 0;
  const objective = (...args: tf.Tensor[]) => {
    const x = withInput ? (args[0] as tf.Tensor2D) : input;
    const params = requested.parameters ? args.slice(firstParameter) : variables;
    return tf.sum(tf.mul(apply(x, params), outputGradient));
  };

  const gradients = tf.grads(objective)(xs);
  const parameterGradients = requested.parameters ? gradients.slice(firstParameter) : undefined;
  const inputGradient = withInput ? (gradients[0] as tf.Tensor2D) : undefined;
  return { inputGradient, parameterGradients };
}

function setWeightCopies(model: tf.LayersModel, weights: readonly tf.Tensor[]): void {
  const copies = weights.map((w) => tf.tensor(w.dataSync(), w.shape, 'float32'));
  model.setWeights(copies);
  tf.dispose(copies);
}
