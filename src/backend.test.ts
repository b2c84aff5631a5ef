import { describe, expect, it } from 'vitest';

import { initBackend, tf } from './backend.js';

describe('initBackend', () => {
  it('starts wasm in Node', async () => {
    expect(await initBackend()).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('switches to cpu on request', async () => {
    expect(await initBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('rejects unknown backend names', () => {
    expect(() => initBackend('cuda' as never)).toThrow('backend must be one of "wasm", "cpu", "webgl", "webgpu"; received "cuda"');
  });
});
