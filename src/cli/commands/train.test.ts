import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PNG } from 'pngjs';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';

import { main } from '../main.js';

const folder = mkdtempSync(join(tmpdir(), 'samplekit-cli-train-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Runs the CLI and returns its exit status with what it wrote to stdout and stderr. */
async function run(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    stdout += chunk.toString();
    const callback = rest.find((item) => typeof item === 'function') as (() => void) | undefined;
    callback?.();
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

/** Flags that keep a CLI run to a few seconds. */
const quick = ['--steps', '20', '--eval-every', '20', '--hidden', '16,16', '--latent-dim', '4', '--batch-size', '32', '--eval-samples', '200'];

describe('train command', () => {
  afterEach(() => vi.restoreAllMocks());

  it('trains and writes the run folder', async () => {
    const out = join(folder, 'gan');
    const { status, stderr, stdout } = await run('train', '--data', 'ring8:count=500', '--model', 'gan', '--out', out, '--json', ...quick);

    expect(status).toBe(0);
    expect(stderr).toContain(`gan on ring8 (wasm backend), writing ${out}`);
    expect(stderr).toContain('finished at step 20 of 20');
    expect(stderr).toContain(`report: ${join(out, 'report.html')}`);
    // Not a terminal: plain progress lines instead of a bar.
    expect(stderr).toMatch(/step 20\/20 epoch \d+ lossD [\d.]+ lossG [\d.]+ dReal [\d.]+ dFake [\d.]+/);

    const summary = JSON.parse(stdout);
    expect(summary.step).toBe(20);
    expect(summary.evaluation.step).toBe(20);
    expect(existsSync(join(out, 'generator', 'model.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).gan.generator.hiddenSizes).toEqual([16, 16]);
  });

  it('resumes a run to a larger step count', async () => {
    const out = join(folder, 'resume');
    expect((await run('train', '--data', 'ring8:count=500', '--model', 'mmd', '--out', out, ...quick)).status).toBe(0);
    const { status, stderr } = await run('train', '--out', out, '--resume', '--steps', '30');
    expect(status).toBe(0);
    expect(stderr).toContain('finished at step 30 of 30');
  });

  it('rejects invalid options with one line', async () => {
    const cases: [string[], string][] = [
      [['--loss', 'wgan'], 'samplekit: --loss must be one of non-saturating, minimax, wasserstein-gp, hinge, least-squares; received "wgan"\n'],
      [['--steps', '0'], 'samplekit: --steps must be an integer of at least 1; received "0"\n'],
      [['--lr', 'fast'], 'samplekit: --lr must be a positive number; received "fast"\n'],
      [['--hidden', '64,x'], 'samplekit: --hidden must be positive integers separated by commas, e.g. 256,256; received "64,x"\n'],
      [['--seed', '-1'], 'samplekit: --seed must be a non-negative decimal integer; received "-1"\n'],
      [['--arch', 'resnet'], 'samplekit: --arch must be one of "mlp", "dcgan"; received "resnet"\n'],
    ];
    for (const [flags, message] of cases) {
      const { status, stderr } = await run('train', '--data', 'ring8', '--model', 'gan', '--out', join(folder, 'bad'), ...flags);
      expect(status, flags.join(' ')).toBe(1);
      expect(stderr, flags.join(' ')).toBe(message);
    }
  });

  it('requires --data and --model for a new run', async () => {
    const noData = await run('train', '--model', 'gan', '--out', join(folder, 'no-data'));
    expect(noData.stderr).toBe('samplekit: --data must be given (a data set to train on), unless --resume continues a run; none was given\n');
    const noModel = await run('train', '--data', 'ring8', '--out', join(folder, 'no-model'));
    expect(noModel.stderr).toBe('samplekit: --model must be given (gan or mmd), unless --resume continues a run; none was given\n');
  });

  it('names the accepted data sets for an unknown one', async () => {
    const { status, stderr } = await run('train', '--data', 'ring9', '--model', 'gan', '--out', join(folder, 'bad-data'));
    expect(status).toBe(1);
    expect(stderr).toMatch(/^samplekit: --data must be one of ring8, grid25, spiral, moons, mnist/);
  });

  it('clamps the default batch size to small data', async () => {
    const out = join(folder, 'small-data');
    const { status, stderr } = await run('train', '--data', 'ring8:count=30', '--model', 'gan', '--out', out, '--steps', '2', '--hidden', '8', '--eval-samples', '100');
    expect(status).toBe(0);
    expect(stderr).toContain('the default batch size 256 is more than the 27 training rows, so batches have 24 rows, a multiple of the packing 4\n');
  });

  it('names --batch-size when the batch is too large', async () => {
    const out = join(folder, 'large-batch');
    const { status, stderr } = await run('train', '--data', 'ring8:count=30', '--model', 'gan', '--out', out, '--batch-size', '64');
    expect(status).toBe(1);
    expect(stderr).toBe('samplekit: --batch-size must be at most the number of training rows (27); received 64. Use a smaller batch size or more data.\n');
    expect(existsSync(out)).toBe(false);
  });

  it('rejects --out holding a run unless --overwrite', async () => {
    const out = join(folder, 'taken');
    expect((await run('train', '--data', 'ring8:count=200', '--model', 'gan', '--out', out, ...quick)).status).toBe(0);

    const again = await run('train', '--data', 'ring8:count=200', '--model', 'mmd', '--out', out, ...quick);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe(
      `samplekit: --out must be a folder without a training run, unless --overwrite replaces it; received ${JSON.stringify(out)}. It contains config.json, checkpoint: continue that run with --resume, or choose a new folder\n`,
    );

    const replaced = await run('train', '--data', 'ring8:count=200', '--model', 'mmd', '--out', out, '--overwrite', ...quick);
    expect(replaced.status).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).model).toBe('mmd');
    expect(existsSync(join(out, 'discriminator'))).toBe(false);
  });

  for (const [signal, status] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`exits with ${status} when ${signal} stops the run`, async () => {
      const out = join(folder, `stopped-by-${signal}`);
      const before = new Set(process.listeners(signal));
      // Sends the signal, through the command's own listener, as soon as the command installs it.
      const send = setInterval(() => {
        const listener = process.listeners(signal).find((candidate) => !before.has(candidate));
        if (listener === undefined) return;
        clearInterval(send);
        listener(signal);
      }, 5);

      const result = await run('train', '--data', 'ring8:count=200', '--model', 'mmd', '--out', out, ...quick, '--steps', '100000');
      clearInterval(send);
      expect(result.status).toBe(status);
      expect(result.stderr).toContain(`${signal}: stopping after this step; a checkpoint will be written`);
      expect(result.stderr).toMatch(/stopped at step \d+ of 100000/);
      expect(result.stderr).toContain(`continue with: samplekit train --out ${out} --resume\n`);
      expect(existsSync(join(out, 'checkpoint'))).toBe(true);
      expect(process.listeners(signal)).toHaveLength(before.size);
    });
  }

  it('rejects settings given with --resume', async () => {
    const out = join(folder, 'resume-settings');
    const cases: [string[], string][] = [
      [['--lr', '0.1'], 'samplekit: --lr must be left out with --resume, which continues the run with the settings in its config.json; received "0.1". Only --steps and --epochs change a resumed run; start a new run (another --out, or --overwrite) to change other settings\n'],
      [['--data', 'moons'], 'samplekit: --data must be left out with --resume'],
      [['--batch-size', '8'], 'samplekit: --batch-size must be left out with --resume'],
      [['--seed', '3'], 'samplekit: --seed must be left out with --resume'],
      [['--overwrite'], 'samplekit: --overwrite must be left out with --resume, which continues the run with the settings in its config.json; received true.'],
    ];
    for (const [flags, message] of cases) {
      const { status, stderr } = await run('train', '--out', out, '--resume', ...flags);
      expect(status, flags.join(' ')).toBe(1);
      expect(stderr.startsWith(message), stderr).toBe(true);
    }
  });

  it('names the flags in model and batch errors', async () => {
    const cases: [string[], string][] = [
      [['--model', 'mmd', '--loss', 'bogus'], 'samplekit: --loss must be left out for --model mmd, whose loss is always MMD^2; received "bogus"\n'],
      [['--model', 'gan', '--batch-size', '30'], 'samplekit: --batch-size must be a multiple of the packing 4, the default packing for vectors; received 30. Use a multiple, or a packing that divides the batch size.\n'],
      [['--model', 'gan', '--batch-size', '30', '--packing', '4'], 'samplekit: --batch-size must be a multiple of the packing 4; received 30. Use a multiple, or a packing that divides the batch size.\n'],
      [['--model', 'gan', '--channels', '4'], 'samplekit: --channels must be left out for the mlp architecture, which takes hidden layer widths instead of a channel count; received 4\n'],
      [['--model', 'vae'], 'samplekit: --model must be one of "gan", "mmd"; received "vae"\n'],
    ];
    for (const [flags, message] of cases) {
      const out = join(folder, 'flag-errors');
      const { status, stderr } = await run('train', '--data', 'ring8:count=400', '--out', out, ...flags);
      expect(status, flags.join(' ')).toBe(1);
      expect(stderr, flags.join(' ')).toBe(message);
      expect(existsSync(out)).toBe(false);
    }
  });
});

describe('generate command', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes CSV rows to stdout and to a file, the same for the same seed', async () => {
    const out = join(folder, 'generate');
    expect((await run('train', '--data', 'ring8:count=500', '--model', 'gan', '--out', out, ...quick)).status).toBe(0);

    const first = await run('generate', '--model', out, '-n', '5', '--seed', '3');
    expect(first.status).toBe(0);
    const lines = first.stdout.trim().split('\n');
    expect(lines[0]).toBe('x,y');
    expect(lines).toHaveLength(6);
    lines.slice(1).forEach((line) => expect(line.split(',').map(Number).every(Number.isFinite)).toBe(true));

    const file = join(folder, 'rows.csv');
    expect((await run('generate', '--model', out, '-n', '5', '--seed', '3', '-o', file)).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(first.stdout);

    const other = await run('generate', '--model', out, '-n', '5', '--seed', '4');
    expect(other.stdout).not.toBe(first.stdout);
  });

  it('writes a PNG scatter for vector data', async () => {
    const out = join(folder, 'generate');
    const file = join(folder, 'rows.png');
    const { status, stderr } = await run('generate', '--model', out, '-n', '300', '--seed', '1', '-o', file);
    expect(status).toBe(0);
    expect(stderr).toBe(`wrote 300 rows to ${file}\n`);
    const png = PNG.sync.read(readFileSync(file));
    expect(png.width).toBeGreaterThan(100);
  });

  it('rejects a folder without a trained model and bad arguments', async () => {
    const missing = await run('generate', '--model', join(folder, 'nothing'), '-n', '5', '--seed', '1');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^samplekit: cannot read .*config\.json: .* Pass the --out folder of a `samplekit train` run\.\n$/);

    const badCount = await run('generate', '--model', join(folder, 'generate'), '-n', '0', '--seed', '1');
    expect(badCount.stderr).toBe('samplekit: -n must be a positive integer; received "0"\n');

    const badExtension = await run('generate', '--model', join(folder, 'generate'), '-n', '5', '--seed', '1', '-o', 'rows.txt');
    expect(badExtension.stderr).toBe('samplekit: -o must be a file name ending in .csv, .npy, .png; received "rows.txt"\n');
  });
});
