import gammainc from '@stdlib/math-base-special-gammainc';
import { describe, expect, it } from 'vitest';

import { InvalidArgumentError, NumericalError } from '../../errors.js';
import { createGenerator } from '../../random/index.js';
import {
  betaHalf,
  KS_LEVEL,
  ksPValue,
  loadFixture,
  mixture,
  normalCdf,
  standardNormal,
  step,
  studentT2,
  type Target,
  wiggly,
} from '../test-utils/targets.js';
import { MassCoverageError } from '../density-survey.js';
import { buildGuideTable, NumericalInversion, type NumericalInversionOptions, packIntervals, transformGeneric } from './numerical-inversion.js';

interface QuantileFixture {
  cases: Record<string, { normalizer: number; probabilities: number[]; quantiles: number[] }>;
}

// Exact quantiles from SciPy closed-form CDFs: fixtures/samplers/make_inversion.py.
const fixture = loadFixture<QuantileFixture>('inversion.json');

const targets: [string, Target][] = [
  ['wiggly', wiggly],
  ['mixture', mixture],
  ['t2', studentT2],
  ['beta_half_one', betaHalf],
  ['step', step],
];

describe.each(targets)('NumericalInversion on %s', (key, target) => {
  const inversion = new NumericalInversion({ pdf: target.pdf, domain: target.domain });
  const reference = fixture.cases[key];

  it('quantiles match SciPy within the u-resolution', () => {
    reference.probabilities.forEach((p, i) => {
      const exact = reference.quantiles[i];
      const uError = Math.abs(target.cdf(inversion.quantile(p)) - p);
      expect(uError, `p = ${p}: x = ${inversion.quantile(p)}, exact ${exact}`).toBeLessThan(1e-10);
    });
  });

  it('measured u-error stays below 1e-10', () => {
    const measured = inversion.measureUError(2000);
    expect(measured.max).toBeLessThan(1e-10);
    expect(measured.points).toBe(2000);
  });

  it('draws pass the KS test', () => {
    // Failure probability KS_LEVEL for a random seed; the seed is fixed.
    const draws = inversion.sampleN(createGenerator('xoshiro128**', 20261204), 20000);
    expect(ksPValue(draws, target.cdf)).toBeGreaterThan(KS_LEVEL);
  });
});

describe('NumericalInversion set-up', () => {
  it('standard normal needs about as many intervals as UNU.RAN', () => {
    const inversion = new NumericalInversion({ pdf: standardNormal.pdf });
    // SciPy 1.17's NumericalInversePolynomial uses 124 intervals and 7359 pdf calls here.
    expect(inversion.info.intervals).toBeLessThan(200);
    expect(inversion.info.evaluations).toBeLessThan(12000);
    expect(inversion.info.domain[0]).toBeLessThan(-6.5);
    expect(inversion.info.domain[1]).toBeGreaterThan(6.5);
    expect(inversion.info.totalMass).toBeCloseTo(Math.sqrt(2 * Math.PI), 9);
  });

  it('log density far below 0 works', () => {
    const inversion = new NumericalInversion({ logPdf: (x) => -0.5 * x * x - 2000 });
    for (const p of [1e-9, 0.1, 0.5, 0.9, 1 - 1e-9]) {
      expect(Math.abs(normalCdf(inversion.quantile(p)) - p)).toBeLessThan(1e-10);
    }
  });

  it('CDF alone is enough', () => {
    const inversion = new NumericalInversion({ cdf: (x) => normalCdf(x) });
    expect(inversion.info.source).toBe('cdf');
    for (const p of [1e-9, 0.25, 0.5, 0.75, 1 - 1e-9]) {
      expect(Math.abs(normalCdf(inversion.quantile(p)) - p)).toBeLessThan(1e-10);
    }
  });

  it('half-infinite domain works', () => {
    const inversion = new NumericalInversion({ pdf: (x) => Math.exp(-x), domain: [0, Infinity] });
    expect(inversion.info.domain[0]).toBe(0);
    for (const p of [1e-12, 0.5, 1 - 1e-9]) {
      expect(Math.abs(-Math.expm1(-inversion.quantile(p)) - p)).toBeLessThan(1e-10);
    }
  });

  it('smaller uResolution is honoured', () => {
    const inversion = new NumericalInversion({ pdf: standardNormal.pdf, uResolution: 1e-12 });
    const coarse = new NumericalInversion({ pdf: standardNormal.pdf, uResolution: 1e-8 });
    expect(inversion.info.intervals).toBeGreaterThan(coarse.info.intervals);
    for (let j = 0; j < 1000; j++) {
      const p = (j + 0.5) / 1000;
      expect(Math.abs(normalCdf(inversion.quantile(p)) - p)).toBeLessThan(1e-12);
    }
  });

  it.each([3, 8, 12])('order %i meets the u-resolution', (order) => {
    const inversion = new NumericalInversion({ pdf: wiggly.pdf, order });
    expect(inversion.info.order).toBe(order);
    const draws = inversion.sampleN(createGenerator('xoshiro128**', order), 2000);
    for (const x of draws) expect(Number.isFinite(x)).toBe(true);
    for (let j = 0; j < 2000; j++) {
      const p = (j + 0.5) / 2000;
      expect(Math.abs(wiggly.cdf(inversion.quantile(p)) - p)).toBeLessThan(1e-10);
    }
  });

  it.each([3, 5, 8])('generic loop matches the generated one at order %i', (order) => {
    // The generic loop runs only where code generation is forbidden, so compare it here.
    const inversion = new NumericalInversion({ pdf: mixture.pdf, order });
    const uniforms = createGenerator('xoshiro128**', 99).fillDouble(new Float64Array(5000));
    const generic = Float64Array.from(uniforms);
    transformGeneric(inversion.table, packIntervals(inversion.table), buildGuideTable(inversion.table), generic);
    for (let j = 0; j < uniforms.length; j++) expect(generic[j]).toBe(inversion.quantile(uniforms[j]));
  });

  it('cdf and quantile are inverse', () => {
    const inversion = new NumericalInversion({ pdf: wiggly.pdf });
    for (const x of [-3, -0.5, 0, 0.7, 2.5]) {
      expect(Math.abs(inversion.cdf(x) - wiggly.cdf(x))).toBeLessThan(1e-10);
      const roundTrip = inversion.quantile(inversion.cdf(x));
      expect(Math.abs(wiggly.cdf(roundTrip) - wiggly.cdf(x))).toBeLessThan(1e-10);
    }
    expect(inversion.quantile(1)).toBe(inversion.info.domain[1]);
    expect(inversion.pdf(0)).toBeCloseTo(1 / wiggly.normalizer, 12);
  });

  it('same seed gives the same draws', () => {
    const inversion = new NumericalInversion({ pdf: standardNormal.pdf });
    const first = inversion.sampleN(createGenerator('xoshiro128**', 0), 100);
    const second = inversion.sampleN(createGenerator('xoshiro128**', 0), 100);
    expect(Array.from(first)).toEqual(Array.from(second));
    const one = createGenerator('xoshiro128**', 0);
    expect(inversion.sample(one)).toBe(first[0]);
  });
});

/** Largest |F(Q(u)) - u| over 20000 equally spaced u and u spaced by factors of 10^(1/20) towards 0 and 1. */
function trueUError(inversion: NumericalInversion, cdf: (x: number) => number): { max: number; at: number } {
  const probes: number[] = [];
  for (let j = 0; j < 20000; j++) probes.push((j + 0.5) / 20000);
  for (let k = 1; k <= 300; k++) probes.push(10 ** (-k / 20), 1 - 10 ** (-k / 20));
  let max = 0;
  let at = NaN;
  for (const u of probes) {
    const error = Math.abs(cdf(inversion.quantile(u)) - u);
    if (error > max) [max, at] = [error, u];
  }
  return { max, at };
}

describe('NumericalInversion at boundary poles', () => {
  // Exact CDFs: Beta(a, 1) is x^a, Gamma(a) is the regularised incomplete gamma function.
  const cases: [string, NumericalInversionOptions, (x: number) => number][] = [
    ['x^-0.7 on (0, 1]', { pdf: (x) => x ** -0.7, domain: [0, 1] }, (x) => x ** 0.3],
    ['x^-0.9 on (0, 1]', { pdf: (x) => x ** -0.9, domain: [0, 1] }, (x) => x ** 0.1],
    ['Gamma(0.3)', { logPdf: (x) => -0.7 * Math.log(x) - x, domain: [0, Infinity] }, (x) => gammainc(Math.max(0, x), 0.3)],
    ['Beta(0.5, 2)', { pdf: (x) => x ** -0.5 * (1 - x), domain: [0, 1] }, (x) => (3 * Math.sqrt(x) - x ** 1.5) / 2],
  ];

  it.each(cases)('%s meets u-resolution 1e-10', (_, options, cdf) => {
    const inversion = new NumericalInversion(options);
    const { max, at } = trueUError(inversion, cdf);
    expect(max, `at u = ${at}`).toBeLessThan(1e-10);
    expect(inversion.info.uErrorMax).toBeLessThan(1e-10);
    expect(inversion.info.poleMapping?.end).toBe(0);
  });

  it('x^-0.7 meets u-resolution 1e-6', () => {
    const inversion = new NumericalInversion({ pdf: (x) => x ** -0.7, domain: [0, 1], uResolution: 1e-6 });
    const { max, at } = trueUError(inversion, (x) => x ** 0.3);
    expect(max, `at u = ${at}`).toBeLessThan(1e-6);
  });

  it('draws near a pole pass the KS test', () => {
    const inversion = new NumericalInversion({ pdf: (x) => x ** -0.9, domain: [0, 1] });
    // Failure probability KS_LEVEL for a random seed; the seed is fixed.
    const draws = inversion.sampleN(createGenerator('xoshiro128**', 31), 20000);
    expect(ksPValue(draws, (x) => Math.max(0, x) ** 0.1)).toBeGreaterThan(KS_LEVEL);
    for (const x of draws) expect(x).toBeGreaterThan(0);
  });

  it('cdf and pdf work in the original variable', () => {
    const inversion = new NumericalInversion({ pdf: (x) => x ** -0.7, domain: [0, 1] });
    for (const x of [1e-30, 1e-5, 0.3, 0.9]) expect(Math.abs(inversion.cdf(x) - x ** 0.3)).toBeLessThan(1e-10);
    expect(inversion.pdf(0.5)).toBeCloseTo(0.3 * 0.5 ** -0.7, 9);
    expect(inversion.quantile(1)).toBe(1);
  });
});

describe('NumericalInversion with separated modes', () => {
  it.each([30, 100, 1000])('modes at +-%i are both covered', (a) => {
    const inversion = new NumericalInversion({ logPdf: (x) => Math.log(Math.exp(-0.5 * (x - a) ** 2) + Math.exp(-0.5 * (x + a) ** 2)) });
    const cdf = (x: number) => (normalCdf(x, -a) + normalCdf(x, a)) / 2;
    expect(inversion.info.domain[0]).toBeLessThan(-a - 6);
    expect(inversion.info.domain[1]).toBeGreaterThan(a + 6);
    const { max, at } = trueUError(inversion, cdf);
    expect(max, `at u = ${at}`).toBeLessThan(1e-10);
    expect(inversion.quantile(0.25)).toBeCloseTo(-a, 6);
  });

  it('unequal far modes are covered', () => {
    // 1 % of the mass sits at 400, far beyond the main mode's tails.
    const pdf = (x: number) => 0.99 * Math.exp(-0.5 * x * x) + 0.01 * Math.exp(-0.5 * ((x - 400) / 0.5) ** 2) / 0.5;
    const inversion = new NumericalInversion({ pdf });
    const cdf = (x: number) => 0.99 * normalCdf(x) + 0.01 * normalCdf(x, 400, 0.5);
    expect(trueUError(inversion, cdf).max).toBeLessThan(1e-10);
  });

  it('mass beyond the survey grid is refused', () => {
    const logPdf = (x: number) => -0.5 * ((x - 3e13) / 1e9) ** 2;
    expect(() => new NumericalInversion({ logPdf })).toThrow(MassCoverageError);
    expect(() => new NumericalInversion({ logPdf })).toThrow(/still increases at x = 1000000000000/);
    const found = new NumericalInversion({ logPdf, center: 3e13 });
    expect(Math.abs(normalCdf(found.quantile(0.3), 3e13, 1e9) - 0.3)).toBeLessThan(1e-10);
  });
});

describe('NumericalInversion errors', () => {
  it('1/x on (0, 1) is not integrable', () => {
    expect(() => new NumericalInversion({ pdf: (x) => 1 / x, domain: [0, 1] })).toThrow(NumericalError);
    expect(() => new NumericalInversion({ pdf: (x) => 1 / x, domain: [0, 1] })).toThrow(/not integrable near x = 0/);
  });

  it('a density without decay is rejected', () => {
    expect(() => new NumericalInversion({ pdf: (x) => 1 / (1 + Math.abs(x)) })).toThrow(/tail does not decay/);
    expect(() => new NumericalInversion({ pdf: (x) => 1 / x, domain: [1, Infinity] })).toThrow(/upper tail does not decay/);
  });

  it('a negative density is rejected', () => {
    expect(() => new NumericalInversion({ pdf: (x) => Math.sin(x), domain: [-1, 3] })).toThrow(InvalidArgumentError);
    expect(() => new NumericalInversion({ pdf: (x) => Math.sin(x), domain: [-1, 3] })).toThrow(/must be non-negative/);
  });

  it('a NaN density is rejected', () => {
    expect(() => new NumericalInversion({ pdf: (x) => (x > 2 ? NaN : Math.exp(-x * x)) })).toThrow(/is NaN/);
    expect(() => new NumericalInversion({ logPdf: (x) => (x > 1 ? NaN : -x * x) })).toThrow(/logPdf\(.*\) is NaN/);
  });

  it('a density zero everywhere is rejected', () => {
    expect(() => new NumericalInversion({ pdf: () => 0 })).toThrow(/zero everywhere on the domain/);
    expect(() => new NumericalInversion({ pdf: () => 0, domain: [0, 1] })).toThrow(/zero everywhere on the domain/);
  });

  it('a pole at an upper end near 1 cannot reach the resolution', () => {
    expect(() => new NumericalInversion({ pdf: (x) => 1 / Math.sqrt(1 - x), domain: [0, 1] })).toThrow(
      /within one double-precision step/,
    );
  });

  it('invalid options are rejected', () => {
    expect(() => new NumericalInversion({})).toThrow(/exactly one of pdf, logPdf and cdf/);
    expect(() => new NumericalInversion({ pdf: standardNormal.pdf, cdf: normalCdf })).toThrow(/exactly one/);
    expect(() => new NumericalInversion({ pdf: standardNormal.pdf, uResolution: 1e-20 })).toThrow(/uResolution/);
    expect(() => new NumericalInversion({ pdf: standardNormal.pdf, order: 2 })).toThrow(/order must be an integer from 3 to 12/);
    expect(() => new NumericalInversion({ pdf: standardNormal.pdf, domain: [1, 0] })).toThrow(/domain/);
    expect(() => new NumericalInversion({ pdf: standardNormal.pdf, center: 5, domain: [0, 1] })).toThrow(/center/);
  });

  it('a decreasing CDF is rejected', () => {
    expect(() => new NumericalInversion({ cdf: (x) => 1 - normalCdf(x) })).toThrow(/never decreases|CDF is 0 or 1/);
  });

  it('a resolution finer than doubles allow is reported', () => {
    // Doubles near 1e8 are 1.5e-8 apart, which moves u by about 3e-9 at the mode.
    expect(() => new NumericalInversion({ logPdf: (x) => -0.5 * (x - 1e8) ** 2, center: 1e8 })).toThrow(
      /finer than double precision allows near x = /,
    );
    const coarse = new NumericalInversion({ logPdf: (x) => -0.5 * (x - 1e8) ** 2, center: 1e8, uResolution: 1e-7 });
    expect(Math.abs(normalCdf(coarse.quantile(0.3) - 1e8) - 0.3)).toBeLessThan(1e-7);
  });

  it('a density that does not return a number is named', () => {
    expect(() => new NumericalInversion({ pdf: () => undefined as never })).toThrow(/pdf must be a function that returns a number; received "a function that returned undefined at x = /);
    expect(() => new NumericalInversion({ pdf: () => '1' as never })).toThrow(/returned \\"1\\" at x = /);
  });

  it('bad sampling arguments are rejected', () => {
    const inversion = new NumericalInversion({ pdf: standardNormal.pdf });
    expect(() => inversion.sampleN(createGenerator('xoshiro128**', 1), 5, new Float64Array(2))).toThrow(/out must be a Float64Array of at least n = 5 entries; received "length 2"/);
    const into = new Float64Array(8);
    expect(inversion.sampleN(createGenerator('xoshiro128**', 1), 5, into)).toHaveLength(5);
    expect(() => inversion.sample(null as never)).toThrow(/rng must be a bit generator/);
  });

  it('NaN points and p outside [0, 1] are rejected', () => {
    const inversion = new NumericalInversion({ pdf: (x) => Math.exp(-x * x) });
    for (const [p, shown] of [[1.2, '1.2'], [-0.1, '-0.1'], [NaN, 'NaN'], [Infinity, 'Infinity']] as const) {
      expect(() => inversion.quantile(p)).toThrow(InvalidArgumentError);
      expect(() => inversion.quantile(p)).toThrow(`p must be a probability in [0, 1]; received ${shown}`);
    }
    expect(() => inversion.quantile('x' as never)).toThrow('p must be a probability in [0, 1]; received "x"');
    expect(() => inversion.cdf(NaN)).toThrow('x must be a number other than NaN; received NaN');
    expect(() => inversion.pdf(NaN)).toThrow('x must be a number other than NaN; received NaN');
    expect(() => inversion.pdf('x' as never)).toThrow('x must be a number other than NaN; received "x"');
    expect(inversion.pdf(Infinity)).toBe(0);
    expect(inversion.cdf(-Infinity)).toBe(0);
  });

  it('too many intervals are reported', () => {
    expect(() => new NumericalInversion({ pdf: wiggly.pdf, maxIntervals: 10 })).toThrow(/more than maxIntervals = 10/);
  });
});
