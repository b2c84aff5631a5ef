/**
 * Automatic envelope bound for rejection sampling: log M = sup_x
 * (log target(x) - log proposal(x)), found by a grid over the proposal's
 * quantiles, far-tail probes that detect an unbounded ratio, and golden-
 * section refinement around the best grid points. The ratio is also
 * evaluated on the survey grid of the target and at the modes it finds,
 * because a target mode far out in the proposal's tail can fall between
 * the proposal's quantiles.
 */
import { NumericalError } from '../../errors.js';
import { goldenSectionMax, surveyDensity } from '../density-survey.js';
import type { Proposal } from './rejection.js';

export interface BoundSearchOptions {
  /** Number of equally spaced quantile levels in the grid. Default 2000. */
  readonly gridSize?: number;
  /**
   * Relative safety margin: the bound is (1 + margin) times the largest
   * ratio found, to cover a maximum slightly above the refined one.
   * Default 1e-3.
   */
  readonly margin?: number;
  /** Whether to survey the target on a wide grid and add its grid points and modes to the candidates. Default true. */
  readonly survey?: boolean;
}

export interface BoundSearchResult {
  /** log M, including the margin. */
  readonly logBound: number;
  /** Point with the largest ratio found. */
  readonly argmax: number;
  /** Target and proposal log-density evaluations used. */
  readonly evaluations: number;
}

/** Tail levels 10^-4 .. 10^-15 probe each side for a ratio that keeps growing. */
const TAIL_EXPONENTS = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

/** A ratio that rises by more than this (in log units) over the outermost tail probes counts as unbounded. */
const GROWTH_THRESHOLD = 1e-6;

/** Number of best grid points refined by golden-section search, so a second mode of the ratio is not missed. */
const REFINED_CANDIDATES = 5;

/**
 * Returns log M for `logTarget` over `proposal`. Throws NumericalError when
 * the ratio is NaN somewhere, infinite, or still growing at the far tail
 * probes (a target with heavier tails than the proposal, or a pole).
 */
export function findLogBound(
  logTarget: (x: number) => number,
  proposal: Proposal,
  options: BoundSearchOptions = {},
): BoundSearchResult {
  if (typeof proposal.quantile !== 'function') {
    throw new NumericalError('finding the bound M automatically needs a proposal with a quantile method; pass logBound instead');
  }
  const quantile = proposal.quantile.bind(proposal);
  const gridSize = options.gridSize ?? 2000;
  const margin = options.margin ?? 1e-3;

  let evaluations = 0;
  const ratio = (x: number): number => {
    evaluations++;
    const target = logTarget(x);
    // Outside the target's support the ratio is 0 whatever the proposal, as in the sampler itself.
    if (target === -Infinity) return -Infinity;
    const value = target - proposal.logPdf(x);
    if (Number.isNaN(value)) {
      throw new NumericalError(
        `log target - log proposal is NaN at x = ${x} (log target ${logTarget(x)}, log proposal ${proposal.logPdf(x)}); both must be numbers, with -Infinity for zero density`,
      );
    }
    return value;
  };

  // Grid points: equally spaced quantile levels, then the tail probes in order outwards.
  const points: number[] = [];
  for (let i = 0; i < gridSize; i++) points.push(quantile((i + 0.5) / gridSize));
  const lowerTail = TAIL_EXPONENTS.map((k) => quantile(10 ** -k));
  const upperTail = TAIL_EXPONENTS.map((k) => quantile(1 - 10 ** -k));
  if (options.survey !== false) points.push(...surveyPoints(logTarget, quantile(0.5)));
  const candidates = [...lowerTail, ...points, ...upperTail].filter((x) => Number.isFinite(x));
  const values = candidates.map(ratio);

  checkTail(lowerTail.filter(Number.isFinite), ratio, 'lower');
  checkTail(upperTail.filter(Number.isFinite), ratio, 'upper');

  // Sort the candidate points, then refine the best local maxima of the grid.
  const order = candidates.map((_, i) => i).sort((a, b) => candidates[a] - candidates[b]);
  const xs = order.map((i) => candidates[i]);
  const rs = order.map((i) => values[i]);
  const best = rs
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r > -Infinity)
    .sort((a, b) => b.r - a.r)
    .slice(0, REFINED_CANDIDATES);
  if (best.length === 0) {
    throw new NumericalError('the target density is 0 at every grid point of the proposal; the proposal does not cover the target');
  }

  let maxRatio = -Infinity;
  let argmax = NaN;
  for (const { i } of best) {
    const left = xs[Math.max(0, i - 1)];
    const right = xs[Math.min(xs.length - 1, i + 1)];
    const [x, r] = goldenSectionMax(ratio, left, right, xs[i], rs[i], 80);
    if (r > maxRatio) {
      maxRatio = r;
      argmax = x;
    }
  }
  if (maxRatio === Infinity) {
    throw new NumericalError(`log target - log proposal is +Infinity at x = ${argmax}; the ratio is unbounded, so no envelope exists for this proposal`);
  }

  return { logBound: maxRatio + Math.log1p(margin), argmax, evaluations };
}

/**
 * Throws when the ratio rises at each of the four outermost tail probes
 * (quantile levels 1e-12 to 1e-15), which is how an unbounded ratio shows
 * up on a finite grid.
 */
function checkTail(tail: number[], ratio: (x: number) => number, side: 'lower' | 'upper'): void {
  if (tail.length < 4) return;
  const outer = tail.slice(-4);
  const values = outer.map(ratio);
  for (let k = 1; k < values.length; k++) {
    if (!(values[k] > values[k - 1] + GROWTH_THRESHOLD)) return;
  }
  throw new NumericalError(
    `log target - log proposal grows without bound in the ${side} tail (from ${values[0].toPrecision(6)} at x = ${outer[0]} to ${values[3].toPrecision(6)} at x = ${outer[3]}); the target has heavier tails (or a pole) where the proposal has little mass, so choose a proposal with heavier tails`,
  );
}

/**
 * Returns the survey grid of the target and its refined modes, or nothing
 * when the survey fails (no mass found, or a NaN or +Infinity log target).
 * The quantile grid and the tail probes then decide alone, and they report
 * NaN and infinite ratios themselves.
 */
function surveyPoints(logTarget: (x: number) => number, center: number): number[] {
  try {
    const survey = surveyDensity(logTarget, -Infinity, Infinity, { center: Number.isFinite(center) ? center : undefined });
    return [...survey.points, ...survey.modes.map((mode) => mode.x)];
  } catch (error) {
    if (error instanceof NumericalError) return [];
    throw error;
  }
}
