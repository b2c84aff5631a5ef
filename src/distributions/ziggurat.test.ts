import { describe, expect, it } from 'vitest';

import { EXPONENTIAL_ZIGGURAT, NORMAL_ZIGGURAT } from './standard.js';
import type { ZigguratTable } from './ziggurat.js';

// Constants for 256 strips as published with Marsaglia & Tsang (2000), "The
// Ziggurat Method for Generating Random Variables", J. Stat. Softw. 5(8).
const published = [
  { name: 'normal', table: NORMAL_ZIGGURAT, tailStart: 3.6541528853610088, stripArea: 4.92867323399e-3, density: (x: number) => Math.exp(-0.5 * x * x) },
  { name: 'exponential', table: EXPONENTIAL_ZIGGURAT, tailStart: 7.69711747013104972, stripArea: 3.9496598225815571993e-3, density: (x: number) => Math.exp(-x) },
];

function stripAreas(table: ZigguratTable, density: (x: number) => number): number[] {
  const areas: number[] = [];
  for (let i = 1; i < table.layers; i++) {
    const x = table.boundaries[i];
    areas.push(x * (density(table.boundaries[i + 1]) - density(x)));
  }
  return areas;
}

describe.each(published)('$name ziggurat table', ({ table, tailStart, stripArea, density }) => {
  it('reproduces the published tail start', () => {
    expect(table.tailStart).toBeCloseTo(tailStart, 14);
  });

  it('reproduces the published strip area', () => {
    expect(Math.abs(table.stripArea - stripArea) / stripArea).toBeLessThan(1e-10);
  });

  it('gives every strip the same area', () => {
    for (const area of stripAreas(table, density)) {
      expect(Math.abs(area - table.stripArea) / table.stripArea).toBeLessThan(1e-9);
    }
  });

  it('has decreasing boundaries ending at 0', () => {
    for (let i = 0; i < table.layers; i++) expect(table.boundaries[i]).toBeGreaterThan(table.boundaries[i + 1]);
    expect(table.boundaries[table.layers]).toBe(0);
  });

  it('has integer acceptance thresholds below 2^52', () => {
    for (let i = 0; i < table.layers; i++) {
      expect(table.acceptBelow[i]).toBeGreaterThanOrEqual(0);
      expect(table.acceptBelow[i]).toBeLessThan(2 ** 52);
      expect(Number.isInteger(table.acceptBelow[i])).toBe(true);
    }
  });
});
