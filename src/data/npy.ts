/**
 * A reader for NumPy's `.npy` format (versions 1.0, 2.0 and 3.0), as
 * specified in numpy/lib/format.py: the magic string "\x93NUMPY", a major
 * and minor version byte, a little-endian header length (2 bytes in 1.0,
 * 4 bytes in 2.0 and 3.0), then a Python dict literal with `descr`,
 * `fortran_order` and `shape`, then the raw array data.
 *
 * Supported dtypes: float16/32/64, signed and unsigned integers of 1 to 8
 * bytes and bool, in either byte order. The first axis is the row axis and
 * any further axes are flattened in C order, so a 1-D array is one column and
 * an (n, 28, 28) array gives n rows of 784. Float NaN and infinities are
 * rejected, as are 64-bit integers beyond 2^53, which a double cannot hold
 * exactly.
 */
import { InputFileError } from '../errors.js';
import type { NumericTable } from './csv.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

interface NpyHeader {
  readonly kind: 'f' | 'i' | 'u' | 'b';
  readonly itemSize: number;
  readonly littleEndian: boolean;
  readonly fortranOrder: boolean;
  readonly shape: number[];
  readonly dataOffset: number;
}

/** Checks whether `bytes` starts with the NPY magic string. */
export function isNpy(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && MAGIC.every((value, i) => bytes[i] === value);
}

/** Parses an NPY file's bytes into a numeric table; `source` names the file in error messages. */
export function parseNpy(bytes: Uint8Array, source: string): NumericTable {
  const header = parseHeader(bytes, source);
  const { shape } = header;
  if (shape.length === 0) throw new InputFileError(`${source} contains a 0-d array (a scalar); expected an array of rows (1-D or more)`);

  const count = shape[0];
  const width = shape.length === 1 ? 1 : shape.slice(1).reduce((product, size) => product * size, 1);
  const total = count * width;
  if (total === 0) throw new InputFileError(`${source} contains an empty array of shape (${shape.join(', ')}); expected at least one value`);

  const available = bytes.length - header.dataOffset;
  if (available < total * header.itemSize) {
    throw new InputFileError(`${source} is truncated: shape (${shape.join(', ')}) needs ${total * header.itemSize} data bytes but the file has ${available}`);
  }

  const view = new DataView(bytes.buffer, bytes.byteOffset + header.dataOffset, total * header.itemSize);
  const read = elementReader(header, source);
  const rows = new Float64Array(total);
  const target = header.fortranOrder ? fortranToRowMajor(shape) : (index: number) => index;

  for (let index = 0; index < total; index++) {
    const value = read(view, index * header.itemSize);
    const destination = target(index);
    if (!Number.isFinite(value)) {
      const row = Math.floor(destination / width) + 1;
      const column = (destination % width) + 1;
      throw new InputFileError(`${source}: row ${row}, column ${column} is ${value}; NaN and infinite values are not accepted, so remove or replace them`);
    }
    rows[destination] = value;
  }

  return { rows, count, width };
}

function parseHeader(bytes: Uint8Array, source: string): NpyHeader {
  if (!isNpy(bytes)) throw new InputFileError(`${source} is not an NPY file: it does not start with "\\x93NUMPY"`);
  if (bytes.length < 10) throw new InputFileError(`${source} is truncated inside the NPY header`);

  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  let headerLength: number;
  let headerStart: number;
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new InputFileError(`${source} is truncated inside the NPY header`);
    headerLength = view.getUint32(8, true);
    headerStart = 12;
  } else {
    throw new InputFileError(`${source} uses NPY format version ${major}.${bytes[7]}; versions 1.0, 2.0 and 3.0 are supported`);
  }
  if (bytes.length < headerStart + headerLength) throw new InputFileError(`${source} is truncated inside the NPY header`);

  const encoding = major === 3 ? 'utf-8' : 'latin1';
  const text = new TextDecoder(encoding).decode(bytes.subarray(headerStart, headerStart + headerLength));
  if (/['"]descr['"]\s*:\s*\[/.test(text)) {
    throw new InputFileError(`${source} contains a structured dtype (named fields); save a plain numeric array instead, e.g. with numpy.lib.recfunctions.structured_to_unstructured`);
  }
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new InputFileError(`${source} has an NPY header without descr, fortran_order and shape: ${JSON.stringify(text.trim())}`);
  }

  const shape = shapeText
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const size = Number(part.replace(/L$/, ''));
      if (!Number.isSafeInteger(size) || size < 0) throw new InputFileError(`${source} has an invalid NPY shape (${shapeText})`);
      return size;
    });

  return { ...parseDescr(descr, source), fortranOrder: fortran === 'True', shape, dataOffset: headerStart + headerLength };
}

function parseDescr(descr: string, source: string): Pick<NpyHeader, 'kind' | 'itemSize' | 'littleEndian'> {
  const match = /^([<>|=]?)([fiub])(\d+)$/.exec(descr);
  const supported = 'float (f2, f4, f8), signed or unsigned integers (i1 to i8, u1 to u8) or bool (b1)';
  if (match === null) throw new InputFileError(`${source} has NPY dtype ${JSON.stringify(descr)}; expected ${supported}`);

  const [, order, kind, sizeText] = match;
  const itemSize = Number(sizeText);
  const valid = kind === 'f' ? [2, 4, 8] : kind === 'b' ? [1] : [1, 2, 4, 8];
  if (!valid.includes(itemSize)) throw new InputFileError(`${source} has NPY dtype ${JSON.stringify(descr)}; expected ${supported}`);

  // '=' is the writer's native order; NumPy writes '<' or '>' explicitly, and '|' marks single bytes.
  const littleEndian = order !== '>';
  return { kind: kind as NpyHeader['kind'], itemSize, littleEndian };
}

type ElementReader = (view: DataView, offset: number) => number;

function elementReader(header: NpyHeader, source: string): ElementReader {
  const little = header.littleEndian;

  switch (`${header.kind}${header.itemSize}`) {
    case 'f2':
      return (view, offset) => halfToNumber(view.getUint16(offset, little));
    case 'f4':
      return (view, offset) => view.getFloat32(offset, little);
    case 'f8':
      return (view, offset) => view.getFloat64(offset, little);
    case 'i1':
      return (view, offset) => view.getInt8(offset);
    case 'i2':
      return (view, offset) => view.getInt16(offset, little);
    case 'i4':
      return (view, offset) => view.getInt32(offset, little);
    case 'i8':
      return (view, offset) => exactInteger(view.getBigInt64(offset, little), source);
    case 'u1':
    case 'b1':
      return (view, offset) => view.getUint8(offset);
    case 'u2':
      return (view, offset) => view.getUint16(offset, little);
    case 'u4':
      return (view, offset) => view.getUint32(offset, little);
    case 'u8':
      return (view, offset) => exactInteger(view.getBigUint64(offset, little), source);
    default:
      throw new InputFileError(`${source} has an unsupported NPY dtype ${header.kind}${header.itemSize}`);
  }
}

function exactInteger(value: bigint, source: string): number {
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  if (value > limit || value < -limit) {
    throw new InputFileError(`${source} contains the integer ${value}, beyond 2^53 - 1, which a double cannot represent exactly; convert the array to float64 first`);
  }
  return Number(value);
}

/** IEEE 754 binary16 to a double. */
function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // subnormal: fraction * 2^-10 * 2^-14
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/**
 * Maps the position of an element in Fortran (column-major) order to its
 * position in the row-major output, for any number of axes.
 */
function fortranToRowMajor(shape: number[]): (index: number) => number {
  const rowMajorStrides = new Array<number>(shape.length);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    rowMajorStrides[axis] = stride;
    stride *= shape[axis];
  }

  return (index) => {
    let remaining = index;
    let position = 0;
    for (let axis = 0; axis < shape.length; axis++) {
      const coordinate = remaining % shape[axis];
      remaining = Math.floor(remaining / shape[axis]);
      position += coordinate * rowMajorStrides[axis];
    }
    return position;
  };
}
