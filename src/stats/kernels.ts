/**
 * Positive-definite kernels for MMD, as plain descriptions that both the
 * typed-array code (`mmd.ts`) and the TF.js code (`mmd-tensor.ts`) evaluate.
 * Each factory's TSDoc gives its formula. r = ||x - y||^2 is the squared
 * Euclidean distance and <x, y> the inner product.
 *
 * The typed-array evaluation computes r / (2 sigma^2) as (r h) h with
 * h = sqrt(1/2) / sigma, instead of multiplying by a precomputed
 * 1 / (2 sigma^2). Then k(x, x) = 1 exactly for any positive bandwidth, even
 * where sigma^2 underflows (sigma below about 1.5e-154) and 1 / (2 sigma^2)
 * would turn r = 0 into 0 * Infinity = NaN. Where h itself overflows (sigma
 * below about 4e-309), it divides by sigma twice instead.
 */
import { InvalidArgumentError } from '../errors.js';
import { nonNegative, positive, positiveInteger } from '../validate.js';

/**
 * Gaussian RBF sum: k(x, y) = sum over sigma of exp(-||x - y||^2 / (2 sigma^2)).
 * Each sigma is a standard deviation in data units, not a variance; the
 * `gamma` of scikit-learn's `rbf_kernel` is 1 / (2 sigma^2). k(x, x) equals
 * the number of bandwidths.
 */
export interface RbfKernel {
  readonly type: 'rbf';
  /** Standard deviations sigma of the Gaussians, each a positive finite number. */
  readonly bandwidths: readonly number[];
}

/**
 * Inverse multiquadric sum: k(x, y) = sum over c of (1 + ||x - y||^2 / c^2)^exponent,
 * with a negative exponent (default -1/2). k(x, x) equals the number of scales.
 */
export interface InverseMultiquadricKernel {
  readonly type: 'imq';
  /** Length scales c in data units, each a positive finite number. */
  readonly scales: readonly number[];
  /** Negative exponent; default -0.5. */
  readonly exponent?: number;
}

/** Polynomial kernel: k(x, y) = (gamma <x, y> + coef0)^degree. */
export interface PolynomialKernel {
  readonly type: 'polynomial';
  /** A positive integer. */
  readonly degree: number;
  /** Positive; default 1. */
  readonly gamma?: number;
  /** Non-negative, so that the kernel is positive definite; default 1. */
  readonly coef0?: number;
}

export type Kernel = RbfKernel | InverseMultiquadricKernel | PolynomialKernel;

/** The bandwidths of the MMD generator literature's RBF sum, and of the benchmark anchors. */
export const DEFAULT_RBF_BANDWIDTHS: readonly number[] = [1, 2, 5, 10, 20, 40];

/**
 * Creates a Gaussian RBF kernel sum,
 * k(x, y) = sum over sigma of exp(-||x - y||^2 / (2 sigma^2)),
 * where each bandwidth sigma is a standard deviation in data units (not a
 * variance; scikit-learn's gamma is 1 / (2 sigma^2)). A single number gives
 * one Gaussian. Default: sigma in {1, 2, 5, 10, 20, 40}.
 */
export function rbfKernel(bandwidths: number | readonly number[] = DEFAULT_RBF_BANDWIDTHS): RbfKernel {
  const list = typeof bandwidths === 'number' ? [bandwidths] : [...bandwidths];
  return checkKernel({ type: 'rbf', bandwidths: list }) as RbfKernel;
}

/**
 * Creates an inverse multiquadric kernel sum,
 * k(x, y) = sum over c of (1 + ||x - y||^2 / c^2)^exponent,
 * with length scales c in data units and a negative exponent (default -1/2).
 * Exponent -1 gives c^2 / (c^2 + ||x - y||^2), the form of Wasserstein
 * auto-encoders.
 */
export function imqKernel(scales: number | readonly number[] = 1, exponent = -0.5): InverseMultiquadricKernel {
  const list = typeof scales === 'number' ? [scales] : [...scales];
  return checkKernel({ type: 'imq', scales: list, exponent }) as InverseMultiquadricKernel;
}

/**
 * Creates a polynomial kernel k(x, y) = (gamma <x, y> + coef0)^degree, with
 * gamma default 1 and coef0 default 1. Its values grow like |x|^(2 degree),
 * so high degrees overflow a double on unscaled data.
 */
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
  return scaledKernelFunction(checkKernel(kernel), 1);
}

/**
 * Returns k as a function of the argument computed from rows multiplied by
 * `rowScale`, so that its values equal k on the unscaled rows. The two-sample
 * code rescales rows by a power of 2 (an exact operation) when their values
 * are so large or small that squared distances would overflow or underflow.
 * `kernel` must already be checked.
 */
export function scaledKernelFunction(kernel: Kernel, rowScale: number): (argument: number) => number {
  switch (kernel.type) {
    case 'rbf': {
      // Scaled bandwidths may underflow to 0; the smallest double keeps k(x, x) = 1 there.
      const sigmas = kernel.bandwidths.map((sigma) => Math.max(sigma * rowScale, Number.MIN_VALUE));
      const factors = sigmas.map((sigma) => Math.SQRT1_2 / sigma);
      if (!factors.every(Number.isFinite)) {
        return (r) => {
          let sum = 0;
          for (const sigma of sigmas) sum += Math.exp(-0.5 * (r / sigma / sigma));
          return sum;
        };
      }
      if (factors.length === 1) {
        const h = factors[0];
        return (r) => Math.exp(-(r * h) * h);
      }
      return (r) => {
        let sum = 0;
        for (const h of factors) sum += Math.exp(-(r * h) * h);
        return sum;
      };
    }
    case 'imq': {
      const scales = kernel.scales.map((c) => Math.max(c * rowScale, Number.MIN_VALUE));
      const exponent = kernel.exponent ?? -0.5;
      return (r) => {
        let sum = 0;
        for (const c of scales) sum += Math.pow(1 + r / c / c, exponent);
        return sum;
      };
    }
    case 'polynomial': {
      // <s x, s y> = s^2 <x, y>, so gamma absorbs 1 / s^2.
      const gamma = (kernel.gamma ?? 1) / rowScale / rowScale;
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
