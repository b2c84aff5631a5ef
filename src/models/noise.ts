/**
 * Latent noise for generators, drawn from a samplekit bit generator so that a
 * run's noise is fixed by its seed and continues exactly after a resume.
 *
 * A latent row is [one-hot(c), z]: an optional categorical part, c drawn
 * uniformly from `categories` values, then `latentDim` standard normal
 * draws. A connected latent space (z alone) forces any continuous generator
 * to put some mass on "bridges" between the separated modes of a mixture
 * (Khayatkhoei, Singh & Elgammal, "Disconnected Manifold Learning for
 * Generative Adversarial Networks", NeurIPS 2018); the categorical part lets
 * the generator give each category its own region without bridges.
 */
import { standardNormal } from '../distributions/standard.js';
import { tf } from '../backend.js';
import type { BitGenerator } from '../random/types.js';
import { boundedInt } from '../random/uniform.js';
import { nonNegativeInteger, positiveInteger } from '../validate.js';

/** Fills a new Float32Array with `count` standard normal draws from `rng`. */
export function standardNormalValues(rng: BitGenerator, count: number): Float32Array {
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = standardNormal(rng);
  return values;
}

/** Width of a latent row: the one-hot categories and the normal draws. */
export function latentWidth(latentDim: number, categories = 0): number {
  return categories + latentDim;
}

/**
 * Draws `rows` latent rows (row-major rows x (categories + latentDim)) from
 * `rng`, row by row: the category first (when `categories` > 0), then the
 * normal draws, so any split of the rows into chunks draws the same values.
 */
export function latentValues(rng: BitGenerator, rows: number, latentDim: number, categories = 0): Float32Array {
  positiveInteger('rows', rows);
  positiveInteger('latentDim', latentDim);
  nonNegativeInteger('categories', categories);
  const width = latentWidth(latentDim, categories);
  const values = new Float32Array(rows * width);

  for (let row = 0; row < rows; row++) {
    const offset = row * width;
    if (categories > 0) values[offset + boundedInt(rng, categories)] = 1;
    for (let k = categories; k < width; k++) values[offset + k] = standardNormal(rng);
  }
  return values;
}

/** Returns a [rows, categories + latentDim] tensor of latent rows drawn from `rng` (see `latentValues`). */
export function latentNoise(rng: BitGenerator, rows: number, latentDim: number, categories = 0): tf.Tensor2D {
  return tf.tensor2d(latentValues(rng, rows, latentDim, categories), [rows, latentWidth(latentDim, categories)]);
}
