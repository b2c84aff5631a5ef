/**
 * Adam (Kingma & Ba 2015) as one JavaScript loop per variable over the
 * gradient and weight storage, with the moment estimates kept in
 * Float32Arrays. The TF.js way costs about a dozen element-wise ops, each a
 * new tensor, per variable. With PyTorch's `torch.optim.Adam` conventions:
 *
 *   m = beta1 m + (1 - beta1) g
 *   v = beta2 v + (1 - beta2) g^2
 *   w = w - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + epsilon)
 *
 * The state (step count and both moments) serialises to plain arrays for
 * checkpoints, and restoring it continues the exact same sequence of updates.
 */
import { tf } from '../backend.js';
import { InvalidArgumentError, NumericalError } from '../errors.js';
import { nonNegative, positive, probability } from '../validate.js';
import { readFloat32, replaceValues } from './tensor-memory.js';

export interface AdamOptions {
  /** Step size; the GAN default is 2e-4 (Radford et al. 2016). */
  readonly learningRate?: number;
  /** Decay of the first-moment estimate; the GAN default is 0.5. */
  readonly beta1?: number;
  /** Decay of the second-moment estimate. */
  readonly beta2?: number;
  readonly epsilon?: number;
}

/** GAN defaults: lr 2e-4, beta1 0.5, beta2 0.999 (Radford et al. 2016), epsilon 1e-8 as in PyTorch. */
export const GAN_ADAM_DEFAULTS = { learningRate: 2e-4, beta1: 0.5, beta2: 0.999, epsilon: 1e-8 } as const;

/** Serialisable optimiser state: the step count and one moment pair per variable. */
export interface AdamState {
  readonly step: number;
  readonly firstMoments: Float32Array[];
  readonly secondMoments: Float32Array[];
}

export class Adam {
  /** Step size of the next update; trainers change it to follow a learning-rate schedule. */
  learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  private step = 0;
  private readonly firstMoments: Float32Array[];
  private readonly secondMoments: Float32Array[];
  /** Spare buffers that an update fills before it commits, swapped with the moments on commit. */
  private readonly nextFirstMoments: Float32Array[];
  private readonly nextSecondMoments: Float32Array[];
  private readonly nextWeights: Float32Array[];

  /** Builds an optimiser for `variables`, whose order fixes the order of gradients in `applyGradients`. */
  constructor(
    readonly variables: readonly tf.Variable[],
    options: AdamOptions = {},
  ) {
    this.learningRate = nonNegative('learningRate', options.learningRate ?? GAN_ADAM_DEFAULTS.learningRate);
    this.beta1 = betaInUnitInterval('beta1', options.beta1 ?? GAN_ADAM_DEFAULTS.beta1);
    this.beta2 = betaInUnitInterval('beta2', options.beta2 ?? GAN_ADAM_DEFAULTS.beta2);
    this.epsilon = positive('epsilon', options.epsilon ?? GAN_ADAM_DEFAULTS.epsilon);

    this.firstMoments = variables.map((v) => new Float32Array(v.size));
    this.secondMoments = variables.map((v) => new Float32Array(v.size));
    this.nextFirstMoments = variables.map((v) => new Float32Array(v.size));
    this.nextSecondMoments = variables.map((v) => new Float32Array(v.size));
    this.nextWeights = variables.map((v) => new Float32Array(v.size));
  }

  /** Number of updates applied so far. */
  get iterations(): number {
    return this.step;
  }

  /**
   * Applies one update from `gradients` (aligned with `variables`) and
   * returns the global L2 norm of the gradients. A NaN or infinite gradient
   * throws NumericalError before any weight changes. The gradient tensors
   * stay owned by the caller.
   */
  applyGradients(gradients: readonly tf.Tensor[]): number {
    if (gradients.length !== this.variables.length) {
      throw new InvalidArgumentError('gradients', `a list of ${this.variables.length} tensors, one per variable`, `${gradients.length} tensors`);
    }

    // One pass computes the new moments and weights into spare buffers and the gradient norm.
    // It allocates no tensors, so its views into WASM memory stay valid throughout.
    const step = this.step + 1;
    const stepSize = this.learningRate / (1 - this.beta1 ** step);
    const secondMomentScale = 1 / Math.sqrt(1 - this.beta2 ** step);
    let squaredNorm = 0;
    for (let i = 0; i < this.variables.length; i++) {
      const gradient = this.checkedGradient(gradients[i], i);
      squaredNorm += this.update(readFloat32(this.variables[i]), gradient, i, stepSize, secondMomentScale);
    }

    const norm = Math.sqrt(squaredNorm);
    if (!Number.isFinite(norm)) {
      throw new NumericalError(`the gradient norm is ${norm}; the update was not applied, so the weights and the optimiser state are those before this step`);
    }

    // Commit: the spare buffers become the state, and each variable gets new storage.
    // New storage means a new tensor id, which the WASM matMul cache of packed operands needs.
    this.step = step;
    for (let i = 0; i < this.variables.length; i++) {
      [this.firstMoments[i], this.nextFirstMoments[i]] = [this.nextFirstMoments[i], this.firstMoments[i]];
      [this.secondMoments[i], this.nextSecondMoments[i]] = [this.nextSecondMoments[i], this.secondMoments[i]];
      replaceValues(this.variables[i], this.nextWeights[i]);
    }
    return norm;
  }

  private checkedGradient(gradient: tf.Tensor, index: number): Float32Array {
    const variable = this.variables[index];
    if (gradient.size !== variable.size) {
      throw new InvalidArgumentError(`gradients[${index}]`, `a tensor of ${variable.size} values like variable ${variable.name}`, `shape [${gradient.shape.join(', ')}]`);
    }
    return readFloat32(gradient);
  }

  /**
   * Writes the updated moments and weights of variable `index` into its spare
   * buffers, leaving the current state alone, and returns the sum of the
   * squared gradient entries.
   */
  private update(weights: Float32Array, gradient: Float32Array, index: number, stepSize: number, secondMomentScale: number): number {
    const { beta1, beta2, epsilon } = this;
    const first = this.firstMoments[index];
    const second = this.secondMoments[index];
    const nextFirst = this.nextFirstMoments[index];
    const nextSecond = this.nextSecondMoments[index];
    const nextWeights = this.nextWeights[index];
    const oneMinusBeta1 = 1 - beta1;
    const oneMinusBeta2 = 1 - beta2;
    let squaredSum = 0;

    for (let j = 0; j < weights.length; j++) {
      const g = gradient[j];
      squaredSum += g * g;
      const m = beta1 * first[j] + oneMinusBeta1 * g;
      const v = beta2 * second[j] + oneMinusBeta2 * g * g;
      nextFirst[j] = m;
      nextSecond[j] = v;
      nextWeights[j] = weights[j] - (stepSize * m) / (Math.sqrt(v) * secondMomentScale + epsilon);
    }
    return squaredSum;
  }

  /** Copies of the step count and moments, for a checkpoint. */
  getState(): AdamState {
    return {
      step: this.step,
      firstMoments: this.firstMoments.map((m) => m.slice()),
      secondMoments: this.secondMoments.map((v) => v.slice()),
    };
  }

  /** Restores a state from `getState()`; the moment shapes must match the variables. */
  setState(state: AdamState): void {
    if (!Number.isSafeInteger(state.step) || state.step < 0) {
      throw new InvalidArgumentError('state.step', 'a non-negative integer', state.step);
    }
    if (state.firstMoments.length !== this.variables.length || state.secondMoments.length !== this.variables.length) {
      throw new InvalidArgumentError('state', `moments for ${this.variables.length} variables`, `${state.firstMoments.length} and ${state.secondMoments.length}`);
    }

    for (let i = 0; i < this.variables.length; i++) {
      const size = this.variables[i].size;
      if (state.firstMoments[i].length !== size || state.secondMoments[i].length !== size) {
        throw new InvalidArgumentError(`state moments ${i}`, `${size} values like variable ${this.variables[i].name}`, state.firstMoments[i].length);
      }
      this.firstMoments[i].set(state.firstMoments[i]);
      this.secondMoments[i].set(state.secondMoments[i]);
    }
    this.step = state.step;
  }
}

function betaInUnitInterval(name: string, value: number): number {
  probability(name, value);
  if (value === 1) throw new InvalidArgumentError(name, 'in [0, 1)', value);
  return value;
}
