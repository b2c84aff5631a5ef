/**
 * One evaluator for every data set, so trainers write the same metric names
 * to evaluations.jsonl and the run report can explain them:
 *
 * - every data set: `mmd2`, the unbiased MMD^2 to held-out rows;
 * - 2-D mixtures (ring8, grid25): `modes`, `modesCovered`, `highQualityShare`, `modeCounts`;
 * - labelled images (mnist): `classifierAccuracy`, `classesCovered`, `classShares`,
 *   `meanConfidence`, `frechetDistance`.
 */
import type { Dataset } from '../../data/types.js';
import { createGenerator, DEFAULT_GENERATOR } from '../../random/index.js';
import type { Seed } from '../../random/types.js';
import { InvalidArgumentError } from '../../errors.js';
import { DigitEvaluator, type DigitEvaluatorOptions } from './digits.js';
import { MmdEvaluator } from './mmd.js';
import { modeMetrics, type ModeMetricOptions } from './modes.js';

/** Metric values of one evaluation; which fields are present depends on the data set. */
export interface SampleEvaluation {
  readonly mmd2?: number;
  readonly modes?: number;
  readonly modesCovered?: number;
  readonly highQualityShare?: number;
  readonly modeCounts?: readonly number[];
  readonly classifierAccuracy?: number;
  readonly classesCovered?: number;
  readonly classShares?: readonly number[];
  readonly meanConfidence?: number;
  readonly frechetDistance?: number;
}

export interface SampleEvaluatorOptions {
  /** Seed for the held-out subset and the digit classifier. */
  readonly seed: Seed;
  /** Held-out rows used for MMD^2 (default 1000 for vectors, 500 for images, whose rows are wider). */
  readonly mmdRows?: number;
  /** Mode-coverage settings for mixtures. */
  readonly modes?: ModeMetricOptions;
  /** Digit-classifier settings for labelled images; `false` skips the classifier. */
  readonly classifier?: Omit<DigitEvaluatorOptions, 'seed'> | false;
}

export class SampleEvaluator {
  private constructor(
    private readonly dataset: Dataset,
    private readonly mmd: MmdEvaluator | undefined,
    private readonly digits: DigitEvaluator | undefined,
    private readonly modeOptions: ModeMetricOptions,
  ) {}

  /**
   * Prepares the metrics that apply to `dataset`. For labelled images this
   * trains the digit classifier, which takes tens of seconds.
   */
  static async create(dataset: Dataset, options: SampleEvaluatorOptions): Promise<SampleEvaluator> {
    if (options.seed == null) throw new InvalidArgumentError('seed', 'given, so evaluations are reproducible', options.seed);
    const rng = createGenerator(DEFAULT_GENERATOR, options.seed);

    const mmd =
      dataset.heldOutCount >= 2
        ? MmdEvaluator.create(dataset.heldOut, dataset.heldOutCount, dataset.dimension, {
            rng,
            maxRows: options.mmdRows ?? (dataset.kind === 'images' ? 500 : 1000),
          })
        : undefined;

    const wantsDigits = dataset.kind === 'images' && dataset.trainLabels !== undefined && options.classifier !== false;
    const digits = wantsDigits
      ? await DigitEvaluator.create(dataset, { ...(options.classifier || {}), seed: rng.nextUint32() })
      : undefined;

    return new SampleEvaluator(dataset, mmd, digits, options.modes ?? {});
  }

  /** Scores `count` generated rows in model space (row-major count x dimension). */
  evaluate(generated: Float32Array, count: number): SampleEvaluation {
    const result: Record<string, unknown> = {};
    if (this.mmd !== undefined) result.mmd2 = this.mmd.evaluate(generated, count);

    if (this.dataset.mixture !== undefined && this.dataset.dimension === 2) {
      const modes = modeMetrics(generated, count, this.dataset.mixture, this.modeOptions);
      Object.assign(result, {
        modes: modes.modes,
        modesCovered: modes.modesCovered,
        highQualityShare: modes.highQualityShare,
        modeCounts: modes.modeCounts,
      });
    }

    if (this.digits !== undefined) {
      Object.assign(result, { classifierAccuracy: this.digits.heldOutAccuracy, ...this.digits.evaluate(generated, count) });
    }
    return result as SampleEvaluation;
  }

  dispose(): void {
    this.digits?.dispose();
  }
}
