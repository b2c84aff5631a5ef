/**
 * Target densities for the sampler tests, each with an exact CDF: a closed
 * form where one exists, otherwise composite Gauss–Legendre integration on a
 * fine grid (independent of the Gauss–Lobatto code under test). The build
 * leaves test-utils/ out, so none of this ships.
 */
import { readFileSync } from 'node:fs';

import erfc from '@stdlib/math-base-special-erfc';

import { ksTest } from '../../stats/ks.js';

export interface Target {
  readonly name: string;
  /** Unnormalised density. */
  readonly pdf: (x: number) => number;
  readonly logPdf: (x: number) => number;
  /** Exact CDF of the normalised distribution. */
  readonly cdf: (x: number) => number;
  readonly domain: readonly [number, number];
  /** Integral of `pdf` over the domain. */
  readonly normalizer: number;
}

export function normalCdf(x: number, loc = 0, scale = 1): number {
  return 0.5 * erfc(-(x - loc) / (scale * Math.SQRT2));
}

const SQRT_2PI = Math.sqrt(2 * Math.PI);

export const standardNormal: Target = {
  name: 'standard normal',
  pdf: (x) => Math.exp(-0.5 * x * x),
  logPdf: (x) => -0.5 * x * x,
  cdf: (x) => normalCdf(x),
  domain: [-Infinity, Infinity],
  normalizer: SQRT_2PI,
};

const wigglyPdf = (x: number): number => Math.exp(-0.5 * x * x) * (1 + Math.sin(3 * x) ** 2);

/** exp(-x^2/2)(1 + sin^2 3x): smooth, with several bumps. */
export const wiggly: Target = {
  name: 'exp(-x^2/2)(1+sin^2 3x)',
  pdf: wigglyPdf,
  logPdf: (x) => -0.5 * x * x + Math.log1p(Math.sin(3 * x) ** 2),
  cdf: referenceCdf(wigglyPdf, -12, 12, 6000),
  domain: [-Infinity, Infinity],
  normalizer: SQRT_2PI * (1.5 - 0.5 * Math.exp(-18)),
};

/** 0.3 N(-3, 1) + 0.7 N(4, 0.5^2): two well separated modes of different widths. */
export const mixture: Target = {
  name: 'bimodal mixture',
  pdf: (x) => 0.3 * Math.exp(-0.5 * (x + 3) ** 2) / SQRT_2PI + (0.7 * Math.exp(-2 * (x - 4) ** 2)) / (0.5 * SQRT_2PI),
  logPdf: (x) =>
    Math.log(0.3 * Math.exp(-0.5 * (x + 3) ** 2) / SQRT_2PI + (0.7 * Math.exp(-2 * (x - 4) ** 2)) / (0.5 * SQRT_2PI)),
  cdf: (x) => 0.3 * normalCdf(x, -3, 1) + 0.7 * normalCdf(x, 4, 0.5),
  domain: [-Infinity, Infinity],
  normalizer: 1,
};

/** Student t with 2 degrees of freedom: infinite variance, tails like |x|^-3. */
export const studentT2: Target = {
  name: 't(2)',
  pdf: (x) => (1 + (x * x) / 2) ** -1.5,
  logPdf: (x) => -1.5 * Math.log1p((x * x) / 2),
  cdf: (x) => 0.5 + x / (2 * Math.sqrt(2 + x * x)),
  domain: [-Infinity, Infinity],
  normalizer: 2 * Math.SQRT2,
};

/** Beta(1/2, 1): x^(-1/2) on (0, 1], with a pole at the boundary 0. */
export const betaHalf: Target = {
  name: 'Beta(1/2, 1)',
  pdf: (x) => (x > 0 && x <= 1 ? 1 / Math.sqrt(x) : 0),
  logPdf: (x) => (x > 0 && x <= 1 ? -0.5 * Math.log(x) : -Infinity),
  cdf: (x) => (x <= 0 ? 0 : x >= 1 ? 1 : Math.sqrt(x)),
  domain: [0, 1],
  normalizer: 2,
};

/** 1 on [0, 1) and 2 on [1, 2]: a jump in the density. */
export const step: Target = {
  name: 'step density',
  pdf: (x) => (x >= 0 && x < 1 ? 1 : x >= 1 && x <= 2 ? 2 : 0),
  logPdf: (x) => (x >= 0 && x < 1 ? 0 : x >= 1 && x <= 2 ? Math.LN2 : -Infinity),
  cdf: (x) => (x <= 0 ? 0 : x < 1 ? x / 3 : x < 2 ? (1 + 2 * (x - 1)) / 3 : 1),
  domain: [0, 2],
  normalizer: 3,
};

/**
 * Normalised CDF of `pdf` on [lower, upper] (zero mass outside assumed) by
 * 10-point Gauss–Legendre on `cells` equal cells, plus the same rule on the
 * partial cell. Accurate to about 1e-13 for smooth densities.
 */
export function referenceCdf(pdf: (x: number) => number, lower: number, upper: number, cells: number): (x: number) => number {
  const [nodes, weights] = gaussLegendre(10);
  const width = (upper - lower) / cells;
  const integrate = (a: number, b: number): number => {
    const half = (b - a) / 2;
    const middle = (a + b) / 2;
    let sum = 0;
    for (let k = 0; k < nodes.length; k++) sum += weights[k] * pdf(middle + half * nodes[k]);
    return sum * half;
  };

  const cumulative = new Float64Array(cells + 1);
  for (let i = 0; i < cells; i++) cumulative[i + 1] = cumulative[i] + integrate(lower + i * width, lower + (i + 1) * width);
  const total = cumulative[cells];

  return (x: number) => {
    if (x <= lower) return 0;
    if (x >= upper) return 1;
    const i = Math.min(cells - 1, Math.floor((x - lower) / width));
    const start = lower + i * width;
    return (cumulative[i] + integrate(start, x)) / total;
  };
}

/** Nodes and weights of the n-point Gauss–Legendre rule on [-1, 1], by Newton's method on P_n. */
export function gaussLegendre(n: number): [Float64Array, Float64Array] {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let previous = 1;
      let current = x;
      for (let k = 2; k <= n; k++) {
        const next = ((2 * k - 1) * x * current - (k - 1) * previous) / k;
        previous = current;
        current = next;
      }
      derivative = (n * (x * current - previous)) / (x * x - 1);
      const delta = current / derivative;
      x -= delta;
      if (Math.abs(delta) < 1e-16) break;
    }
    nodes[i] = x;
    weights[i] = 2 / ((1 - x * x) * derivative * derivative);
  }
  return [nodes, weights];
}

/** Parses fixtures/samplers/NAME. */
export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../../fixtures/samplers/${name}`, import.meta.url), 'utf8')) as T;
}

/**
 * Runs the one-sample KS test and returns its p-value. Tests compare it with
 * KS_LEVEL: a correct sampler fails such a check with probability KS_LEVEL
 * for a random seed, and the seeds in the tests are fixed, so the outcome is
 * reproducible.
 */
export function ksPValue(draws: ArrayLike<number>, cdf: (x: number) => number): number {
  return ksTest(draws, cdf).pValue;
}

/** Significance level of the goodness-of-fit checks: the failure probability of each check for a correct sampler. */
export const KS_LEVEL = 1e-3;
