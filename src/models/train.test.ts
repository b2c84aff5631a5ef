import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { initBackend } from '../backend.js';
import { NumericalError } from '../errors.js';
import { readCheckpoint } from './checkpoint.js';
import { loadLayersModel } from './model-files.js';
import { generateFromRun } from './saved-model.js';
import { ExistingRunError, learningRateFactor, train, type TrainOptions } from './train.js';
import { replaceValues } from './tensor-memory.js';

const folder = mkdtempSync(join(tmpdir(), 'samplekit-train-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

beforeAll(async () => {
  await initBackend();
});

/** Small settings that keep each run to a second or two. */
const small = {
  hiddenSizes: [16, 16],
  latentDim: 4,
  batchSize: 32,
  evaluationSamples: 200,
  skipReport: true,
} as const;

function readLines(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Log records without the wall-clock field, which differs between any two runs. */
function withoutSeconds(records: Record<string, unknown>[]): Record<string, unknown>[] {
  return records.map(({ seconds: _seconds, ...rest }) => rest);
}

function runFolder(name: string): string {
  return join(folder, name);
}

describe('train run folder', () => {
  it('writes every part of the run folder', async () => {
    const out = runFolder('complete');
    const result = await train({ ...small, data: 'ring8:count=1000', model: 'gan', out, steps: 40, evalEvery: 20, logEvery: 5, skipReport: false });

    expect(result.step).toBe(40);
    expect(result.stopped).toBe(false);
    for (const entry of ['config.json', 'metrics.jsonl', 'evaluations.jsonl', 'generator', 'discriminator', 'checkpoint', 'samples', 'report.html']) {
      expect(existsSync(join(out, entry)), entry).toBe(true);
    }

    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect(config.model).toBe('gan');
    expect(config.seed).toBe('0');
    expect(config.data).toMatchObject({ spec: 'ring8:count=1000', name: 'ring8', kind: 'vectors', dimension: 2, transform: { type: 'identity' } });
    expect(config.gan).toMatchObject({ loss: 'non-saturating', latentDim: 4, batchSize: 32, packing: 4, learningRate: 1e-3 });
    expect(config.samplekitVersion).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);

    const metrics = readLines(join(out, 'metrics.jsonl'));
    expect(metrics.map((record) => record.step)).toEqual([5, 10, 15, 20, 25, 30, 35, 40]);
    expect(Object.keys(metrics[0]).sort()).toEqual(['dFake', 'dReal', 'epoch', 'gradNormD', 'gradNormG', 'lossD', 'lossG', 'seconds', 'step'].sort());

    const evaluations = readLines(join(out, 'evaluations.jsonl'));
    expect(evaluations.map((record) => record.step)).toEqual([20, 40]);
    expect(evaluations[1]).toHaveProperty('mmd2');
    expect(evaluations[1]).toHaveProperty('modesCovered');
    expect(evaluations[1]).toHaveProperty('highQualityShare');

    expect(readdirSync(join(out, 'samples')).sort()).toEqual(['step-000020.png', 'step-000040.png']);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<html');
  });

  it('saves a generator that TF.js loads and that matches generate', async () => {
    const out = runFolder('saved');
    await train({ ...small, data: 'ring8:count=1000', model: 'mmd', out, steps: 10, evalEvery: 10 });

    const model = await loadLayersModel(join(out, 'generator'));
    expect(model.inputs[0].shape).toEqual([null, 4]);
    expect(model.outputs[0].shape).toEqual([null, 2]);
    model.dispose();

    const first = await generateFromRun(out, 50, 9);
    const second = await generateFromRun(out, 50, 9);
    const other = await generateFromRun(out, 50, 10);
    expect(Array.from(second.dataRows)).toEqual(Array.from(first.dataRows));
    expect(Array.from(other.dataRows)).not.toEqual(Array.from(first.dataRows));
  });

  it('undoes the standardisation of table columns in generate', async () => {
    const rows = Array.from({ length: 400 }, (_, i) => `${100 + 5 * Math.sin(i)},${-3 + 0.1 * Math.cos(3 * i)}`);
    const csv = join(folder, 'shifted.csv');
    writeFileSync(csv, `a,b\n${rows.join('\n')}\n`);
    const out = runFolder('table');
    await train({ ...small, data: csv, model: 'gan', out, steps: 5, evalEvery: 5 });

    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect(config.data.transform.type).toBe('standardize');
    const { mean, std } = config.data.transform;

    const generated = await generateFromRun(out, 20, 1);
    for (let i = 0; i < 40; i++) {
      const column = i % 2;
      expect(generated.dataRows[i]).toBeCloseTo(generated.modelRows[i] * std[column] + mean[column], 3);
    }
  });
});

describe('train on awkward tables', () => {
  /** Writes `rows` under a header to a CSV in the test folder. */
  function writeTable(name: string, header: string, rows: string[]): string {
    const path = join(folder, name);
    writeFileSync(path, `${header}\n${rows.join('\n')}\n`);
    return path;
  }

  function column(values: Float64Array, width: number, index: number): number[] {
    return Array.from({ length: values.length / width }, (_, row) => values[row * width + index]);
  }

  function standardDeviation(values: number[]): number {
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length);
  }

  it('keeps the spread of a timestamp column', async () => {
    // 1.7e9 + 10 * sin: float32 would round every value to a multiple of 128.
    const csv = writeTable('timestamps.csv', 'ts,norm', Array.from({ length: 400 }, (_, i) => `${(1.7e9 + 10 * Math.sin(1.3 * i)).toFixed(6)},${5 + Math.cos(i)}`));
    const out = runFolder('timestamps');
    await train({ ...small, data: csv, model: 'mmd', out, steps: 10, evalEvery: 10 });

    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect(config.data.transform.std[0]).toBeGreaterThan(6.5);
    expect(config.data.transform.std[0]).toBeLessThan(7.5);
    expect(config.data.transform.mean[0]).toBeCloseTo(1.7e9, -1);

    const generated = await generateFromRun(out, 400, 1);
    expect(generated.dataRows).toBeInstanceOf(Float64Array);
    const timestamps = column(generated.dataRows, 2, 0);
    expect(standardDeviation(timestamps)).toBeGreaterThan(0.1);
    expect(new Set(timestamps).size).toBeGreaterThan(300);
    for (const value of timestamps) expect(Math.abs(value - 1.7e9)).toBeLessThan(1000);
  });

  it('generates a constant column exactly', async () => {
    const csv = writeTable('constant.csv', 'x,c', Array.from({ length: 200 }, (_, i) => `${Math.sin(i)},3.7`));
    const messages: string[] = [];
    const out = runFolder('constant');
    await train({ ...small, data: csv, model: 'mmd', out, steps: 5, evalEvery: 5 }, { onMessage: (message) => messages.push(message) });

    expect(messages).toContain(`${csv}: column 2 (c) is constant (3.7) in the training rows, so its std is 0 and a generator trained on them returns that value in every row`);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect(config.data.transform.std[1]).toBe(0);
    const generated = await generateFromRun(out, 100, 2);
    expect(column(generated.dataRows, 2, 1).every((value) => value === 3.7)).toBe(true);
    expect(standardDeviation(column(generated.dataRows, 2, 0))).toBeGreaterThan(0);
  });

  it('trains on huge finite values', async () => {
    const csv = writeTable('huge.csv', 'huge,norm', Array.from({ length: 200 }, (_, i) => `${1e200 * Math.sin(i)},${Math.cos(i)}`));
    const out = runFolder('huge');
    const result = await train({ ...small, data: csv, model: 'mmd', out, steps: 5, evalEvery: 5 });
    expect(result.step).toBe(5);

    const generated = await generateFromRun(out, 100, 3);
    const huge = column(generated.dataRows, 2, 0);
    expect(huge.every(Number.isFinite)).toBe(true);
    // In units of 1e200, where the squares stay finite.
    const spread = standardDeviation(huge.map((value) => value / 1e200));
    expect(spread).toBeGreaterThan(1e-3);
    expect(spread).toBeLessThan(100);
  });
});

describe('train batch size', () => {
  const { batchSize: _batchSize, ...tiny } = small;

  it('clamps the default to a small data set', async () => {
    // 30 points: 27 training rows, and the GAN packs 4 rows, so batches have 24.
    const messages: string[] = [];
    const out = runFolder('small-data');
    await train({ ...tiny, data: 'ring8:count=30', model: 'gan', out, steps: 3, evalEvery: 3 }, { onMessage: (message) => messages.push(message) });

    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).gan.batchSize).toBe(24);
    expect(messages).toContain('the default batch size 256 is more than the 27 training rows, so batches have 24 rows, a multiple of the packing 4');
  });

  it('clamps the MMD default to every training row', async () => {
    const out = runFolder('small-data-mmd');
    await train({ ...tiny, data: 'ring8:count=30', model: 'mmd', out, steps: 3, evalEvery: 3 });
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).mmd.batchSize).toBe(27);
  });

  it('rejects a requested batch larger than the data', async () => {
    const out = runFolder('too-large-batch');
    await expect(train({ ...tiny, data: 'ring8:count=30', model: 'gan', out, batchSize: 64 })).rejects.toThrow('batchSize must be at most the number of training rows (27); received 64. Use a smaller batch size or more data.');
    expect(existsSync(out)).toBe(false);
  });
});

describe('train run folder reuse', () => {
  it('rejects a folder that holds a run', async () => {
    const out = runFolder('taken');
    await train({ ...small, data: 'ring8:count=200', model: 'mmd', out, steps: 2, evalEvery: 2 });
    const before = readFileSync(join(out, 'config.json'), 'utf8');

    const again = train({ ...small, data: 'ring8:count=200', model: 'gan', out, steps: 2 });
    await expect(again).rejects.toThrow(ExistingRunError);
    await expect(again).rejects.toThrow(`${out} already contains a training run (config.json, checkpoint); continue it with resume: true, replace it with overwrite: true, or choose another folder`);
    expect(readFileSync(join(out, 'config.json'), 'utf8')).toBe(before);
  });

  it('rejects overwrite together with resume', async () => {
    await expect(train({ ...small, data: 'ring8', model: 'mmd', out: runFolder('both'), resume: true, overwrite: true })).rejects.toThrow('overwrite must be left out with resume');
  });

  it('removes the old run before an overwrite', async () => {
    const out = runFolder('replaced');
    await train({ ...small, data: 'ring8:count=200', model: 'gan', out, steps: 4, evalEvery: 2, skipReport: false });
    writeFileSync(join(out, 'notes.txt'), 'kept');
    writeFileSync(join(out, '.metrics.jsonl.123.abcdef.tmp'), 'left by a killed run');
    expect(readdirSync(join(out, 'samples')).sort()).toEqual(['step-000002.png', 'step-000004.png']);

    const result = await train({ ...small, data: 'ring8:count=200', model: 'mmd', out, steps: 3, evalEvery: 3, overwrite: true });
    expect(result.step).toBe(3);
    expect(readdirSync(join(out, 'samples'))).toEqual(['step-000003.png']);
    expect(existsSync(join(out, 'discriminator'))).toBe(false);
    expect(existsSync(join(out, 'report.html'))).toBe(false);
    expect(existsSync(join(out, '.metrics.jsonl.123.abcdef.tmp'))).toBe(false);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('kept');
    expect(readLines(join(out, 'metrics.jsonl')).map((record) => record.step)).toEqual([1, 2, 3]);
  });
});

describe('train resume', () => {
  for (const model of ['gan', 'mmd'] as const) {
    it(`${model}: a killed and resumed run equals an uninterrupted one`, async () => {
      const base: TrainOptions = { ...small, data: 'ring8:count=1000', model, out: '', steps: 30, evalEvery: 15, checkpointEvery: 10, seed: 4, ...(model === 'gan' ? { loss: 'wasserstein-gp' as const, discriminatorSteps: 2, generatorAverage: 0.9 } : {}) };
      const whole = runFolder(`${model}-whole`);
      await train({ ...base, out: whole });

      const resumed = runFolder(`${model}-resumed`);
      // A crash at step 14: metrics for steps 11-14 are written, the last checkpoint is at step 10.
      const crash = new Error('simulated crash');
      await expect(
        train(
          { ...base, out: resumed },
          {
            afterStep: (step) => {
              if (step === 14) throw crash;
            },
          },
        ),
      ).rejects.toBe(crash);
      expect(((await readCheckpoint(join(resumed, 'checkpoint')))?.state as { step: number }).step).toBe(10);

      await train({ ...base, out: resumed, resume: true });

      const wholeCheckpoint = await readCheckpoint(join(whole, 'checkpoint'));
      const resumedCheckpoint = await readCheckpoint(join(resumed, 'checkpoint'));
      expect([...resumedCheckpoint!.arrays.keys()]).toEqual([...wholeCheckpoint!.arrays.keys()]);
      for (const [name, values] of wholeCheckpoint!.arrays) {
        expect(Buffer.from(resumedCheckpoint!.arrays.get(name)!.buffer).equals(Buffer.from(values.buffer)), name).toBe(true);
      }
      expect(readFileSync(join(resumed, 'generator', 'weights.bin')).equals(readFileSync(join(whole, 'generator', 'weights.bin')))).toBe(true);

      expect(withoutSeconds(readLines(join(resumed, 'metrics.jsonl')))).toEqual(withoutSeconds(readLines(join(whole, 'metrics.jsonl'))));
      expect(readLines(join(resumed, 'evaluations.jsonl'))).toEqual(readLines(join(whole, 'evaluations.jsonl')));
    });
  }

  it('extends a finished run with more steps', async () => {
    const out = runFolder('extended');
    await train({ ...small, data: 'ring8:count=1000', model: 'mmd', out, steps: 10, evalEvery: 10 });
    const result = await train({ ...small, data: 'ring8:count=1000', model: 'mmd', out, steps: 15, resume: true });
    expect(result.step).toBe(15);
    expect(readLines(join(out, 'metrics.jsonl')).at(-1)?.step).toBe(15);
  });

  it('starts again from step 0 without a checkpoint', async () => {
    const base: TrainOptions = { ...small, data: 'ring8:count=500', model: 'gan', out: '', steps: 6, evalEvery: 6, checkpointEvery: 100 };
    const whole = runFolder('no-checkpoint-whole');
    await train({ ...base, out: whole });

    // Killed at step 3, before the first checkpoint: config.json is written, the checkpoint is not.
    const killed = runFolder('no-checkpoint');
    const crash = new Error('simulated crash');
    const stopAtThree = (step: number) => {
      if (step === 3) throw crash;
    };
    await expect(train({ ...base, out: killed }, { afterStep: stopAtThree })).rejects.toBe(crash);
    expect(existsSync(join(killed, 'checkpoint'))).toBe(false);

    const messages: string[] = [];
    const result = await train({ data: '', model: '', out: killed, resume: true, skipReport: true }, { onMessage: (message) => messages.push(message) });
    expect(messages).toContain(`${killed} has no checkpoint yet, so the run starts again from step 0 with the settings in its config.json`);
    expect(result.step).toBe(6);
    expect(readFileSync(join(killed, 'generator', 'weights.bin')).equals(readFileSync(join(whole, 'generator', 'weights.bin')))).toBe(true);
    expect(withoutSeconds(readLines(join(killed, 'metrics.jsonl')))).toEqual(withoutSeconds(readLines(join(whole, 'metrics.jsonl'))));
  });

  it('rejects resuming a finished run without more steps', async () => {
    const out = runFolder('finished');
    await train({ ...small, data: 'ring8:count=500', model: 'mmd', out, steps: 4, evalEvery: 4 });
    const evaluations = readFileSync(join(out, 'evaluations.jsonl'), 'utf8');

    await expect(train({ data: '', model: '', out, resume: true })).rejects.toThrow(`steps must be more than the 4 steps that the run in ${out} has completed; received 4. Pass a larger step count to extend the run`);
    await expect(train({ data: '', model: '', out, resume: true, steps: 3 })).rejects.toThrow('steps must be more than the 4 steps');
    expect(readFileSync(join(out, 'evaluations.jsonl'), 'utf8')).toBe(evaluations);
  });

  it('records table paths as absolute paths', async () => {
    const csv = join(folder, 'relative.csv');
    writeFileSync(csv, `a,b\n${Array.from({ length: 100 }, (_, i) => `${i},${Math.sin(i)}`).join('\n')}\n`);
    const out = runFolder('relative');
    await train({ ...small, data: `${relative(process.cwd(), csv)}:standardize=1`, model: 'mmd', out, steps: 2, evalEvery: 2 });
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).data.spec).toBe(`${csv}:standardize=1`);
  });

  it('names missing or changed data on resume', async () => {
    const csv = join(folder, 'changing.csv');
    const rows = Array.from({ length: 100 }, (_, i) => [1000 + 50 * Math.sin(i), Math.cos(i)]);
    writeFileSync(csv, `income,b\n${rows.map((row) => row.join(',')).join('\n')}\n`);
    const out = runFolder('changing');
    await train({ ...small, data: csv, model: 'mmd', out, steps: 2, evalEvery: 2 });

    // Income in thousandths: standardised rows stay the same, the transform does not.
    writeFileSync(csv, `income,b\n${rows.map(([income, b]) => `${income * 1000},${b}`).join('\n')}\n`);
    await expect(train({ data: '', model: '', out, resume: true, steps: 4 })).rejects.toThrow(
      `cannot resume the run in ${out}: the data ${JSON.stringify(csv)} changed since the run started (their checksum differs from the one in config.json); restore the original data, or start a new run`,
    );

    rmSync(csv);
    await expect(train({ data: '', model: '', out, resume: true, steps: 4 })).rejects.toThrow(`cannot resume the run in ${out}: its data ${JSON.stringify(csv)} (recorded in config.json) cannot be loaded: data must be one of`);
  });

  it('rejects resuming a folder without a checkpoint', async () => {
    const out = runFolder('empty');
    await expect(train({ ...small, data: 'ring8:count=1000', model: 'gan', out, resume: true })).rejects.toThrow(`cannot resume: ${join(out, 'config.json')} is missing or unreadable`);
  });
});

describe('train failures', () => {
  it('stops on a NaN loss with the last checkpoint intact', async () => {
    const out = runFolder('nan');
    const run = train(
      { ...small, data: 'ring8:count=1000', model: 'gan', out, steps: 30, checkpointEvery: 10, evalEvery: 30 },
      {
        afterStep: (step, trainer) => {
          if (step === 12) {
            const kernel = trainer.generator.variables[0];
            replaceValues(kernel, new Float32Array(kernel.size).fill(Number.POSITIVE_INFINITY));
          }
        },
      },
    );
    await expect(run).rejects.toThrow(NumericalError);
    await expect(run).rejects.toThrow(`loss is NaN; training stopped before this update at step 13; the checkpoint of step 10 in ${join(out, 'checkpoint')} is intact`);

    const checkpoint = await readCheckpoint(join(out, 'checkpoint'));
    expect((checkpoint?.state as { step: number }).step).toBe(10);
    expect(Array.from(checkpoint!.arrays.get('generator/0')!).every(Number.isFinite)).toBe(true);
    expect(readLines(join(out, 'metrics.jsonl')).at(-1)?.step).toBe(12);
  });

  it('says when a NaN comes before any checkpoint', async () => {
    const out = runFolder('nan-early');
    const run = train(
      { ...small, data: 'ring8:count=1000', model: 'mmd', out, steps: 30, checkpointEvery: 10, evalEvery: 30 },
      {
        afterStep: (step, trainer) => {
          if (step === 2) {
            const kernel = trainer.generator.variables[0];
            replaceValues(kernel, new Float32Array(kernel.size).fill(Number.NaN));
          }
        },
      },
    );
    await expect(run).rejects.toThrow('the MMD^2 loss is NaN; training stopped before this update at step 3; no checkpoint had been written yet, so nothing can be resumed');
    expect(existsSync(join(out, 'checkpoint'))).toBe(false);
  });

  it('checkpoints after checkpointSeconds', async () => {
    const out = runFolder('timed-checkpoint');
    const crash = new Error('simulated crash');
    const stopAtFour = (step: number) => {
      if (step === 4) throw crash;
    };
    await expect(train({ ...small, data: 'ring8:count=500', model: 'mmd', out, steps: 10, checkpointEvery: 100, evalEvery: 100, checkpointSeconds: 0 }, { afterStep: stopAtFour })).rejects.toBe(crash);
    expect(((await readCheckpoint(join(out, 'checkpoint')))?.state as { step: number }).step).toBe(3);
  });

  it('stops when the signal aborts and keeps a checkpoint', async () => {
    const out = runFolder('aborted');
    const controller = new AbortController();
    const result = await train(
      { ...small, data: 'ring8:count=1000', model: 'mmd', out, steps: 100, checkpointEvery: 1000, evalEvery: 1000 },
      {
        signal: controller.signal,
        onStep: ({ step }) => {
          if (step === 7) controller.abort();
        },
      },
    );
    expect(result.stopped).toBe(true);
    expect(result.step).toBe(7);
    expect(((await readCheckpoint(join(out, 'checkpoint')))?.state as { step: number }).step).toBe(7);
  });

  it('rejects options that do not fit the data or model', async () => {
    await expect(train({ ...small, data: 'ring8:count=20', model: 'gan', out: runFolder('bad-batch'), batchSize: 64 })).rejects.toThrow('batchSize must be at most the number of training rows (18); received 64');
    expect(existsSync(runFolder('bad-batch'))).toBe(false);
    await expect(train({ ...small, data: 'ring8', model: 'mmd', out: runFolder('bad-loss'), loss: 'hinge' })).rejects.toThrow('loss must be left out for --model mmd');
    await expect(train({ ...small, data: 'ring8', model: 'vae', out: runFolder('bad-model') })).rejects.toThrow('model must be one of "gan", "mmd"; received "vae"');
  });
});

describe('learningRateFactor', () => {
  it('holds for the first half, then decays linearly to zero', () => {
    expect(learningRateFactor(0, 100)).toBe(1);
    expect(learningRateFactor(49, 100)).toBe(1);
    expect(learningRateFactor(50, 100)).toBe(1);
    expect(learningRateFactor(75, 100)).toBe(0.5);
    expect(learningRateFactor(99, 100)).toBeCloseTo(0.02, 12);
  });
});
