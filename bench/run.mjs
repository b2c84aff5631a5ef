#!/usr/bin/env node
/**
 * Runs every `bench/*.bench.mjs` file in its own child process (so V8 call
 * sites stay monomorphic per benchmark) and prints one JSON document with all
 * their results. Each bench file prints exactly one JSON line on stdout.
 *
 *   npm run bench                 all benchmarks
 *   npm run bench -- random stats only files whose name contains a filter
 *   npm run bench -- --quick      shorter timing windows
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const filters = args.filter((a) => !a.startsWith('--'));

const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();

const report = { node: process.version, date: new Date().toISOString(), quick, results: {} };
let failures = 0;

for (const file of files) {
  process.stderr.write(`== ${file}\n`);
  const started = Date.now();
  const child = spawnSync(process.execPath, [join(here, file), ...(quick ? ['--quick'] : [])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = (child.stdout ?? '').trim().split('\n').filter(Boolean);
  const name = file.replace(/\.bench\.mjs$/, '');

  try {
    if (child.status !== 0) throw new Error(`exit status ${child.status}`);
    report.results[name] = JSON.parse(lines[lines.length - 1]);
  } catch (error) {
    failures += 1;
    report.results[name] = { error: String(error instanceof Error ? error.message : error) };
  }
  process.stderr.write(`   ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
process.exitCode = failures > 0 ? 1 : 0;
