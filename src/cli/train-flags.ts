/**
 * The command-line flags of `samplekit train` beside the library's
 * `TrainOptions`: library errors renamed to the flag the user typed, and the
 * flags that `--resume` rejects because the run's config.json fixes them.
 */
import { InvalidArgumentError } from '../errors.js';

/** The command-line flag of each `TrainOptions` field, for errors raised by the library. */
const FLAGS_BY_OPTION: Readonly<Record<string, string>> = {
  data: '--data',
  model: '--model',
  out: '--out',
  seed: '--seed',
  overwrite: '--overwrite',
  loss: '--loss',
  steps: '--steps',
  epochs: '--epochs',
  batchSize: '--batch-size',
  evalEvery: '--eval-every',
  checkpointEvery: '--checkpoint-every',
  logEvery: '--log-every',
  learningRate: '--lr',
  beta1: '--beta1',
  beta2: '--beta2',
  discriminatorSteps: '--d-steps',
  architecture: '--arch',
  hiddenSizes: '--hidden',
  baseChannels: '--channels',
  latentDim: '--latent-dim',
  latentCategories: '--latent-categories',
  packing: '--packing',
  gradientPenaltyWeight: '--gp-weight',
  generatorAverage: '--generator-average',
  bandwidthScales: '--bandwidths',
  evaluationSamples: '--eval-samples',
};

/** Command options (commander's camelCase keys) that a resumed run accepts: the others are fixed by config.json. */
const RESUME_KEYS: readonly string[] = ['out', 'resume', 'steps', 'epochs', 'json'];

/** Renames the library's option in an InvalidArgumentError (`batchSize`) to the command-line flag (`--batch-size`). */
export function withFlagName(error: unknown): unknown {
  if (!(error instanceof InvalidArgumentError)) return error;
  const flag = FLAGS_BY_OPTION[error.argument];
  if (flag === undefined) return error;
  return new InvalidArgumentError(flag, error.rule, error.received, error.hint);
}

/**
 * Rejects flags given with `--resume` other than `--steps` and `--epochs`.
 * The resumed run keeps the settings in its config.json, so a changed `--lr`,
 * for example, would otherwise be ignored without a word.
 */
export function checkResumeFlags(options: Readonly<Record<string, unknown>>): void {
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || RESUME_KEYS.includes(key)) continue;

    const flag = `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
    throw new InvalidArgumentError(flag, 'left out with --resume, which continues the run with the settings in its config.json', value, 'Only --steps and --epochs change a resumed run; start a new run (another --out, or --overwrite) to change other settings');
  }
}
