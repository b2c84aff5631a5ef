import { afterAll, describe, expect, it } from 'vitest';

import { initBackend, tf } from '../backend.js';
import { float32View, ownedVariable, readFloat32, replaceValues, writableFloat32View } from './tensor-memory.js';

afterAll(async () => {
  await initBackend('wasm');
});

describe('tensor memory views', () => {
  it('writes through to a variable on cpu', async () => {
    await initBackend('cpu');
    const variable = ownedVariable(tf.tensor1d([1, 2, 3]), 'memory-test');

    const view = writableFloat32View(variable);
    expect(view).not.toBeNull();
    view![1] = 20;
    expect(Array.from(variable.dataSync())).toEqual([1, 20, 3]);

    variable.dispose();
  });

  it('rejects shared storage on cpu', async () => {
    await initBackend('cpu');
    const variable = ownedVariable(tf.tensor1d([1, 2, 3]), 'memory-test');
    // A reshape shares its input's storage.
    const alias = tf.reshape(variable, [3, 1]);
    expect(writableFloat32View(variable)).toBeNull();

    alias.dispose();
    expect(writableFloat32View(variable)).not.toBeNull();
    variable.dispose();
  });

  it('keeps wasm tensors read-only', async () => {
    await initBackend('wasm');
    const variable = ownedVariable(tf.tensor1d([1, 2, 3]), 'memory-test');
    expect(writableFloat32View(variable)).toBeNull();
    expect(Array.from(float32View(variable)!)).toEqual([1, 2, 3]);
    variable.dispose();
  });

  it('shows the wasm matMul cache that forbids in-place writes', async () => {
    await initBackend('wasm');
    const x = tf.tensor2d([[1, 2]]);
    const kernel = ownedVariable(tf.tensor2d([[1], [1]]), 'memory-test');
    expect(tf.matMul(x, kernel).dataSync()[0]).toBe(3);

    // Written behind TF.js's back, the product keeps the packed old kernel.
    float32View(kernel)![0] = 10;
    expect(tf.matMul(x, kernel).dataSync()[0]).toBe(3);

    replaceValues(kernel, Float32Array.from([10, 1]));
    expect(tf.matMul(x, kernel).dataSync()[0]).toBe(12);

    x.dispose();
    kernel.dispose();
    tf.disposeVariables();
  });

  for (const backend of ['wasm', 'cpu'] as const) {
    it(`replaces values without aliasing the source on ${backend}`, async () => {
      await initBackend(backend);
      const variable = ownedVariable(tf.tensor1d([1, 2]), 'memory-test');
      const values = Float32Array.from([5, 6]);

      replaceValues(variable, values);
      values[0] = 7;
      expect(Array.from(variable.dataSync())).toEqual([5, 6]);
      variable.dispose();
    });
  }

  it('reads int32 tensors as float32 copies', async () => {
    await initBackend('wasm');
    const counts = tf.tensor1d([1, 2, 3], 'int32');
    expect(float32View(counts)).toBeNull();
    expect(Array.from(readFloat32(counts))).toEqual([1, 2, 3]);
    counts.dispose();
  });
});
