/**
 * Warm-up adaptation of the Gaussian random-walk proposal. The log of the
 * scale follows a Robbins–Monro recursion towards a target acceptance rate,
 * log s <- log s + t^-0.6 (alpha_t - alpha*), and optionally the covariance
 * is replaced by the empirical covariance of the warm-up draws (Haario,
 * Saksman & Tamminen 2001; Andrieu & Thoms 2008, "A tutorial on adaptive
 * MCMC", Statistics and Computing 18). After warm-up the proposal is frozen,
 * so the kept draws come from a time-homogeneous, valid Metropolis chain.
 */
import { standardNormal } from '../../distributions/standard.js';
import type { BitGenerator } from '../../random/types.js';
import { copyPosition } from './positions.js';
import { markBuiltInProposal, type ProposalKernel } from './kernel.js';
import { choleskyFactor } from './proposals.js';

export type AdaptationMode = 'scale' | 'covariance' | 'none';

/**
 * Target acceptance rate of a random walk: 0.44 in one dimension and 0.234
 * in more, the optimal rates for Gaussian targets found by Roberts, Gelman &
 * Gilks (1997) and Roberts & Rosenthal (2001).
 */
export function defaultTargetAcceptance(dimension: number): number {
  return dimension === 1 ? 0.44 : 0.234;
}

/** Exponent of the step size t^-kappa; kappa in (0.5, 1] makes the adaptation settle (Robbins–Monro conditions). */
const STEP_EXPONENT = 0.6;

/** Added to the diagonal of the empirical covariance, relative to its mean diagonal, so the proposal stays non-degenerate. */
const REGULARISATION = 1e-6;

/** The Cholesky factor is recomputed from the empirical covariance every this many warm-up steps. */
const COVARIANCE_REFRESH = 50;

export class RandomWalkAdapter {
  /**
   * The random-walk proposal y = x + s L z, with L the Cholesky factor of the
   * base covariance. It reads the current s and L at every call, so it
   * follows the adaptation without being rebuilt.
   */
  readonly proposal: ProposalKernel;
  /** log of the global scale factor s multiplying the base covariance. */
  private logScale: number;
  private currentScale: number;
  private baseCovariance: Float64Array;
  private factor: Float64Array;
  private steps = 0;

  // Welford accumulators of the warm-up positions.
  private readonly mean: Float64Array;
  private readonly scatter: Float64Array;
  private count = 0;

  /**
   * `baseCovariance` is the row-major covariance the scale multiplies; the
   * first proposal has covariance exp(2 log s) base with s = initialScale.
   */
  constructor(
    readonly dimension: number,
    baseCovariance: Float64Array,
    initialScale: number,
    readonly mode: AdaptationMode,
    readonly targetAcceptance: number,
  ) {
    this.baseCovariance = Float64Array.from(baseCovariance);
    this.factor = choleskyFactor(this.baseCovariance, dimension);
    this.logScale = Math.log(initialScale);
    this.currentScale = initialScale;
    this.mean = new Float64Array(dimension);
    this.scatter = new Float64Array(dimension * dimension);

    const noise = new Float64Array(dimension);
    this.proposal = markBuiltInProposal({
      symmetric: true,
      propose: (rng: BitGenerator, current: Float64Array): Float64Array => {
        const d = this.dimension;
        const factor = this.factor;
        const scale = this.currentScale;
        for (let i = 0; i < d; i++) noise[i] = standardNormal(rng);
        const next = copyPosition(current);
        for (let i = 0; i < d; i++) {
          let shift = 0;
          for (let j = 0; j <= i; j++) shift += factor[i * d + j] * noise[j];
          next[i] += scale * shift;
        }
        return next;
      },
    });
  }

  /** Current global scale factor s. */
  get scale(): number {
    return this.currentScale;
  }

  /** Current proposal covariance s^2 * base, row-major. */
  get covariance(): Float64Array {
    const factor = Math.exp(2 * this.logScale);
    return this.baseCovariance.map((value) => value * factor);
  }

  /** Records one warm-up step: its acceptance probability and the chain's position after it. */
  update(acceptanceRate: number, position: Float64Array): void {
    if (this.mode === 'none') return;
    this.steps++;

    this.logScale += (this.steps + 1) ** -STEP_EXPONENT * (acceptanceRate - this.targetAcceptance);
    this.currentScale = Math.exp(this.logScale);

    if (this.mode === 'covariance') {
      this.accumulate(position);
      const enough = this.count >= Math.max(100, 10 * this.dimension);
      if (enough && this.steps % COVARIANCE_REFRESH === 0) {
        this.baseCovariance = this.empiricalCovariance();
        this.factor = choleskyFactor(this.baseCovariance, this.dimension);
      }
    }
  }

  private accumulate(position: Float64Array): void {
    const d = this.dimension;
    this.count++;
    const delta = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      delta[i] = position[i] - this.mean[i];
      this.mean[i] += delta[i] / this.count;
    }
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) this.scatter[i * d + j] += delta[i] * (position[j] - this.mean[j]);
    }
  }

  /**
   * Empirical covariance of the warm-up positions times 2.38^2 / d (the
   * optimal random-walk scaling for Gaussian targets, so s stays near 1),
   * plus a small ridge.
   */
  private empiricalCovariance(): Float64Array {
    const d = this.dimension;
    const optimalScaling = (2.38 * 2.38) / d;
    const covariance = this.scatter.map((value) => (optimalScaling * value) / (this.count - 1));
    let trace = 0;
    for (let i = 0; i < d; i++) trace += covariance[i * d + i];
    const ridge = REGULARISATION * Math.max(trace / d, Number.MIN_VALUE);
    for (let i = 0; i < d; i++) covariance[i * d + i] += ridge;

    // Keep the old base when the chain has not moved enough to estimate a covariance.
    return trace > 0 ? covariance : this.baseCovariance;
  }
}
