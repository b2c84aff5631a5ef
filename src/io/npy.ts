/**
 * NPY output (format version 1.0, as `numpy.save` writes it): the magic string,
 * a little-endian header length, a Python-literal header dictionary padded
 * with spaces to a 64-byte boundary, then the array in C order.
 */
import { InvalidArgumentError } from '../errors.js';
import { nonNegativeInteger, oneOf } from '../validate.js';
import { writeFileAtomic } from './atomic.js';

export type NpyDtype = 'f4' | 'f8';

const NPY_DTYPES: readonly NpyDtype[] = ['f4', 'f8'];
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
const PREAMBLE_BYTES = 10; // magic (6) + version (2) + header length (2)
const HEADER_ALIGNMENT = 64; // numpy >= 1.9 aligns the data start to 64 bytes
const MAX_V1_HEADER_BYTES = 0xffff;

/**
 * Encodes `values` as NPY bytes with the given shape (C order) and dtype
 * (`f4` float32 or `f8` float64, both little-endian). The product of `shape`
 * must equal `values.length`; an empty shape means a scalar.
 */
export function encodeNpy(values: ArrayLike<number>, shape: readonly number[], dtype: NpyDtype = 'f8'): Uint8Array {
  oneOf('dtype', dtype, NPY_DTYPES);
  shape.forEach((size, axis) => nonNegativeInteger(`shape[${axis}]`, size));
  const count = shape.reduce((product, size) => product * size, 1);
  if (count !== values.length) {
    throw new InvalidArgumentError('shape', `dimensions whose product equals values.length (${values.length})`, shape);
  }

  const header = headerText(shape, dtype);
  const bytesPerValue = dtype === 'f4' ? 4 : 8;
  const output = new Uint8Array(PREAMBLE_BYTES + header.length + count * bytesPerValue);
  const view = new DataView(output.buffer);

  output.set(MAGIC, 0);
  output[6] = 1; // major version
  output[7] = 0; // minor version
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) output[PREAMBLE_BYTES + i] = header.charCodeAt(i);

  let offset = PREAMBLE_BYTES + header.length;
  for (let i = 0; i < count; i++, offset += bytesPerValue) {
    if (dtype === 'f4') view.setFloat32(offset, values[i], true);
    else view.setFloat64(offset, values[i], true);
  }
  return output;
}

/** Writes an NPY file atomically; see `encodeNpy`. */
export async function writeNpy(path: string, values: ArrayLike<number>, shape: readonly number[], dtype: NpyDtype = 'f8'): Promise<void> {
  await writeFileAtomic(path, encodeNpy(values, shape, dtype));
}

/** Builds the header dictionary, padded with spaces and ended by a newline, as numpy writes it. */
function headerText(shape: readonly number[], dtype: NpyDtype): string {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dictionary = `{'descr': '<${dtype}', 'fortran_order': False, 'shape': ${shapeText}, }`;

  const unpadded = PREAMBLE_BYTES + dictionary.length + 1;
  const padding = (HEADER_ALIGNMENT - (unpadded % HEADER_ALIGNMENT)) % HEADER_ALIGNMENT;
  const header = `${dictionary}${' '.repeat(padding)}\n`;

  if (header.length > MAX_V1_HEADER_BYTES) {
    throw new InvalidArgumentError('shape', 'small enough for an NPY version 1.0 header (65535 bytes)', shape);
  }
  return header;
}
