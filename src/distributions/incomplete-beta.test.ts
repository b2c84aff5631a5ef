/**
 * The beta cdf and sf at 600 random shapes in [1e-3, 1e9] against 60-digit
 * mpmath values (fixtures/distributions/continuous/make_beta_sweep.py). The
 * fixed-grid tables in reference-values.test.ts test the same functions at
 * chosen shapes.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { Beta } from './beta.js';
import { referenceError } from './test-utils/continuous-fixtures.js';

const SWEEP_FILE = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/distributions/continuous/beta-sweep.json');

/** [a, b, x, cdf, sf] */
type SweepRecord = [number, number, number, number, number];

const records = (JSON.parse(readFileSync(SWEEP_FILE, 'utf8')) as { records: SweepRecord[] }).records;

const TOLERANCE = 1e-12;

describe('beta tails at random shapes', () => {
  it('covers one huge shape and both shapes below 1', () => {
    expect(records.length).toBe(600);
    expect(records.some(([a, b]) => Math.max(a, b) / Math.min(a, b) > 1e6)).toBe(true);
    expect(records.some(([a, b]) => a < 1 && b < 1)).toBe(true);
  });

  it('cdf matches mpmath', () => {
    for (const [a, b, x, cdf] of records) {
      const actual = new Beta({ a, b }).cdf(x);
      expect(referenceError(actual, cdf), `beta(${a}, ${b}).cdf(${x}) = ${actual}, expected ${cdf}`).toBeLessThanOrEqual(TOLERANCE);
    }
  });

  it('sf matches mpmath', () => {
    for (const [a, b, x, , sf] of records) {
      const actual = new Beta({ a, b }).sf(x);
      expect(referenceError(actual, sf), `beta(${a}, ${b}).sf(${x}) = ${actual}, expected ${sf}`).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});
