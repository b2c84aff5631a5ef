/**
 * Direct access to the float32 storage behind a tensor, so the optimiser can
 * read gradients and weights without copies, and new weights for variables.
 *
 * Weights are never written in place: TF.js tensors are immutable by
 * contract, and the WASM backend's matMul (XNNPACK) caches each right-hand
 * operand in packed form under the tensor's id, so a product after an
 * in-place write would still use the old values. `replaceValues` gives the
 * variable new storage instead. The views use internal fields of the `wasm`
 * and `cpu` backends of TF.js 4.22 (`typedArrayFromHeap`,
 * `data.get(id).values`). Other backends get `null`, and callers copy.
 */
import { tf } from '../backend.js';

interface WasmBackendLike {
  typedArrayFromHeap(info: { shape: number[]; dtype: string; dataId: object }): ArrayBufferView;
}

interface CpuBackendLike {
  data: { get(dataId: object): { values?: unknown } | undefined };
}

/**
 * Returns a Float32Array over the tensor's own storage, or `null` when the
 * backend keeps it elsewhere (WebGL, WebGPU) or the tensor is not float32.
 *
 * NOTE: on the WASM backend the view dies when the WASM heap grows, which any
 * new tensor can cause. Use a view at once and never keep it across TF.js calls.
 */
export function float32View(tensor: tf.Tensor): Float32Array | null {
  if (tensor.dtype !== 'float32' || tensor.isDisposed) return null;

  const backendName = tf.getBackend();
  const backend = tf.backend() as unknown;

  if (backendName === 'wasm') {
    const view = (backend as WasmBackendLike).typedArrayFromHeap({ shape: tensor.shape, dtype: 'float32', dataId: tensor.dataId });
    return view instanceof Float32Array ? view : null;
  }

  if (backendName === 'cpu') {
    const values = (backend as CpuBackendLike).data.get(tensor.dataId)?.values;
    return values instanceof Float32Array && values.length === tensor.size ? values : null;
  }

  return null;
}

/**
 * Gives `variable` the values of `values` in new storage. On the `wasm`
 * backend `tf.tensor` copies `values` into WASM memory at once, so the caller
 * may reuse the array. Other backends may keep a reference, so they get a copy.
 */
export function replaceValues(variable: tf.Variable, values: Float32Array): void {
  const source = tf.getBackend() === 'wasm' ? values : values.slice();
  const replacement = tf.tensor(source, variable.shape, 'float32');
  variable.assign(replacement);
  replacement.dispose();
}

/** Returns the tensor's values as a Float32Array: a live view where possible, else a copy. */
export function readFloat32(tensor: tf.Tensor): Float32Array {
  const view = float32View(tensor);
  if (view !== null) return view;

  const values = tensor.dataSync();
  return values instanceof Float32Array ? values : Float32Array.from(values);
}

/**
 * Wraps `value` in a new variable and disposes `value`, so no other tensor
 * keeps the variable's storage alive. `name` gets a numbered suffix because
 * TF.js keeps one global registry of variable names.
 */
export function ownedVariable(value: tf.Tensor, name: string): tf.Variable {
  const variable = tf.variable(value, true, uniqueVariableName(name));
  value.dispose();
  return variable;
}

let variableCounter = 0;

function uniqueVariableName(name: string): string {
  variableCounter += 1;
  return `${name}_${variableCounter}`;
}
