/**
 * Kernel pieces shared by the tensor code: squared distances from one
 * matrix product, and kernel values with their derivatives.
 */
import * as tf from '@tensorflow/tfjs';

import { InvalidArgumentError } from '../errors.js';
import type { Kernel } from './kernels.js';

/**
 * Smallest bandwidth or scale the float32 code accepts: 2^-60, about 8.7e-19.
 * Below it 1 / (2 sigma^2) overflows float32 (max about 3.4e38), and r = 0
 * then gives 0 * Infinity = NaN where k(x, x) should be 1.
 */
export const MIN_FLOAT32_BANDWIDTH = 2 ** -60;

/** Returns `kernel` if its bandwidths or scales are usable in float32, and otherwise throws naming the bad one. */
export function checkFloat32Kernel<K extends Kernel>(kernel: K, hint = 'Rescale the data so that the bandwidths are larger'): K {
  const [name, values] = kernel.type === 'rbf' ? ['kernel.bandwidths', kernel.bandwidths] : kernel.type === 'imq' ? ['kernel.scales', kernel.scales] : ['', []];
  values.forEach((value, i) => {
    if (!(value >= MIN_FLOAT32_BANDWIDTH)) {
      throw new InvalidArgumentError(`${name}[${i}]`, `at least ${MIN_FLOAT32_BANDWIDTH.toPrecision(2)} in float32 tensor code`, value, hint);
    }
  });
  return kernel;
}

/**
 * Computes ||a_i - b_j||^2 = ||a_i||^2 + ||b_j||^2 - 2 <a_i, b_j>, clamped at 0
 * against rounding. When the rows are short next to the n x m result, one
 * product of augmented rows [-2a, ||a||^2, 1] . [b, 1, ||b||^2] gives it
 * with the clamp fused in. Otherwise the norms are added to the product by
 * broadcasting, which touches n x m values twice instead of copying the rows.
 */
export function clampedSquaredDistances(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const [n, d] = a.shape;
  const m = b.shape[0];
  const normsA = tf.sum(tf.square(a), 1, true);
  const normsB = tf.sum(tf.square(b), 1, true);

  if ((n + m) * (d + 2) <= 2 * n * m) {
    const left = tf.concat([tf.mul(a, -2), normsA, tf.onesLike(normsA)], 1) as tf.Tensor2D;
    const right = tf.concat([b, tf.onesLike(normsB), normsB], 1);
    return tf.fused.matMul({ a: left, b: tf.transpose(right) as tf.Tensor2D, activation: 'relu' }) as tf.Tensor2D;
  }

  const products = tf.matMul(tf.mul(a, -2) as tf.Tensor2D, tf.transpose(b) as tf.Tensor2D);
  return tf.relu(tf.add(tf.add(products, normsA), tf.reshape(normsB, [1, m]))) as tf.Tensor2D;
}

/** Kernel values K and derivatives dK/d(argument), entry by entry. */
export function evaluateKernel(argument: tf.Tensor2D, kernel: Kernel): { values: tf.Tensor2D; derivatives: tf.Tensor2D } {
  switch (kernel.type) {
    case 'rbf': {
      let values: tf.Tensor2D | null = null;
      let derivatives: tf.Tensor2D | null = null;
      for (const sigma of kernel.bandwidths) {
        const coefficient = -1 / (2 * sigma * sigma);
        const term = tf.exp(tf.mul(argument, coefficient)) as tf.Tensor2D;
        const slope = tf.mul(term, coefficient) as tf.Tensor2D;
        values = values === null ? term : (tf.add(values, term) as tf.Tensor2D);
        derivatives = derivatives === null ? slope : (tf.add(derivatives, slope) as tf.Tensor2D);
      }
      return { values: values!, derivatives: derivatives! };
    }
    case 'imq': {
      const exponent = kernel.exponent ?? -0.5;
      let values: tf.Tensor2D | null = null;
      let derivatives: tf.Tensor2D | null = null;
      for (const scale of kernel.scales) {
        const inverseSquare = 1 / (scale * scale);
        const base = tf.add(tf.mul(argument, inverseSquare), 1);
        const term = tf.pow(base, exponent) as tf.Tensor2D;
        const slope = tf.mul(tf.div(term, base), exponent * inverseSquare) as tf.Tensor2D;
        values = values === null ? term : (tf.add(values, term) as tf.Tensor2D);
        derivatives = derivatives === null ? slope : (tf.add(derivatives, slope) as tf.Tensor2D);
      }
      return { values: values!, derivatives: derivatives! };
    }
    case 'polynomial': {
      const gamma = kernel.gamma ?? 1;
      const coef0 = kernel.coef0 ?? 1;
      const base = tf.add(tf.mul(argument, gamma), coef0);
      const values = tf.pow(base, kernel.degree) as tf.Tensor2D;
      const derivatives = tf.mul(tf.pow(base, kernel.degree - 1), kernel.degree * gamma) as tf.Tensor2D;
      return { values, derivatives };
    }
  }
}
