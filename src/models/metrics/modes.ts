/**
 * Mode coverage and sample quality for 2-D Gaussian mixtures (ring8, grid25),
 * the usual way to measure mode collapse:
 *
 * - each sample is assigned to its nearest mode centre;
 * - it is a high-quality sample when it lies within `qualityStds` standard
 *   deviations (default 3) of that centre, by Euclidean distance;
 * - a mode is covered when its high-quality samples make up at least
 *   `minShare` of all samples. The default is a fifth of the fair share,
 *   0.2 / k for k modes: 20 of 2,500 samples for 25 modes.
 *
 * For exact draws from the mixture the expected high-quality share is
 * 1 - exp(-qualityStds^2 / 2) (98.9% at 3 standard deviations), because the
 * squared distance over std^2 is chi-square with 2 degrees of freedom.
 */
import { InvalidArgumentError } from '../../errors.js';
import type { MixtureInfo } from '../../data/types.js';
import { positive, probability } from '../../validate.js';

export interface ModeMetricOptions {
  /** Radius, in mode standard deviations, within which a sample counts as high quality (default 3). */
  readonly qualityStds?: number;
  /** Share of all samples a mode needs (as high-quality samples) to count as covered (default 0.2 / modes). */
  readonly minShare?: number;
}

export interface ModeMetrics {
  /** Number of mixture modes. */
  readonly modes: number;
  readonly modesCovered: number;
  /** Share of samples within qualityStds standard deviations of their nearest mode. */
  readonly highQualityShare: number;
  /** High-quality samples per mode. */
  readonly modeCounts: readonly number[];
  /** The covering threshold used, as a share of all samples. */
  readonly minShare: number;
}

/** Measures mode coverage of row-major 2-D `samples` (count x 2) against the mixture's centres. */
export function modeMetrics(samples: ArrayLike<number>, count: number, mixture: MixtureInfo, options: ModeMetricOptions = {}): ModeMetrics {
  const dimension = 2;
  const modes = mixture.centers.length / dimension;
  if (!Number.isInteger(modes) || modes < 1) {
    throw new InvalidArgumentError('mixture.centers.length', 'a positive multiple of 2 (2-D centres)', mixture.centers.length);
  }
  if (!Number.isSafeInteger(count) || count < 1 || samples.length !== count * dimension) {
    throw new InvalidArgumentError('samples.length', `count * 2 for count >= 1 (count = ${count})`, samples.length);
  }
  const qualityStds = positive('qualityStds', options.qualityStds ?? 3);
  const minShare = probability('minShare', options.minShare ?? 0.2 / modes);

  const radius = qualityStds * mixture.std;
  const radiusSquared = radius * radius;

  const modeCounts = new Array<number>(modes).fill(0);
  let highQuality = 0;
  for (let i = 0; i < count; i++) {
    const x = samples[dimension * i];
    const y = samples[dimension * i + 1];

    let nearest = -1;
    let nearestSquared = Infinity;
    for (let mode = 0; mode < modes; mode++) {
      const dx = x - mixture.centers[dimension * mode];
      const dy = y - mixture.centers[dimension * mode + 1];
      const squared = dx * dx + dy * dy;
      if (squared < nearestSquared) {
        nearestSquared = squared;
        nearest = mode;
      }
    }

    if (nearest >= 0 && nearestSquared <= radiusSquared) {
      highQuality += 1;
      modeCounts[nearest] += 1;
    }
  }

  const needed = minShare * count;
  const modesCovered = modeCounts.filter((hits) => hits > 0 && hits >= needed).length;
  return { modes, modesCovered, highQualityShare: highQuality / count, modeCounts, minShare };
}
