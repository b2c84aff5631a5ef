/**
 * Latent noise for generators, drawn from a samplekit bit generator so that a
 * run's noise is fixed by its seed and continues exactly after a resume.
 */
import { standardNormal } from '../distributions/standard.js';
import { tf } from '../backend.js';
import type { BitGenerator } from '../random/types.js';
import { positiveInteger } from '../validate.js';

/** Fills a new Float32Array with `count` standard normal draws from `rng`. */
export function standardNormalValues(rng: BitGenerator, count: number): Float32Array {
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = standardNormal(rng);
  return values;
}

/** Returns a [rows, latentDim] tensor of standard normal noise z drawn from `rng`. */
export function latentNoise(rng: BitGenerator, rows: number, latentDim: number): tf.Tensor2D {
  positiveInteger('rows', rows);
  positiveInteger('latentDim', latentDim);
  return tf.tensor2d(standardNormalValues(rng, rows * latentDim), [rows, latentDim]);
}
