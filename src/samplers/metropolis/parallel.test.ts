import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { logDensityFromExpression } from './expression-density.js';
import { sampleMetropolisParallel } from './parallel.js';
import { sampleMetropolis } from './sampler.js';

// Node cannot run the TypeScript worker directly, so the tests bundle it with esbuild first.
let folder: string;
let workerUrl: URL;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'samplekit-worker-'));
  const outfile = join(folder, 'worker.mjs');
  await build({
    entryPoints: [new URL('./worker.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'silent',
  });
  workerUrl = pathToFileURL(outfile);
}, 60_000);

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('sampleMetropolisParallel', () => {
  const expression = '-x1^2/2 - (x2 - 1)^2/8';
  const common = { dimension: 2, seed: 31, chains: 3, warmup: 300, draws: 400 };

  it('matches the in-process run draw for draw', async () => {
    const parallel = await sampleMetropolisParallel({ ...common, density: { expression }, workers: 2, workerUrl });
    const serial = sampleMetropolis({ ...common, logDensity: logDensityFromExpression({ expression }, 2) });
    for (let c = 0; c < 3; c++) {
      expect(Array.from(parallel.chains[c].draws)).toEqual(Array.from(serial.chains[c].draws));
      expect(parallel.chains[c].acceptanceRate).toBe(serial.chains[c].acceptanceRate);
    }
  });

  it('loads a density from a module', async () => {
    const module = join(folder, 'target.mjs');
    writeFileSync(module, 'export function banana(p) { return -p[0] * p[0] / 2 - (p[1] - 1) * (p[1] - 1) / 8; }\n');
    const parallel = await sampleMetropolisParallel({
      ...common,
      density: { module: pathToFileURL(module).href, export: 'banana' },
      workerUrl,
    });
    const serial = sampleMetropolis({ ...common, logDensity: logDensityFromExpression({ expression }, 2) });
    expect(Array.from(parallel.chains[2].draws)).toEqual(Array.from(serial.chains[2].draws));
  });

  it('forwards progress from the workers', async () => {
    const chains = new Set<number>();
    await sampleMetropolisParallel({ ...common, density: { expression }, workerUrl, onProgress: (p) => chains.add(p.chain) });
    expect([...chains].sort()).toEqual([0, 1, 2]);
  });

  it('reports a worker error with its message', async () => {
    const run = sampleMetropolisParallel({
      ...common,
      density: { expression: 'x1 > 3 ? 0/0 : -x1^2 - x2^2' },
      initialPositions: [[4, 0], [4, 0], [4, 0]],
      workerUrl,
    });
    await expect(run).rejects.toThrow(/log density is NaN at position \[4, 0\]|position must be a point where the log density is finite/);
  });

  it('reports a bad expression before starting', async () => {
    const run = sampleMetropolisParallel({ ...common, density: { expression: 'x1 +* 2' }, workerUrl });
    await expect(run).rejects.toThrow('Value expected. The error is at char 5, marked <here>: "x1 +<here>* 2"');
  });

  it('rejects a custom proposal', async () => {
    const run = sampleMetropolisParallel({ ...common, density: { expression }, workerUrl, proposal: { kind: 'custom' } as never });
    await expect(run).rejects.toThrow(/cannot be sent to a worker/);
  });
});
