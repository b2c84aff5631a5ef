/**
 * One Metropolis–Hastings chain: starting point, warm-up with adaptation,
 * then the kept draws with thinning. The same function runs in-process and
 * inside a worker thread, so both give identical draws for the same stream.
 */
import { InvalidArgumentError, NumericalError } from '../../errors.js';
import type { BitGenerator } from '../../random/types.js';
import { type AdaptationMode, defaultTargetAcceptance, RandomWalkAdapter } from './adaptation.js';
import { type LogDensity, markBuiltInProposal, metropolisHastings, type MetropolisState, type ProposalKernel } from './kernel.js';

/** Random-walk proposal settings; plain data, so they can be sent to a worker. */
export interface RandomWalkSettings {
  readonly kind: 'random-walk';
  /** Starting standard deviation (one, or one per coordinate). Default 2.38 / sqrt(d), the Roberts–Rosenthal scaling. */
  readonly scale?: number | readonly number[];
  /** Starting row-major covariance; replaces `scale`. */
  readonly covariance?: readonly number[];
  /** Quantity tuned during warm-up: 'scale', 'covariance' (scale and covariance) or 'none'. Default 'scale' in 1-D and 'covariance' above. */
  readonly adapt?: AdaptationMode;
  /** Acceptance rate the warm-up aims for. Default 0.44 in 1-D, 0.234 above. */
  readonly targetAcceptance?: number;
}

/** A fixed proposal supplied as code (in-process only); it is not adapted. */
export interface CustomProposalSettings {
  readonly kind: 'custom';
  readonly kernel: ProposalKernel;
}

export type ProposalSettings = RandomWalkSettings | CustomProposalSettings;

export interface ChainSettings {
  readonly dimension: number;
  /** Warm-up iterations, discarded. */
  readonly warmup: number;
  /** Draws kept per chain (after thinning). */
  readonly draws: number;
  /** Keep every `thin`-th state after warm-up. */
  readonly thin: number;
  readonly proposal: ProposalSettings;
  /** Starting point of this chain, exactly. When absent, `initialCenter` plus uniform jitter is used. */
  readonly initialPosition?: readonly number[];
  /** Center of the dispersed starting points. Default the origin. */
  readonly initialCenter?: readonly number[];
  /** Starting points are drawn uniformly from center +- initialSpread in each coordinate. Default 2, as in Stan. */
  readonly initialSpread?: number;
  /** Progress is reported every this many iterations. Default 1% of the run, at least 100. */
  readonly progressInterval?: number;
}

export interface ChainProgress {
  readonly chain: number;
  readonly iteration: number;
  readonly total: number;
  readonly phase: 'warmup' | 'sampling';
}

export interface ChainResult {
  /** Kept draws, row-major: draw after draw, `dimension` numbers each. */
  readonly draws: Float64Array;
  readonly logDensities: Float64Array;
  /** Mean acceptance probability over the kept phase (all steps, thinned or not). */
  readonly acceptanceRate: number;
  readonly warmupAcceptanceRate: number;
  /** Final random-walk scale factor (NaN for a custom proposal). */
  readonly scale: number;
  /** Final random-walk covariance, row-major (empty for a custom proposal). */
  readonly covariance: Float64Array;
  readonly initialPosition: Float64Array;
}

/** Attempts at a dispersed starting point with a finite log density before giving up. */
const MAX_START_ATTEMPTS = 100;

/** Runs one chain with `rng` as its only source of randomness. */
export function runChain(
  logDensity: LogDensity,
  rng: BitGenerator,
  settings: ChainSettings,
  chainIndex = 0,
  onProgress?: (progress: ChainProgress) => void,
): ChainResult {
  const { dimension, warmup, draws, thin } = settings;
  const total = warmup + draws * thin;
  const interval = settings.progressInterval ?? Math.max(100, Math.ceil(total / 100));

  const adapter = settings.proposal.kind === 'random-walk' ? makeAdapter(settings.proposal, dimension) : undefined;
  const fixedProposal = settings.proposal.kind === 'custom' ? settings.proposal.kernel : undefined;

  let state = startingState(logDensity, rng, settings);
  const initialPosition = Float64Array.from(state.position);

  // The adapter's proposal follows its tuning, and is frozen once warm-up ends.
  const kernel = metropolisHastings(logDensity, adapter ? adapter.proposal : (fixedProposal as ProposalKernel));
  let warmupAcceptance = 0;
  for (let t = 0; t < warmup; t++) {
    const [next, info] = kernel.step(rng, state);
    state = next;
    warmupAcceptance += info.acceptanceRate;
    adapter?.update(info.acceptanceRate, state.position);
    if (onProgress && (t + 1) % interval === 0) onProgress({ chain: chainIndex, iteration: t + 1, total, phase: 'warmup' });
  }

  const kept = new Float64Array(draws * dimension);
  const keptLogDensities = new Float64Array(draws);
  let acceptance = 0;
  for (let i = 0; i < draws; i++) {
    for (let k = 0; k < thin; k++) {
      const [next, info] = kernel.step(rng, state);
      state = next;
      acceptance += info.acceptanceRate;
      const iteration = warmup + i * thin + k + 1;
      if (onProgress && iteration % interval === 0) onProgress({ chain: chainIndex, iteration, total, phase: 'sampling' });
    }
    kept.set(state.position, i * dimension);
    keptLogDensities[i] = state.logDensity;
  }

  return {
    draws: kept,
    logDensities: keptLogDensities,
    acceptanceRate: draws * thin > 0 ? acceptance / (draws * thin) : NaN,
    warmupAcceptanceRate: warmup > 0 ? warmupAcceptance / warmup : NaN,
    scale: adapter ? adapter.scale : NaN,
    covariance: adapter ? adapter.covariance : new Float64Array(0),
    initialPosition,
  };
}

function makeAdapter(proposal: RandomWalkSettings, dimension: number): RandomWalkAdapter {
  const base = new Float64Array(dimension * dimension);
  if (proposal.covariance !== undefined) {
    if (proposal.covariance.length !== dimension * dimension) {
      throw new InvalidArgumentError('proposal.covariance', `a row-major ${dimension} x ${dimension} matrix`, proposal.covariance);
    }
    base.set(proposal.covariance);
  } else {
    const defaultScale = 2.38 / Math.sqrt(dimension);
    for (let i = 0; i < dimension; i++) {
      let scale = defaultScale;
      if (typeof proposal.scale === 'number') scale = proposal.scale;
      else if (proposal.scale !== undefined) scale = proposal.scale[i];
      if (!(scale > 0 && scale < Infinity)) {
        throw new InvalidArgumentError('proposal.scale', `a positive number (or ${dimension} of them)`, proposal.scale);
      }
      base[i * dimension + i] = scale * scale;
    }
  }

  const targetAcceptance = proposal.targetAcceptance ?? defaultTargetAcceptance(dimension);
  if (!(targetAcceptance > 0 && targetAcceptance < 1)) {
    throw new InvalidArgumentError('proposal.targetAcceptance', 'a number in (0, 1)', targetAcceptance);
  }
  const mode = proposal.adapt ?? (dimension === 1 ? 'scale' : 'covariance');
  if (!['scale', 'covariance', 'none'].includes(mode)) {
    throw new InvalidArgumentError('proposal.adapt', 'one of "scale", "covariance", "none"', mode);
  }
  return new RandomWalkAdapter(dimension, base, 1, mode, targetAcceptance);
}

/** Times the spread is divided by 10 when no point in center +- spread has a finite log density. */
const MAX_SPREAD_REDUCTIONS = 12;

/**
 * Returns the given starting point, or center + uniform jitter redrawn until
 * the log density is finite. When MAX_START_ATTEMPTS draws all fail, the
 * spread shrinks tenfold and the draws start again, so a density much
 * narrower than the spread still gets a start near the center.
 */
function startingState(logDensity: LogDensity, rng: BitGenerator, settings: ChainSettings): MetropolisState {
  const { dimension } = settings;
  const start = metropolisHastings(logDensity, markBuiltInProposal({ symmetric: true, propose: (_, x) => x }));
  if (settings.initialPosition !== undefined) {
    if (settings.initialPosition.length !== dimension) {
      throw new InvalidArgumentError('initialPosition', `an array of ${dimension} numbers`, settings.initialPosition);
    }
    return start.init(settings.initialPosition);
  }

  const center = settings.initialCenter ?? new Array<number>(dimension).fill(0);
  if (center.length !== dimension || !Array.from(center).every(Number.isFinite)) {
    throw new InvalidArgumentError('initialCenter', `an array of ${dimension} finite numbers`, center);
  }
  const initialSpread = settings.initialSpread ?? 2;
  if (!(typeof initialSpread === 'number' && initialSpread > 0 && initialSpread < Infinity)) {
    throw new InvalidArgumentError('initialSpread', 'a positive finite number', initialSpread);
  }

  const position = new Float64Array(dimension);
  let spread = initialSpread;
  for (let reduction = 0; reduction <= MAX_SPREAD_REDUCTIONS; reduction++, spread /= 10) {
    for (let attempt = 0; attempt < MAX_START_ATTEMPTS; attempt++) {
      for (let i = 0; i < dimension; i++) position[i] = center[i] + spread * (2 * rng.nextDouble() - 1);
      const state = tryInit(start, position);
      if (state !== undefined) return state;
    }
  }
  const atCenter = tryInit(start, Float64Array.from(center));
  if (atCenter !== undefined) return atCenter;
  throw new NumericalError(
    `no starting point with a finite log density at the center [${center.join(', ')}] or among ${MAX_START_ATTEMPTS} uniform draws from each of center +- ${initialSpread}, +- ${initialSpread / 10}, ... +- ${initialSpread / 10 ** MAX_SPREAD_REDUCTIONS}; give a starting center (initialCenter) where the density is positive`,
  );
}

/** Returns the starting state at `position`, or undefined where the log density is -Infinity. NaN and non-numbers throw. */
function tryInit(start: ReturnType<typeof metropolisHastings>, position: Float64Array): MetropolisState | undefined {
  try {
    return start.init(position);
  } catch (error) {
    if (error instanceof InvalidArgumentError && error.argument === 'position') return undefined;
    throw error;
  }
}
