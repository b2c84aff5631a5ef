import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';

import { standardNormal } from '../../distributions/standard.js';
import { createGenerator } from '../../random/index.js';
import { readTable } from '../../data/table.js';
import { rbfKernel } from '../../stats/kernels.js';
import { ksTwoSampleTest } from '../../stats/ks.js';
import { mmd2 } from '../../stats/mmd.js';
import { main } from '../main.js';
import { chooseEngine, float32Verdict, parseByteSize } from './compare.js';

const folder = mkdtempSync(join(tmpdir(), 'samplekit-cli-compare-'));
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

/** Writes `count` rows of N(shift, I_width) to a CSV file with a header and returns its path. */
function normalCsv(name: string, seed: number, count: number, width: number, shift = 0): string {
  const rng = createGenerator('xoshiro128**', seed);
  const header = Array.from({ length: width }, (_, j) => `c${j + 1}`).join(',');
  const lines = Array.from({ length: count }, () => Array.from({ length: width }, () => (shift + standardNormal(rng)).toFixed(6)).join(','));
  const path = join(folder, name);
  writeFileSync(path, `${header}\n${lines.join('\n')}\n`);
  return path;
}

const a = normalCsv('a.csv', 1, 60, 2);
const b = normalCsv('b.csv', 2, 50, 2, 1.0);
const same = normalCsv('same.csv', 3, 50, 2);

describe('compare command', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints the MMD test as JSON', async () => {
    const { status, stdout } = await run('compare', a, b, '--json', '--permutations', '199');
    expect(status).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.test).toBe('mmd');
    expect([report.n, report.m, report.d]).toEqual([60, 50, 2]);
    expect(report.permutations).toBe(199);
    expect(report.seed).toBe(0);
    expect(report.estimator).toBe('unbiased');
    expect(report.bandwidths).toHaveLength(5);
    // A shift of 1 in both coordinates: no relabelling comes close, p = 1/200.
    expect(report.pValue).toBe(1 / 200);
    expect(report.statistic).toBeGreaterThan(0);
  });

  it('gives the same result for the same seed', async () => {
    const first = JSON.parse((await run('compare', a, same, '--json', '--permutations', '99', '--seed', '5')).stdout);
    const second = JSON.parse((await run('compare', a, same, '--json', '--permutations', '99', '--seed', '5')).stdout);
    expect(second).toEqual(first);
    expect(first.pValue).toBeGreaterThan(0.01);
  });

  it('uses given bandwidths', async () => {
    const { stdout } = await run('compare', a, b, '--json', '--permutations', '0', '--bandwidths', '0.5,2');
    const report = JSON.parse(stdout);
    expect(report.bandwidths).toEqual([0.5, 2]);
    expect(report.kernelDescription).toBe('rbf(sigma=0.5,2)');
    expect(report.pValue).toBeNull();
    expect(report.engine).toBe('float64');
  });

  it('warns when the bandwidths cannot tell rows apart', async () => {
    const xa = normalCsv('xa.csv', 11, 7, 5);
    const xb = normalCsv('xb.csv', 12, 9, 5, 0.3);
    for (const bandwidth of ['1e-300', '1e300']) {
      const { status, stdout, stderr } = await run('compare', xa, xb, '--bandwidths', bandwidth, '--permutations', '10');
      expect(status).toBe(0);
      expect(stdout).toContain('p-value:     1 (10 permutations');
      expect(stderr).toMatch(/^samplekit: warning: every pair of distinct rows gets the same value, [01], from the rbf\(sigma=1e[-+]300\) kernel/);
      expect(stderr).toContain('samplekit compare without --bandwidths');
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    }

    const json = JSON.parse((await run('compare', xa, xb, '--bandwidths', '1e-300', '--permutations', '10', '--json')).stdout);
    expect(json.warnings).toHaveLength(1);
    const median = JSON.parse((await run('compare', xa, xb, '--permutations', '10', '--json')).stdout);
    expect(median.warnings).toEqual([]);
  });

  it('runs the energy test', async () => {
    const { status, stdout } = await run('compare', a, b, '--test', 'energy', '--json', '--permutations', '99');
    expect(status).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.test).toBe('energy');
    expect(report.pValue).toBe(1 / 100);
  });

  it('combines per-column KS tests with Bonferroni', async () => {
    const { stdout } = await run('compare', a, b, '--test', 'ks', '--json');
    const report = JSON.parse(stdout);
    expect(report.combination).toBe('bonferroni');
    expect(report.columns).toHaveLength(2);
    expect(report.columns[0].column).toBe('c1');
    const smallest = Math.min(report.columns[0].pValue, report.columns[1].pValue);
    expect(report.pValue).toBeCloseTo(Math.min(1, 2 * smallest), 15);
  });

  it('matches ksTwoSampleTest on one column', async () => {
    const x = [0.1, 0.5, 0.9, 1.3, 2.2];
    const y = [0.2, 0.25, 0.3, 2.0];
    const first = join(folder, 'x.json');
    const second = join(folder, 'y.json');
    writeFileSync(first, JSON.stringify(x));
    writeFileSync(second, JSON.stringify(y));
    const report = JSON.parse((await run('compare', first, second, '--test', 'ks', '--json')).stdout);
    const expected = ksTwoSampleTest(x, y);
    expect(report.statistic).toBe(expected.statistic);
    expect(report.pValue).toBe(expected.pValue);
    expect(report.combination).toBe('none');
  });

  it('computes MMD^2 in float32 blocks on request', async () => {
    const { status, stdout } = await run('compare', a, b, '--json', '--permutations', '0', '--bandwidths', '0.5,2', '--engine', 'float32-blocks');
    expect(status).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.engine).toBe('float32-blocks');

    const [x, y] = await Promise.all([readTable(a), readTable(b)]);
    const expected = mmd2(x, y, { kernel: rbfKernel([0.5, 2]) });
    // float32 kernel values near 1 carry about 1e-7 relative error each.
    expect(Math.abs(report.statistic - expected)).toBeLessThan(1e-5);
  });

  it('takes float32 blocks above 2e9 multiply-adds', () => {
    // 2 d (n^2 + m^2 + n m): 2 * 100 * 3 * 1800^2 = 1.94e9, 2 * 100 * 3 * 1900^2 = 2.17e9.
    expect(chooseEngine('auto', 1800, 1800, 100)).toBe('float64');
    expect(chooseEngine('auto', 1900, 1900, 100)).toBe('float32-blocks');
    expect(chooseEngine('float64', 1900, 1900, 100)).toBe('float64');
  });

  it('rejects float32 blocks for a permutation test', async () => {
    const { status, stderr } = await run('compare', a, b, '--engine', 'float32-blocks');
    expect(status).toBe(1);
    expect(stderr).toMatch(/--engine must be auto or float64 for a permutation test; received "float32-blocks"/);
  });

  it('prints text by default', async () => {
    const { status, stdout } = await run('compare', a, b, '--permutations', '99');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^test: {8}mmd, unbiased MMD\^2, rbf kernel sum with sigma = [0-9.]+, /);
    expect(stdout).toContain('rows:        n = 60, m = 50, d = 2');
    expect(stdout).toContain('p-value:     0.01 (99 permutations, seed 0)');
  });

  it('reports bad input on one line', async () => {
    const narrow = join(folder, 'narrow.csv');
    writeFileSync(narrow, '1\n2\n3\n');
    const mismatch = await run('compare', a, narrow);
    expect(mismatch.status).toBe(1);
    expect(mismatch.stderr).toBe(`samplekit: ${narrow} must be a table with as many columns as ${a} (2); received "1 column"\n`);

    const missing = await run('compare', a, join(folder, 'nope.csv'));
    expect(missing.stderr).toBe(`samplekit: data file ${join(folder, 'nope.csv')} not found\n`);

    const badTest = await run('compare', a, b, '--test', 't');
    expect(badTest.stderr).toBe('samplekit: --test must be one of "mmd", "energy", "ks"; received "t"\n');

    const badSeed = await run('compare', a, b, '--seed', '-1');
    expect(badSeed.stderr).toBe('samplekit: --seed must be a non-negative integer; received "-1"\n');

    const badBandwidths = await run('compare', a, b, '--bandwidths', '1,x');
    expect(badBandwidths.stderr).toMatch(/--bandwidths must be a comma-separated list of positive numbers/);
  });
});

describe('compare options and messages', () => {
  afterEach(() => vi.restoreAllMocks());

  it('rejects options the test does not use', async () => {
    const ks = await run('compare', a, b, '--test', 'ks', '--bandwidths', '1');
    expect(ks.status).toBe(1);
    expect(ks.stderr).toBe('samplekit: --bandwidths must be used only with --test mmd; received "ks". Remove --bandwidths or choose --test mmd\n');

    const energy = await run('compare', a, b, '--test', 'energy', '--kernel', 'imq');
    expect(energy.status).toBe(1);
    expect(energy.stderr).toBe('samplekit: --kernel must be used only with --test mmd; received "energy". Remove --kernel or choose --test mmd\n');

    const bytes = await run('compare', a, b, '--test', 'ks', '--max-matrix-bytes', '1GiB');
    expect(bytes.stderr).toMatch(/^samplekit: --max-matrix-bytes must be used only with --test mmd or energy/);
  });

  it('notes the contract options that ks ignores', async () => {
    const { status, stdout, stderr } = await run('compare', a, b, '--test', 'ks', '--seed', '3', '--permutations', '10', '--json');
    expect(status).toBe(0);
    expect(JSON.parse(stdout).test).toBe('ks');
    expect(stderr).toBe('samplekit: note: --seed and --permutations do not apply to --test ks, whose p-value is exact or asymptotic, not from permutations; ignored\n');
  });

  it('names the file with too few rows', async () => {
    const single = join(folder, 'single.csv');
    writeFileSync(single, '1,2\n');
    const { status, stderr } = await run('compare', single, a);
    expect(status).toBe(1);
    expect(stderr).toBe(`samplekit: ${single} has 1 row, but the unbiased MMD^2 estimator needs at least 2 rows in each file; add rows or use --estimator biased\n`);
    expect((await run('compare', single, a, '--estimator', 'biased', '--permutations', '9')).status).toBe(0);
  });

  it('states the largest seed', async () => {
    const { stderr } = await run('compare', a, b, '--seed', '9007199254740992');
    expect(stderr).toBe('samplekit: --seed must be an integer from 0 to 9007199254740991 (2^53 - 1); received "9007199254740992"\n');
  });

  it('reports a typo in the first line of a file', async () => {
    const typo = join(folder, 'typo.csv');
    writeFileSync(typo, '1O,4\n3,4\n5,6\n');
    const { status, stderr } = await run('compare', typo, a, '--test', 'ks');
    expect(status).toBe(1);
    expect(stderr).toMatch(/typo.csv: line 1, column 1 is not a number: "1O". The first line was read as data/);
  });

  it('recomputes kernel values under a small --max-matrix-bytes', async () => {
    const { status, stdout, stderr } = await run('compare', a, b, '--json', '--permutations', '19', '--max-matrix-bytes', '10KiB');
    expect(status).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.strategy).toBe('recompute');
    // 110 pooled rows: 8 * 110^2 = 96,800 bytes, above 10 KiB.
    expect(stderr).toMatch(/110 pooled rows need a 96800 bytes kernel matrix, more than --max-matrix-bytes \(10240 bytes\)/);
    const withMatrix = JSON.parse((await run('compare', a, b, '--json', '--permutations', '19')).stdout);
    expect(withMatrix.strategy).toBe('matrix');
    expect(report.statistic).toBeCloseTo(withMatrix.statistic, 12);
    expect(report.pValue).toBe(withMatrix.pValue);
  });

  it('parses byte sizes with units', () => {
    expect(parseByteSize('--max-matrix-bytes', '1073741824')).toBe(2 ** 30);
    expect(parseByteSize('--max-matrix-bytes', '512MiB')).toBe(512 * 2 ** 20);
    expect(parseByteSize('--max-matrix-bytes', '2GB')).toBe(2e9);
    expect(parseByteSize('--max-matrix-bytes', '1.5gib')).toBe(1.5 * 2 ** 30);
    expect(() => parseByteSize('--max-matrix-bytes', '1XB')).toThrow(/--max-matrix-bytes must be a number of bytes, optionally with a unit/);
    expect(() => parseByteSize('--max-matrix-bytes', '-1')).toThrow(/--max-matrix-bytes must be a number of bytes/);
  });

  it('shows permutation progress on request', async () => {
    const { status, stderr } = await run('compare', a, b, '--permutations', '99', '--progress');
    expect(status).toBe(0);
    // Not a terminal: a plain line at the first permutation, then one per 10%, the last at 99/99.
    const lines = stderr.trim().split('\n');
    expect(lines.length).toBe(11);
    expect(lines[0]).toMatch(/^permutations 1\/99 \(1%, [0-9.]+ s, about [0-9]+ s left\)$/);
    expect(lines.at(-1)).toMatch(/^permutations 99\/99 \(100%, [0-9.]+ s\)$/);
    expect((await run('compare', a, b, '--permutations', '99', '--no-progress')).stderr).toBe('');
  });

  it('reports the float64 check of float32', async () => {
    const { stdout } = await run('compare', a, b, '--json', '--permutations', '0', '--bandwidths', '0.5,2', '--engine', 'float32-blocks');
    const report = JSON.parse(stdout);
    expect(report.float32Check.rows).toBe(50);
    expect(report.float32Check.difference).toBeLessThan(1e-6);
    expect(report.float32Check.difference).toBe(Math.abs(report.float32Check.float32 - report.float32Check.float64));

    const text = (await run('compare', a, b, '--permutations', '0', '--bandwidths', '0.5,2', '--engine', 'float32-blocks')).stdout;
    expect(text).toMatch(/^engine: {6}float32 TF.js blocks; on 50 rows per file float32 and float64 differ by /m);
  });

  it('falls back to float64 when unresolved', () => {
    const check = { rows: 512, float32: 1.1e-7, float64: 1.0e-7, difference: 1e-8 };
    expect(float32Verdict(1e-5, check, 'auto', 1e10)).toBe('keep');
    expect(float32Verdict(1e-7, check, 'auto', 1e10)).toBe('float64');
    expect(float32Verdict(1e-7, check, 'auto', 1e12)).toBe('warn');
    expect(float32Verdict(1e-7, check, 'float32-blocks', 1e10)).toBe('warn');
  });

  it('prints the kernel formulas in its help', async () => {
    const { stdout } = await run('compare', '--help');
    expect(stdout).toContain('k = sum over sigma of exp(-r / (2 sigma^2))');
    expect(stdout).toContain('k = sum over c of (1 + r / c^2)^(-1/2)');
    expect(stdout).toContain("Bonferroni's min(1, d * min_j p_j)");
    expect(stdout).toContain('(1 + c) / (1 + K)');
  });
});
