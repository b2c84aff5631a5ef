/**
 * Numeric tables (CSV, NPY, JSON files read by `readTable`) as data sets,
 * standardised per column.
 */
import { InvalidArgumentError } from '../errors.js';
import { type DatasetContext, type ParameterDoc, ParameterReader } from './spec.js';
import { heldOutSize, permutation, splitRows } from './split.js';
import { readTable } from './table.js';
import { columnMoments, dataSpaceMapper, standardizeInPlace } from './transform.js';
import type { Dataset, DataTransform } from './types.js';

export const TABLE_PARAMETERS: readonly ParameterDoc[] = [
  { name: 'standardize', description: '1 to standardise each column to mean 0 and std 1 for training, 0 to keep raw values', default: '1' },
];

/**
 * Reads a table and standardises each column with the mean and standard
 * deviation of the training rows, so held-out rows never influence training.
 * A constant column keeps std 1, so it maps to zeros instead of dividing by 0.
 */
export async function createTableDataset(path: string, parameters: Readonly<Record<string, string>>, context: DatasetContext): Promise<Dataset> {
  const read = new ParameterReader(path, parameters, TABLE_PARAMETERS);
  const standardize = read.number('standardize', 1, (label, value) => {
    if (value !== 0 && value !== 1) throw new InvalidArgumentError(label, '0 or 1', value);
    return value;
  });

  const table = await readTable(path);
  if (table.count < 2) {
    throw new InvalidArgumentError(`data file ${path}`, 'a table of at least 2 rows (training and held-out)', `${table.count} rows`);
  }

  const order = permutation(context.rng, table.count);
  const heldOutCount = heldOutSize(table.count, context.heldOutFraction);
  const split = splitRows(table.rows, table.width, order, heldOutCount);

  let transform: DataTransform = { type: 'identity' };
  if (standardize === 1) {
    const { mean, std } = columnMoments(split.train, split.trainCount, table.width);
    const safeStd = std.map((value) => (value > 0 ? value : 1));
    standardizeInPlace(split.train, mean, safeStd);
    standardizeInPlace(split.heldOut, mean, safeStd);
    transform = { type: 'standardize', mean, std: safeStd };
  }

  return {
    name: path,
    kind: 'vectors',
    dimension: table.width,
    ...split,
    columns: table.columns,
    transform,
    toDataSpace: dataSpaceMapper(transform),
  };
}

