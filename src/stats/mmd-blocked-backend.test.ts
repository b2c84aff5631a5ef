/**
 * mmd2Blocked before any TF.js backend is ready. Vitest runs each test file
 * in its own process here (pool: 'forks'), so no other file has started one.
 */
import { describe, expect, it } from 'vitest';

import { initBackend } from '../backend.js';
import { rbfKernel } from './kernels.js';
import { mmd2 } from './mmd.js';
import { mmd2Blocked } from './mmd-blocked.js';

describe('mmd2Blocked without a ready backend', () => {
  const x = [[0, 1], [1, 2], [3, 3]];
  const y = [[1, 1], [2, 2]];
  const kernel = rbfKernel(1);

  it('says to call initBackend, then works', async () => {
    // Importing backend.ts registers the WASM backend, which starts asynchronously, as dist/index.js does.
    expect(() => mmd2Blocked(x, y, { kernel })).toThrow(/mmd2Blocked needs a ready TF.js backend: call `await initBackend\(\)` \(exported by samplekit\) once before it/);

    await initBackend();
    expect(Math.abs(mmd2Blocked(x, y, { kernel }) - mmd2(x, y, { kernel }))).toBeLessThan(1e-6);
  });
});
