/**
 * `samplekit generate`: draws new rows from the generator of a training run.
 * Rows are in the data's own units (standardisation undone), as float64.
 * Without -o they go to stdout as CSV. `-o FILE.csv` and `-o FILE.npy` write
 * a file, and `-o FILE.png` writes an image grid for image data, or a scatter
 * plot of the first two columns for vectors.
 */
import { extname } from 'node:path';

import type { Command } from 'commander';

import { InvalidArgumentError } from '../../errors.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { formatCsv, writeCsv } from '../../io/csv.js';
import { writeNpy } from '../../io/npy.js';
import type { GeneratedRows } from '../../models/saved-model.js';
import { imageGridPng } from '../../report/image-grid.js';
import { scatterChartSpec } from '../../report/plots.js';
import { renderVegaLite } from '../../report/vega.js';
import { parseSeed } from './train.js';

export interface GenerateCommandOptions {
  readonly model: string;
  readonly count: string;
  readonly seed: string;
  readonly output?: string;
}

const OUTPUT_EXTENSIONS = ['.csv', '.npy', '.png'];

export function register(program: Command): void {
  program
    .command('generate')
    .description('Draw rows (or images) from the generator of a training run, in the data\'s own units')
    .requiredOption('--model <dir>', 'run folder written by samplekit train (its --out)')
    .requiredOption('-n, --count <N>', 'number of rows or images to draw')
    .requiredOption('--seed <int>', 'seed of the latent noise: a non-negative decimal integer')
    .option('-o, --output <file>', 'write FILE.csv, FILE.npy, or FILE.png (an image grid, or a scatter of the first two columns) instead of CSV on stdout')
    .action(async (options: GenerateCommandOptions) => {
      await generateCommand(options);
    });
}

export async function generateCommand(options: GenerateCommandOptions): Promise<void> {
  const count = Number(options.count);
  if (!/^\d+$/.test(options.count) || !Number.isSafeInteger(count) || count < 1) {
    throw new InvalidArgumentError('-n', 'a positive integer', options.count);
  }
  const seed = parseSeed(options.seed);
  const extension = options.output === undefined ? '.csv' : extname(options.output).toLowerCase();
  if (!OUTPUT_EXTENSIONS.includes(extension)) {
    throw new InvalidArgumentError('-o', `a file name ending in ${OUTPUT_EXTENSIONS.join(', ')}`, options.output);
  }

  // Loaded here, not at the top, so other commands start without loading TF.js.
  const { generateFromRun } = await import('../../models/saved-model.js');
  const generated = await generateFromRun(options.model, count, seed);
  const { config, dataRows, dimension } = generated;

  if (options.output === undefined) {
    await writeStdout(formatCsv(dataRows, dimension, { header: config.data.columns }));
    return;
  }

  switch (extension) {
    case '.csv':
      await writeCsv(options.output, dataRows, dimension, { header: config.data.columns });
      break;
    case '.npy':
      await writeNpy(options.output, dataRows, config.data.imageShape !== undefined ? [count, ...config.data.imageShape] : [count, dimension], 'f8');
      break;
    case '.png':
      await writeFileAtomic(options.output, await picture(generated));
      break;
  }
  const noun = config.data.kind === 'images' ? 'image' : 'row';
  process.stderr.write(`wrote ${count} ${noun}${count === 1 ? '' : 's'} to ${options.output}\n`);
}

async function picture(generated: GeneratedRows): Promise<Uint8Array> {
  const { config, modelRows, dataRows, count, dimension } = generated;
  if (config.data.kind === 'images' && config.data.imageShape !== undefined) {
    // The grid maps model-space pixels in [-1, 1] to bytes.
    return imageGridPng(modelRows, count, config.data.imageShape, { scale: 2 });
  }
  if (dimension < 2) {
    throw new InvalidArgumentError('-o', 'a .csv or .npy file for 1-column data, which has no 2-D scatter plot', '.png');
  }
  const chart = await renderVegaLite(scatterChartSpec({ title: `${count} generated rows`, real: new Float32Array(0), generated: dataRows, width: dimension, maxPoints: count }));
  return chart.png;
}

function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
