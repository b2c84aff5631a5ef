import { afterAll, describe, expect, it } from 'vitest';

import { initBackend, tf } from '../backend.js';
import { float32View, ownedVariable, readFloat32, writableFloat32View } from './tensor-memory.js';

afterAll(async () => {
  await initBackend('wasm');
});

describe('tensor memory views', () => {
  for (const backend of ['wasm', 'cpu'] as const) {
    it(`writes through to a variable on ${backend}`, async () => {
      await initBackend(backend);
      const variable = ownedVariable(tf.tensor1d([1, 2, 3]), 'memory-test');

      const view = writableFloat32View(variable);
      expect(view).not.toBeNull();
      view![1] = 20;
      expect(Array.from(variable.dataSync())).toEqual([1, 20, 3]);

      variable.dispose();
    });

    it(`refuses to write into shared storage on ${backend}`, async () => {
      await initBackend(backend);
      const variable = ownedVariable(tf.tensor1d([1, 2, 3]), 'memory-test');
      // A reshape shares its input's storage on both backends.
      const alias = tf.reshape(variable, [3, 1]);

      expect(writableFloat32View(variable)).toBeNull();
      expect(float32View(variable)).not.toBeNull();

      alias.dispose();
      expect(writableFloat32View(variable)).not.toBeNull();
      variable.dispose();
    });
  }

  it('leaves variables built from a live tensor read-only', async () => {
    await initBackend('wasm');
    const initial = tf.tensor1d([1, 2, 3]);
    const variable = tf.variable(initial);
    expect(writableFloat32View(variable)).toBeNull();
    initial.dispose();
    variable.dispose();
  });

  it('reads int32 tensors as float32 copies', async () => {
    await initBackend('wasm');
    const counts = tf.tensor1d([1, 2, 3], 'int32');
    expect(float32View(counts)).toBeNull();
    expect(Array.from(readFloat32(counts))).toEqual([1, 2, 3]);
    counts.dispose();
  });
});
