/**
 * `samplekit data SPEC`: writes the rows of a data set, such as a built-in
 * mixture for `samplekit compare`, to stdout or a CSV, NPY or PNG file, and
 * lists the built-in data sets with `--list`.
 */
import { extname } from 'node:path';

import type { Command } from 'commander';

import { describeDatasets, loadDataset } from '../../data/load.js';
import type { Dataset } from '../../data/types.js';
import { InvalidArgumentError } from '../../errors.js';
import { type CsvOptions, formatCsv, writeCsv } from '../../io/csv.js';
import { writeNpy } from '../../io/npy.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { imageGridPng } from '../../report/image-grid.js';
import { renderVegaLite } from '../../report/vega.js';
import { scatterChartSpec } from '../../report/plots.js';
import { positiveInteger } from '../../validate.js';

interface DataOptions {
  readonly seed: string;
  readonly count?: string;
  readonly part: string;
  readonly output?: string;
  readonly plot?: string;
  readonly list?: boolean;
}

const PARTS = ['train', 'held-out'] as const;

export function register(program: Command): void {
  program
    .command('data')
    .description('Write the rows of a data set (ring8, grid25, spiral, moons, mnist, a table file or a PNG folder) in data units')
    .argument('[spec]', 'data set, e.g. ring8 or ring8:std=0.02,count=5000, a CSV/NPY/JSON file, or a folder of PNG images')
    .option('--seed <int>', 'seed for generation and the train/held-out split, as in samplekit train', '0')
    .option('-n, --count <N>', 'write only the first N rows')
    .option('--part <part>', 'train or held-out rows', 'train')
    .option('-o, --output <file>', 'write to FILE.csv, FILE.npy (float64) or, for images, FILE.png (a grid); default CSV on stdout')
    .option('--plot <file.png>', 'also draw a scatter of the first two columns (vectors) or a grid (images) as PNG')
    .option('--list', 'list the built-in data sets and their parameters')
    .action(async (spec: string | undefined, options: DataOptions) => {
      if (options.list) {
        process.stdout.write(`${describeDatasets()}\n`);
        return;
      }
      await writeData(spec, options);
    });
}

async function writeData(spec: string | undefined, options: DataOptions): Promise<void> {
  if (spec === undefined) throw new InvalidArgumentError('spec', 'a data-set name or path (or --list)', spec);
  const seed = parseInteger('--seed', options.seed);
  const part = PARTS.find((name) => name === options.part);
  if (part === undefined) throw new InvalidArgumentError('--part', 'train or held-out', options.part);

  const dataset = await loadDataset(spec, { seed, onWarning: (message) => process.stderr.write(`samplekit: ${message}\n`) });
  const available = part === 'train' ? dataset.trainCount : dataset.heldOutCount;
  const count = options.count === undefined ? available : Math.min(available, positiveInteger('--count', parseInteger('--count', options.count)));
  const modelRows = (part === 'train' ? dataset.train : dataset.heldOut).subarray(0, count * dataset.dimension);
  const rows = rowsInDataUnits(dataset, part, modelRows);

  if (options.output === undefined) process.stdout.write(formatCsv(rows, dataset.dimension, csvOptions(dataset)));
  else await writeRows(options.output, dataset, modelRows, rows, count);

  if (options.plot !== undefined) await writePlot(options.plot, dataset, modelRows, rows, count);
}

/** Returns CSV options with the data set's column names as header and shortest decimals, so a file's cells print as written. */
function csvOptions(dataset: Dataset): CsvOptions {
  return { header: dataset.columns ? [...dataset.columns] : undefined, shortest: true };
}

/** Returns the rows in data units: the float64 values as read or generated where the data set keeps them, else mapped back from model space. */
function rowsInDataUnits(dataset: Dataset, part: (typeof PARTS)[number], modelRows: Float32Array): Float64Array {
  const original = dataset.rowsInDataUnits;
  if (original === undefined) return dataset.toDataSpace(modelRows);
  return (part === 'train' ? original.train : original.heldOut).subarray(0, modelRows.length);
}

async function writeRows(path: string, dataset: Dataset, modelRows: Float32Array, rows: Float64Array, count: number): Promise<void> {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') await writeCsv(path, rows, dataset.dimension, csvOptions(dataset));
  else if (extension === '.npy') await writeNpy(path, rows, dataset.imageShape ? [count, ...dataset.imageShape] : [count, dataset.dimension], 'f8');
  else if (extension === '.png' && dataset.imageShape !== undefined) await writeFileAtomic(path, imageGridPng(modelRows, count, dataset.imageShape));
  else throw new InvalidArgumentError('--output', `a .csv or .npy file${dataset.imageShape ? ' or a .png grid' : ''}`, path);
}

async function writePlot(path: string, dataset: Dataset, modelRows: Float32Array, rows: Float64Array, count: number): Promise<void> {
  if (dataset.imageShape !== undefined) {
    await writeFileAtomic(path, imageGridPng(modelRows, Math.min(count, 100), dataset.imageShape, { scale: 2 }));
    return;
  }
  if (dataset.dimension < 2) throw new InvalidArgumentError('--plot', 'used with data of at least 2 columns', dataset.dimension);

  const chart = await renderVegaLite(scatterChartSpec({ title: dataset.name, real: rows, generated: [], width: dataset.dimension }));
  await writeFileAtomic(path, chart.png);
}

function parseInteger(option: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value)) throw new InvalidArgumentError(option, 'a non-negative integer', text);
  return value;
}
