/**
 * `samplekit train`: trains a GAN or an MMD generator on a data set and
 * writes the run folder (config, logs, networks, checkpoint, samples and
 * report.html). Progress goes to stderr: a progress bar on a terminal, plain
 * log lines otherwise. Ctrl-C (SIGINT) or SIGTERM stops after the current
 * step and keeps a checkpoint, so `--resume` continues the run. The command
 * then exits with 128 + the signal number (130 for Ctrl-C), as a program
 * killed by the signal does, so that a script does not go on with a
 * half-trained generator.
 */
import { constants } from 'node:os';

import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';

import { InvalidArgumentError } from '../../errors.js';
import { ExitStatus } from '../exit-status.js';
import { checkResumeFlags, withFlagName } from '../train-flags.js';
import { ARCHITECTURES, GAN_LOSS_NAMES, MODEL_KINDS, type Architecture, type GanLossName } from '../../models/names.js';
import type { TrainOptions, TrainProgress, TrainResult } from '../../models/train.js';
import { builtinNames } from '../../data/builtin.js';

export interface TrainCommandOptions {
  readonly data?: string;
  readonly model?: string;
  readonly out: string;
  readonly loss?: string;
  readonly epochs?: string;
  readonly steps?: string;
  readonly batchSize?: string;
  readonly seed?: string;
  readonly resume?: boolean;
  readonly overwrite?: boolean;
  readonly evalEvery?: string;
  readonly checkpointEvery?: string;
  readonly logEvery?: string;
  readonly lr?: string;
  readonly beta1?: string;
  readonly beta2?: string;
  readonly dSteps?: string;
  readonly arch?: string;
  readonly hidden?: string;
  readonly channels?: string;
  readonly latentDim?: string;
  readonly latentCategories?: string;
  readonly packing?: string;
  readonly gpWeight?: string;
  readonly generatorAverage?: string;
  readonly bandwidths?: string;
  readonly evalSamples?: string;
  readonly json?: boolean;
}

export function register(program: Command): void {
  program
    .command('train')
    .description('Train a generator (a GAN or an MMD generator) on a data set and write a run folder with report.html')
    .option('--data <spec>', `data set: a built-in name (${describeBuiltinNames()}), a CSV/NPY/JSON file of numeric rows, or a folder of PNG images (required unless --resume)`)
    .option('--model <kind>', `model: ${MODEL_KINDS.join(' or ')} (required unless --resume)`)
    .requiredOption('--out <dir>', 'run folder to write (created if missing)')
    .option('--loss <name>', `GAN loss: ${GAN_LOSS_NAMES.join(', ')} (default non-saturating)`)
    .option('--epochs <E>', 'training length in passes over the training rows (default: a fixed number of steps)')
    .option('--steps <S>', 'training length in generator updates; overrides --epochs')
    .option('--batch-size <B>', 'rows per batch (default 256 for vectors, 64 for images)')
    .option('--seed <int>', 'seed of every random choice: data, split, initial weights, batches, noise (default 0)')
    .option('--resume', 'continue the run in --out from its checkpoint, with its saved settings (--steps or --epochs may extend it)')
    .option('--overwrite', 'replace the run already in --out: its files are removed before the new run starts')
    .option('--eval-every <N>', 'steps between evaluations (default: a tenth of the run)')
    .option('--checkpoint-every <N>', 'steps between checkpoints (default: as --eval-every)')
    .option('--log-every <N>', 'steps between lines of metrics.jsonl (default: about 2000 lines per run)')
    .option('--lr <rate>', 'Adam learning rate (default for tables and 2-D sets: 1e-3 for GANs, 3e-3 for mmd; for images: 2e-4 for GANs, 1e-3 for mmd; 1e-4 for wasserstein-gp); it decays linearly to 0 over the second half of the run')
    .option('--beta1 <b>', 'Adam beta1 (default 0.5; 0 for wasserstein-gp)')
    .option('--beta2 <b>', 'Adam beta2 (default 0.999; 0.9 for wasserstein-gp)')
    .option('--d-steps <k>', 'discriminator updates per generator update (default 1; 5 for wasserstein-gp)')
    .option('--arch <name>', `network architecture: ${ARCHITECTURES.join(', ')}`)
    .option('--hidden <sizes>', 'mlp: hidden layer widths, comma-separated, e.g. 256,256 (default 128,128,128 for vectors, 256,256 for images)')
    .option('--channels <b>', 'dcgan: channels of the first convolution; the second has twice as many (default 64)')
    .option('--latent-dim <d>', 'width of the Gaussian noise vector z (default 8 for vectors, 100 for images)')
    .option('--latent-categories <k>', 'categories of a one-hot part added to the noise, which lets separated modes avoid bridges (default 0: Gaussian noise only)')
    .option('--packing <m>', 'GAN: samples the discriminator judges together (PacGAN; default 4 for vectors, 2 for mlp images, 1 for dcgan)')
    .option('--generator-average <decay>', 'GAN: decay of the moving average of generator weights that samples and the saved generator use (default 0.999 for images, 0 = off for vectors)')
    .option('--gp-weight <w>', 'wasserstein-gp: weight of the gradient penalty (default 10)')
    .option('--bandwidths <scales>', 'mmd: RBF bandwidths as multiples of the median distance between data rows, comma-separated (default 0.03,0.1,0.3,1)')
    .option('--eval-samples <n>', 'generated rows scored per evaluation (default 2500 for vectors, 1000 for images)')
    .option('--json', 'print a JSON summary of the run on stdout when it ends')
    .action(async (options: TrainCommandOptions) => {
      await trainCommand(options);
    });
}

/** Parses the options, trains, and prints the summary. */
export async function trainCommand(options: TrainCommandOptions): Promise<void> {
  const request = parseTrainOptions(options);
  const controller = new AbortController();
  let stopSignal: NodeJS.Signals | undefined;
  const onStopSignal = (signal: NodeJS.Signals) => {
    stopSignal = signal;
    const again = signal === 'SIGINT' ? 'press Ctrl-C again' : `send ${signal} again`;
    process.stderr.write(`\n${signal}: stopping after this step; a checkpoint will be written (${again} to quit at once)\n`);
    removeSignalListeners();
    controller.abort();
  };
  const removeSignalListeners = () => {
    for (const signal of STOP_SIGNALS) process.off(signal, onStopSignal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onStopSignal);

  // Loaded here, not at the top, so other commands start without loading TF.js.
  const { train, ExistingRunError } = await import('../../models/train.js');
  const progress = progressReporter();
  let result: TrainResult;
  try {
    result = await train(request, {
      signal: controller.signal,
      onStart: (info) => progress.start(info.config.steps, info.startStep, `${info.config.model} on ${info.config.data.name} (${info.backend} backend), writing ${request.out}`),
      onStep: (step) => progress.step(step),
      onEvaluation: (record) => progress.message(`evaluation at step ${record.step}: ${summarise(record)}`),
      onMessage: (message) => progress.message(message),
    });
  } catch (error) {
    if (error instanceof ExistingRunError) {
      throw new InvalidArgumentError('--out', 'a folder without a training run, unless --overwrite replaces it', request.out, `It contains ${error.markers.join(', ')}: continue that run with --resume, or choose a new folder`);
    }
    throw withFlagName(error);
  } finally {
    progress.stop();
    removeSignalListeners();
  }

  const lines = [
    `${result.stopped ? 'stopped' : 'finished'} at step ${result.step} of ${result.config.steps} after ${result.seconds.toFixed(1)} s`,
    result.lastEvaluation !== undefined ? `last evaluation: ${summarise(result.lastEvaluation)}` : undefined,
    result.reportPath !== undefined ? `report: ${result.reportPath}` : undefined,
    result.stopped ? `continue with: samplekit train --out ${shellWord(request.out)} --resume` : undefined,
  ].filter((line) => line !== undefined);
  process.stderr.write(`${lines.join('\n')}\n`);

  if (options.json === true) {
    process.stdout.write(`${JSON.stringify({ step: result.step, steps: result.config.steps, stopped: result.stopped, seconds: result.seconds, evaluation: result.lastEvaluation, report: result.reportPath })}\n`);
  }
  if (result.stopped && result.step < result.config.steps) throw new ExitStatus(128 + constants.signals[stopSignal ?? 'SIGINT']);
}

/** Signals that stop a run after the current step, with a checkpoint: Ctrl-C, and what `timeout`, `docker stop` and schedulers send. */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** Quotes `text` for a POSIX shell when it contains characters the shell would split or expand. */
function shellWord(text: string): string {
  return /^[\w./:@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Turns the command-line strings into `TrainOptions`, rejecting malformed numbers with the flag's name. */
export function parseTrainOptions(options: TrainCommandOptions): TrainOptions {
  const resume = options.resume === true;
  if (resume) checkResumeFlags({ ...options });
  if (!resume && options.data === undefined) throw new InvalidArgumentError('--data', 'given (a data set to train on), unless --resume continues a run', undefined);
  if (!resume && options.model === undefined) throw new InvalidArgumentError('--model', `given (${MODEL_KINDS.join(' or ')}), unless --resume continues a run`, undefined);
  return {
    // On --resume the saved config.json supplies the data set and model.
    data: options.data ?? '',
    model: options.model ?? '',
    out: options.out,
    seed: options.seed === undefined ? undefined : parseSeed(options.seed),
    resume,
    overwrite: options.overwrite === true,
    loss: options.loss === undefined ? undefined : (checkLoss(options.loss, options.model) as GanLossName),
    steps: optionalInteger('--steps', options.steps, 1),
    epochs: optionalInteger('--epochs', options.epochs, 1),
    batchSize: optionalInteger('--batch-size', options.batchSize, 2),
    evalEvery: optionalInteger('--eval-every', options.evalEvery, 1),
    checkpointEvery: optionalInteger('--checkpoint-every', options.checkpointEvery, 1),
    logEvery: optionalInteger('--log-every', options.logEvery, 1),
    learningRate: optionalNumber('--lr', options.lr, (x) => x > 0, 'a positive number'),
    beta1: optionalNumber('--beta1', options.beta1, (x) => x >= 0 && x < 1, 'a number in [0, 1)'),
    beta2: optionalNumber('--beta2', options.beta2, (x) => x >= 0 && x < 1, 'a number in [0, 1)'),
    discriminatorSteps: optionalInteger('--d-steps', options.dSteps, 1),
    architecture: options.arch as Architecture | undefined,
    hiddenSizes: options.hidden === undefined ? undefined : parseIntegerList('--hidden', options.hidden),
    baseChannels: optionalInteger('--channels', options.channels, 1),
    latentDim: optionalInteger('--latent-dim', options.latentDim, 1),
    latentCategories: optionalInteger('--latent-categories', options.latentCategories, 0),
    packing: optionalInteger('--packing', options.packing, 1),
    gradientPenaltyWeight: optionalNumber('--gp-weight', options.gpWeight, (x) => x >= 0, 'a non-negative number'),
    generatorAverage: optionalNumber('--generator-average', options.generatorAverage, (x) => x >= 0 && x < 1, 'a decay in [0, 1), 0 for none'),
    bandwidthScales: options.bandwidths === undefined ? undefined : parseNumberList('--bandwidths', options.bandwidths),
    evaluationSamples: optionalInteger('--eval-samples', options.evalSamples, 2),
  };
}

function checkLoss(loss: string, model: string | undefined): string {
  if (model === 'mmd') throw new InvalidArgumentError('--loss', 'left out for --model mmd, whose loss is always MMD^2', loss);
  if (!GAN_LOSS_NAMES.includes(loss as GanLossName)) {
    throw new InvalidArgumentError('--loss', `one of ${GAN_LOSS_NAMES.join(', ')}`, loss);
  }
  return loss;
}

/** A seed of decimal digits; values beyond 2^53 become BigInt so no digit is lost. */
export function parseSeed(text: string): number | bigint {
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError('--seed', 'a non-negative decimal integer', text);
  const value = BigInt(text);
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

function optionalInteger(flag: string, text: string | undefined, minimum: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < minimum) {
    throw new InvalidArgumentError(flag, `an integer of at least ${minimum}`, text);
  }
  return value;
}

function optionalNumber(flag: string, text: string | undefined, valid: (x: number) => boolean, rule: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !valid(value)) throw new InvalidArgumentError(flag, rule, text);
  return value;
}

function parseIntegerList(flag: string, text: string): number[] {
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.length === 0 || values.some((x) => !Number.isSafeInteger(x) || x < 1)) {
    throw new InvalidArgumentError(flag, 'positive integers separated by commas, e.g. 256,256', text);
  }
  return values;
}

function parseNumberList(flag: string, text: string): number[] {
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.length === 0 || values.some((x) => !Number.isFinite(x) || x <= 0)) {
    throw new InvalidArgumentError(flag, 'positive numbers separated by commas, e.g. 0.1,0.3,1', text);
  }
  return values;
}

function describeBuiltinNames(): string {
  return builtinNames().join(', ');
}

/** One-line summary of an evaluation record: the metrics that matter most, where present. */
export function summarise(record: Readonly<Record<string, unknown>>): string {
  const parts: string[] = [];
  const number = (key: string) => (typeof record[key] === 'number' ? (record[key] as number) : undefined);
  const modes = number('modes');
  const covered = number('modesCovered');
  const quality = number('highQualityShare');
  if (modes !== undefined && covered !== undefined) parts.push(`${covered}/${modes} modes covered`);
  if (quality !== undefined) parts.push(`${(100 * quality).toFixed(1)}% high-quality samples`);
  const classes = number('classesCovered');
  if (classes !== undefined) parts.push(`${classes}/10 digit classes`);
  const frechet = number('frechetDistance');
  if (frechet !== undefined) parts.push(`Frechet distance ${frechet.toPrecision(4)}`);
  const mmd2 = number('mmd2');
  if (mmd2 !== undefined) parts.push(`MMD^2 to held-out data ${mmd2.toExponential(2)}`);
  return parts.join(', ');
}

interface ProgressReporter {
  start(total: number, startStep: number, title: string): void;
  step(progress: TrainProgress): void;
  message(text: string): void;
  stop(): void;
}

/** A cli-progress bar on a terminal; plain log lines (one per 5% of the run) otherwise. */
function progressReporter(): ProgressReporter {
  const terminal = process.stderr.isTTY === true;
  let bar: SingleBar | undefined;
  let total = 0;
  let nextLogStep = 0;

  return {
    start(steps, startStep, title) {
      total = steps;
      process.stderr.write(`${title}\n`);
      if (terminal) {
        bar = new SingleBar({
          stream: process.stderr,
          format: 'epoch {epoch} | step {value}/{total} | {losses} | {duration_formatted} elapsed, ETA {eta_formatted}',
          hideCursor: true,
          etaBuffer: 200,
        });
        bar.start(steps, startStep, { epoch: 0, losses: '' });
      }
      nextLogStep = startStep + Math.max(1, Math.round(steps / 20));
    },
    step(progress) {
      const losses = formatLosses(progress.metrics);
      if (bar !== undefined) {
        bar.update(progress.step, { epoch: progress.epoch, losses });
      } else if (progress.step >= nextLogStep || progress.step === total) {
        process.stderr.write(`step ${progress.step}/${total} epoch ${progress.epoch} ${losses} (${progress.seconds.toFixed(1)} s)\n`);
        nextLogStep = progress.step + Math.max(1, Math.round(total / 20));
      }
    },
    message(text) {
      if (bar !== undefined) {
        // Printed above the bar: clear the line, write the message, and let the next update redraw the bar.
        process.stderr.write(`\r\x1b[2K${text}\n`);
      } else {
        process.stderr.write(`${text}\n`);
      }
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

function formatLosses(metrics: Readonly<Record<string, number>>): string {
  const shown = ['lossD', 'lossG', 'loss', 'dReal', 'dFake'].filter((key) => typeof metrics[key] === 'number');
  return shown.map((key) => `${key} ${metrics[key].toFixed(3)}`).join(' ');
}
