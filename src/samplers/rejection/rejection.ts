/**
 * Rejection sampling (von Neumann 1951): draw x from a proposal q, accept
 * it with probability target(x) / (M q(x)). Accepted draws follow the
 * normalised target exactly, provided target <= M q everywhere; every
 * attempt checks that condition at the point drawn and stops with an error
 * when it fails, because the draws would otherwise be silently wrong.
 */
import { InvalidArgumentError, NumericalError } from '../../errors.js';
import { uniformOpen } from '../../random/uniform.js';
import type { BitGenerator } from '../../random/types.js';
import { positive, positiveInteger } from '../../validate.js';
import { checkGenerator } from '../check-generator.js';
import { type BoundSearchOptions, findLogBound } from './envelope.js';

/** The parts of a distribution that a proposal needs. Every samplekit ContinuousDistribution has them. */
export interface Proposal {
  sample(rng: BitGenerator): number;
  /** Normalised log density. */
  logPdf(x: number): number;
  /** Needed only to find the bound M automatically. */
  quantile?(p: number): number;
}

export interface RejectionOptions {
  /** Log of the (unnormalised) target density; -Infinity outside its support. */
  readonly logTarget: (x: number) => number;
  readonly proposal: Proposal;
  /** log M with target <= M * proposal. Found automatically (see findLogBound) when omitted. */
  readonly logBound?: number;
  /** Integral of the unnormalised target, when known; it gives the theoretical acceptance rate Z / M. */
  readonly normalizingConstant?: number;
  /** A draw that needs more attempts than this stops with an error. Default 1,000,000. */
  readonly maxAttemptsPerDraw?: number;
  /** Options for the automatic bound. */
  readonly boundSearch?: BoundSearchOptions;
}

/** Counts and rates for a report. */
export interface RejectionStatistics {
  readonly attempts: number;
  readonly accepted: number;
  /** accepted / attempts; NaN before the first attempt. */
  readonly acceptanceRate: number;
  /** Z / M with Z the normalising constant; NaN when Z is not known. */
  readonly theoreticalAcceptanceRate: number;
  /** 1 / M: the acceptance rate if the target were normalised. */
  readonly inverseBound: number;
  readonly logBound: number;
  readonly boundSource: 'given' | 'automatic';
}

/**
 * A draw showed target > M proposal, so the envelope does not dominate and
 * the draws would not follow the target. The fields let a front end phrase
 * its own advice.
 */
export class EnvelopeError extends NumericalError {
  override name = 'EnvelopeError';

  constructor(
    /** The point where the envelope failed. */
    readonly x: number,
    /** log target(x) - log proposal(x) there. */
    readonly logRatio: number,
    readonly logBound: number,
    readonly boundSource: 'given' | 'automatic',
  ) {
    const advice =
      boundSource === 'given'
        ? `increase logBound (to at least ${logRatio}) or omit it to have it found`
        : `the automatic bound search missed this region, so give logBound (at least ${logRatio}) or a proposal with more mass near x = ${x}`;
    super(
      `the envelope does not dominate the target at x = ${x}: log target - log proposal = ${logRatio} exceeds log M = ${logBound}, so the draws would not follow the target; ${advice}`,
    );
  }
}

/** Slack for rounding when comparing the ratio with log M, in log units. */
const DOMINATION_SLACK = 1e-9;

export class RejectionSampler {
  readonly logBound: number;
  readonly boundSource: 'given' | 'automatic';
  private readonly logTarget: (x: number) => number;
  private readonly proposal: Proposal;
  private readonly normalizingConstant: number;
  private readonly maxAttemptsPerDraw: number;
  private attempts = 0;
  private accepted = 0;

  constructor(options: RejectionOptions) {
    if (typeof options?.logTarget !== 'function') {
      throw new InvalidArgumentError('logTarget', 'a function returning the log of the target density', options?.logTarget);
    }
    const proposal = options.proposal;
    if (proposal == null || typeof proposal.sample !== 'function' || typeof proposal.logPdf !== 'function') {
      throw new InvalidArgumentError('proposal', 'an object with sample(rng) and logPdf(x) methods', proposal);
    }
    this.logTarget = options.logTarget;
    this.proposal = proposal;
    this.maxAttemptsPerDraw = positiveInteger('maxAttemptsPerDraw', options.maxAttemptsPerDraw ?? 1_000_000);
    this.normalizingConstant = options.normalizingConstant == null ? NaN : positive('normalizingConstant', options.normalizingConstant);

    if (options.logBound == null) {
      this.logBound = findLogBound(options.logTarget, proposal, options.boundSearch).logBound;
      this.boundSource = 'automatic';
    } else {
      if (typeof options.logBound !== 'number' || Number.isNaN(options.logBound) || options.logBound === Infinity) {
        throw new InvalidArgumentError('logBound', 'a number below +Infinity (the log of M)', options.logBound);
      }
      this.logBound = options.logBound;
      this.boundSource = 'given';
    }
  }

  /** Draws one value; throws NumericalError when the envelope fails or the attempt cap is hit. */
  sample(rng: BitGenerator): number {
    checkGenerator(rng);
    const logBound = this.logBound;
    for (let attempt = 1; attempt <= this.maxAttemptsPerDraw; attempt++) {
      const x = this.proposal.sample(rng);
      const logRatio = this.logRatio(x);
      this.attempts++;

      if (Math.log(uniformOpen(rng)) < logRatio - logBound) {
        this.accepted++;
        return x;
      }
    }
    throw new NumericalError(
      `rejection sampling stopped after ${this.maxAttemptsPerDraw} attempts for one draw; acceptance rate so far ${formatRate(this.accepted, this.attempts)} (${this.accepted} of ${this.attempts}), so the bound M is far too loose or the proposal misses the target's mass`,
    );
  }

  /** Draws `n` values into a new Float64Array. */
  sampleN(rng: BitGenerator, n: number): Float64Array {
    checkGenerator(rng);
    const result = new Float64Array(positiveInteger('n', n));
    for (let i = 0; i < n; i++) result[i] = this.sample(rng);
    return result;
  }

  /** Attempts and acceptances since construction, with the theoretical rate beside the observed one. */
  get statistics(): RejectionStatistics {
    return {
      attempts: this.attempts,
      accepted: this.accepted,
      acceptanceRate: this.attempts > 0 ? this.accepted / this.attempts : NaN,
      theoreticalAcceptanceRate: this.normalizingConstant * Math.exp(-this.logBound),
      inverseBound: Math.exp(-this.logBound),
      logBound: this.logBound,
      boundSource: this.boundSource,
    };
  }

  /** log target(x) - log proposal(x), checked for NaN and for domination by M. */
  private logRatio(x: number): number {
    const logTarget = this.logTarget(x);
    if (logTarget === -Infinity) return -Infinity;

    const logRatio = logTarget - this.proposal.logPdf(x);
    if (Number.isNaN(logRatio)) {
      throw new NumericalError(
        `log target - log proposal is NaN at x = ${x} (log target ${logTarget}, log proposal ${this.proposal.logPdf(x)}); both must be numbers, with -Infinity for zero density`,
      );
    }
    if (logRatio > this.logBound + DOMINATION_SLACK * Math.max(1, Math.abs(this.logBound))) {
      throw new EnvelopeError(x, logRatio, this.logBound, this.boundSource);
    }
    return logRatio;
  }
}

function formatRate(accepted: number, attempts: number): string {
  return attempts > 0 ? (accepted / attempts).toExponential(2) : 'undefined';
}
