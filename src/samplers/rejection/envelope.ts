/**
 * Automatic envelope bound for rejection sampling: log M = sup_x
 * (log target(x) - log proposal(x)), found by a grid over the proposal's
 * quantiles, far-tail probes that detect an unbounded ratio, and golden-
 * section refinement around the best grid points.
 */
import { NumericalError } from '../../errors.js';
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
    const value = logTarget(x) - proposal.logPdf(x);
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
    const [x, r] = goldenSectionMax(ratio, left, right, xs[i], rs[i]);
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
 * Maximises `f` on [left, right] by golden-section search, starting from a
 * known point (x0, f0) inside. Returns the best point seen and its value.
 */
function goldenSectionMax(f: (x: number) => number, left: number, right: number, x0: number, f0: number): [number, number] {
  const ratio = (Math.sqrt(5) - 1) / 2; // 1 / golden ratio
  let a = left;
  let b = right;
  let bestX = x0;
  let bestValue = f0;

  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let iteration = 0; iteration < 80 && b - a > 1e-12 * Math.max(1, Math.abs(a), Math.abs(b)); iteration++) {
    if (fc > bestValue) [bestX, bestValue] = [c, fc];
    if (fd > bestValue) [bestX, bestValue] = [d, fd];
    if (fc >= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = f(d);
    }
  }
  if (fc > bestValue) [bestX, bestValue] = [c, fc];
  if (fd > bestValue) [bestX, bestValue] = [d, fd];
  return [bestX, bestValue];
}
