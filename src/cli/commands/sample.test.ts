import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { KS_LEVEL, ksPValue, normalCdf } from '../../samplers/test-utils/targets.js';
import { main } from '../main.js';

const folder = mkdtempSync(join(tmpdir(), 'samplekit-sample-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface Captured {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `samplekit sample ...` in this process and captures its output. */
async function run(...args: string[]): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const capture = (append: (text: string) => void) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const callback = rest.find((item) => typeof item === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof process.stdout.write;
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture((text) => (stdout += text)));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture((text) => (stderr += text)));
  try {
    const status = await main(['node', 'samplekit', 'sample', ...args]);
    return { status, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

function numbers(text: string): number[] {
  return text.trim().split('\n').map(Number);
}

beforeEach(() => {
  vi.restoreAllMocks();
});

describe('samplekit sample', () => {
  it('inverse writes N normal draws and the u-error', async () => {
    const result = await run('--density', 'exp(-x^2/2)', '--method', 'inverse', '-n', '5000', '--seed', '1');
    expect(result.status).toBe(0);
    const draws = numbers(result.stdout);
    expect(draws).toHaveLength(5000);
    // Failure probability KS_LEVEL for a random seed; the seed is fixed.
    expect(ksPValue(draws, (x) => normalCdf(x))).toBeGreaterThan(KS_LEVEL);
    expect(result.stderr).toMatch(/5000 draws by inverse/);
    expect(result.stderr).toMatch(/u-error max \d\.\d\de-1[1-9]/);
  });

  it('same seed gives the same output', async () => {
    const first = await run('--log-density', '-abs(x)', '--method', 'rejection', '-n', '50', '--seed', '0');
    const second = await run('--log-density', '-abs(x)', '--method', 'rejection', '-n', '50', '--seed', '0');
    const other = await run('--log-density', '-abs(x)', '--method', 'rejection', '-n', '50', '--seed', '1');
    expect(first.stdout).toBe(second.stdout);
    expect(first.stdout).not.toBe(other.stdout);
  });

  it('rejection reports its acceptance rate as JSON', async () => {
    const output = join(folder, 'rejection.csv');
    const result = await run('--density', 'x^2*exp(-x)', '--domain', '0,inf', '--method', 'rejection', '-n', '2000', '--seed', '4', '-o', output, '--json');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.method).toBe('rejection');
    expect(report.domain).toEqual([0, 'Infinity']);
    expect(report.diagnostics.acceptanceRate).toBeGreaterThan(0.05);
    // Z = Gamma(3) = 2 is estimated by acceptance rate x M.
    expect(Math.abs(report.diagnostics.normalizingConstantEstimate - 2)).toBeLessThan(0.3);
    const draws = numbers(readFileSync(output, 'utf8'));
    expect(draws).toHaveLength(2000);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
  });

  it('mh in this thread reports R-hat and ESS', async () => {
    const result = await run('--log-density', '-(x1^2 + x2^2)/2', '--method', 'mh', '-n', '4000', '--seed', '5', '--workers', '0', '--warmup', '500', '--json');
    expect(result.status).toBe(0);
    const rows = result.stdout.trim().split('\n');
    expect(rows).toHaveLength(4000);
    expect(rows[0].split(',')).toHaveLength(2);
    const report = JSON.parse(result.stderr);
    expect(report.dimension).toBe(2);
    expect(report.diagnostics.coordinates.map((c: { name: string }) => c.name)).toEqual(['x1', 'x2']);
    for (const coordinate of report.diagnostics.coordinates) expect(coordinate.rhat).toBeLessThan(1.05);
    expect(report.diagnostics.acceptanceRates).toHaveLength(4);
  });

  it('ars samples a log-concave density', async () => {
    const result = await run('--log-density', '-x^2/2', '--method', 'ars', '-n', '3000', '--seed', '6');
    expect(result.status).toBe(0);
    expect(ksPValue(numbers(result.stdout), (x) => normalCdf(x))).toBeGreaterThan(KS_LEVEL);
    expect(result.stderr).toMatch(/hull points/);
  });

  it('--plot writes a PNG', async () => {
    const plot = join(folder, 'h.png');
    const result = await run('--density', 'exp(-x^2/2)*(1+sin(3*x)^2)', '--method', 'inverse', '-n', '2000', '--seed', '1', '--plot', plot, '-o', join(folder, 'h.csv'));
    expect(result.status).toBe(0);
    const png = readFileSync(plot);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(10000);
  }, 60_000);

  it('a bad expression points at the token', async () => {
    const result = await run('--density', 'exp(-x^2/2))', '--method', 'inverse', '-n', '10', '--seed', '1');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--density must be a valid mathjs expression');
    expect(result.stderr).toContain('\n  exp(-x^2/2))\n             ^\n');
  });

  it('--center finds a density far from 0', async () => {
    // The probes nearest 3e5 are about 1.6e4 away, where the density underflows.
    const density = '-(x - 3e5)^2/2';
    const lost = await run('--log-density', density, '--method', 'inverse', '-n', '10', '--seed', '1');
    expect(lost.status).toBe(1);
    expect(lost.stderr).toMatch(/the search missed the mode, so pass center/);
    for (const method of ['inverse', 'rejection']) {
      const found = await run('--log-density', density, '--method', method, '--center', '300001', '-n', '2000', '--seed', '1');
      expect(found.status, found.stderr).toBe(0);
      expect(ksPValue(numbers(found.stdout), (x) => normalCdf(x, 3e5, 1))).toBeGreaterThan(KS_LEVEL);
    }
  });

  it('a non-integrable density is an error', async () => {
    const result = await run('--density', '1/x', '--domain', '0,1', '--method', 'inverse', '-n', '10', '--seed', '1');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/not integrable near x = 0/);
  });

  it('a pole defeats the uniform proposal with a hint', async () => {
    const result = await run('--density', 'x^(-0.5)', '--domain', '0,1', '--method', 'rejection', '-n', '10', '--seed', '1');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/grows without bound in the lower tail/);
    expect(result.stderr).toMatch(/uniform\(0, 1\) proposal cannot envelope this density; use --method inverse or --method mh/);
  });

  it('options of another method are rejected', async () => {
    const result = await run('--density', 'exp(-x^2)', '--method', 'inverse', '--chains', '2', '-n', '10', '--seed', '1');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/--chains must be used only with --method mh/);
  });

  it('a d-D density needs mh', async () => {
    const result = await run('--log-density', '-x1^2-x2^2', '--method', 'inverse', '-n', '10', '--seed', '1');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/--method must be mh for a density in 2 variables/);
  });

  it('bad numbers are rejected', async () => {
    expect((await run('--density', 'exp(-x^2)', '--method', 'inverse', '-n', '0', '--seed', '1')).stderr).toMatch(/-n must be an integer of at least 1/);
    expect((await run('--density', 'exp(-x^2)', '--method', 'inverse', '-n', '5', '--seed', '-1')).stderr).toMatch(/--seed must be a non-negative decimal integer/);
    expect((await run('--density', 'exp(-x^2)', '--method', 'inverse', '-n', '5', '--seed', '1', '--domain', '2,1')).stderr).toMatch(/--domain must be two numbers/);
    expect((await run('--density', 'exp(-x^2)', '--method', 'magic', '-n', '5', '--seed', '1')).stderr).toMatch(/--method must be one of/);
    expect((await run('--method', 'inverse', '-n', '5', '--seed', '1')).stderr).toMatch(/given exactly once/);
  });
});
