/**
 * Names and explanations of the quantities a run logs, shown in the report
 * next to the numbers. Keys are the field names in metrics.jsonl and
 * evaluations.jsonl.
 */

export interface MetricDescription {
  readonly label: string;
  /** Explanation of what the number measures and which values are good, in one or two sentences. */
  readonly meaning: string;
  /** How to show a value: a share as a percentage, or a plain number. */
  readonly format?: 'percent' | 'number';
  /** Whether lower values are better, for marking the best evaluation. */
  readonly lowerIsBetter?: boolean;
}

export const TRAINING_METRICS: Readonly<Record<string, MetricDescription>> = {
  lossD: {
    label: 'discriminator loss',
    meaning: 'Binary cross-entropy of D on a real and a generated batch. With the standard GAN loss it equals 2 ln 2 ≈ 1.386 when D outputs 1/2 everywhere.',
  },
  lossG: {
    label: 'generator loss',
    meaning: 'The loss G minimises. For the non-saturating loss, −mean log D(G(z)), it equals ln 2 ≈ 0.693 when D(G(z)) = 1/2.',
  },
  loss: {
    label: 'MMD² loss',
    meaning: 'MMD² between a generated and a real batch, the quantity an MMD generator minimises. It is 0 when the two distributions are equal, up to sampling noise.',
  },
  dReal: {
    label: 'mean D(x)',
    meaning: "The discriminator's mean probability that real samples are real.",
    format: 'number',
  },
  dFake: {
    label: 'mean D(G(z))',
    meaning: "The discriminator's mean probability that generated samples are real.",
    format: 'number',
  },
  gradNormD: { label: '‖∇D‖', meaning: 'L2 norm of the discriminator gradient at the step.' },
  gradNormG: { label: '‖∇G‖', meaning: 'L2 norm of the generator gradient at the step.' },
};

export const EVALUATION_METRICS: Readonly<Record<string, MetricDescription>> = {
  mmd2: {
    label: 'MMD² to held-out data',
    meaning:
      'Unbiased MMD² between generated samples and held-out real data, with RBF kernels at 1/4 to 4 times the median distance between held-out rows. Values near 0 (it can be slightly negative) mean this kernel cannot tell the samples from real data. The kernel depends on the data, so compare values within one run.',
    lowerIsBetter: true,
  },
  modesCovered: {
    label: 'modes covered',
    meaning:
      'Mixture modes that receive at least a fifth of their fair share (0.2 / number of modes) of all samples as high-quality samples. Fewer modes than the mixture has is mode collapse.',
  },
  highQualityShare: {
    label: 'high-quality samples',
    meaning: 'Share of generated points within 3 standard deviations of the nearest mode centre. Exact draws from the mixture score 1 − e^(−4.5) ≈ 98.9%.',
    format: 'percent',
  },
  frechetDistance: {
    label: 'Frechet distance',
    meaning:
      "Frechet distance between Gaussian fits to the classifier's 64 penultimate-layer features of generated and held-out real digits. Lower is better and 0 means equal statistics. These are samplekit's own classifier features, not Inception features, so values are not comparable with published FID scores.",
    lowerIsBetter: true,
  },
  classesCovered: {
    label: 'digit classes covered',
    meaning: 'Classes that the digit classifier assigns at least a quarter of their fair share of samples (2.5% for 10 digits).',
  },
  meanConfidence: {
    label: 'mean classifier confidence',
    meaning: "Mean of the classifier's top class probability. Low values mean images that look like no digit in particular.",
    format: 'percent',
  },
  modeCounts: {
    label: 'high-quality samples per mode',
    meaning: 'Number of high-quality samples assigned to each mode, in the order of the mixture centres.',
  },
  classShares: {
    label: 'class shares (%)',
    meaning: 'Percentage of generated images the classifier assigns to each class, from digit 0 upwards.',
  },
  classifierAccuracy: {
    label: 'classifier accuracy',
    meaning: 'Held-out accuracy of the digit classifier that judges the samples. The class and Frechet metrics are only as reliable as this classifier.',
    format: 'percent',
  },
};

/** Explanation of a field, with a generic fallback for fields this report does not know. */
export function describeMetric(field: string): MetricDescription {
  return EVALUATION_METRICS[field] ?? TRAINING_METRICS[field] ?? { label: field, meaning: '' };
}
