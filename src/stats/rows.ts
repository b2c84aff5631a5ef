/**
 * Sets of d-dimensional rows as the two-sample statistics take them: an array
 * of equally long number arrays, a row-major typed array with its row count
 * and width (the shape `readTable` returns), or, for 1-D samples, a plain
 * array or Float64Array/Float32Array of numbers (one row per value).
 */
import { InvalidArgumentError } from '../errors.js';

export interface RowMatrix {
  /** Row-major count x width values. */
  readonly rows: Float64Array | Float32Array;
  readonly count: number;
  readonly width: number;
}

export type RowsInput = RowMatrix | readonly (readonly number[])[] | readonly number[] | Float64Array | Float32Array;

/**
 * Converts `input` to a row-major Float64Array matrix, checking the shape
 * and that every value is finite. `name` is the argument name for errors.
 */
export function toRowMatrix(input: RowsInput, name: string): { rows: Float64Array; count: number; width: number } {
  if (input instanceof Float64Array || input instanceof Float32Array) {
    return toRowMatrix({ rows: input, count: input.length, width: 1 }, name);
  }
  if (Array.isArray(input) && input.length > 0 && !Array.isArray(input[0])) return fromValues(input, name);
  if (Array.isArray(input)) return fromNested(input as readonly (readonly number[])[], name);

  const matrix = input as RowMatrix;
  if (matrix === null || typeof matrix !== 'object' || !(matrix.rows instanceof Float64Array || matrix.rows instanceof Float32Array)) {
    throw new InvalidArgumentError(name, 'an array of rows, a 1-D array of numbers, or { rows: Float64Array | Float32Array, count, width }', input);
  }
  const { count, width } = matrix;
  if (!Number.isSafeInteger(count) || count < 1) throw new InvalidArgumentError(`${name}.count`, 'a positive integer', count);
  if (!Number.isSafeInteger(width) || width < 1) throw new InvalidArgumentError(`${name}.width`, 'a positive integer', width);
  if (matrix.rows.length !== count * width) {
    throw new InvalidArgumentError(`${name}.rows`, `an array of count x width = ${count * width} values`, `${matrix.rows.length} values`);
  }

  const rows = matrix.rows instanceof Float64Array ? matrix.rows : Float64Array.from(matrix.rows);
  checkFinite(rows, width, name);
  return { rows, count, width };
}

/** Converts a 1-D sample given as a plain array of numbers to one row per value. */
function fromValues(input: readonly unknown[], name: string): { rows: Float64Array; count: number; width: number } {
  const rows = new Float64Array(input.length);
  input.forEach((value, i) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InvalidArgumentError(`${name}[${i}]`, 'a finite number (a 1-D sample) or an array of numbers (a row)', value);
    }
    rows[i] = value;
  });
  return { rows, count: input.length, width: 1 };
}

function fromNested(input: readonly (readonly number[])[], name: string): { rows: Float64Array; count: number; width: number } {
  if (input.length === 0) throw new InvalidArgumentError(name, 'a non-empty array of rows', input);
  const width = Array.isArray(input[0]) ? input[0].length : 0;
  if (width === 0) throw new InvalidArgumentError(`${name}[0]`, 'a non-empty array of numbers', input[0]);

  const rows = new Float64Array(input.length * width);
  input.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== width) {
      throw new InvalidArgumentError(`${name}[${i}]`, `an array of ${width} numbers, like ${name}[0]`, row);
    }
    for (let j = 0; j < width; j++) {
      const value: unknown = row[j];
      // Check the cell before storing it: a Float64Array would turn null, '', true and '2' into numbers.
      if (typeof value !== 'number') {
        throw new InvalidArgumentError(`${name} row ${i}, column ${j}`, 'a finite number', value, 'Convert the rows to numbers first');
      }
      if (!Number.isFinite(value)) {
        throw new InvalidArgumentError(`${name} row ${i}, column ${j}`, 'a finite number', value, 'Remove NaN and infinite values first');
      }
      rows[i * width + j] = value;
    }
  });

  return { rows, count: input.length, width };
}

function checkFinite(rows: Float64Array, width: number, name: string): void {
  for (let index = 0; index < rows.length; index++) {
    if (!Number.isFinite(rows[index])) {
      const row = Math.floor(index / width);
      throw new InvalidArgumentError(`${name} row ${row}, column ${index % width}`, 'a finite number', rows[index], 'Remove NaN and infinite values first');
    }
  }
}

/**
 * Largest |value| from which `scaleForRange` rescales. Below it, (2 max|v|)^2 d
 * stays far below the double range for any realistic width d, and squared
 * differences of values this large stay normal doubles.
 */
const LARGEST_UNSCALED = 2 ** 400;

/** Smallest nonzero max |value| left as it is; squares of smaller values lose bits or underflow. */
const SMALLEST_UNSCALED = 2 ** -400;

/**
 * Returns the power of 2 by which rows should be multiplied before squared
 * distances or inner products are summed: 1 when the largest |value| of all
 * `matrices` lies in [2^-400, 2^400] (or every value is 0), and otherwise the
 * power that brings it into [1/2, 1). Multiplying by a power of 2 is exact
 * unless a result leaves the range of normal doubles, which only happens to
 * values below 2^-1022 times the largest one.
 */
export function scaleForRange(...matrices: { rows: Float64Array }[]): number {
  let largest = 0;
  for (const matrix of matrices) {
    for (let i = 0; i < matrix.rows.length; i++) largest = Math.max(largest, Math.abs(matrix.rows[i]));
  }
  if (largest === 0 || (largest >= SMALLEST_UNSCALED && largest <= LARGEST_UNSCALED)) return 1;

  // 2^1023 is the largest finite power of 2, so the tiniest data (below 2^-1023) end up near 2^-50 instead of 1/2.
  const exponent = Math.max(-1023, Math.floor(Math.log2(largest)) + 1);
  return 2 ** -exponent;
}

/** Returns a copy of `matrix` with every value multiplied by `factor`, or `matrix` itself when the factor is 1. */
export function scaleRows<T extends { rows: Float64Array; count: number; width: number }>(matrix: T, factor: number): T {
  if (factor === 1) return matrix;
  const rows = new Float64Array(matrix.rows.length);
  for (let i = 0; i < rows.length; i++) rows[i] = matrix.rows[i] * factor;
  return { ...matrix, rows };
}

/** Stacks two matrices of the same width: the rows of `a`, then those of `b`. */
export function stackRows(a: { rows: Float64Array; count: number; width: number }, b: { rows: Float64Array; count: number; width: number }) {
  const rows = new Float64Array((a.count + b.count) * a.width);
  rows.set(a.rows, 0);
  rows.set(b.rows, a.count * a.width);
  return { rows, count: a.count + b.count, width: a.width };
}

/** Throws unless both samples have the same number of columns. */
export function checkSameWidth(x: { width: number }, y: { width: number }): void {
  if (x.width !== y.width) {
    throw new InvalidArgumentError('y', `rows of the same width as x (${x.width})`, `rows of width ${y.width}`);
  }
}
