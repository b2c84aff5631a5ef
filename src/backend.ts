/**
 * TensorFlow.js backend selection, shared by every module that uses tensors.
 * In Node the WASM backend (SIMD, one thread) is the fast choice; the pure-JS
 * CPU backend is the fallback when WASM cannot start. In the browser the
 * caller may ask for `webgl` or `webgpu`.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

import { oneOf } from './validate.js';

export type BackendName = 'wasm' | 'cpu' | 'webgl' | 'webgpu';

const BACKENDS: readonly BackendName[] = ['wasm', 'cpu', 'webgl', 'webgpu'];

let pending: Promise<BackendName> | undefined;

/**
 * Activates `preferred` (default `wasm`), falling back to `cpu` if it fails
 * to start, and resolves to the backend in use. Later calls without an
 * argument return the backend already chosen.
 */
export function initBackend(preferred?: BackendName): Promise<BackendName> {
  if (preferred === undefined && pending !== undefined) return pending;

  const wanted = preferred === undefined ? 'wasm' : oneOf('backend', preferred, BACKENDS);
  pending = activate(wanted);
  return pending;
}

async function activate(wanted: BackendName): Promise<BackendName> {
  if (tf.getBackend() === wanted) return wanted;

  try {
    if (await tf.setBackend(wanted)) {
      await tf.ready();
      return wanted;
    }
  } catch {
    // Fall through to the CPU backend below.
  }

  await tf.setBackend('cpu');
  await tf.ready();
  return 'cpu';
}

export { tf };
