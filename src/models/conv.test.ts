import { afterAll, describe, expect, it } from 'vitest';

import { initBackend, tf } from '../backend.js';
import { createGenerator } from '../random/index.js';
import { uniform } from '../random/uniform.js';
import { conv2d, conv2dTranspose, samePadding } from './conv.js';

afterAll(async () => {
  await initBackend('wasm');
});

function randomValues(seed: number, size: number): Float32Array {
  const rng = createGenerator('pcg32', seed);
  return Float32Array.from({ length: size }, () => uniform(rng, -1, 1));
}

interface Case {
  readonly label: string;
  readonly input: [number, number, number, number];
  readonly filter: [number, number, number, number];
  readonly stride: number;
  readonly transpose: boolean;
}

const cases: Case[] = [
  { label: 'conv 4x4 stride 2 (DCGAN)', input: [2, 8, 8, 3], filter: [4, 4, 3, 5], stride: 2, transpose: false },
  { label: 'conv 3x3 stride 1', input: [2, 5, 6, 2], filter: [3, 3, 2, 4], stride: 1, transpose: false },
  { label: 'conv 5x5 stride 2, odd size', input: [1, 7, 7, 2], filter: [5, 5, 2, 3], stride: 2, transpose: false },
  { label: 'transposed 4x4 stride 2 (DCGAN)', input: [2, 4, 4, 5], filter: [4, 4, 3, 5], stride: 2, transpose: true },
];

/** Value and gradients of sum(op(x, w) * upstream), with our op or TF.js's own. */
function gradients(testCase: Case, ours: boolean): { value: Float32Array; dx: Float32Array; dw: Float32Array } {
  return tf.tidy(() => {
    const x = tf.tensor4d(randomValues(1, testCase.input.reduce((a, b) => a * b)), testCase.input);
    const w = tf.tensor4d(randomValues(2, testCase.filter.reduce((a, b) => a * b)), testCase.filter);
    const [n, h, wd] = testCase.input;
    const outputShape: [number, number, number, number] = testCase.transpose
      ? [n, h * testCase.stride, wd * testCase.stride, testCase.filter[2]]
      : [n, Math.ceil(h / testCase.stride), Math.ceil(wd / testCase.stride), testCase.filter[3]];
    const upstream = tf.tensor4d(randomValues(3, outputShape.reduce((a, b) => a * b)), outputShape);

    const op = (input: tf.Tensor, weights: tf.Tensor) => {
      if (ours) return testCase.transpose ? conv2dTranspose(input as tf.Tensor4D, weights as tf.Tensor4D, testCase.stride) : conv2d(input as tf.Tensor4D, weights as tf.Tensor4D, testCase.stride);
      return testCase.transpose
        ? tf.conv2dTranspose(input as tf.Tensor4D, weights as tf.Tensor4D, outputShape, testCase.stride, 'same')
        : tf.conv2d(input as tf.Tensor4D, weights as tf.Tensor4D, testCase.stride, 'same');
    };
    const value = op(x, w);
    const [dx, dw] = tf.grads((input: tf.Tensor, weights: tf.Tensor) => tf.sum(tf.mul(op(input, weights), upstream)))([x, w]);
    return { value: value.dataSync() as Float32Array, dx: dx.dataSync() as Float32Array, dw: dw.dataSync() as Float32Array };
  });
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return a.reduce((max, value, i) => Math.max(max, Math.abs(value - b[i])), 0);
}

describe('convolutions with WASM gradients', () => {
  for (const testCase of cases) {
    it(`${testCase.label}: matches TF.js autodiff on cpu`, async () => {
      await initBackend('cpu');
      const reference = gradients(testCase, false);
      const ours = gradients(testCase, true);
      expect(maxDifference(ours.value, reference.value)).toBeLessThan(1e-5);
      expect(maxDifference(ours.dx, reference.dx)).toBeLessThan(1e-4);
      expect(maxDifference(ours.dw, reference.dw)).toBeLessThan(1e-4);
    });

    it(`${testCase.label}: gives the same gradients on wasm`, async () => {
      await initBackend('cpu');
      const reference = gradients(testCase, false);
      await initBackend('wasm');
      const ours = gradients(testCase, true);
      expect(maxDifference(ours.dx, reference.dx)).toBeLessThan(1e-4);
      expect(maxDifference(ours.dw, reference.dw)).toBeLessThan(1e-4);
    });
  }

  it('pads as TF does for same mode', () => {
    expect(samePadding(28, 4, 2)).toEqual({ before: 1, after: 1, output: 14 });
    expect(samePadding(7, 5, 2)).toEqual({ before: 2, after: 2, output: 4 });
    expect(samePadding(6, 3, 1)).toEqual({ before: 1, after: 1, output: 6 });
    expect(samePadding(8, 2, 2)).toEqual({ before: 0, after: 0, output: 4 });
  });
});
