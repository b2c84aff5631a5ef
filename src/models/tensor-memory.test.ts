import { afterAll, describe, expect, it } from 'vitest';

import { initBackend, tf } from '../backend.js';
import { float32View, ownedVariable, readFloat32, replaceValues } from './tensor-memory.js';

afterAll(async () => {
  await initBackend('wasm');
});

describe('tensor memory views', () => {
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
