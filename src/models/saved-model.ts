/**
 * The trained networks in a run folder (`generator/`, `discriminator/`, TF.js
 * Layers format) and sampling from a saved generator, as `samplekit
 * generate` does: noise from a samplekit generator, the saved generator, and
 * the data set's transform back to data units.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { initBackend, tf } from '../backend.js';
import { dataSpaceMapper } from '../data/transform.js';
import { InputFileError } from '../errors.js';
import { createGenerator, DEFAULT_GENERATOR } from '../random/index.js';
import type { Seed } from '../random/types.js';
import { positiveInteger } from '../validate.js';
import type { RunConfig } from './config.js';
import { loadLayersModel, saveLayersModel } from './model-files.js';
import { latentValues, latentWidth } from './noise.js';
import type { Trainer } from './trainer.js';

/** Rows generated per call of the saved model. */
const GENERATION_CHUNK_ROWS = 4096;

/** Writes the trainer's networks to `out/generator` and `out/discriminator` (when there is one). */
export async function saveNetworks(trainer: Trainer, out: string): Promise<void> {
  await saveNetwork(trainer.outputGenerator().toLayersModel('generator'), join(out, 'generator'));
  if (trainer.discriminator !== undefined) {
    await saveNetwork(trainer.discriminator.toLayersModel('discriminator'), join(out, 'discriminator'));
  }
}

async function saveNetwork(model: tf.LayersModel, folder: string): Promise<void> {
  try {
    await saveLayersModel(model, folder);
  } finally {
    model.dispose();
  }
}

/** Reads config.json of a run folder. */
export async function readRunConfig(runDir: string): Promise<RunConfig> {
  const path = join(runDir, 'config.json');
  try {
    return JSON.parse(await readFile(path, 'utf8')) as RunConfig;
  } catch (error) {
    throw new InputFileError(`cannot read ${path}: ${(error as Error).message}. Pass the --out folder of a \`samplekit train\` run.`);
  }
}

export interface GeneratedRows {
  readonly config: RunConfig;
  /** Row-major count x dimension, in data units as float64 (pixels in [0, 1] for images). */
  readonly dataRows: Float64Array;
  /** The same rows in model space (pixels in [-1, 1] for images). */
  readonly modelRows: Float32Array;
  readonly count: number;
  readonly dimension: number;
}

/**
 * Draws `count` rows from the generator saved in `runDir`, with latent noise
 * from samplekit's default generator seeded with `seed`: the same run, count
 * and seed always give the same rows.
 */
export async function generateFromRun(runDir: string, count: number, seed: Seed): Promise<GeneratedRows> {
  positiveInteger('count', count);
  await initBackend();
  const config = await readRunConfig(runDir);
  const generatorSpec = config.gan ?? config.mmd;
  if (generatorSpec === undefined) throw new InputFileError(`${join(runDir, 'config.json')} describes no gan or mmd model`);

  const model = await loadLayersModel(join(runDir, 'generator'));
  try {
    const rng = createGenerator(DEFAULT_GENERATOR, seed);
    const { latentDim, latentCategories } = generatorSpec;
    const width = latentWidth(latentDim, latentCategories);
    const dimension = config.data.dimension;
    const modelRows = new Float32Array(count * dimension);

    // Chunks bound the memory; the noise is drawn in row order, so the chunk size does not change the rows.
    for (let start = 0; start < count; start += GENERATION_CHUNK_ROWS) {
      const rows = Math.min(GENERATION_CHUNK_ROWS, count - start);
      const noise = latentValues(rng, rows, latentDim, latentCategories);
      const chunk = tf.tidy(() => (model.predict(tf.tensor2d(noise, [rows, width])) as tf.Tensor).dataSync());
      modelRows.set(chunk, start * dimension);
    }
    const dataRows = dataSpaceMapper(config.data.transform)(modelRows);
    return { config, dataRows, modelRows, count, dimension };
  } finally {
    model.dispose();
  }
}
