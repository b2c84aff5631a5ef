/**
 * Multilayer perceptron with a hand-written backward pass: the fast path of
 * the trainers.
 *
 * On TF.js's WASM backend a matMul with a transposed operand runs about 13x
 * slower than a plain one, and autodiff builds every matMul gradient from
 * transposed products. Here each gradient product is a plain matMul on an
 * explicitly transposed copy (whichever of the two operands is smaller to
 * transpose), and the forward pass fuses bias and activation into the matMul.
 * `mlp.test.ts` checks the gradients against TF.js autodiff.
 *
 * Layer l computes h_l = act(h_{l-1} W_l + b_l), with W_l of shape [in, out]
 * (the Keras `Dense` layout) and the output activation on the last layer.
 */
import { tf } from '../backend.js';
import { InvalidArgumentError } from '../errors.js';
import type { BitGenerator } from '../random/types.js';
import { finite, positiveInteger } from '../validate.js';
import { initialWeights, type InitializerSpec } from './initializers.js';
import type { Network, NetworkGradients, NetworkTrace } from './network.js';
import { ownedVariable } from './tensor-memory.js';

export type HiddenActivation = 'leaky-relu' | 'relu';
export type OutputActivation = 'linear' | 'tanh';

export interface MlpConfig {
  readonly inputSize: number;
  readonly hiddenSizes: readonly number[];
  readonly outputSize: number;
  readonly hiddenActivation: HiddenActivation;
  /** Slope for negative inputs of `leaky-relu`. */
  readonly leakyReluAlpha: number;
  readonly outputActivation: OutputActivation;
  /** Kernel initialiser; biases start at zero. */
  readonly initializer: InitializerSpec;
}

/** Tensors saved by a forward pass for the backward pass: every layer's input and the output. */
export interface MlpTrace extends NetworkTrace {
  /** layerInputs[l] is the input of layer l (the network input for l = 0). */
  readonly layerInputs: readonly tf.Tensor2D[];
  readonly output: tf.Tensor2D;
}

export class Mlp implements Network {
  readonly kernels: tf.Variable[];
  readonly biases: tf.Variable[];

  private constructor(
    readonly config: MlpConfig,
    kernels: tf.Variable[],
    biases: tf.Variable[],
  ) {
    this.kernels = kernels;
    this.biases = biases;
  }

  /** Builds the network with kernels drawn from `rng` (in layer order) and zero biases. */
  static create(config: MlpConfig, rng: BitGenerator, name = 'mlp'): Mlp {
    checkConfig(config);
    const sizes = [config.inputSize, ...config.hiddenSizes, config.outputSize];
    const kernels: tf.Variable[] = [];
    const biases: tf.Variable[] = [];

    for (let l = 0; l + 1 < sizes.length; l++) {
      const fanIn = sizes[l];
      const fanOut = sizes[l + 1];
      const values = initialWeights(rng, config.initializer, fanIn * fanOut, { fanIn, fanOut });
      kernels.push(ownedVariable(tf.tensor2d(values, [fanIn, fanOut]), `${name}/dense_${l}/kernel`));
      biases.push(ownedVariable(tf.zeros([fanOut]), `${name}/dense_${l}/bias`));
    }
    return new Mlp(config, kernels, biases);
  }

  /** Trainable variables in the order kernel 0, bias 0, kernel 1, bias 1, ... (the Keras weight order). */
  get variables(): tf.Variable[] {
    return this.kernels.flatMap((kernel, l) => [kernel, this.biases[l]]);
  }

  get inputSize(): number {
    return this.config.inputSize;
  }

  get outputSize(): number {
    return this.config.outputSize;
  }

  get layerCount(): number {
    return this.kernels.length;
  }

  /** Number of trainable parameters. */
  get parameterCount(): number {
    return this.variables.reduce((total, v) => total + v.size, 0);
  }

  /** Computes the output for a batch of rows [n, inputSize]. Call inside `tf.tidy`. */
  predict(input: tf.Tensor2D): tf.Tensor2D {
    return this.forward(input).output;
  }

  /** Computes the output and keeps every layer input for `backward`. Call inside `tf.tidy`. */
  forward(input: tf.Tensor2D): MlpTrace {
    this.checkInput(input);
    const layerInputs: tf.Tensor2D[] = [];
    let h = input;

    for (let l = 0; l < this.layerCount; l++) {
      layerInputs.push(h);
      h = tf.fused.matMul({
        a: h,
        b: this.kernels[l] as tf.Tensor2D,
        bias: this.biases[l],
        ...this.fusedActivation(l),
      }) as tf.Tensor2D;
    }

    const output = this.config.outputActivation === 'tanh' ? fastTanh(h) : h;
    return { layerInputs, output };
  }

  /**
   * Back-propagates `outputGradient` (dLoss/dOutput, shape of the output)
   * through a trace of `forward`. Parameter gradients and the input gradient
   * are computed only when asked for, so a generator update pays nothing for
   * the discriminator's weight gradients. Call inside `tf.tidy`.
   */
  backward(trace: MlpTrace, outputGradient: tf.Tensor2D, requested: { parameters: boolean; input: boolean }): NetworkGradients {
    const last = this.layerCount - 1;
    let preactivationGradient = this.outputActivationGradient(trace.output, outputGradient);
    const kernelGradients: tf.Tensor[] = new Array(this.layerCount);
    const biasGradients: tf.Tensor[] = new Array(this.layerCount);

    for (let l = last; l >= 0; l--) {
      const layerInput = trace.layerInputs[l];

      if (requested.parameters) {
        kernelGradients[l] = tf.matMul(tf.transpose(layerInput), preactivationGradient);
        biasGradients[l] = columnSums(preactivationGradient);
      }

      if (l === 0 && !requested.input) break;

      const inputGradient = productWithTransposedKernel(preactivationGradient, this.kernels[l] as tf.Tensor2D);
      if (l === 0) {
        return {
          parameterGradients: requested.parameters ? interleave(kernelGradients, biasGradients) : undefined,
          inputGradient,
        };
      }
      preactivationGradient = this.hiddenActivationGradient(layerInput, inputGradient);
    }

    return { parameterGradients: requested.parameters ? interleave(kernelGradients, biasGradients) : undefined };
  }

  
  /**
   * Computes the WGAN-GP penalty weight * mean_i (||grad_x D(x_i)|| - 1)^2 on
   * `points` and its gradient with respect to every parameter, by hand.
   *
   * With (leaky) ReLU hidden layers the input gradient is a product of the
   * kernels and of masks that are constant almost everywhere:
   * grad_x D = ((1 W_L^T) * m_{L-1}) W_{L-1}^T ... * m_1) W_1^T. Differentiating
   * the penalty through that product gives each kernel's gradient (the masks
   * and biases contribute zero). Only for a single linear output.
   */
  gradientPenalty(points: tf.Tensor2D, weight: number): { penalty: tf.Scalar; parameterGradients: tf.Tensor[] } {
    if (this.config.outputSize !== 1 || this.config.outputActivation !== 'linear') {
      throw new InvalidArgumentError('discriminator', 'a network with one linear output for the gradient penalty', `${this.config.outputSize} ${this.config.outputActivation} outputs`);
    }
    const last = this.layerCount - 1;
    const rows = points.shape[0];
    const trace = this.forward(points);
    const masks = trace.layerInputs.slice(1).map((h) => this.activationSlope(h));

    // Input gradient: preactivationGradients[l] = dD/dz_l, from the output back to the input.
    const preactivationGradients: tf.Tensor2D[] = new Array(this.layerCount);
    preactivationGradients[last] = tf.ones([rows, 1]);
    for (let l = last - 1; l >= 0; l--) {
      preactivationGradients[l] = tf.mul(productWithTransposedKernel(preactivationGradients[l + 1], this.kernels[l + 1] as tf.Tensor2D), masks[l]);
    }
    const inputGradient = productWithTransposedKernel(preactivationGradients[0], this.kernels[0] as tf.Tensor2D);

    const norms = tf.sqrt(tf.sum(tf.square(inputGradient), 1, true));
    const penalty = tf.mul(weight, tf.mean(tf.square(tf.sub(norms, 1)))) as tf.Scalar;

    // d penalty / d inputGradient, then forward through the same product: kernels only, plain matMuls.
    const coefficient = tf.div(tf.mul((2 * weight) / rows, tf.sub(norms, 1)), tf.maximum(norms, 1e-12));
    let upstream = tf.mul(inputGradient, coefficient) as tf.Tensor2D;
    const kernelGradients: tf.Tensor[] = new Array(this.layerCount);
    kernelGradients[0] = tf.matMul(tf.transpose(upstream), preactivationGradients[0]);

    for (let l = 0; l < last; l++) {
      const maskedUpstream = tf.mul(tf.matMul(upstream, this.kernels[l] as tf.Tensor2D), masks[l]) as tf.Tensor2D;
      kernelGradients[l + 1] = tf.matMul(tf.transpose(maskedUpstream), preactivationGradients[l + 1]);
      upstream = maskedUpstream;
    }

    const biasGradients = this.biases.map((bias) => tf.zerosLike(bias));
    return { penalty, parameterGradients: interleave(kernelGradients, biasGradients) };
  }

  /**
   * Builds the equivalent Keras-style `tf.Sequential` (Dense layers with
   * separate LeakyReLU/ReLU/tanh layers) holding copies of the weights, for
   * saving in the TF.js Layers format.
   */
  toLayersModel(name: string): tf.Sequential {
    const model = tf.sequential({ name });
    const sizes = [this.config.inputSize, ...this.config.hiddenSizes, this.config.outputSize];

    for (let l = 0; l < this.layerCount; l++) {
      model.add(tf.layers.dense({ units: sizes[l + 1], inputShape: l === 0 ? [sizes[0]] : undefined, activation: 'linear', name: `dense_${l}` }));
      if (l < this.layerCount - 1) {
        model.add(this.config.hiddenActivation === 'relu' ? tf.layers.reLU({ name: `relu_${l}` }) : tf.layers.leakyReLU({ alpha: this.config.leakyReluAlpha, name: `leaky_relu_${l}` }));
      }
    }
    if (this.config.outputActivation === 'tanh') model.add(tf.layers.activation({ activation: 'tanh', name: 'tanh' }));

    const copies = this.variables.map((v) => tf.tensor(v.dataSync(), v.shape, 'float32'));
    model.setWeights(copies);
    tf.dispose(copies);
    return model;
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }

  private fusedActivation(layer: number): { activation: 'linear' | 'relu' | 'leakyrelu'; leakyreluAlpha?: number } {
    if (layer === this.layerCount - 1) return { activation: 'linear' };
    return this.config.hiddenActivation === 'relu' ? { activation: 'relu' } : { activation: 'leakyrelu', leakyreluAlpha: this.config.leakyReluAlpha };
  }

  private outputActivationGradient(output: tf.Tensor2D, outputGradient: tf.Tensor2D): tf.Tensor2D {
    if (this.config.outputActivation === 'linear') return outputGradient;
    // d tanh(z) / dz = 1 - tanh(z)^2, written with the stored output.
    return tf.mul(outputGradient, tf.sub(1, tf.square(output)));
  }

  /**
   * Chain rule through a hidden activation, using the activation's output:
   * for (leaky) ReLU with alpha >= 0, h > 0 exactly when the pre-activation
   * is positive, and `tf.step(h, alpha)` is 1 there and alpha elsewhere.
   */
  private hiddenActivationGradient(activation: tf.Tensor2D, gradient: tf.Tensor2D): tf.Tensor2D {
    return tf.mul(gradient, this.activationSlope(activation));
  }

  /** The hidden activation's derivative at each entry, from the activation's output. */
  private activationSlope(activation: tf.Tensor2D): tf.Tensor2D {
    const alpha = this.config.hiddenActivation === 'relu' ? 0 : this.config.leakyReluAlpha;
    return tf.step(activation, alpha);
  }

  private checkInput(input: tf.Tensor2D): void {
    if (input.rank !== 2 || input.shape[1] !== this.config.inputSize) {
      throw new InvalidArgumentError('input', `a 2-D tensor with ${this.config.inputSize} columns`, `shape [${input.shape.join(', ')}]`);
    }
  }
}

/**
 * Returns gradient W^T for gradient [n, out] and W [in, out] with plain
 * matMuls only: transposing W costs in * out copies, transposing gradient
 * and the result costs n * (in + out), and the cheaper one is used.
 */
export function productWithTransposedKernel(gradient: tf.Tensor2D, kernel: tf.Tensor2D): tf.Tensor2D {
  const [inputSize, outputSize] = kernel.shape;
  const rows = gradient.shape[0];

  if (rows * (inputSize + outputSize) < inputSize * outputSize) {
    return tf.transpose(tf.matMul(kernel, tf.transpose(gradient))) as tf.Tensor2D;
  }
  return tf.matMul(gradient, tf.transpose(kernel));
}

/**
 * Returns tanh(x) as 2 sigmoid(2x) - 1. TF.js's fused matMul has no tanh, and
 * the WASM backend's tanh kernel measured 6 to 9 times slower than its
 * sigmoid on a [64, 784] tensor (TF.js 4.22, two-core x86). The absolute
 * error stays within a few float32 ulps of 1.
 */
export function fastTanh(x: tf.Tensor2D): tf.Tensor2D {
  return tf.sub(tf.mul(tf.sigmoid(tf.mul(x, 2)), 2), 1);
}

/** Sums the rows of x [n, m] into [m] as ones[1, n] x, because the WASM backend reduces axis 0 by transposing first. */
function columnSums(x: tf.Tensor2D): tf.Tensor1D {
  return tf.reshape(tf.matMul(tf.ones([1, x.shape[0]]), x), [x.shape[1]]);
}

function interleave(kernels: tf.Tensor[], biases: tf.Tensor[]): tf.Tensor[] {
  return kernels.flatMap((kernel, l) => [kernel, biases[l]]);
}

function checkConfig(config: MlpConfig): void {
  positiveInteger('inputSize', config.inputSize);
  positiveInteger('outputSize', config.outputSize);
  config.hiddenSizes.forEach((size, i) => positiveInteger(`hiddenSizes[${i}]`, size));

  if (config.hiddenActivation !== 'leaky-relu' && config.hiddenActivation !== 'relu') {
    throw new InvalidArgumentError('hiddenActivation', 'one of "leaky-relu", "relu"', config.hiddenActivation);
  }
  if (config.outputActivation !== 'linear' && config.outputActivation !== 'tanh') {
    throw new InvalidArgumentError('outputActivation', 'one of "linear", "tanh"', config.outputActivation);
  }
  finite('leakyReluAlpha', config.leakyReluAlpha);
  if (config.leakyReluAlpha < 0 || config.leakyReluAlpha >= 1) {
    throw new InvalidArgumentError('leakyReluAlpha', 'in [0, 1)', config.leakyReluAlpha);
  }
}
