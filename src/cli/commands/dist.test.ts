import { PassThrough } from 'node:stream';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { Binomial } from '../../distributions/binomial.js';
import { Normal } from '../../distributions/normal.js';
import { createGenerator } from '../../random/index.js';
import { main } from '../main.js';
import { formatNumber, runDist, type DistOptions } from './dist.js';

interface RunResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `samplekit ...args` through main() and captures what it prints. */
async function run(...args: string[]): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
    stdout += chunk.toString();
    const callback = rest.find((item) => typeof item === 'function') as ((error?: Error | null) => void) | undefined;
    callback?.(null);
    return true;
  }) as typeof process.stdout.write);
  vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  }) as typeof process.stderr.write);
  const status = await main(['node', 'samplekit', ...args]);
  vi.restoreAllMocks();
  return { status, stdout, stderr };
}

function lines(text: string): string[] {
  return text.trimEnd().split('\n');
}

describe('dist command values', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('prints normal cdf values with 17 significant digits', async () => {
    const result = await run('dist', 'normal', '--loc', '-1', '--scale', '2', '--cdf', '-3,0,1.5');
    const normal = new Normal({ loc: -1, scale: 2 });
    expect(result.status).toBe(0);
    expect(lines(result.stdout)).toEqual([normal.cdf(-3), normal.cdf(0), normal.cdf(1.5)].map((x) => x.toPrecision(17)));
    expect(result.stderr).toBe('');
  });

  it('prints the pmf for --pdf of a discrete distribution', async () => {
    const result = await run('dist', 'binomial', '--n', '10', '--p', '0.3', '--pdf', '3');
    expect(lines(result.stdout)).toEqual([new Binomial({ n: 10, p: 0.3 }).pmf(3).toPrecision(17)]);
    expect(Number(result.stdout)).toBeCloseTo(0.266827932, 9);
  });

  it('takes --pmf and --log-pmf for a discrete distribution', async () => {
    const binomial = new Binomial({ n: 10, p: 0.3 });
    const pmf = await run('dist', 'binomial', '--n', '10', '--p', '0.3', '--pmf', '3,11');
    expect(pmf.status).toBe(0);
    expect(lines(pmf.stdout)).toEqual([binomial.pmf(3).toPrecision(17), '0']);
    const logPmf = await run('dist', 'binomial', '--n', '10', '--p', '0.3', '--log-pmf', '3');
    expect(lines(logPmf.stdout)).toEqual([binomial.logPmf(3).toPrecision(17)]);
    const mixturePmf = await run('dist', 'mixture', '--weights', '1,1', '--component', 'poisson --mu 2', '--component', 'poisson --mu 5', '--pmf', '0');
    expect(Number(mixturePmf.stdout)).toBeCloseTo((Math.exp(-2) + Math.exp(-5)) / 2, 15);
  });

  it('prints infinite points as limits', async () => {
    const result = await run('dist', 'normal', '--cdf', '-inf,inf');
    expect(lines(result.stdout)).toEqual(['0', '1']);
  });

  it('prints integer quantiles exactly', async () => {
    const result = await run('dist', 'poisson', '--mu', '1e7', '--quantile', '0.5,0.999999');
    expect(lines(result.stdout)).toEqual(['10000000', '10015035']);
  });

  it('prints the same draws as the library', async () => {
    const result = await run('dist', 'binomial', '--n', '100', '--p', '0.3', '--sample', '5', '--seed', '7', '--generator', 'pcg32');
    const expected = new Binomial({ n: 100, p: 0.3 }).sampleN(createGenerator('pcg32', 7), 5);
    expect(lines(result.stdout)).toEqual([...expected].map(String));
  });

  it('uses the default generator and seed 0', async () => {
    const result = await run('dist', 'normal', '--sample', '3', '--seed', '0');
    const expected = new Normal().sampleN(createGenerator('xoshiro128**', 0), 3);
    expect(lines(result.stdout)).toEqual([...expected].map((x) => x.toPrecision(17)));
  });

  it('evaluates several multivariate points', async () => {
    const result = await run('dist', 'multivariate-normal', '--mean', '0,0', '--cov', '1,0,0,1', '--pdf', '0,0,1,1');
    const values = lines(result.stdout).map(Number);
    const expected = [1 / (2 * Math.PI), Math.exp(-1) / (2 * Math.PI)];
    expect(values).toHaveLength(2);
    expect(Math.abs(values[0] - expected[0]) / expected[0]).toBeLessThan(1e-15);
    expect(Math.abs(values[1] - expected[1]) / expected[1]).toBeLessThan(1e-15);
  });

  it('prints multivariate draws as rows', async () => {
    const result = await run('dist', 'dirichlet', '--alpha', '1,2,3', '--sample', '4', '--seed', '3');
    const rows = lines(result.stdout).map((line) => line.split(',').map(Number));
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row).toHaveLength(3);
      expect(Math.abs(row[0] + row[1] + row[2] - 1)).toBeLessThan(1e-15);
    }
  });

  it('builds mixtures from --component specs', async () => {
    const result = await run(
      'dist', 'mixture', '--weights', '0.3,0.7',
      '--component', 'normal --loc 0 --scale 1',
      '--component', 'normal --loc 5 --scale 2',
      '--cdf', '1',
    );
    const expected = 0.3 * new Normal().cdf(1) + 0.7 * new Normal({ loc: 5, scale: 2 }).cdf(1);
    expect(Math.abs(Number(result.stdout) - expected)).toBeLessThan(1e-16);
  });

  it('accepts --name=value and negative values', async () => {
    const result = await run('dist', 'normal', '--loc=-2', '--cdf=-2');
    expect(result.stdout).toBe('0.50000000000000000\n');
  });

  it('lists every distribution with its parameters', async () => {
    const result = await run('dist', '--list');
    const text = result.stdout;
    for (const expected of ['binomial', 'poisson', 'negative-binomial', 'categorical', 'multivariate-normal', 'dirichlet', 'normal', 'gamma', 'mixture']) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/binomial\s+discrete\s+--n X --p X/);
    expect((await run('dist')).stdout).toBe(text);
  });

  it('describes one distribution', async () => {
    const result = await run('dist', 'binomial', '--list');
    expect(result.stdout).toContain('binomial (discrete)');
    expect(result.stdout).toContain('--p X');
  });
});

describe('dist command errors', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([
    [['dist', 'binomal', '--n', '3', '--p', '0.5', '--pdf', '1'], 'samplekit: distribution must be one of '],
    [['dist', 'binomial', '--n', '3', '--size', '2', '--pdf', '1'], 'samplekit: binomial parameter must be one of --n, --p; received "--size"'],
    [['dist', 'binomial', '--n', '3', '--pdf', '1'], 'samplekit: missing parameter --p for binomial: success probability in [0, 1]'],
    [['dist', 'binomial', '--n', 'three', '--p', '0.5', '--pdf', '1'], 'samplekit: --n must be a number such as 3, -0.5 or 1e-9; received "three"'],
    [['dist', 'binomial', '--n', '2.5', '--p', '0.5', '--pdf', '1'], 'samplekit: n must be a non-negative integer; received 2.5'],
    [['dist', 'binomial', '--n', '3', '--p', '0.5'], 'samplekit: missing action: give one of --pdf, --pmf, --log-pdf, --log-pmf, --cdf, --sf, --quantile, --sample'],
    [['dist', 'binomial', '--n', '3', '--p', '0.5', '--pmf', '1', '--pdf', '1'], 'samplekit: action must be exactly one of'],
    [['dist', 'normal', '--pmf', '1'], 'samplekit: --pmf must be used with a discrete distribution; received "normal (continuous)". Use --pdf for the density'],
    [['dist', 'dirichlet', '--alpha', '1,2', '--log-pmf', '0.5,0.5'], 'samplekit: --log-pmf must be used with a discrete distribution; received "dirichlet (multivariate)". Use --log-pdf'],
    [['dist', 'normal', '--pdf', '0,nan'], 'samplekit: --pdf must be numbers other than nan (inf and -inf are allowed); received "0,nan"'],
    [['dist', 'poisson', '--mu', '2', '--cdf', 'NaN'], 'samplekit: --cdf must be numbers other than nan'],
    [['dist', 'multivariate-normal', '--mean', '0,0', '--cov', '1,0,0,1', '--log-pdf', 'nan,0'], 'samplekit: --log-pdf must be numbers other than nan'],
    [['dist', 'binomial', '--n', '3', '--p', '0.5', '--pdf', '1', '--cdf', '1'], 'samplekit: action must be exactly one of'],
    [['dist', 'normal', '--sample', '3'], 'samplekit: missing --seed for --sample'],
    [['dist', 'normal', '--sample', '3', '--seed', '-1'], 'samplekit: --seed must be a non-negative decimal integer; received "-1"'],
    [['dist', 'normal', '--sample', '3', '--seed', '1', '--generator', 'mt'], 'samplekit: --generator must be one of'],
    [['dist', 'normal', '--quantile', '1.5'], 'samplekit: --quantile must be probabilities in [0, 1]; received 1.5'],
    [['dist', 'multivariate-normal', '--mean', '0,0', '--cov', '1,0,0,1', '--cdf', '0,0'], 'samplekit: --cdf must be an evaluation that multivariate-normal has'],
    [['dist', 'multivariate-normal', '--mean', '0,0', '--cov', '1,2,2,1', '--pdf', '0,0'], 'samplekit: cov must be a symmetric positive definite matrix'],
    [['dist', 'multivariate-normal', '--mean', '0,0', '--cov', '1,0,0,1', '--pdf', '0,0,1'], 'samplekit: --pdf must be 2 numbers per point'],
    [['dist', 'mixture', '--weights', '1,1', '--component', 'normal', '--component', 'poisson --mu 2', '--cdf', '0'], 'samplekit: components must be distributions of one kind'],
    [['dist', 'mixture', '--weights', '1', '--cdf', '0'], 'samplekit: missing --component for mixture'],
    [['dist', 'normal', '--component', 'normal', '--cdf', '0'], 'samplekit: --component must be used only with mixture'],
  ])('rejects %j', async (args, message) => {
    const result = await run(...args);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.startsWith(message), result.stderr).toBe(true);
    expect(lines(result.stderr)).toHaveLength(1);
  });
});

describe('runDist', () => {
  it('stops quietly when the reader closes the pipe', async () => {
    const output = new PassThrough();
    output.write = ((_chunk: unknown, callback?: (error?: Error | null) => void) => {
      const error = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
      callback?.(error);
      return false;
    }) as typeof output.write;
    const options: DistOptions = { sample: '1000000', seed: '1', generator: 'pcg32', component: [] };
    await expect(runDist('normal', [], options, output)).resolves.toBeUndefined();
  });

  it('formats integers exactly and other numbers with 17 digits', () => {
    expect(formatNumber(3)).toBe('3');
    expect(formatNumber(-0.1)).toBe('-0.10000000000000001');
    expect(formatNumber(1e300)).toBe('1.0000000000000001e+300');
    expect(formatNumber(Infinity)).toBe('Infinity');
    expect(formatNumber(NaN)).toBe('NaN');
  });
});
