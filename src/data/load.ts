/**
 * `loadDataset(spec, options)`: the one entry point that turns a data-set
 * specification (a built-in name with parameters, a table file or an image
 * folder) into a `Dataset`.
 */
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';

import { InvalidArgumentError } from '../errors.js';
import { createGenerator, DEFAULT_GENERATOR } from '../random/index.js';
import type { BitGenerator, Seed } from '../random/types.js';
import { BUILTIN_DATASETS, builtinNames, findBuiltin } from './builtin.js';
import { parseDatasetSpec } from './spec.js';
import { checkHeldOutFraction, DEFAULT_HELD_OUT_FRACTION } from './split.js';
import type { Dataset } from './types.js';

/** File extensions read as numeric tables. */
export const TABLE_EXTENSIONS: readonly string[] = ['.csv', '.tsv', '.txt', '.npy', '.json'];

export interface LoadDatasetOptions {
  /** Seed for generation, shuffling and the held-out split, used when `rng` is absent. */
  readonly seed?: Seed;
  /** Generator for every random choice; takes precedence over `seed`. */
  readonly rng?: BitGenerator;
  /** Share of rows kept out of training for evaluation, in [0, 1); default 0.1. */
  readonly heldOutFraction?: number;
  /** Receives a message for each conversion made while loading (e.g. grey images turned RGB). */
  readonly onWarning?: (message: string) => void;
}

/**
 * Loads the data set named by `spec`: a built-in name (`ring8`, `grid25`,
 * `spiral`, `moons`, `mnist`) optionally followed by `:key=value,...`, a
 * CSV/NPY/JSON table file, or a folder of PNG images. The same spec and seed
 * always give the same rows in the same order.
 */
export async function loadDataset(spec: string, options: LoadDatasetOptions): Promise<Dataset> {
  const rng = generatorFor(options);
  const heldOutFraction = checkHeldOutFraction(options.heldOutFraction ?? DEFAULT_HELD_OUT_FRACTION);
  const { source, parameters } = parseDatasetSpec(spec);

  const builtin = findBuiltin(source);
  if (builtin !== undefined) return builtin.create(parameters, { rng, heldOutFraction });

  const context = { rng, heldOutFraction, onWarning: options.onWarning };
  const kind = await pathKind(source);
  if (kind === 'folder') {
    const { createImageFolderDataset } = await import('./image-dataset.js');
    return createImageFolderDataset(source, parameters, context);
  }
  if (kind === 'file' && TABLE_EXTENSIONS.includes(extname(source).toLowerCase())) {
    const { createTableDataset } = await import('./table-dataset.js');
    return createTableDataset(source, parameters, context);
  }

  const accepted = `one of ${builtinNames().join(', ')}, a ${TABLE_EXTENSIONS.join('/')} file or a folder of PNG images`;
  const reason =
    kind === 'file'
      ? `The extension "${extname(source)}" is not a table format; rename or convert the file`
      : 'No built-in data set has this name, and no file or folder exists at this path';
  throw new InvalidArgumentError('data', accepted, spec, reason);
}

/** Describes each built-in data set and its parameters, one line each, for help text. */
export function describeDatasets(): string {
  const lines: string[] = [];
  for (const dataset of BUILTIN_DATASETS) {
    lines.push(`${dataset.name}: ${dataset.description}`);
    for (const parameter of dataset.parameters) {
      lines.push(`  ${parameter.name}: ${parameter.description} (default ${parameter.default})`);
    }
  }
  return lines.join('\n');
}

function generatorFor(options: LoadDatasetOptions): BitGenerator {
  if (options?.rng != null) return options.rng;
  if (options?.seed == null) {
    throw new InvalidArgumentError('seed', 'given (or an rng passed), because data sets are generated and split at random', undefined);
  }
  return createGenerator(DEFAULT_GENERATOR, options.seed);
}

async function pathKind(path: string): Promise<'file' | 'folder' | 'missing'> {
  try {
    const info = await stat(path);
    return info.isDirectory() ? 'folder' : 'file';
  } catch {
    return 'missing';
  }
}
