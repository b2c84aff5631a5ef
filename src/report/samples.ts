/**
 * Sample pictures for a run folder, one per evaluation, named
 * `samples/step-NNNNNN.png` so the report orders them by step. Image data gets
 * a grid of generated images. Vector data gets a scatter of the first two
 * columns of generated over held-out real rows, with the discriminator's
 * decision surface behind them when the trainer passes one.
 */
import { join } from 'node:path';

import type { Dataset } from '../data/types.js';
import { InvalidArgumentError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic.js';
import { imageGridPng } from './image-grid.js';
import { type DecisionSurface, scatterChartSpec } from './plots.js';
import { renderVegaLite } from './vega.js';

export const SAMPLES_FOLDER = 'samples';

export interface SampleImageOptions {
  readonly dataset: Dataset;
  /** Generated rows in model space, row-major count x dataset.dimension. */
  readonly generated: Float32Array;
  readonly count: number;
  /** Discriminator probabilities on a grid (2-D vector data only); see `decisionGridPoints`. */
  readonly decision?: DecisionSurface;
  /** Maximum number of images in a grid (default 64) or of points per set in a scatter (default 2000). */
  readonly maxItems?: number;
}

/** Returns the path of the sample picture for `step` in a run folder. */
export function sampleImagePath(runDir: string, step: number): string {
  if (!Number.isSafeInteger(step) || step < 0) throw new InvalidArgumentError('step', 'a non-negative integer', step);
  return join(runDir, SAMPLES_FOLDER, `step-${String(step).padStart(6, '0')}.png`);
}

/** Renders the sample picture for one evaluation and writes it atomically; returns its path. */
export async function writeSampleImage(runDir: string, step: number, options: SampleImageOptions): Promise<string> {
  const path = sampleImagePath(runDir, step);
  await writeFileAtomic(path, await renderSampleImage(options, `step ${step}`));
  return path;
}

/** Renders the sample picture as PNG bytes. */
export async function renderSampleImage(options: SampleImageOptions, title: string): Promise<Uint8Array> {
  const { dataset, generated, count } = options;
  if (generated.length < count * dataset.dimension) {
    throw new InvalidArgumentError('generated.length', `at least count * dimension (${count * dataset.dimension})`, generated.length);
  }

  if (dataset.kind === 'images' && dataset.imageShape !== undefined) {
    const gridCount = Math.min(count, options.maxItems ?? 64);
    return imageGridPng(generated, gridCount, dataset.imageShape, { scale: dataset.imageShape[0] <= 32 ? 2 : 1 });
  }

  if (dataset.dimension < 2) throw new InvalidArgumentError('dataset.dimension', 'at least 2 for a scatter of samples', dataset.dimension);
  const standardized = dataset.transform.type === 'standardize' ? ' (standardised units)' : '';
  const spec = scatterChartSpec({
    title: `${title}${standardized}`,
    real: dataset.heldOutCount > 0 ? dataset.heldOut : dataset.train,
    generated: generated.subarray(0, count * dataset.dimension),
    width: dataset.dimension,
    decision: dataset.dimension === 2 ? options.decision : undefined,
    maxPoints: options.maxItems ?? 2000,
  });
  return (await renderVegaLite(spec, { scale: 1.5 })).png;
}
