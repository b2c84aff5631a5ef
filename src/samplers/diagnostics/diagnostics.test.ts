import { readFileSync } from 'node:fs';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../../errors.js';
import { autocorrelation, autocovariance } from './autocorrelation.js';
import { argsort } from './chains.js';
import { essBulk, essMean, essQuantile, essSd, essTail } from './ess.js';
import { mcseMean, mcseQuantile, mcseSd } from './mcse.js';
import { rhat, rhatSplit } from './rhat.js';
import { coordinateChains, summarizeChains } from './summary.js';

interface Case {
  chains: number[][];
  expected: Record<string, number> & { autocorrelation_chain0: number[] };
}

// Produced by fixtures/samplers/make_diagnostics.py (NumPy/SciPy, ArviZ's definitions).
const fixture = JSON.parse(
  readFileSync(new URL('../../../fixtures/samplers/diagnostics.json', import.meta.url), 'utf8'),
) as { cases: Record<string, Case> };

const relativeTolerance = 1e-9;

function expectClose(actual: number, expected: number, label: string): void {
  const scale = Math.max(Math.abs(expected), 1e-300);
  expect(Math.abs(actual - expected) / scale, `${label}: ${actual} vs ${expected}`).toBeLessThan(relativeTolerance);
}

describe.each(Object.entries(fixture.cases))('diagnostics on %s', (name, { chains, expected }) => {
  it('R-hat matches the reference', () => {
    expectClose(rhat(chains), expected.rhat, `${name} rhat`);
    expectClose(rhatSplit(chains), expected.rhat_split, `${name} rhatSplit`);
  });

  it('ESS matches the reference', () => {
    expectClose(essBulk(chains), expected.ess_bulk, `${name} essBulk`);
    expectClose(essTail(chains), expected.ess_tail, `${name} essTail`);
    expectClose(essMean(chains), expected.ess_mean, `${name} essMean`);
    expectClose(essSd(chains), expected.ess_sd, `${name} essSd`);
    expectClose(essQuantile(chains, 0.25), expected.ess_q25, `${name} essQuantile(0.25)`);
  });

  it('MCSE matches the reference', () => {
    expectClose(mcseMean(chains), expected.mcse_mean, `${name} mcseMean`);
    expectClose(mcseSd(chains), expected.mcse_sd, `${name} mcseSd`);
    expect(mcseQuantile(chains, 0.5)).toBeCloseTo(expected.mcse_q50, 12);
    expect(mcseQuantile(chains, 0.1)).toBeCloseTo(expected.mcse_q10, 12);
  });

  it('autocorrelation matches the direct sum', () => {
    const computed = autocorrelation(chains[0]);
    expected.autocorrelation_chain0.forEach((value, lag) => {
      expect(Math.abs(computed[lag] - value), `lag ${lag}`).toBeLessThan(1e-12);
    });
  });
});

describe('diagnostics on degenerate input', () => {
  it('constant chains give NaN R-hat and ESS', () => {
    const chains = [new Float64Array(50).fill(3), new Float64Array(50).fill(3)];
    expect(rhat(chains)).toBeNaN();
    expect(essBulk(chains)).toBeNaN();
    expect(essTail(chains)).toBeNaN();
    expect(mcseMean(chains)).toBe(0);
    const summary = summarizeChains(chains, 'x1');
    expect(summary.warnings).toHaveLength(1);
    expect(summary.warnings[0]).toMatch(/every draw equals 3/);
  });

  it('chains stuck at different values give infinite R-hat', () => {
    const chains = [new Float64Array(50).fill(1), new Float64Array(50).fill(2)];
    expect(rhat(chains)).toBe(Infinity);
    expect(summarizeChains(chains).warnings.join(' ')).toMatch(/R-hat is Infinity/);
  });

  it('too few draws are rejected', () => {
    expect(() => rhat([[1, 2, 3], [1, 2, 3]])).toThrow(InvalidArgumentError);
    expect(() => essBulk([[1, 2, 3]])).toThrow(/at least 4 draws/);
  });

  it('ragged or non-finite chains are rejected', () => {
    expect(() => rhat([[1, 2, 3, 4], [1, 2, 3]])).toThrow(/chains\[1\]\.length must be equal/);
    expect(() => essBulk([[1, 2, NaN, 4]])).toThrow(/chains\[0\]\[2\] must be a finite number; received NaN/);
    expect(() => essBulk([])).toThrow(/non-empty array of chains/);
  });

  it('autocorrelation of a constant chain is NaN', () => {
    expect(autocorrelation([2, 2, 2, 2])[1]).toBeNaN();
    expect(autocovariance([2, 2, 2, 2])[0]).toBe(0);
  });
});

describe('diagnostics on extreme input', () => {
  it('a chain that is not an array is rejected', () => {
    expect(() => rhat([null as never])).toThrow(/chains\[0\] must be an array of draws/);
    expect(() => essBulk([[1, 2, 3, 4], 'abcd' as never])).toThrow(/chains\[1\] must be an array of draws/);
  });

  it('a quantile probability must be in [0, 1]', () => {
    const chains = fixture.cases.iid_normal_4x200.chains;
    expect(() => essQuantile(chains, NaN)).toThrow(/probability must be a probability in \[0, 1\]; received NaN/);
    expect(() => essQuantile(chains, 1.5)).toThrow(InvalidArgumentError);
  });

  it('draws near the largest double give the values of scaled draws', () => {
    // R-hat and ESS do not change when every draw is multiplied by 2^1000; the MCSEs scale with it.
    const chains = fixture.cases.iid_normal_4x200.chains;
    const huge = chains.map((chain) => chain.map((x) => x * 2 ** 1000));
    expect(rhatSplit(huge)).toBe(rhatSplit(chains));
    expect(essMean(huge)).toBe(essMean(chains));
    expect(mcseMean(huge) / 2 ** 1000).toBeCloseTo(mcseMean(chains), 12);
    expect(mcseSd(huge) / 2 ** 1000).toBeCloseTo(mcseSd(chains), 12);
    const extreme = [[1e308, -1e308, 1e308, -1e308, 5e307], [-1e308, 1e308, -5e307, 1e308, -1e308]];
    for (const value of [rhatSplit(extreme), essMean(extreme), mcseMean(extreme), mcseSd(extreme)]) expect(Number.isFinite(value)).toBe(true);
  });

  it('chains each stuck at their own value have infinite MCSE', () => {
    const chains = [new Float64Array(50).fill(1), new Float64Array(50).fill(2)];
    expect(mcseMean(chains)).toBe(Infinity);
    expect(mcseSd(chains)).toBe(Infinity);
    expect(summarizeChains(chains).mcseMean).toBe(Infinity);
  });

  it('the radix argsort sorts like a comparison sort', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 300 }), (values) => {
        const input = Float64Array.from(values);
        const order = argsort(input);
        for (let k = 1; k < order.length; k++) expect(input[order[k - 1]]).toBeLessThanOrEqual(input[order[k]]);
        expect(new Set(order).size).toBe(input.length);
      }),
    );
  });
});

describe('summarizeChains', () => {
  it('warns on the non-converged fixture', () => {
    const summary = summarizeChains(fixture.cases.shifted_means_4x300.chains, 'theta');
    expect(summary.warnings.some((w) => w.startsWith('theta: R-hat is 1.174'))).toBe(true);
    expect(summary.warnings.some((w) => /bulk ESS 18 and tail ESS 80 should both be at least 400/.test(w))).toBe(true);
  });

  it('stays silent on independent draws', () => {
    const summary = summarizeChains(fixture.cases.iid_normal_4x200.chains);
    expect(summary.warnings).toEqual([]);
    expect(summary.chains).toBe(4);
    expect(summary.drawsPerChain).toBe(200);
  });

  it('coordinateChains splits row-major draws', () => {
    const columns = coordinateChains([Float64Array.of(1, 10, 2, 20, 3, 30)], 2);
    expect(Array.from(columns[0][0])).toEqual([1, 2, 3]);
    expect(Array.from(columns[1][0])).toEqual([10, 20, 30]);
    expect(() => coordinateChains([Float64Array.of(1, 2, 3)], 2)).toThrow(/multiple of the dimension 2/);
  });
});
