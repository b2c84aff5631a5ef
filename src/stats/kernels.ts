/**
 * Positive-definite kernels for MMD, as plain descriptions that both the
 * typed-array code (`mmd.ts`) and the TF.js code (`mmd-tensor.ts`) evaluate.
 *
 * Every formula below is written in terms of the squared Euclidean distance
 * r = ||x - y||^2 or the inner product <x, y>:
 *
 * - `rbf`: Gaussian RBF, a sum over bandwidths sigma (standard deviations,
 *   not variances): k(x, y) = sum_sigma exp(-r / (2 sigma^2)). In the
 *   gamma parameterisation of scikit-learn, gamma = 1 / (2 sigma^2).
 *   k(x, x) = number of bandwidths.
 * - `imq`: inverse multiquadric, a sum over scales c:
 *   k(x, y) = sum_c (1 + r / c^2)^exponent with exponent in (-inf, 0),
 *   default -1/2. Exponent -1 gives c^2 / (c^2 + r), the form used by
 *   Wasserstein auto-encoders.
 * - `polynomial`: k(x, y) = (gamma <x, y> + coef0)^degree, with gamma
 *   default 1 and coef0 default 1.
 */
import { InvalidArgumentError } from '../errors.js';
import { nonNegative, positive, positiveInteger } from '../validate.js';

export interface RbfKernel {
  readonly type: 'rbf';
  /** Standard deviations sigma of the Gaussians, each a positive finite number. */
  readonly bandwidths: readonly number[];
}

export interface InverseMultiquadricKernel {
  readonly type: 'imq';
  /** Length scales c, each a positive finite number. */
  readonly scales: readonly number[];
  /** Negative exponent; default -0.5. */
  readonly exponent?: number;
}

export interface PolynomialKernel {
  readonly type: 'polynomial';
  readonly degree: number;
  readonly gamma?: number;
  readonly coef0?: number;
}

export type Kernel = RbfKernel | InverseMultiquadricKernel | PolynomialKernel;

/** The bandwidths of the MMD generator literature's RBF sum, and of the benchmark anchors. */
export const DEFAULT_RBF_BANDWIDTHS: readonly number[] = [1, 2, 5, 10, 20, 40];

/** Creates a Gaussian RBF kernel (a sum) with bandwidths sigma. A single number gives one Gaussian. */
export function rbfKernel(bandwidths: number | readonly number[] = DEFAULT_RBF_BANDWIDTHS): RbfKernel {
  const list = typeof bandwidths === 'number' ? [bandwidths] : [...bandwidths];
  return checkKernel({ type: 'rbf', bandwidths: list }) as RbfKernel;
}

/** Creates an inverse multiquadric kernel (a sum) with scales c and a negative exponent (default -1/2). */
export function imqKernel(scales: number | readonly number[] = 1, exponent = -0.5): InverseMultiquadricKernel {
  const list = typeof scales === 'number' ? [scales] : [...scales];
  return checkKernel({ type: 'imq', scales: list, exponent }) as InverseMultiquadricKernel;
}

/** Creates a polynomial kernel (gamma <x, y> + coef0)^degree. */
export function polynomialKernel(degree: number, options: { gamma?: number; coef0?: number } = {}): PolynomialKernel {
  return checkKernel({ type: 'polynomial', degree, gamma: options.gamma ?? 1, coef0: options.coef0 ?? 1 }) as PolynomialKernel;
}

/** Validates a kernel description and returns it; throws InvalidArgumentError naming the bad field. */
export function checkKernel(kernel: Kernel): Kernel {
  if (kernel === null || typeof kernel !== 'object') {
    throw new InvalidArgumentError('kernel', "an object with type 'rbf', 'imq' or 'polynomial'", kernel);
  }

  switch (kernel.type) {
    case 'rbf':
      checkPositiveList('kernel.bandwidths', kernel.bandwidths);
      return kernel;
    case 'imq':
      checkPositiveList('kernel.scales', kernel.scales);
      if (kernel.exponent !== undefined && !(kernel.exponent < 0 && Number.isFinite(kernel.exponent))) {
        throw new InvalidArgumentError('kernel.exponent', 'a negative finite number', kernel.exponent);
      }
      return kernel;
    case 'polynomial':
      positiveInteger('kernel.degree', kernel.degree);
      if (kernel.gamma !== undefined) positive('kernel.gamma', kernel.gamma);
      if (kernel.coef0 !== undefined) nonNegative('kernel.coef0', kernel.coef0);
      return kernel;
    default:
      throw new InvalidArgumentError('kernel.type', "one of 'rbf', 'imq', 'polynomial'", (kernel as { type?: unknown }).type);
  }
}

function checkPositiveList(name: string, values: readonly number[]): void {
  if (!Array.isArray(values) || values.length === 0) {
    throw new InvalidArgumentError(name, 'a non-empty array of positive numbers', values);
  }
  values.forEach((value, i) => positive(`${name}[${i}]`, value));
}

/** Whether the kernel is a function of the squared distance (rbf, imq) rather than the inner product. */
export function isDistanceKernel(kernel: Kernel): kernel is RbfKernel | InverseMultiquadricKernel {
  return kernel.type !== 'polynomial';
}

/**
 * Returns k as a function of its argument: the squared distance r for
 * `rbf` and `imq`, the inner product for `polynomial`.
 */
export function kernelFunction(kernel: Kernel): (argument: number) => number {
  checkKernel(kernel);

  switch (kernel.type) {
    case 'rbf': {
      const coefficients = kernel.bandwidths.map((sigma) => -1 / (2 * sigma * sigma));
      if (coefficients.length === 1) {
        const only = coefficients[0];
        return (r) => Math.exp(only * r);
      }
      return (r) => {
        let sum = 0;
        for (const coefficient of coefficients) sum += Math.exp(coefficient * r);
        return sum;
      };
    }
    case 'imq': {
      const inverseSquares = kernel.scales.map((c) => 1 / (c * c));
      const exponent = kernel.exponent ?? -0.5;
      return (r) => {
        let sum = 0;
        for (const inverse of inverseSquares) sum += Math.pow(1 + r * inverse, exponent);
        return sum;
      };
    }
    case 'polynomial': {
      const gamma = kernel.gamma ?? 1;
      const coef0 = kernel.coef0 ?? 1;
      const degree = kernel.degree;
      return (product) => Math.pow(gamma * product + coef0, degree);
    }
  }
}

/** Describes a kernel in one line for logs and JSON output, e.g. `rbf(sigma=1,2,5)`. */
export function describeKernel(kernel: Kernel): string {
  switch (kernel.type) {
    case 'rbf':
      return `rbf(sigma=${kernel.bandwidths.join(',')})`;
    case 'imq':
      return `imq(c=${kernel.scales.join(',')}, exponent=${kernel.exponent ?? -0.5})`;
    case 'polynomial':
      return `polynomial(degree=${kernel.degree}, gamma=${kernel.gamma ?? 1}, coef0=${kernel.coef0 ?? 1})`;
  }
}
