/**
 * Numeric tables (CSV, NPY, JSON files read by `readTable`) as data sets,
 * standardised per column.
 */
import { InputFileError, InvalidArgumentError } from '../errors.js';
import { type DatasetContext, type ParameterDoc, ParameterReader } from './spec.js';
import { heldOutSize, permutation, splitRowsFloat64 } from './split.js';
import { readTable } from './table.js';
import { columnMoments, dataSpaceMapper, standardizeRows } from './transform.js';
import type { Dataset, DataTransform } from './types.js';

export const TABLE_PARAMETERS: readonly ParameterDoc[] = [
  { name: 'standardize', description: '1 to standardise each column to mean 0 and std 1 for training, 0 to keep raw values', default: '1' },
];

/** The largest finite float32, the precision of the networks. */
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Reads a table and standardises each column with the mean and standard
 * deviation of the training rows, so held-out rows never influence training.
 * The moments and the standardisation are computed in float64 and only the
 * standardised values are rounded to float32, so a column with a large
 * offset (timestamps near 1.7e9, say) keeps its spread. A constant column
 * keeps std 0: it maps to zeros, generated rows repeat its value, and
 * `onWarning` receives a message about it. `rowsInDataUnits` keeps the float64 values as read.
 */
export async function createTableDataset(path: string, parameters: Readonly<Record<string, string>>, context: DatasetContext): Promise<Dataset> {
  const read = new ParameterReader(path, parameters, TABLE_PARAMETERS);
  const standardize = read.number('standardize', 1, (label, value) => {
    if (value !== 0 && value !== 1) throw new InvalidArgumentError(label, '0 or 1', value);
    return value;
  });

  const table = await readTable(path);
  if (table.count < 2) {
    throw new InvalidArgumentError(`data file ${path}`, 'a table of at least 2 rows (training and held-out)', `${table.count} ${table.count === 1 ? 'row' : 'rows'}`);
  }

  const order = permutation(context.rng, table.count);
  const heldOutCount = heldOutSize(table.count, context.heldOutFraction);
  const original = splitRowsFloat64(table.rows, table.width, order, heldOutCount);
  const trainCount = table.count - heldOutCount;
  const name = (column: number) => columnName(column, table.columns);

  let transform: DataTransform = { type: 'identity' };
  let train: Float32Array;
  let heldOut: Float32Array;
  if (standardize === 1) {
    const { mean, std } = columnMoments(original.train, trainCount, table.width);
    checkMoments(path, mean, std, name);
    std.forEach((value, column) => {
      if (value === 0) context.onWarning?.(`${path}: ${name(column)} is constant (${mean[column]}) in the training rows, so its std is 0 and a generator trained on them returns that value in every row`);
    });
    transform = { type: 'standardize', mean, std };
    train = toModelSpace(path, original.train, standardizeRows(original.train, mean, std), table.width, name, true);
    heldOut = toModelSpace(path, original.heldOut, standardizeRows(original.heldOut, mean, std), table.width, name, true);
  } else {
    train = toModelSpace(path, original.train, Float32Array.from(original.train), table.width, name, false);
    heldOut = toModelSpace(path, original.heldOut, Float32Array.from(original.heldOut), table.width, name, false);
  }

  return {
    name: path,
    kind: 'vectors',
    dimension: table.width,
    train,
    trainCount,
    heldOut,
    heldOutCount,
    rowsInDataUnits: original,
    columns: table.columns,
    transform,
    toDataSpace: dataSpaceMapper(transform),
  };
}

/** Names column `column` (0-based) for messages: its 1-based number and, where the file has a header, its name. */
function columnName(column: number, columns: readonly string[] | undefined): string {
  const header = columns?.[column];
  return header === undefined || header === '' ? `column ${column + 1}` : `column ${column + 1} (${header})`;
}

/** Rejects a column whose values span more than float64 can hold, so its moments overflow. */
function checkMoments(path: string, mean: readonly number[], std: readonly number[], name: (column: number) => string): void {
  mean.forEach((value, column) => {
    if (!Number.isFinite(value) || !Number.isFinite(std[column])) {
      throw new InputFileError(`${path}: the mean and standard deviation of ${name(column)} overflow float64 (mean ${value}, std ${std[column]}); rescale the column`);
    }
  });
}

/**
 * Returns `model`, the float32 model-space rows, after checking that every
 * value is finite: a value beyond the float32 range (about 3.4e38) would reach
 * the networks as an infinity. The message names the file, the column and
 * the value as read.
 */
function toModelSpace(path: string, original: Float64Array, model: Float32Array, width: number, name: (column: number) => string, standardized: boolean): Float32Array {
  for (let i = 0; i < model.length; i++) {
    if (Math.abs(model[i]) <= FLOAT32_MAX) continue;

    const column = i % width;
    const fix = standardized ? 'rescale the column' : 'leave out standardize=0 so the column is standardised, or rescale it';
    const after = standardized ? ' after standardisation' : '';
    throw new InputFileError(`${path}: ${name(column)} contains ${original[i]}, which exceeds the float32 range of training (±3.4e38)${after}; ${fix}`);
  }
  return model;
}
