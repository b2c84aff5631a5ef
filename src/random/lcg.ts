/**
 * Jump-ahead for linear congruential generators, used by the PCG generators'
 * `advance`. BigInt arithmetic is fine here because an advance costs
 * O(log steps) multiplications and is not on the per-draw path.
 */
import { InvalidArgumentError } from '../errors.js';

/**
 * Applies `steps` LCG steps x -> multiplier * x + increment (mod 2^bits) to
 * `state`, by squaring the affine map as the PCG reference `pcg_advance_lcg_*` does.
 */
export function advanceLcg(state: bigint, steps: bigint, multiplier: bigint, increment: bigint, bits: number): bigint {
  const mask = (1n << BigInt(bits)) - 1n;
  let accumulatedMultiplier = 1n;
  let accumulatedIncrement = 0n;
  let currentMultiplier = multiplier;
  let currentIncrement = increment;
  let remaining = steps & mask;

  while (remaining > 0n) {
    if (remaining & 1n) {
      accumulatedMultiplier = (accumulatedMultiplier * currentMultiplier) & mask;
      accumulatedIncrement = (accumulatedIncrement * currentMultiplier + currentIncrement) & mask;
    }
    currentIncrement = ((currentMultiplier + 1n) * currentIncrement) & mask;
    currentMultiplier = (currentMultiplier * currentMultiplier) & mask;
    remaining >>= 1n;
  }
  return (accumulatedMultiplier * state + accumulatedIncrement) & mask;
}

/** Checks a step count for `advance`: a BigInt, or a number that is a safe integer. */
export function toStepCount(delta: bigint | number): bigint {
  if (typeof delta === 'bigint') return delta;
  if (typeof delta !== 'number' || !Number.isSafeInteger(delta)) {
    throw new InvalidArgumentError('delta', 'a safe integer or a BigInt', delta, 'Pass distances beyond 2^53 - 1 as a BigInt');
  }
  return BigInt(delta);
}
