/**
 * Evaluations during training: generated rows scored by the metrics module
 * (MMD^2 to held-out data; mode coverage for 2-D mixtures; digit classes and
 * the Frechet distance for MNIST), and one picture per evaluation in
 * `samples/`: an image grid, or a 2-D scatter of generated over real points
 * with the discriminator's decision surface behind them.
 */
import { tf } from '../backend.js';
import type { Dataset } from '../data/types.js';
import { SampleEvaluator } from './metrics/evaluator.js';
import { decisionGridPoints, type DecisionSurface } from '../report/plots.js';
import { writeSampleImage } from '../report/samples.js';
import type { RunConfig } from './config.js';
import { latentValues, latentWidth } from './noise.js';
import type { Trainer } from './trainer.js';

/** Images in each sample grid (8 x 8). */
const GRID_IMAGES = 64;
/** Cells per side of the decision-surface grid. */
const SURFACE_CELLS = 40;
/** Points per set in the scatter plots. */
const SCATTER_POINTS = 2000;

export class Evaluation {
  private constructor(
    private readonly dataset: Dataset,
    private readonly config: RunConfig,
    private readonly trainer: Trainer,
    private readonly out: string,
    private readonly evaluator: SampleEvaluator,
    /** Fixed latent rows for the sample pictures, so pictures of different steps are comparable. */
    private readonly pictureNoise: Float32Array,
  ) {}

  /**
   * Prepares the metrics for `dataset` (for MNIST this trains the digit
   * classifier, tens of seconds) and the fixed noise of the sample pictures.
   */
  static async create(dataset: Dataset, config: RunConfig, trainer: Trainer, out: string, onMessage?: (message: string) => void): Promise<Evaluation> {
    if (dataset.kind === 'images' && dataset.trainLabels !== undefined) onMessage?.('training the digit classifier for the evaluations');
    const evaluator = await SampleEvaluator.create(dataset, { seed: BigInt(config.seed) });

    const pictureRows = dataset.kind === 'images' ? GRID_IMAGES : SCATTER_POINTS;
    const { latentDim, latentCategories } = (config.gan ?? config.mmd)!;
    const pictureNoise = latentValues(trainer.streams.pictures, pictureRows, latentDim, latentCategories);
    return new Evaluation(dataset, config, trainer, out, evaluator, pictureNoise);
  }

  /** Scores `evaluationSamples` generated rows, writes the sample picture and returns the record for evaluations.jsonl. */
  async run(step: number): Promise<Record<string, unknown>> {
    const count = this.config.evaluationSamples;
    const generated = this.trainer.sample(this.trainer.streams.evaluation, count);
    const metrics = this.evaluator.evaluate(generated, count);

    const { latentDim, latentCategories } = (this.config.gan ?? this.config.mmd)!;
    const width = latentWidth(latentDim, latentCategories);
    const rows = this.pictureNoise.length / width;
    const generator = this.trainer.outputGenerator();
    const pictureRows = tf.tidy(() => generator.predict(tf.tensor2d(this.pictureNoise, [rows, width])).dataSync() as Float32Array);
    const decision = this.dataset.kind === 'vectors' && this.dataset.dimension === 2 ? this.decisionSurface(pictureRows) : undefined;
    await writeSampleImage(this.out, step, { dataset: this.dataset, generated: pictureRows, count: rows, decision, maxItems: rows });

    return { step, ...metrics };
  }

  dispose(): void {
    this.evaluator.dispose();
  }

  /**
   * D over a grid covering the real and generated points, in model space.
   * Probability losses give D = sigmoid(logit) directly; for score losses
   * (Wasserstein, hinge, least squares) the grid shows sigmoid(score), whose
   * 0.5 level still separates "more real" from "more generated".
   */
  private decisionSurface(generated: Float32Array): DecisionSurface | undefined {
    const discriminator = this.trainer.discriminator;
    if (discriminator === undefined) return undefined;

    const real = this.dataset.heldOutCount > 0 ? this.dataset.heldOut : this.dataset.train;
    const [low, high] = squareBounds([real.subarray(0, 2 * SCATTER_POINTS), generated]);
    const grid = decisionGridPoints(low, high, SURFACE_CELLS);
    const packing = this.config.gan?.packing ?? 1;
    const values = tf.tidy(() => {
      // A packing discriminator judges `packing` rows at once: each grid point is repeated to fill a packed row.
      const points = tf.tensor2d(grid.points, [SURFACE_CELLS * SURFACE_CELLS, 2]);
      const repeated = packing > 1 ? tf.reshape(tf.tile(points, [1, packing]), [-1, 2]) : points;
      return tf.sigmoid(discriminator.predict(repeated as tf.Tensor2D)).dataSync() as Float32Array;
    });
    return { xs: grid.xs, ys: grid.ys, values };
  }
}

/** Common bounds of the first two columns of all sets, with a 5% margin. */
function squareBounds(sets: readonly Float32Array[]): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const set of sets) {
    for (const value of set) {
      if (value < low) low = value;
      if (value > high) high = value;
    }
  }
  if (!Number.isFinite(low) || !Number.isFinite(high) || high <= low) return [-1, 1];
  const margin = 0.05 * (high - low);
  return [low - margin, high + margin];
}
