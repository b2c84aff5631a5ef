/**
 * Allocation of chain positions. V8 (Node 20) takes about half a
 * microsecond to allocate a small Float64Array with its own ArrayBuffer,
 * more than a whole Metropolis step costs otherwise, while a view into a
 * shared buffer takes about a tenth of that. Positions are never written
 * after a proposal returns them, so views into one slab can be shared
 * safely. The garbage collector frees a slab once no view refers to it.
 *
 * NOTE: a position's `.buffer` is the shared slab, so copy a position
 * (`Float64Array.from`) before transferring its buffer to a worker.
 */

/** Slab size in bytes: room for 8192 doubles. */
const SLAB_BYTES = 1 << 16;

let slab = new ArrayBuffer(SLAB_BYTES);
let offset = 0;

/** Returns a zero-filled Float64Array of `length` numbers, usually a view into a shared slab. */
export function allocatePosition(length: number): Float64Array {
  const bytes = length * 8;
  if (bytes > SLAB_BYTES / 4) return new Float64Array(length);
  if (offset + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    offset = 0;
  }
  const view = new Float64Array(slab, offset, length);
  offset += bytes;
  return view;
}

/** Returns a copy of `position` made with allocatePosition. */
export function copyPosition(position: Float64Array): Float64Array {
  const copy = allocatePosition(position.length);
  for (let i = 0; i < position.length; i++) copy[i] = position[i];
  return copy;
}
