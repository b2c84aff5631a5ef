/**
 * Helpers for the stats tests: fixture loading and reference CDFs. The build
 * leaves test-utils/ out, so none of this ships.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import erfc from '@stdlib/math-base-special-erfc';

/** Parses fixtures/stats/NAME. */
export function loadFixture<T>(name: string): T {
  const path = fileURLToPath(new URL(`../../../fixtures/stats/${name}`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** CDF of the normal distribution with mean `loc` and standard deviation `scale`. */
export function normalCdf(x: number, loc = 0, scale = 1): number {
  return 0.5 * erfc(-(x - loc) / (scale * Math.SQRT2));
}

/** |actual - expected| <= absolute + relative * |expected|. */
export function close(actual: number, expected: number, relative: number, absolute = 0): boolean {
  return Math.abs(actual - expected) <= absolute + relative * Math.abs(expected);
}
