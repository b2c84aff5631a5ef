import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { initBackend, tf } from '../backend.js';
import { Adam } from './adam.js';
import { ownedVariable } from './tensor-memory.js';

beforeAll(async () => {
  await initBackend('wasm');
});

afterAll(async () => {
  await initBackend('wasm');
});

/** Gradient of 0.5 * sum(c * w^2) is c * w: a fixed quadratic to run optimisers on. */
function quadraticGradient(variable: tf.Variable, curvature: tf.Tensor): tf.Tensor {
  return tf.mul(curvature, variable);
}

/** Ten torch.optim.Adam steps written by fixtures/models/generate.py (PyTorch 1.13). */
const torchAdam = (
  JSON.parse(readFileSync(new URL('../../fixtures/models/reference.json', import.meta.url), 'utf8')) as {
    adam: { curvature: number[]; start: number[]; learningRate: number; beta1: number; beta2: number; epsilon: number; trajectory: number[][] };
  }
).adam;

describe('Adam', () => {
  it('follows torch.optim.Adam', () => {
    const w = ownedVariable(tf.tensor1d(torchAdam.start), 'w');
    const curvature = tf.tensor1d(torchAdam.curvature);
    const optimizer = new Adam([w], torchAdam);

    for (const expected of torchAdam.trajectory) {
      tf.tidy(() => optimizer.applyGradients([quadraticGradient(w, curvature)]));
      const actual = Array.from(w.dataSync());
      expected.forEach((value, i) => expect(Math.abs(actual[i] - value)).toBeLessThan(1e-6));
    }

    w.dispose();
    curvature.dispose();
  });

  it('takes a first step of learningRate * sign(g)', () => {
    const w = ownedVariable(tf.tensor1d([1, -2, 3]), 'w');
    const optimizer = new Adam([w], { learningRate: 0.1, beta1: 0.5, beta2: 0.999, epsilon: 1e-12 });
    const gradient = tf.tensor1d([4, -0.5, 0.001]);

    // t = 1: m = 0.5 g, v = 0.001 g^2, so lr / 0.5 * 0.5 g / (sqrt(0.001) |g| / sqrt(0.001)) = lr * sign(g).
    const norm = optimizer.applyGradients([gradient]);
    const values = Array.from(w.dataSync());
    expect(values[0]).toBeCloseTo(0.9, 6);
    expect(values[1]).toBeCloseTo(-1.9, 6);
    expect(values[2]).toBeCloseTo(2.9, 6);
    expect(norm).toBeCloseTo(Math.hypot(4, -0.5, 0.001), 5);
    expect(optimizer.iterations).toBe(1);

    w.dispose();
    gradient.dispose();
  });

  for (const backend of ['wasm', 'cpu'] as const) {
    it(`follows tf.train.adam for 20 steps on ${backend}`, async () => {
      await initBackend(backend);
      const curvature = tf.tensor2d([
        [1, 10, 0.1],
        [3, 0.5, 2],
      ]);
      const start = [
        [1, -1, 2],
        [0.5, 3, -2],
      ];
      const ours = ownedVariable(tf.tensor2d(start), 'ours');
      const theirs = tf.variable(tf.tensor2d(start));
      const optimizer = new Adam([ours], { learningRate: 0.05, beta1: 0.5, beta2: 0.9, epsilon: 1e-7 });
      const reference = tf.train.adam(0.05, 0.5, 0.9, 1e-7);

      for (let step = 0; step < 20; step++) {
        tf.tidy(() => optimizer.applyGradients([quadraticGradient(ours, curvature)]));
        tf.tidy(() => reference.applyGradients([{ name: theirs.name, tensor: quadraticGradient(theirs, curvature) }]));
      }

      const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(ours, theirs))).dataSync()[0]);
      expect(difference).toBeLessThan(1e-5);

      ours.dispose();
      theirs.dispose();
      curvature.dispose();
      reference.dispose();
      await initBackend('wasm');
    });
  }

  it('updates a variable whose storage is shared by copying', () => {
    const w = ownedVariable(tf.tensor1d([1, 2]), 'w');
    const alias = tf.reshape(w, [2, 1]);
    const optimizer = new Adam([w], { learningRate: 0.1 });
    const gradient = tf.tensor1d([1, -1]);

    optimizer.applyGradients([gradient]);
    expect(Array.from(alias.dataSync())).toEqual([1, 2]);
    expect(w.dataSync()[0]).toBeCloseTo(0.9, 6);
    expect(w.dataSync()[1]).toBeCloseTo(2.1, 6);

    w.dispose();
    alias.dispose();
    gradient.dispose();
  });

  it('continues identically after a state round trip', () => {
    const make = () => ownedVariable(tf.tensor1d([0.3, -0.7, 1.1, 2]), 'w');
    const curvature = tf.tensor1d([1, 2, 3, 4]);
    const first = make();
    const second = make();
    const a = new Adam([first], { learningRate: 0.01 });
    for (let step = 0; step < 5; step++) tf.tidy(() => a.applyGradients([quadraticGradient(first, curvature)]));

    second.assign(first);
    const b = new Adam([second], { learningRate: 0.01 });
    b.setState(structuredClone(a.getState()));
    for (let step = 0; step < 5; step++) {
      tf.tidy(() => a.applyGradients([quadraticGradient(first, curvature)]));
      tf.tidy(() => b.applyGradients([quadraticGradient(second, curvature)]));
    }

    expect(b.iterations).toBe(10);
    expect(Array.from(second.dataSync())).toEqual(Array.from(first.dataSync()));
    first.dispose();
    second.dispose();
    curvature.dispose();
  });

  it('rejects a NaN gradient without changing anything', () => {
    const w = ownedVariable(tf.tensor1d([1, 2]), 'w');
    const optimizer = new Adam([w]);
    const gradient = tf.tensor1d([NaN, 1]);

    expect(() => optimizer.applyGradients([gradient])).toThrow('the gradient norm is NaN; the update was not applied');
    expect(Array.from(w.dataSync())).toEqual([1, 2]);
    expect(optimizer.iterations).toBe(0);
    expect(Array.from(optimizer.getState().firstMoments[0])).toEqual([0, 0]);

    w.dispose();
    gradient.dispose();
  });

  it('rejects invalid options and mismatched gradients', () => {
    const w = tf.variable(tf.tensor1d([1, 2]));
    expect(() => new Adam([w], { beta1: 1 })).toThrow('beta1 must be in [0, 1); received 1');
    expect(() => new Adam([w], { learningRate: -1 })).toThrow('learningRate must be a non-negative finite number; received -1');
    const wrong = tf.tensor1d([1, 2, 3]);
    expect(() => new Adam([w]).applyGradients([wrong])).toThrow('gradients[0] must be a tensor of 2 values');
    expect(() => new Adam([w]).applyGradients([])).toThrow('gradients must be a list of 1 tensors, one per variable; received "0 tensors"');
    w.dispose();
    wrong.dispose();
  });

  it('updates weights that matMul then uses', () => {
    const x = tf.tensor2d([[1, 2]]);
    const kernel = ownedVariable(tf.tensor2d([[1], [1]]), 'kernel');
    const optimizer = new Adam([kernel], { learningRate: 0.5, beta1: 0.5, beta2: 0.9 });
    const before = tf.matMul(x, kernel);
    expect(before.dataSync()[0]).toBe(3);

    const gradient = tf.tensor2d([[1], [1]]);
    optimizer.applyGradients([gradient]);
    const after = tf.matMul(x, kernel);
    // Both weights move by -0.5, so the product drops by 1.5.
    expect(after.dataSync()[0]).toBeCloseTo(1.5, 5);

    for (const t of [x, kernel, before, gradient, after]) t.dispose();
  });

  it('allocates no tensors per step', () => {
    const w = ownedVariable(tf.randomNormal([50, 20]), 'w');
    const gradient = tf.randomNormal([50, 20]);
    const optimizer = new Adam([w]);
    optimizer.applyGradients([gradient]);
    const before = tf.memory().numTensors;
    for (let step = 0; step < 10; step++) optimizer.applyGradients([gradient]);
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
    gradient.dispose();
  });
});
