import { describe, expect, it } from 'vitest';

import { InvalidArgumentError, NumericalError } from '../../errors.js';
import type { BitGenerator } from '../../random/types.js';
import { metropolisHastings, type ProposalKernel } from './kernel.js';
import { choleskyFactor, independence, randomWalk } from './proposals.js';

/** A generator stub whose nextDouble returns the listed values in turn. */
function fixedDoubles(values: number[]): BitGenerator {
  let index = 0;
  return { nextDouble: () => values[index++] } as unknown as BitGenerator;
}

/** Returns a symmetric proposal stub that always proposes `target`. */
function proposeAlways(target: number[]): ProposalKernel {
  return { symmetric: true, propose: () => Float64Array.from(target) };
}

const standardNormal2d = (x: Float64Array): number => -0.5 * (x[0] * x[0] + x[1] * x[1]);

describe('metropolisHastings step', () => {
  it('accepts when log u is below the log ratio', () => {
    const kernel = metropolisHastings(standardNormal2d, proposeAlways([1, 0]));
    const state = kernel.init([0, 0]);
    // log ratio = -0.5, so u = exp(-0.5) - 0.01 accepts and exp(-0.5) + 0.01 rejects.
    const [accepted, info] = kernel.step(fixedDoubles([Math.exp(-0.5) - 0.01]), state);
    expect(info.isAccepted).toBe(true);
    expect(info.logAcceptRatio).toBeCloseTo(-0.5, 15);
    expect(info.acceptanceRate).toBeCloseTo(Math.exp(-0.5), 15);
    expect(Array.from(accepted.position)).toEqual([1, 0]);
    expect(accepted.logDensity).toBe(-0.5);

    const [rejected, rejectedInfo] = kernel.step(fixedDoubles([Math.exp(-0.5) + 0.01]), state);
    expect(rejectedInfo.isAccepted).toBe(false);
    expect(rejectedInfo.proposal.logDensity).toBe(-0.5);
    expect(rejected).toBe(state);
  });

  it('a rejected proposal leaves the state untouched', () => {
    const kernel = metropolisHastings(standardNormal2d, proposeAlways([3, 3]));
    const state = kernel.init([0.5, -0.5]);
    const before = Array.from(state.position);
    const [after] = kernel.step(fixedDoubles([0.999]), state);
    expect(after).toBe(state);
    expect(Array.from(after.position)).toEqual(before);
    expect(after.logDensity).toBe(-0.25);
  });

  it('uphill moves are always accepted', () => {
    const kernel = metropolisHastings(standardNormal2d, proposeAlways([0, 0]));
    const [state, info] = kernel.step(fixedDoubles([1 - 2 ** -53]), kernel.init([2, 2]));
    expect(info.isAccepted).toBe(true);
    expect(info.acceptanceRate).toBe(1);
    expect(state.logDensity).toBe(-0);
  });

  it('outside the support is always rejected', () => {
    const logDensity = (x: Float64Array) => (x[0] > 0 ? -x[0] : -Infinity);
    const kernel = metropolisHastings(logDensity, proposeAlways([-1]));
    const state = kernel.init([1]);
    const [next, info] = kernel.step(fixedDoubles([2 ** -53]), state);
    expect(info.isAccepted).toBe(false);
    expect(info.logAcceptRatio).toBe(-Infinity);
    expect(info.acceptanceRate).toBe(0);
    expect(next).toBe(state);
  });

  it('a NaN log density names the position', () => {
    const kernel = metropolisHastings((x) => (x[0] > 2 ? NaN : 0), proposeAlways([3, 1]));
    const state = kernel.init([0, 0]);
    expect(() => kernel.step(fixedDoubles([0.5]), state)).toThrow(NumericalError);
    expect(() => kernel.step(fixedDoubles([0.5]), state)).toThrow(/log density is NaN at position \[3, 1\]/);
  });

  it('the Hastings term enters the ratio', () => {
    // q(to | from) = exp(to[0]); log q(x | y) - log q(y | x) = x - y = 0 - 1.
    const proposal: ProposalKernel = { symmetric: false, propose: () => Float64Array.of(1), logDensity: (to) => to[0] };
    const kernel = metropolisHastings(() => 0, proposal);
    const [, info] = kernel.step(fixedDoubles([0.5]), kernel.init([0]));
    expect(info.logAcceptRatio).toBe(-1);
  });

  it('a proposal of the wrong length is rejected', () => {
    const kernel = metropolisHastings(() => 0, proposeAlways([1, 2]));
    expect(() => kernel.step(fixedDoubles([0.5]), kernel.init([0]))).toThrow(
      /proposal.propose\(rng, current\) must be a new Float64Array of the chain's dimension 1; received "a Float64Array of length 2"/,
    );
  });

  it('a proposal that changes current is rejected', () => {
    const inPlace: ProposalKernel = {
      symmetric: true,
      propose: (_, current) => {
        current[0] += 1;
        return Float64Array.from(current);
      },
    };
    const kernel = metropolisHastings(() => 0, inPlace);
    const state = kernel.init([0]);
    expect(() => kernel.step(fixedDoubles([0.5]), state)).toThrow(/leaves current unchanged.*changed current\[0\] from 0 to 1/);
  });

  it('a log density that is not a number is named', () => {
    const text = metropolisHastings(() => '-1' as never, proposeAlways([1]));
    expect(() => text.init([0])).toThrow(/the log density returned "-1" \(a string\) at position \[0\]; it must return a number/);
    const missing = metropolisHastings(() => undefined as never, proposeAlways([1]));
    expect(() => missing.init([0])).toThrow(/returned undefined \(a undefined\)|returned undefined/);
  });

  it('invalid set-ups are rejected', () => {
    expect(() => metropolisHastings(standardNormal2d, { symmetric: false, propose: (_, x) => x })).toThrow(/Hastings correction/);
    expect(() => metropolisHastings(undefined as never, proposeAlways([0]))).toThrow(InvalidArgumentError);
    const kernel = metropolisHastings((x) => (x[0] > 0 ? 0 : -Infinity), proposeAlways([1]));
    expect(() => kernel.init([-1])).toThrow(/position must be a point where the log density is finite/);
  });
});

describe('proposals', () => {
  it('random walk adds L z to the position', () => {
    const proposal = randomWalk({ dimension: 2, covariance: [4, 2, 2, 5] });
    expect(Array.from(proposal.cholesky)).toEqual([2, 0, 1, 2]);
    expect(proposal.symmetric).toBe(true);
  });

  it('random walk leaves the current position unchanged', () => {
    const proposal = randomWalk({ dimension: 2, scale: [1, 2] });
    const current = Float64Array.of(1, 2);
    const words = [0x12345678, 0x9abcdef0, 0x0fedcba9, 0x87654321];
    let index = 0;
    const rng = { nextUint32: () => words[index++ % words.length] } as unknown as BitGenerator;
    const next = proposal.propose(rng, current);
    expect(Array.from(current)).toEqual([1, 2]);
    expect(next).not.toBe(current);
  });

  it('Cholesky rejects bad matrices', () => {
    expect(() => choleskyFactor([1, 2, 3, 1], 2)).toThrow(/symmetric matrix/);
    expect(() => choleskyFactor([1, 2, 2, 1], 2)).toThrow(/not positive definite/);
    expect(() => choleskyFactor([1, 0, 0], 2)).toThrow(/2 x 2 matrix/);
    expect(() => choleskyFactor([1, NaN, NaN, 1], 2)).toThrow(/covariance\[1\] must be a finite number/);
  });

  it('independence proposal supplies its log density', () => {
    const distribution = { sample: () => 0.25, logPdf: (x: number) => -x };
    const proposal = independence(distribution as never);
    expect(proposal.symmetric).toBe(false);
    expect(Array.from(proposal.propose({} as BitGenerator, Float64Array.of(3)))).toEqual([0.25]);
    expect(proposal.logDensity?.(Float64Array.of(2), Float64Array.of(9))).toBe(-2);
  });

  it('invalid scales are rejected', () => {
    expect(() => randomWalk({ dimension: 2, scale: [1] })).toThrow(InvalidArgumentError);
    expect(() => randomWalk({ dimension: 1, scale: -1 })).toThrow(/scale must be a positive finite number/);
    expect(() => randomWalk({ dimension: 0 })).toThrow(/dimension/);
  });
});
