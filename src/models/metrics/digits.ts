/**
 * Sample-quality metrics for generated digits, judged by a `DigitClassifier`
 * trained on the real training digits:
 *
 * - class coverage: the share of generated images the classifier assigns to
 *   each class, and the number of classes with at least `minShare` of them
 *   (default a quarter of the fair share, 0.25 / classes: 2.5% for 10 digits);
 * - mean confidence: the mean of the top class probability, low for images
 *   that look like no digit;
 * - the Frechet distance between feature-layer statistics of the generated
 *   images and of the held-out real digits.
 */
import type { Dataset } from '../../data/types.js';
import { InvalidArgumentError } from '../../errors.js';
import type { Seed } from '../../random/types.js';
import { probability } from '../../validate.js';
import { DigitClassifier, type DigitClassifierOptions } from './digit-classifier.js';
import { type FeatureStatistics, featureStatistics, frechetDistanceFromStatistics } from './frechet.js';

export interface DigitMetrics {
  /** Share of generated images per predicted class. */
  readonly classShares: readonly number[];
  readonly classesCovered: number;
  /** Mean of the classifier's top class probability. */
  readonly meanConfidence: number;
  /** Frechet distance between feature statistics of generated and held-out real images. */
  readonly frechetDistance: number;
}

export interface DigitEvaluatorOptions extends Omit<DigitClassifierOptions, 'seed'> {
  readonly seed: Seed;
  /** Share of generated images a class needs to count as covered (default 0.25 / classes). */
  readonly minShare?: number;
}

/**
 * A trained classifier together with the feature statistics of the held-out
 * real images: everything needed to score generated images repeatedly.
 */
export class DigitEvaluator {
  private constructor(
    readonly classifier: DigitClassifier,
    /** Classifier accuracy on the held-out real images. */
    readonly heldOutAccuracy: number,
    readonly reference: FeatureStatistics,
    readonly minShare: number,
  ) {}

  /**
   * Trains the classifier on a labelled image data set's training part and
   * summarises its held-out part, which must hold at least 2 images.
   */
  static async create(dataset: Dataset, options: DigitEvaluatorOptions): Promise<DigitEvaluator> {
    if (dataset.kind !== 'images' || dataset.trainLabels === undefined || dataset.heldOutLabels === undefined) {
      throw new InvalidArgumentError('dataset', 'a labelled image data set such as mnist', dataset.name);
    }
    if (dataset.heldOutCount < 2) {
      throw new InvalidArgumentError('dataset.heldOutCount', 'at least 2, so held-out feature statistics exist', dataset.heldOutCount);
    }

    const classifier = await DigitClassifier.train(
      { images: dataset.train, labels: dataset.trainLabels, count: dataset.trainCount },
      { imageShape: dataset.imageShape, ...options },
    );
    const heldOut = { images: dataset.heldOut, labels: dataset.heldOutLabels, count: dataset.heldOutCount };
    const accuracy = classifier.accuracy(heldOut);
    const features = classifier.features(dataset.heldOut, dataset.heldOutCount);
    const reference = featureStatistics(features, dataset.heldOutCount, classifier.featureUnits);
    const minShare = probability('minShare', options.minShare ?? 0.25 / classifier.classes);
    return new DigitEvaluator(classifier, accuracy, reference, minShare);
  }

  /** Scores `count` generated images (row-major, pixels in [-1, 1]); needs at least 2 images. */
  evaluate(images: Float32Array, count: number): DigitMetrics {
    const classes = this.classifier.classes;
    const probabilities = this.classifier.probabilities(images, count);

    const counts = new Array<number>(classes).fill(0);
    let confidenceSum = 0;
    for (let row = 0; row < count; row++) {
      let best = 0;
      for (let k = 1; k < classes; k++) {
        if (probabilities[row * classes + k] > probabilities[row * classes + best]) best = k;
      }
      counts[best] += 1;
      confidenceSum += probabilities[row * classes + best];
    }
    const classShares = counts.map((c) => c / count);

    const features = this.classifier.features(images, count);
    const statistics = featureStatistics(features, count, this.classifier.featureUnits);
    return {
      classShares,
      classesCovered: classShares.filter((share) => share > 0 && share >= this.minShare).length,
      meanConfidence: confidenceSum / count,
      frechetDistance: frechetDistanceFromStatistics(statistics, this.reference),
    };
  }

  dispose(): void {
    this.classifier.dispose();
  }
}
