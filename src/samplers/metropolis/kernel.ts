/**
 * The Metropolis–Hastings transition as a pure step function, in the style
 * of BlackJAX: `step(rng, state)` returns `[state, info]` and never changes
 * its input, so users can write their own loops. Acceptance is decided in
 * log space:
 *
 *   log alpha = log p(y) - log p(x) + log q(x | y) - log q(y | x),
 *
 * with the Hastings term dropped for symmetric proposals.
 */
import { formatValue, InvalidArgumentError, NumericalError } from '../../errors.js';
import { uniformOpen } from '../../random/uniform.js';
import type { BitGenerator } from '../../random/types.js';

/** Log of an unnormalised target density on R^d; -Infinity outside its support. */
export type LogDensity = (position: Float64Array) => number;

/** A point of the chain and its log density. Positions are never modified after creation. */
export interface MetropolisState {
  readonly position: Float64Array;
  readonly logDensity: number;
}

/** Outcome of one step. */
export interface MetropolisInfo {
  /** min(1, exp(logAcceptRatio)): the probability with which the proposal was accepted. */
  readonly acceptanceRate: number;
  readonly logAcceptRatio: number;
  readonly isAccepted: boolean;
  /** The proposed state, accepted or not. */
  readonly proposal: MetropolisState;
}

/**
 * A proposal distribution q(. | current). `propose` must return a new array
 * and leave `current` unchanged. A proposal that is not symmetric must
 * supply `logDensity(to, from) = log q(to | from)` (up to a constant) for
 * the Hastings correction.
 */
export interface ProposalKernel {
  readonly symmetric: boolean;
  propose(rng: BitGenerator, current: Float64Array): Float64Array;
  logDensity?(to: Float64Array, from: Float64Array): number;
}

/** Proposals built by samplekit, which are known to return a new array and leave `current` unchanged. */
const builtInProposals = new WeakSet<ProposalKernel>();

/** Marks a samplekit proposal, so the kernel skips the check that `propose` left the current position unchanged. */
export function markBuiltInProposal<T extends ProposalKernel>(proposal: T): T {
  builtInProposals.add(proposal);
  return proposal;
}

export interface MetropolisKernel {
  /** Builds the starting state; throws unless the log density there is finite. */
  init(position: ArrayLike<number>): MetropolisState;
  step(rng: BitGenerator, state: MetropolisState): [MetropolisState, MetropolisInfo];
}

/** Builds the Metropolis–Hastings kernel for `logDensity` with the given proposal. */
export function metropolisHastings(logDensity: LogDensity, proposal: ProposalKernel): MetropolisKernel {
  if (typeof logDensity !== 'function') {
    throw new InvalidArgumentError('logDensity', 'a function of a Float64Array position', logDensity);
  }
  if (proposal == null || typeof proposal.propose !== 'function') {
    throw new InvalidArgumentError('proposal', 'an object with a propose(rng, position) method', proposal);
  }
  if (!proposal.symmetric && typeof proposal.logDensity !== 'function') {
    throw new InvalidArgumentError(
      'proposal',
      'symmetric, or given a logDensity(to, from) method for the Hastings correction',
      'an asymmetric proposal without logDensity',
    );
  }

  const evaluate = (position: Float64Array): number => {
    const value: unknown = logDensity(position);
    if (typeof value !== 'number') {
      throw new NumericalError(
        `the log density returned ${formatValue(value)} (a ${value === null ? 'null' : typeof value}) at position [${Array.from(position).join(', ')}]; it must return a number`,
      );
    }
    if (Number.isNaN(value) || value === Infinity) {
      throw new NumericalError(
        `the log density is ${String(value)} at position [${Array.from(position).join(', ')}]; it must be a number below +Infinity (-Infinity outside the support)`,
      );
    }
    return value;
  };
  const checkUnchanged = !builtInProposals.has(proposal);
  let saved = new Float64Array(0);

  return {
    init(position) {
      const copy = Float64Array.from(position);
      const value = evaluate(copy);
      if (value === -Infinity) {
        throw new InvalidArgumentError('position', 'a point where the log density is finite', Array.from(copy));
      }
      return { position: copy, logDensity: value };
    },

    step(rng, state) {
      const current = state.position;
      if (checkUnchanged) {
        if (saved.length !== current.length) saved = new Float64Array(current.length);
        saved.set(current);
      }
      const proposed = proposal.propose(rng, current);
      if (!(proposed instanceof Float64Array) || proposed.length !== current.length) {
        throw new InvalidArgumentError(
          'proposal.propose(rng, current)',
          `a new Float64Array of the chain's dimension ${current.length}`,
          proposed instanceof Float64Array ? `a Float64Array of length ${proposed.length}` : proposed,
        );
      }
      if (checkUnchanged) {
        for (let i = 0; i < current.length; i++) {
          if (!Object.is(current[i], saved[i])) {
            throw new InvalidArgumentError(
              'proposal.propose(rng, current)',
              'a function that leaves current unchanged and returns a new array',
              `a proposal that changed current[${i}] from ${saved[i]} to ${current[i]}`,
            );
          }
        }
      }
      const proposedLogDensity = evaluate(proposed);
      const candidate: MetropolisState = { position: proposed, logDensity: proposedLogDensity };

      let logAcceptRatio = proposedLogDensity - state.logDensity;
      if (!proposal.symmetric && proposedLogDensity > -Infinity) {
        const logProposal = proposal.logDensity as (to: Float64Array, from: Float64Array) => number;
        logAcceptRatio += logProposal(state.position, proposed) - logProposal(proposed, state.position);
      }
      if (Number.isNaN(logAcceptRatio)) {
        throw new NumericalError(
          `the log acceptance ratio is NaN for the proposal [${Array.from(proposed).join(', ')}] from [${Array.from(state.position).join(', ')}]; check the proposal's logDensity there`,
        );
      }

      const isAccepted = Math.log(uniformOpen(rng)) < logAcceptRatio;
      const info: MetropolisInfo = {
        acceptanceRate: logAcceptRatio >= 0 ? 1 : Math.exp(logAcceptRatio),
        logAcceptRatio,
        isAccepted,
        proposal: candidate,
      };
      return [isAccepted ? candidate : state, info];
    },
  };
}
