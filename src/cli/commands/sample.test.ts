import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { readTable } from '../../data/table.js';
import { KS_LEVEL, ksPValue, normalCdf } from '../../samplers/test-utils/targets.js';
import { main } from '../main.js';
import { formatDouble } from '../../io/format.js';
import { formatDraw } from '../sample-output.js';
import { runSample } from '../sample-methods.js';
import { parseRequest } from '../sample-request.js';
import { counted, plotDensity } from './sample.js';

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

  it('times the sampler apart from start-up', async () => {
    const result = await run('--density', 'exp(-x^2/2)', '--method', 'inverse', '-n', '10', '--seed', '1');
    expect(result.stderr).toMatch(/^samplekit sample: 10 draws by inverse in \d+\.\d\d s \(set-up, draws and checks; start-up before them took \d+\.\d\d s\)\n/);

    const json = await run('--density', 'exp(-x^2/2)', '--method', 'inverse', '-n', '10', '--seed', '1', '--json');
    const report = JSON.parse(json.stderr);
    expect(report.seconds).toBeGreaterThan(0);
    // performance.now() counts from the start of the test worker, so here the start-up includes loading vitest and the earlier tests.
    expect(report.startupSeconds).toBeGreaterThan(report.seconds);
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

  it('mh text report counts one chain', async () => {
    const result = await run('--log-density', '-(x1^2 + x2^2)/2', '--method', 'mh', '-n', '8', '--seed', '1', '--chains', '1', '--warmup', '10', '--workers', '0');
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('  1 chain x 8 draws after 10 warm-up iterations (thin 1, in this thread)\n');
    expect(result.stderr).toContain('note: the chain started at points drawn uniformly within 2 of the center (0, 0) in each coordinate;');
  });

  it('mh notes a 1-D center as x', async () => {
    const result = await run('--log-density', '-x^2/2', '--method', 'mh', '-n', '8', '--seed', '1', '--chains', '2', '--warmup', '10', '--workers', '0', '--center', '0.5', '--spread', '1');
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('  2 chains x 4 draws after 10 warm-up iterations');
    expect(result.stderr).toContain('note: the chains started at points drawn uniformly within 1 of x = 0.5;');
  });

  it('counts nouns in the singular and plural', () => {
    expect(counted(1, 'worker thread')).toBe('1 worker thread');
    expect(counted(4, 'worker thread')).toBe('4 worker threads');
    expect(counted(0, 'warm-up iteration')).toBe('0 warm-up iterations');
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
    expect(result.stderr).toBe(
      'samplekit: --density must be a valid mathjs expression; received "exp(-x^2/2))". Unexpected operator ). The error is at char 12, marked <here>: "exp(-x^2/2)<here>)"\n',
    );
  });

  it('--center finds a density far from 0', async () => {
    // The survey grid ends at 1e12, below this density's mass, where the density still rises.
    const density = '-((x - 3e13) / 1e9)^2/2';
    const lost = await run('--log-density', density, '--method', 'inverse', '-n', '10', '--seed', '1');
    expect(lost.status).toBe(1);
    expect(lost.stderr).toMatch(/still increases at x = 1000000000000, where the survey grid ends[\s\S]*pass --domain LO,HI around all the mass, or --center X/);
    for (const method of ['inverse', 'rejection']) {
      const found = await run('--log-density', density, '--method', method, '--center', '30000000000001', '-n', '2000', '--seed', '1');
      expect(found.status, found.stderr).toBe(0);
      expect(ksPValue(numbers(found.stdout), (x) => normalCdf(x, 3e13, 1e9))).toBeGreaterThan(KS_LEVEL);
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

/** Two unit normals at -a and +a, as a --density expression. */
function separated(a: number): string {
  return `exp(-(x-${a})^2/2)+exp(-(x+${a})^2/2)`;
}

describe('samplekit sample with separated modes', () => {
  it('ars rejects a density with two modes', async () => {
    const result = await run('--density', separated(10), '--method', 'ars', '-n', '40000', '--seed', '5');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/the log density is not concave/);
  });

  it.each([30, 100, 1000])('inverse covers modes at +-%i', async (a) => {
    const result = await run('--density', separated(a), '--method', 'inverse', '-n', '4000', '--seed', '5');
    expect(result.status, result.stderr).toBe(0);
    // Failure probability KS_LEVEL for a random seed; the seed is fixed.
    expect(ksPValue(numbers(result.stdout), (x) => (normalCdf(x, -a) + normalCdf(x, a)) / 2)).toBeGreaterThan(KS_LEVEL);
  });

  it.each(['10', '1000'])('rejection with -n %s covers modes at +-100', async (n) => {
    const result = await run('--density', separated(100), '--method', 'rejection', '-n', n, '--seed', '5');
    expect(result.status, result.stderr).toBe(0);
    const draws = numbers(result.stdout);
    expect(draws.some((x) => x < 0)).toBe(true);
    expect(draws.some((x) => x > 0)).toBe(true);
    expect(result.stderr).toMatch(/mixture of 2 Cauchy distributions at x = -100, 100/);
  });

  it('a bound that is too small names --bound', async () => {
    const result = await run('--density', separated(100), '--method', 'rejection', '-n', '1000', '--seed', '5', '--bound', '2');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/the envelope does not dominate the density: at x = .* times the proposal density, above M = 2, .*; pass --bound \S+ or more, or omit --bound/);
  });

  it('the plot density covers both modes', async () => {
    const request = parseRequest({ ...defaults, density: separated(10), method: 'rejection', count: '4000', seed: '5' });
    const outcome = await runSample(request);
    const { pdf, warnings } = await plotDensity(request, outcome);
    expect(warnings).toEqual([]);
    const peak = 1 / (2 * Math.sqrt(2 * Math.PI));
    expect((pdf as (x: number) => number)(-10)).toBeCloseTo(peak, 6);
    expect((pdf as (x: number) => number)(10)).toBeCloseTo(peak, 6);
  });

  it('wrong draws get a plot warning', async () => {
    const request = parseRequest({ ...defaults, density: separated(10), method: 'rejection', count: '4000', seed: '5' });
    const outcome = await runSample(request);
    const oneMode = { ...outcome, draws: outcome.draws.map(Math.abs) };
    const { warnings } = await plotDensity(request, oneMode);
    expect(warnings.join(' ')).toMatch(/the draws do not follow the normalised density in the plot \(KS p-value/);
  });

  it('mh warns when every chain sits in one mode', async () => {
    const result = await run('--density', separated(10), '--method', 'mh', '-n', '8000', '--seed', '4', '--center', '10', '--spread', '1', '--workers', '0');
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/warning: the draws put 0.0 % in the mode below x = 0, which holds 50.0 % of the mass/);
    expect(result.stderr).toMatch(/note: the density has 2 separated modes/);
  });

  it('mh starts chains in every mode', async () => {
    const result = await run('--density', separated(10), '--method', 'mh', '-n', '8000', '--seed', '4', '--workers', '0', '--json');
    const report = JSON.parse(result.stderr);
    const starts = report.diagnostics.initialPositions.map((position: number[]) => position[0]);
    expect(starts.filter((x: number) => x < 0)).toHaveLength(2);
    expect(starts.filter((x: number) => x > 0)).toHaveLength(2);
    expect(report.warnings.join(' ')).toMatch(/R-hat is/);
  });
});

/** Options with the defaults commander fills in, for calling parseRequest directly. */
const defaults = {
  method: 'inverse',
  count: '10',
  seed: '1',
  generator: 'xoshiro128**',
  uResolution: '1e-10',
  proposal: 'auto',
  chains: '4',
  warmup: '1000',
  thin: '1',
  workers: '0',
};

describe('samplekit sample checks its options', () => {
  it('a d-D expression must use every variable', async () => {
    const result = await run('--log-density', '-x1^2/2 - x3^2/8', '--method', 'mh', '-n', '20', '--seed', '1');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/--log-density must be an expression that uses every variable x1..x3; .* It uses x1, x3 but not x2/);
  });

  it('-n states its maximum', async () => {
    for (const n of ['100000000000000', '4294967296', '1e20']) {
      const result = await run('--density', 'exp(-x^2/2)', '--method', 'inverse', '-n', n, '--seed', '1');
      expect(result.stderr).toMatch(/-n must be an integer of at least 1 and at most 100000000; received/);
    }
    const twoD = await run('--log-density', '-x1^2-x2^2', '--method', 'mh', '-n', '60000000', '--seed', '1');
    expect(twoD.stderr).toMatch(/at most 50000000/);
  });

  it('-n must fit the chains', async () => {
    const tooMany = await run('--density', 'exp(-x^2/2)', '--method', 'mh', '-n', '20', '--seed', '1', '--chains', '1000');
    expect(tooMany.status).toBe(1);
    expect(tooMany.stderr).toMatch(/-n must be at least 4 draws per chain \(4 x --chains = 4000\); received 20/);
    const uneven = await run('--density', 'exp(-x^2/2)', '--method', 'mh', '-n', '20', '--seed', '1', '--chains', '3');
    expect(uneven.stderr).toMatch(/-n must be a multiple of --chains \(3\).*Use -n 18 or -n 21/);
  });

  it('-o paths are checked before sampling', async () => {
    const cases: [string, RegExp][] = [
      [folder, /-o must be a file name ending in .csv, .npy, .json/],
      ['', /-o must be a file path; received ""/],
      [join(folder, 'missing', 'a.csv'), /-o must be a path in an existing folder/],
      [join(folder, 'draws.txt'), /The extension chooses the format/],
    ];
    for (const [path, message] of cases) {
      const result = await run('--density', 'exp(-x^2/2)', '--method', 'inverse', '-n', '10', '--seed', '1', '-o', path);
      expect(result.status, path).toBe(1);
      expect(result.stderr).toMatch(message);
    }
    const plot = await run('--density', 'exp(-x^2/2)', '--method', 'inverse', '-n', '10', '--seed', '1', '--plot', join(folder, 'missing', 'p.png'));
    expect(plot.stderr).toMatch(/--plot must be a path in an existing folder/);
  });

  it('-o writes NPY and JSON that compare reads', async () => {
    const csv = await run('--density', 'exp(-x^2/2)', '--method', 'inverse', '-n', '50', '--seed', '1');
    for (const extension of ['npy', 'json']) {
      const path = join(folder, `draws.${extension}`);
      const result = await run('--density', 'exp(-x^2/2)', '--method', 'inverse', '-n', '50', '--seed', '1', '-o', path);
      expect(result.status).toBe(0);
      const table = await readTable(path);
      expect(table.count).toBe(50);
      expect(Array.from(table.rows)).toEqual(numbers(csv.stdout));
    }
    const twoD = join(folder, 'two.npy');
    await run('--log-density', '-x1^2-x2^2', '--method', 'mh', '-n', '40', '--seed', '1', '--workers', '0', '-o', twoD);
    expect((await readTable(twoD)).width).toBe(2);
  });

  it('both density options are named', async () => {
    const result = await run('--density', 'exp(-x^2/2)', '--log-density', '-x^2/2', '--method', 'inverse', '-n', '10', '--seed', '1');
    expect(result.stderr).toMatch(/received "--density \\"exp\(-x\^2\/2\)\\" and --log-density \\"-x\^2\/2\\""/);
  });

  it('a NaN density names the flag, not the API', async () => {
    for (const method of ['inverse', 'rejection', 'ars']) {
      const result = await run('--density', 'sqrt(x)', '--method', method, '-n', '10', '--seed', '1');
      expect(result.status).toBe(1);
      expect(result.stderr).not.toMatch(/logPdf|logDensity\(/);
    }
    const inverse = await run('--density', 'sqrt(x)', '--method', 'inverse', '-n', '10', '--seed', '1');
    expect(inverse.stderr).toMatch(/--density must be a number at every point of --domain; received "sqrt\(x\)". At x = .* it is NaN/);
  });

  it('mh starts on a narrow density', async () => {
    const result = await run('--density', 'exp(-(x/1e-6)^2/2)', '--method', 'mh', '-n', '2000', '--seed', '1', '--workers', '0');
    expect(result.status, result.stderr).toBe(0);
    const draws = numbers(result.stdout);
    expect(Math.max(...draws.map(Math.abs))).toBeLessThan(1e-5);
  });

  it('rejection reports log M when M overflows', async () => {
    const result = await run('--log-density', '-x^2/2 + 800', '--method', 'rejection', '-n', '1000', '--seed', '1');
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/log M = 80\d\.\d+ \(found automatically\)/);
    expect(result.stderr).not.toMatch(/M = Infinity/);
    expect(result.stderr).toMatch(/acceptance rate 0\.\d{4} /);
  });

  it('workers need the compiled worker', () => {
    // Tests run from the TypeScript sources, where no compiled worker exists.
    const request = parseRequest({ ...defaults, density: 'exp(-x^2/2)', method: 'mh', count: '20', workers: '0' });
    expect(request.workers).toBe(0);
    expect(() => parseRequest({ ...defaults, density: 'exp(-x^2/2)', method: 'mh', count: '20', workers: '64' })).toThrow(/--workers 64 needs the compiled worker/);
  });

  it('draws are formatted as formatDouble does', () => {
    const values = [0, -0, 1, -1.5, 1 / 3, 1e-4, 9.999999999999999e-5, 1e17, 99999999999999990, 5e-324, -1e300, 2 ** -60, 0.1 + 0.2, 123456.789];
    for (const x of values) expect(formatDraw(x), String(x)).toBe(formatDouble(x));
  });
});
