/**
 * `train(options)`: the whole training run behind `samplekit train`. It loads
 * the data, resolves the configuration, then alternates training steps with
 * logging to metrics.jsonl, evaluations (evaluations.jsonl, a sample image,
 * report.html) and atomic checkpoints, and can resume a run exactly.
 *
 * Exact resume: the checkpoint contains the weights, Adam moments, random stream
 * states, batch order and step, and on resume the JSON-lines logs are cut
 * back to the checkpoint's step. A run of 2N steps and a run of N steps
 * resumed for N more then write the same weights and the same log records,
 * except the wall-clock `seconds`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { initBackend } from '../backend.js';
import type { Dataset } from '../data/types.js';
import { InvalidArgumentError, NumericalError } from '../errors.js';
import { writeJson } from '../io/json.js';
import type { Seed } from '../random/types.js';
import { writeReport } from '../report/report.js';
import { readCheckpoint, writeCheckpoint } from './checkpoint.js';
import type { RunConfig, TrainingOverrides } from './config.js';
import { createTrainer, type Trainer } from './trainer.js';
import { Evaluation } from './evaluation.js';
import { JsonLinesLog } from './json-lines-log.js';
import { removeRun } from './run-folder.js';
import { prepareRun } from './run-setup.js';
import { saveNetworks } from './saved-model.js';

export { ExistingRunError } from './run-folder.js';

export interface TrainOptions extends TrainingOverrides {
  /** Data-set spec: a built-in name (with parameters), a CSV/NPY/JSON file or a PNG folder. */
  readonly data: string;
  readonly model: string;
  /** Run folder. */
  readonly out: string;
  /** Seed of every random choice: data generation and split, initial weights, batches, noise. Default 0. */
  readonly seed?: Seed;
  /**
   * Continue the run in `out` from its checkpoint, with the settings in its
   * config.json; without a checkpoint yet, the run starts again from step 0.
   */
  readonly resume?: boolean;
  /**
   * Replace a run already in `out`: its files are removed once the new run's
   * options are checked. Without it (or `resume`), a folder holding a run is rejected.
   */
  readonly overwrite?: boolean;
  /**
   * Longest wall-clock time between checkpoints in seconds, in addition to
   * the `checkpointEvery` steps, so a run killed without warning (SIGKILL, a
   * crash) loses at most this much work. Default 300.
   */
  readonly checkpointSeconds?: number;
  /** Skip report.html (for tests and benchmarks). */
  readonly skipReport?: boolean;
}

export interface TrainStartInfo {
  readonly config: RunConfig;
  readonly startStep: number;
  readonly backend: string;
}

export interface TrainProgress {
  readonly step: number;
  readonly epoch: number;
  readonly totalSteps: number;
  readonly seconds: number;
  readonly metrics: Readonly<Record<string, number>>;
}

export interface TrainCallbacks {
  readonly onStart?: (info: TrainStartInfo) => void;
  /** Called after every step. */
  readonly onStep?: (progress: TrainProgress) => void;
  readonly onEvaluation?: (record: Readonly<Record<string, unknown>>) => void;
  /** Messages about slow preparations (such as training the digit classifier) and files written. */
  readonly onMessage?: (message: string) => void;
  /** Stops the run after the current step; a checkpoint and the report are written first. */
  readonly signal?: AbortSignal;
  /** For tests: called after `step` has completed, before anything is logged for it. */
  readonly afterStep?: (step: number, trainer: Trainer) => void;
}

export interface TrainResult {
  readonly config: RunConfig;
  /** Steps completed, in this call and before it. */
  readonly step: number;
  readonly stopped: boolean;
  readonly seconds: number;
  readonly lastEvaluation?: Readonly<Record<string, unknown>>;
  readonly reportPath?: string;
}

/**
 * Trains a generator with `options` and writes the run folder; resolves when
 * the run ends or is stopped. Every option is checked before the folder is
 * created or an earlier run in it is removed.
 */
export async function train(options: TrainOptions, callbacks: TrainCallbacks = {}): Promise<TrainResult> {
  const backend = await initBackend();
  const { dataset, config, seed } = await prepareRun(options, callbacks.onMessage);

  const trainer = createTrainer(dataset, config, seed);
  try {
    return await runTraining(options, callbacks, config, dataset, trainer, backend);
  } finally {
    trainer.dispose();
  }
}

async function runTraining(options: TrainOptions, callbacks: TrainCallbacks, config: RunConfig, dataset: Dataset, trainer: Trainer, backend: string): Promise<TrainResult> {
  const checkpointSeconds = options.checkpointSeconds ?? CHECKPOINT_SECONDS;
  if (!(checkpointSeconds >= 0)) throw new InvalidArgumentError('checkpointSeconds', 'a non-negative number of seconds', checkpointSeconds);

  const out = options.out;
  const metricsLog = new JsonLinesLog(join(out, 'metrics.jsonl'));
  const evaluationsLog = new JsonLinesLog(join(out, 'evaluations.jsonl'));

  let elapsedBefore = 0;
  const checkpoint = options.resume ? await readCheckpoint(join(out, 'checkpoint')) : undefined;
  if (checkpoint !== undefined) {
    trainer.restore(checkpoint);
    elapsedBefore = typeof checkpoint.state.seconds === 'number' ? checkpoint.state.seconds : 0;
    if (trainer.step >= config.steps) {
      throw new InvalidArgumentError('steps', `more than the ${trainer.step} steps that the run in ${out} has completed`, config.steps, 'Pass a larger step count to extend the run');
    }
  } else if (options.resume) {
    callbacks.onMessage?.(`${out} has no checkpoint yet, so the run starts again from step 0 with the settings in its config.json`);
  }

  // Prepared before anything is written, so a failure here leaves the folder as it was.
  const evaluation = await Evaluation.create(dataset, config, trainer, out, callbacks.onMessage);

  if (options.overwrite) await removeRun(out);
  await mkdir(out, { recursive: true });
  if (checkpoint !== undefined) {
    await metricsLog.truncateAfter(trainer.step);
    await evaluationsLog.truncateAfter(trainer.step);
  } else {
    await metricsLog.reset();
    await evaluationsLog.reset();
  }
  await writeJson(join(out, 'config.json'), config);
  callbacks.onStart?.({ config, startStep: trainer.step, backend });

  const started = performance.now();
  const seconds = () => elapsedBefore + (performance.now() - started) / 1000;
  let lastEvaluation: Record<string, unknown> | undefined;
  let evaluatedStep = -1;
  let stopped = false;
  let checkpointStep = checkpoint !== undefined ? trainer.step : undefined;
  let checkpointTime = performance.now();

  const saveState = async () => {
    await metricsLog.flush();
    await evaluationsLog.flush();
    const contents = trainer.checkpointContents();
    await writeCheckpoint(join(out, 'checkpoint'), { ...contents, state: { ...contents.state, seconds: seconds() } });
    await saveNetworks(trainer, out);
    checkpointStep = trainer.step;
    checkpointTime = performance.now();
  };

  const evaluate = async () => {
    const record = await evaluation.run(trainer.step);
    lastEvaluation = record;
    evaluatedStep = trainer.step;
    evaluationsLog.append(record);
    await evaluationsLog.flush();
    callbacks.onEvaluation?.(record);
  };

  try {
    while (trainer.step < config.steps) {
      if (callbacks.signal?.aborted) {
        stopped = true;
        break;
      }

      trainer.setLearningRateFactor(learningRateFactor(trainer.step, config.steps));
      const metrics = trainer.trainStep();
      const step = trainer.step;
      callbacks.afterStep?.(step, trainer);

      if (step % config.logEvery === 0 || step === config.steps) {
        metricsLog.append({ step, epoch: trainer.epoch, ...metrics, seconds: round(seconds()) });
        if (metricsLog.shouldFlush) await metricsLog.flush();
      }
      callbacks.onStep?.({ step, epoch: trainer.epoch, totalSteps: config.steps, seconds: seconds(), metrics });

      if (step % config.evalEvery === 0) await evaluate();
      const checkpointDue = performance.now() - checkpointTime >= checkpointSeconds * 1000;
      if (step % config.checkpointEvery === 0 || checkpointDue) await saveState();
      if (step % config.evalEvery === 0 && !options.skipReport) await writeReport(out);
      await yieldToEventLoop();
    }
  } catch (error) {
    // Keep what was logged up to the failure; the checkpoint stays at the last good step.
    await metricsLog.flush();
    await evaluationsLog.flush();
    if (!options.skipReport) await writeReport(out).catch(() => undefined);
    if (error instanceof NumericalError) {
      const failedStep = trainer.step + 1;
      const kept =
        checkpointStep === undefined
          ? 'no checkpoint had been written yet, so nothing can be resumed; start again, perhaps with a lower learning rate'
          : `the checkpoint of step ${checkpointStep} in ${join(out, 'checkpoint')} is intact`;
      throw new NumericalError(`${error.message} at step ${failedStep}; ${kept}`);
    }
    throw error;
  }

  if (evaluatedStep !== trainer.step) await evaluate();
  await saveState();
  const reportPath = options.skipReport ? undefined : await writeReport(out);
  evaluation.dispose();

  return { config, step: trainer.step, stopped, seconds: seconds(), lastEvaluation, reportPath };
}

/** Default of `TrainOptions.checkpointSeconds`. */
const CHECKPOINT_SECONDS = 300;

/**
 * Returns the learning-rate factor after `completedSteps` of `totalSteps`:
 * 1 for the first half of the run, then a linear decay to 0 at the last step.
 * On the 2-D mixtures the samples settle onto the narrow modes only while the
 * step size shrinks: on ring8 the default GAN had 63% high-quality samples
 * after 8,000 of 12,000 steps and 87% at the end (scripts/quality.mjs).
 */
export function learningRateFactor(completedSteps: number, totalSteps: number): number {
  const half = totalSteps / 2;
  if (completedSteps < half) return 1;
  return Math.max(0, (totalSteps - completedSteps) / (totalSteps - half));
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/** Lets timers and signal handlers run between steps (the training loop is otherwise synchronous). */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
