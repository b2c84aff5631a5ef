import { describe, expect, it } from 'vitest';

import { kolmogorovLimitSf, kolmogorovSmirnovCdf, kolmogorovSmirnovSf, smirnovSf } from './kolmogorov.js';
import { close, loadFixture } from './test-utils/helpers.js';

interface KolmogorovFixture {
  kstwo: { n: number; d: number; sf: number; cdf: number; smirnovSf: number }[];
  kstwobign: { x: number; sf: number }[];
}

const fixture = loadFixture<KolmogorovFixture>('kolmogorov.json');

describe('kolmogorovSmirnovSf', () => {
  it('matches Ruben-Gambino by hand for n = 3', () => {
    // d = 0.3, t = n d = 0.9 <= 1: P(D_3 < d) = 3!/3^3 (2t - 1)^3 = (6/27) * 0.8^3 = 0.11377...
    const cdf = (6 / 27) * 0.8 ** 3;
    expect(kolmogorovSmirnovSf(3, 0.3)).toBeCloseTo(1 - cdf, 14);
  });

  it('matches the upper end by hand for n = 4', () => {
    // d = 0.8 >= 1 - 1/n: P(D_4 >= d) = 2 (1 - d)^4 = 2 * 0.0016 = 0.0032.
    expect(kolmogorovSmirnovSf(4, 0.8)).toBeCloseTo(0.0032, 15);
  });

  it('matches n = 1 by hand', () => {
    // One point: D_1 = max(U, 1 - U) >= 1/2, so P(D_1 >= d) = 2 (1 - d) for d in [1/2, 1].
    expect(kolmogorovSmirnovSf(1, 0.75)).toBeCloseTo(0.5, 15);
    expect(kolmogorovSmirnovSf(1, 0.4)).toBe(1);
  });

  it('agrees with scipy kstwo.sf in every regime', () => {
    for (const c of fixture.kstwo) {
      const actual = kolmogorovSmirnovSf(c.n, c.d);
      // Relative 1e-8: the Birnbaum-Tingey sum builds log C(n, j) from n
      // rounded logarithms, about 4e-9 relative error at n = 400,000 (checked
      // against a 40-digit mpmath sum). The absolute term covers tails below 1e-300.
      expect(close(actual, c.sf, 1e-8, 1e-300), `n=${c.n} d=${c.d}: ${actual} vs ${c.sf}`).toBe(true);
    }
  });

  it('agrees with scipy kstwo.cdf', () => {
    for (const c of fixture.kstwo) {
      const actual = kolmogorovSmirnovCdf(c.n, c.d);
      expect(close(actual, c.cdf, 1e-8, 1e-15), `n=${c.n} d=${c.d}: ${actual} vs ${c.cdf}`).toBe(true);
    }
  });

  it('returns NaN for a non-integer n', () => {
    expect(kolmogorovSmirnovSf(2.5, 0.3)).toBeNaN();
    expect(kolmogorovSmirnovSf(0, 0.3)).toBeNaN();
  });
});

describe('smirnovSf', () => {
  it('matches the one-point case by hand', () => {
    // n = 1: D+ = 1 - U, so P(D+ >= d) = 1 - d.
    expect(smirnovSf(1, 0.3)).toBeCloseTo(0.7, 15);
  });

  it('agrees with scipy.special.smirnov', () => {
    for (const c of fixture.kstwo) {
      const actual = smirnovSf(c.n, c.d);
      expect(close(actual, c.smirnovSf, 1e-8, 1e-300), `n=${c.n} d=${c.d}: ${actual} vs ${c.smirnovSf}`).toBe(true);
    }
  });
});

describe('kolmogorovLimitSf', () => {
  it('agrees with scipy kstwobign.sf', () => {
    for (const c of fixture.kstwobign) {
      expect(close(kolmogorovLimitSf(c.x), c.sf, 1e-12, 1e-300), `x=${c.x}`).toBe(true);
    }
  });
});
