/**
 * What `train` does before its first step: checks the run folder, loads the
 * data and resolves the configuration, either from the options of a new run
 * or from the config.json of a resumed one. Nothing here writes to the folder.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { findBuiltin } from '../data/builtin.js';
import { loadDataset } from '../data/load.js';
import { parseDatasetSpec } from '../data/spec.js';
import type { Dataset } from '../data/types.js';
import { InputFileError, InvalidArgumentError, SamplekitError } from '../errors.js';
import type { Seed } from '../random/types.js';
import { resolveRunConfig, type RunConfig } from './config.js';
import { ExistingRunError, findRunMarkers } from './run-folder.js';
import type { TrainOptions } from './train.js';

export interface PreparedRun {
  readonly dataset: Dataset;
  readonly config: RunConfig;
  readonly seed: Seed;
}

/** Loads the data and resolves the configuration: from config.json on resume, from `options` otherwise. */
export async function prepareRun(options: TrainOptions, onMessage?: (message: string) => void): Promise<PreparedRun> {
  await checkRunFolder(options);
  if (options.resume) return prepareResumedRun(options, onMessage);

  const seed = options.seed ?? 0;
  const dataset = await loadDataset(options.data, { seed, onWarning: onMessage });
  const resolved = resolveRunConfig(options.model, absoluteDataSpec(options.data), dataset, seed, options, onMessage);
  const config = { ...resolved, data: { ...resolved.data, checksum: dataChecksum(dataset) } };
  return { dataset, config, seed };
}

async function prepareResumedRun(options: TrainOptions, onMessage?: (message: string) => void): Promise<PreparedRun> {
  const saved = await readSavedConfig(options.out);
  const seed = BigInt(saved.seed);
  const dataset = await loadSavedData(saved, options.out, seed, onMessage);
  const config = extendSteps(saved, options);
  checkDatasetMatches(config, dataset);
  return { dataset, config, seed };
}

/**
 * Rejects `overwrite` with `resume`, and a new run in a folder that already
 * contains one unless `overwrite` is set (ExistingRunError).
 */
async function checkRunFolder(options: TrainOptions): Promise<void> {
  if (options.resume && options.overwrite) {
    throw new InvalidArgumentError('overwrite', 'left out with resume, which continues the run in out instead of replacing it', options.overwrite);
  }
  if (options.resume || options.overwrite) return;

  const markers = await findRunMarkers(options.out);
  if (markers.length > 0) throw new ExistingRunError(options.out, markers);
}

/**
 * Returns `spec` with a file or folder path made absolute, so that config.json
 * finds the data again when a run is resumed from another working directory.
 * Built-in names are returned unchanged.
 */
export function absoluteDataSpec(spec: string): string {
  const { source, parameters } = parseDatasetSpec(spec);
  if (findBuiltin(source) !== undefined) return spec;

  const tail = Object.entries(parameters)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
  return tail === '' ? resolve(source) : `${resolve(source)}:${tail}`;
}

/**
 * Returns a SHA-256 of the model-space rows (train, then held-out) and the
 * transform, so a resumed run notices data that changed since it started,
 * including a column rescaled as a whole, which standardisation hides from the rows.
 */
export function dataChecksum(dataset: Dataset): string {
  const hash = createHash('sha256');
  hash.update(new Uint8Array(dataset.train.buffer, dataset.train.byteOffset, dataset.train.byteLength));
  hash.update(new Uint8Array(dataset.heldOut.buffer, dataset.heldOut.byteOffset, dataset.heldOut.byteLength));
  hash.update(JSON.stringify(dataset.transform));
  return `sha256:${hash.digest('hex')}`;
}

/** Loads the data of a resumed run, rejecting data that cannot be found or that changed since the run started. */
async function loadSavedData(saved: RunConfig, out: string, seed: Seed, onMessage?: (message: string) => void): Promise<Dataset> {
  const spec = saved.data.spec;
  let dataset: Dataset;
  try {
    dataset = await loadDataset(spec, { seed, onWarning: onMessage });
  } catch (error) {
    if (!(error instanceof SamplekitError)) throw error;
    throw new InputFileError(`cannot resume the run in ${out}: its data ${JSON.stringify(spec)} (recorded in config.json) cannot be loaded: ${error.message}`);
  }

  if (saved.data.checksum !== undefined && dataChecksum(dataset) !== saved.data.checksum) {
    throw new InputFileError(
      `cannot resume the run in ${out}: the data ${JSON.stringify(spec)} changed since the run started (their checksum differs from the one in config.json); restore the original data, or start a new run`,
    );
  }
  return dataset;
}

async function readSavedConfig(out: string): Promise<RunConfig> {
  const path = join(out, 'config.json');
  try {
    return JSON.parse(await readFile(path, 'utf8')) as RunConfig;
  } catch (error) {
    throw new InputFileError(`cannot resume: ${path} is missing or unreadable (${(error as Error).message}); start a new run without --resume`);
  }
}

/** Returns the saved configuration of a resumed run, with the step budget replaced when --steps or --epochs is given. */
function extendSteps(saved: RunConfig, options: TrainOptions): RunConfig {
  if (options.steps === undefined && options.epochs === undefined) return saved;
  const steps = options.steps ?? (options.epochs as number) * saved.stepsPerEpoch;
  if (!Number.isSafeInteger(steps) || steps < 1) throw new InvalidArgumentError('steps', 'a positive integer', steps);
  return { ...saved, steps };
}

function checkDatasetMatches(config: RunConfig, dataset: Dataset): void {
  if (config.data.dimension !== dataset.dimension || config.data.trainCount !== dataset.trainCount) {
    throw new InputFileError(
      `the data no longer match the run: config.json records ${config.data.trainCount} training rows of width ${config.data.dimension}, the data set has ${dataset.trainCount} of width ${dataset.dimension}`,
    );
  }
}
