/**
 * Seeded 2-D toy distributions used to study mode collapse: Gaussian mixtures
 * on a ring and on a grid, a noisy spiral and two interleaved half circles.
 * Each generator returns `count` points as row-major (x, y) pairs.
 */
import { standardNormal } from '../distributions/standard.js';
import type { BitGenerator } from '../random/types.js';
import { boundedInt } from '../random/uniform.js';
import { nonNegative, positive, positiveInteger } from '../validate.js';

export interface PointSet {
  /** Row-major count x 2 coordinates. */
  readonly points: Float64Array;
  readonly count: number;
  /** Mixture component (or moon) of each point. */
  readonly labels: Int32Array;
}

export interface GaussianMixture2d extends PointSet {
  /** Row-major k x 2 mode centres. */
  readonly centers: Float64Array;
  /** Standard deviation of every mode, in each coordinate. */
  readonly std: number;
}

/** Draws `count` points from an equal-weight mixture of isotropic Gaussians with the given centres. */
export function sampleGaussianMixture(rng: BitGenerator, centers: Float64Array, std: number, count: number): GaussianMixture2d {
  positiveInteger('count', count);
  nonNegative('std', std);

  const modes = centers.length / 2;
  const points = new Float64Array(count * 2);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const mode = boundedInt(rng, modes);
    const noiseX = standardNormal(rng);
    const noiseY = standardNormal(rng);
    points[2 * i] = centers[2 * mode] + std * noiseX;
    points[2 * i + 1] = centers[2 * mode + 1] + std * noiseY;
    labels[i] = mode;
  }
  return { points, count, labels, centers, std };
}

export interface RingOptions {
  readonly count: number;
  /** Number of modes, evenly spaced by angle starting at (radius, 0). */
  readonly modes: number;
  readonly radius: number;
  readonly std: number;
}

/** Draws from the ring mixture: `modes` Gaussians evenly spaced on a circle around the origin. */
export function sampleRing(rng: BitGenerator, options: RingOptions): GaussianMixture2d {
  const modes = positiveInteger('modes', options.modes);
  const radius = positive('radius', options.radius);

  const centers = new Float64Array(modes * 2);
  for (let mode = 0; mode < modes; mode++) {
    const angle = (2 * Math.PI * mode) / modes;
    centers[2 * mode] = radius * Math.cos(angle);
    centers[2 * mode + 1] = radius * Math.sin(angle);
  }
  return sampleGaussianMixture(rng, centers, options.std, options.count);
}

export interface GridOptions {
  readonly count: number;
  /** Modes per side: the grid has side x side modes. */
  readonly side: number;
  /** Distance between neighbouring centres. */
  readonly spacing: number;
  readonly std: number;
}

/** Draws from the grid mixture: side x side Gaussians on a square grid centred on the origin. */
export function sampleGrid(rng: BitGenerator, options: GridOptions): GaussianMixture2d {
  const side = positiveInteger('side', options.side);
  const spacing = positive('spacing', options.spacing);

  const centers = new Float64Array(side * side * 2);
  const offset = ((side - 1) * spacing) / 2;
  for (let row = 0; row < side; row++) {
    for (let column = 0; column < side; column++) {
      const mode = row * side + column;
      centers[2 * mode] = column * spacing - offset;
      centers[2 * mode + 1] = row * spacing - offset;
    }
  }
  return sampleGaussianMixture(rng, centers, options.std, options.count);
}

export interface SpiralOptions {
  readonly count: number;
  /** Number of full turns of the spiral. */
  readonly turns: number;
  /** Distance from the origin at the outer end. */
  readonly radius: number;
  /** Standard deviation of the Gaussian noise added to each coordinate. */
  readonly noise: number;
}

/**
 * Draws points on the Archimedean spiral r = radius * t, angle = 2 pi turns t,
 * plus Gaussian noise. t = sqrt(u) for uniform u makes the points nearly
 * uniform along the curve, because the arc length from the centre grows as t^2
 * once the spiral has wound a little.
 */
export function sampleSpiral(rng: BitGenerator, options: SpiralOptions): PointSet {
  const count = positiveInteger('count', options.count);
  const turns = positive('turns', options.turns);
  const radius = positive('radius', options.radius);
  const noise = nonNegative('noise', options.noise);

  const points = new Float64Array(count * 2);
  for (let i = 0; i < count; i++) {
    const t = Math.sqrt(rng.nextDouble());
    const angle = 2 * Math.PI * turns * t;
    const noiseX = standardNormal(rng);
    const noiseY = standardNormal(rng);
    points[2 * i] = radius * t * Math.cos(angle) + noise * noiseX;
    points[2 * i + 1] = radius * t * Math.sin(angle) + noise * noiseY;
  }
  return { points, count, labels: new Int32Array(count) };
}

export interface MoonsOptions {
  readonly count: number;
  /** Standard deviation of the Gaussian noise added to each coordinate. */
  readonly noise: number;
}

/**
 * Draws from two interleaved half circles of radius 1: the upper one centred
 * at (0, 0) (label 0) and the lower one centred at (1, 0.5) (label 1). Each
 * point lies on a uniformly drawn moon at a uniformly drawn angle, plus
 * Gaussian noise. The layout is that of scikit-learn's `make_moons`.
 */
export function sampleMoons(rng: BitGenerator, options: MoonsOptions): PointSet {
  const count = positiveInteger('count', options.count);
  const noise = nonNegative('noise', options.noise);

  const points = new Float64Array(count * 2);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const moon = boundedInt(rng, 2);
    const angle = Math.PI * rng.nextDouble();
    const noiseX = standardNormal(rng);
    const noiseY = standardNormal(rng);
    const x = moon === 0 ? Math.cos(angle) : 1 - Math.cos(angle);
    const y = moon === 0 ? Math.sin(angle) : 0.5 - Math.sin(angle);
    points[2 * i] = x + noise * noiseX;
    points[2 * i + 1] = y + noise * noiseY;
    labels[i] = moon;
  }
  return { points, count, labels };
}
