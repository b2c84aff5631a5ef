import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PassThrough, Writable } from 'node:stream';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { createGenerator } from '../../random/index.js';
import { main } from '../main.js';
import { writeRng } from './rng.js';

const fixtures = JSON.parse(readFileSync(new URL('../../../fixtures/random/known-answers.json', import.meta.url), 'utf8'));

async function capture(options: Parameters<typeof writeRng>[0]): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeRng(options, output);
  output.end();
  return Buffer.concat(chunks);
}

describe('rng command', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('prints NumPy default_rng(7).random(5) for numpy-pcg64', async () => {
    const text = (await capture({ generator: 'numpy-pcg64', seed: '7', count: '5', format: 'float' })).toString();
    const expected = fixtures.numpyPcg64.default_rng.find((entry: { seed: string }) => entry.seed === '7').random.slice(0, 5);

    const lines = text.trimEnd().split('\n');
    expect(lines.map(Number)).toEqual(expected);
    expect(lines[0]).toBe('0.62509546660466697');
  });

  it('prints 17 significant digits per float', async () => {
    const text = (await capture({ generator: 'pcg32', seed: '3', count: '50', format: 'float' })).toString();
    for (const line of text.trimEnd().split('\n')) {
      expect(line.replace(/^0\.0*/, '').replace(/e-\d+$/, '').replace('.', '')).toHaveLength(17);
    }
  });

  it('prints decimal words for u32', async () => {
    const text = (await capture({ generator: 'mt19937', seed: '5489', count: '3', format: 'u32' })).toString();
    expect(text).toBe('3499211612\n581869302\n3890346734\n');
  });

  it('writes little-endian words for binary, across chunks', async () => {
    const count = 70_000;
    const bytes = await capture({ generator: 'xoshiro128**', seed: '11', count: String(count), format: 'binary' });
    const expected = createGenerator('xoshiro128**', 11).fillUint32(new Uint32Array(count));

    expect(bytes.length).toBe(4 * count);
    expect(bytes.readUInt32LE(0)).toBe(expected[0]);
    expect(bytes.readUInt32LE(4 * (count - 1))).toBe(expected[count - 1]);
  });

  it('accepts seeds of any size', async () => {
    const seed = '123456789012345678901234567890';
    const text = (await capture({ generator: 'philox4x32-10', seed, count: '2', format: 'u32' })).toString();
    const rng = createGenerator('philox4x32-10', BigInt(seed));
    expect(text).toBe(`${rng.nextUint32()}\n${rng.nextUint32()}\n`);
  });

  it('waits for drain when the reader is slow', async () => {
    let received = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        setTimeout(callback, 1);
      },
    });
    await writeRng({ generator: 'pcg32', seed: '1', count: '300000', format: 'binary' }, slow);
    await new Promise<void>((resolve) => slow.end(resolve));
    expect(received).toBe(1_200_000);
  });

  it('ends quietly when the reader closes the pipe', async () => {
    const head = spawn('head', ['-c', '100000'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let received = 0;
    head.stdout.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    const exited = new Promise<number | null>((resolve) => head.on('close', resolve));

    await expect(writeRng({ generator: 'pcg32', seed: '1', format: 'binary' }, head.stdin)).resolves.toBeUndefined();
    expect(await exited).toBe(0);
    expect(received).toBe(100_000);
  });

  it.each([
    [['--generator', 'bogus', '--seed', '1'], '--generator must be one of mt19937, numpy-pcg64, pcg32, xoshiro128**, philox4x32-10; received "bogus"'],
    [['--seed', '-5'], '--seed must be a non-negative decimal integer; received "-5"'],
    [['--seed', '1.5'], '--seed must be a non-negative decimal integer; received "1.5"'],
    [['--seed', '1', '-n', '2.5'], '-n must be a non-negative integer no larger than 2^53 - 1; received "2.5". Omit -n for an endless stream'],
    [['--seed', '1', '--format', 'hex'], '--format must be one of "u32", "float", "binary"; received "hex"'],
  ])('reports %j on one line and exits 1', async (args, message) => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);

    expect(await main(['node', 'samplekit', 'rng', ...args])).toBe(1);
    expect(stderr.mock.calls.map((call) => String(call[0]))).toEqual([`samplekit: ${message}\n`]);
    expect(stdout).not.toHaveBeenCalled();
  });

  it.each([
    [['--seed', '1', '--bogus'], "unknown option '--bogus'"],
    [['--format', 'binary'], "required option '--seed <int>' not specified"],
    [['--seed', '1', '-n', '2', 'extra'], "too many arguments for 'rng'. Expected 0 arguments but got 1."],
  ])('reports usage error %j on one line', async (args, message) => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);

    expect(await main(['node', 'samplekit', 'rng', ...args])).toBe(1);
    expect(stderr.mock.calls.map((call) => String(call[0]))).toEqual([`samplekit: ${message} (run with --help for usage)\n`]);
    expect(stdout).not.toHaveBeenCalled();
  });
});
