import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';

import { main } from '../main.js';

const folder = mkdtempSync(join(tmpdir(), 'samplekit-cli-data-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Runs the CLI and returns its exit status with what it wrote to stdout and stderr. */
async function run(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  });
  const status = await main(['node', 'samplekit', ...args]);
  vi.restoreAllMocks();
  return { status, stdout, stderr };
}

describe('data command', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints rows as CSV with a header', async () => {
    const { status, stdout } = await run('data', 'ring8:count=100', '--seed', '0', '-n', '5');
    expect(status).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('x,y');
    expect(lines.length).toBe(6);
    for (const line of lines.slice(1)) expect(Math.hypot(...line.split(',').map(Number))).toBeCloseTo(1, 1);
  });

  it('writes the held-out part to an NPY file and a plot', async () => {
    const npy = join(folder, 'held-out.npy');
    const png = join(folder, 'held-out.png');
    const { status } = await run('data', 'moons:count=200', '--seed', '3', '--part', 'held-out', '-o', npy, '--plot', png);
    expect(status).toBe(0);
    expect(readFileSync(npy).subarray(0, 6).toString('latin1')).toBe('\x93NUMPY');
    expect(readFileSync(npy, 'latin1')).toContain("'shape': (20, 2)");
    expect(existsSync(png)).toBe(true);
  });

  it('lists the built-in data sets', async () => {
    const { status, stdout } = await run('data', '--list');
    expect(status).toBe(0);
    expect(stdout).toContain('grid25:');
    expect(stdout).toContain('  std: standard deviation of each Gaussian (default 0.05)');
  });

  it('takes seed 0 by default, as train does', async () => {
    const unseeded = await run('data', 'ring8:count=100', '-n', '5');
    const seeded = await run('data', 'ring8:count=100', '--seed', '0', '-n', '5');
    expect(unseeded.status).toBe(0);
    expect(unseeded.stdout).toBe(seeded.stdout);
    expect(unseeded.stdout).not.toBe((await run('data', 'ring8:count=100', '--seed', '1', '-n', '5')).stdout);
  });

  it('prints the values of a table file as written', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => `${1700000000.123456 + i * 1.5},${(0.1 * i).toFixed(1)},1024.850219726562`);
    const path = join(folder, 'exact.csv');
    writeFileSync(path, `ts,small,price\n${rows.join('\n')}\n`);

    const { status, stdout } = await run('data', path);
    expect(status).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('ts,small,price');
    expect(lines).toHaveLength(19);
    const written = new Set(rows.map((row) => row.split(',').map(Number).join(',')));
    for (const line of lines.slice(1)) expect(written.has(line), line).toBe(true);
  });

  it('says "rows" only for more than one', async () => {
    const path = join(folder, 'one.csv');
    writeFileSync(path, 'a\n1\n');
    const { status, stderr } = await run('data', path);
    expect(status).toBe(1);
    expect(stderr).toContain('received "1 row"');
  });

  it('names a missing spec without "undefined"', async () => {
    const { status, stderr } = await run('data');
    expect(status).toBe(1);
    expect(stderr).toBe('samplekit: spec must be a data-set name or path (or --list); none was given\n');
  });

  it('rejects an output format it cannot write', async () => {
    const { status, stderr } = await run('data', 'ring8:count=10', '--seed', '0', '-o', join(folder, 'points.png'));
    expect(status).toBe(1);
    expect(stderr).toMatch(/--output must be a \.csv or \.npy file; received/);
  });
});

describe('report command', () => {
  it('builds report.html in a run folder', async () => {
    const runDir = join(folder, 'run');
    mkdirSync(runDir);
    writeFileSync(join(runDir, 'metrics.jsonl'), '{"step":1,"loss":0.5}\n{"step":2,"loss":0.4}\n');

    const { status, stdout } = await run('report', runDir, '--title', 'MMD test run');
    expect(status).toBe(0);
    expect(stdout).toBe(`${join(runDir, 'report.html')}\n`);
    expect(readFileSync(join(runDir, 'report.html'), 'utf8')).toContain('<title>MMD test run</title>');
  });
});
