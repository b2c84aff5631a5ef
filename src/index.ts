/** Public API of samplekit. The CLI and the playground use only what is exported here. */
export * from './errors.js';
export * as validate from './validate.js';
export type * from './random/types.js';
export type * from './distributions/types.js';
export {
  standardNormal,
  standardExponential,
  standardGamma,
  logStandardGamma,
  fillStandardNormal,
  fillStandardExponential,
  fillStandardGamma,
  fillLogStandardGamma,
  type WordSource,
} from './distributions/standard.js';
export { CONTINUOUS_DISTRIBUTION_NAMES } from './distributions/continuous-registry.js';
export { LocationScaleDistribution } from './distributions/location-scale.js';
export { Normal, normal, type NormalOptions } from './distributions/normal.js';
export { Lognormal, lognormal, type LognormalOptions } from './distributions/lognormal.js';
export { Exponential, exponential, type ExponentialOptions } from './distributions/exponential.js';
export { Gamma, gamma, type GammaOptions } from './distributions/gamma.js';
export { ChiSquare, chiSquare, type ChiSquareDistributionOptions } from './distributions/chi-square.js';
export { Beta, beta, type BetaOptions } from './distributions/beta.js';
export { StudentT, studentT, type StudentTOptions } from './distributions/student-t.js';
export { Cauchy, cauchy, type CauchyOptions } from './distributions/cauchy.js';
export { Laplace, laplace, type LaplaceOptions } from './distributions/laplace.js';
export { Logistic, logistic, type LogisticOptions } from './distributions/logistic.js';
export { Weibull, weibull, type WeibullOptions } from './distributions/weibull.js';
export { Pareto, pareto, type ParetoOptions } from './distributions/pareto.js';
export { Triangular, triangular, type TriangularOptions } from './distributions/triangular.js';
// The random core already exports `uniform(rng, low, high)`, so the distribution's factory is renamed here.
export { Uniform, uniform as uniformDistribution, type UniformOptions } from './distributions/uniform.js';
export { normalCdf, normalSf, normalQuantile, normalIsf } from './distributions/special.js';
export {
  registerDistribution,
  listDistributions,
  getDistributionSpec,
  type DistributionSpec,
  type ParameterSpec,
} from './distributions/registry.js';
export { DISCRETE_DISTRIBUTION_NAMES } from './distributions/discrete-registry.js';
export { IntegerDistribution } from './distributions/discrete-base.js';
export { Bernoulli, bernoulli, type BernoulliOptions } from './distributions/bernoulli.js';
export { Binomial, binomial, binomialSampler, type BinomialOptions } from './distributions/binomial.js';
export { Poisson, poisson, poissonSampler, samplePoisson, type PoissonOptions } from './distributions/poisson.js';
export { Geometric, geometric, type GeometricOptions } from './distributions/geometric.js';
export { NegativeBinomial, negativeBinomial, type NegativeBinomialOptions } from './distributions/negative-binomial.js';
export { Categorical, categorical, type CategoricalOptions } from './distributions/categorical.js';
export { AliasTable, normalizeWeights } from './distributions/alias-table.js';
export { MultivariateNormal, multivariateNormal, type MultivariateNormalOptions } from './distributions/multivariate-normal.js';
export { Dirichlet, dirichlet, type DirichletOptions } from './distributions/dirichlet.js';
export { mixture, ContinuousMixture, DiscreteMixture, MultivariateMixture, type Mixture } from './distributions/mixture.js';
export {
  createGenerator,
  generatorFromState,
  DEFAULT_GENERATOR,
  GENERATOR_NAMES,
  SeedSequence,
  type SeedSequenceState,
  Mt19937,
  Pcg32,
  Pcg64,
  Philox4x32,
  Xoshiro128StarStar,
  uniform,
  uniformOpen,
  boundedInt,
  fillUniform,
} from './random/index.js';
export {
  kolmogorovSmirnovSf,
  kolmogorovSmirnovCdf,
  smirnovSf,
  kolmogorovLimitSf,
} from './stats/kolmogorov.js';
export {
  ksTest,
  ksTwoSampleTest,
  KS_EXACT_MAX_SIZE,
  type CdfLike,
  type KsOneSampleResult,
  type KsTwoSampleMethod,
  type KsTwoSampleOptions,
  type KsTwoSampleResult,
} from './stats/ks.js';
export {
  chiSquareTest,
  chiSquareDiscreteTest,
  chiSquareSf,
  type ChiSquareOptions,
  type ChiSquareResult,
  type DiscreteModel,
  type OutsideSupport,
} from './stats/chi-square.js';
export {
  rbfKernel,
  imqKernel,
  polynomialKernel,
  checkKernel,
  kernelFunction,
  describeKernel,
  DEFAULT_RBF_BANDWIDTHS,
  type Kernel,
  type RbfKernel,
  type InverseMultiquadricKernel,
  type PolynomialKernel,
} from './stats/kernels.js';
export { mmd2Tensor, MMD_ESTIMATORS, type MmdEstimator } from './stats/mmd-tensor.js';
export {
  readTable,
  parseTable,
  parseJsonTable,
  type Table,
  type TableFormat,
  type ReadTableOptions,
  type CsvDelimiter,
  type CsvOptions,
  type NumericTable,
} from './data/table.js';
export { parseCsv } from './data/csv.js';
export { parseNpy, isNpy } from './data/npy.js';
export * from './samplers/index.js';
export type * from './data/types.js';
export { loadDataset, describeDatasets, TABLE_EXTENSIONS, type LoadDatasetOptions } from './data/load.js';
export { parseDatasetSpec, type DatasetSpec } from './data/spec.js';
export { dataSpaceMapper } from './data/transform.js';
export {
  sampleGaussianMixture,
  sampleRing,
  sampleGrid,
  sampleSpiral,
  sampleMoons,
  type PointSet,
  type GaussianMixture2d,
  type RingOptions,
  type GridOptions,
  type SpiralOptions,
  type MoonsOptions,
} from './data/synthetic.js';
export { readMnistDigits, type MnistDigits } from './data/mnist.js';
export { readImageFolder, type ImageFolder, type ImageFolderOptions } from './data/image-folder.js';
export { resizeAreaAverage } from './data/resize.js';
export { writeFileAtomic, writeFileAtomicSync, type FileContents, type AtomicWriteOptions } from './io/atomic.js';
export { formatDouble } from './io/format.js';
export { formatCsv, writeCsv, type CsvOptions as CsvWriteOptions } from './io/csv.js';
export { writeJson, writeJsonLines, appendJsonLine, formatJsonLines } from './io/json.js';
export { encodeNpy, writeNpy, type NpyDtype } from './io/npy.js';
export { encodePng, writePng, unitRangeToBytes, type RasterImage } from './io/png.js';
export { renderVegaLite, renderVegaLiteSvg, rasterizeSvg, type VegaLiteSpec, type RenderOptions, type RenderedChart } from './report/vega.js';
export {
  lineChartSpec,
  lossChartSpec,
  discriminatorChartSpec,
  gradientChartSpec,
  evaluationChartSpec,
  scatterChartSpec,
  decisionGridPoints,
  type StepRecord,
  type DecisionSurface,
  type ScatterOptions,
} from './report/plots.js';
export { imageGridPng, type ImageGridOptions } from './report/image-grid.js';
export { writeReport, buildReportHtml, REPORT_FILE, type ReportOptions } from './report/report.js';
export { readRunFolder, readJsonLines, type RunFolder, type SampleFile } from './report/run-folder.js';
export { writeSampleImage, renderSampleImage, sampleImagePath, SAMPLES_FOLDER, type SampleImageOptions } from './report/samples.js';
export { modeMetrics, type ModeMetrics, type ModeMetricOptions } from './models/metrics/modes.js';
export { symmetricEigen, type SymmetricEigen } from './models/metrics/eigen.js';
export { featureStatistics, frechetDistance, frechetDistanceFromStatistics, type FeatureStatistics } from './models/metrics/frechet.js';
export { DigitClassifier, type DigitClassifierOptions, type LabelledImages } from './models/metrics/digit-classifier.js';
export { DigitEvaluator, type DigitMetrics, type DigitEvaluatorOptions } from './models/metrics/digits.js';
export { MmdEvaluator, type MmdEvaluatorOptions } from './models/metrics/mmd.js';
export { SampleEvaluator, type SampleEvaluation, type SampleEvaluatorOptions } from './models/metrics/evaluator.js';
export { mmd2, type MmdOptions } from './stats/mmd.js';
export { medianDistance, medianHeuristicKernel, MEDIAN_MULTIPLIERS, type MedianOptions } from './stats/bandwidth.js';
export {
  mmdTest,
  energyTest,
  energyDistance,
  type MmdTestOptions,
  type PermutationStreamOptions,
} from './stats/two-sample.js';
export {
  DEFAULT_PERMUTATIONS,
  DEFAULT_MAX_MATRIX_BYTES,
  type PermutationTestResult,
  type PermutationOptions,
} from './stats/permutation.js';
export type { RowMatrix, RowsInput } from './stats/rows.js';
export { mmd2Blocked, type BlockedMmdOptions } from './stats/mmd-blocked.js';
export { MIN_FLOAT32_BANDWIDTH } from './stats/tensor-kernels.js';
export { initBackend, type BackendName } from './backend.js';
export { train, learningRateFactor, type TrainOptions, type TrainCallbacks, type TrainProgress, type TrainResult, type TrainStartInfo } from './models/train.js';
export { generateFromRun, readRunConfig, saveNetworks, type GeneratedRows } from './models/saved-model.js';
export { resolveRunConfig, medianPairwiseDistance, SAMPLEKIT_VERSION, type RunConfig, type TrainingOverrides } from './models/config.js';
export { GAN_LOSS_NAMES, MODEL_KINDS, ARCHITECTURES, type GanLossName, type ModelKind, type Architecture } from './models/names.js';
export { createTrainer, type Trainer } from './models/trainer.js';
export { GanTrainer, type GanOptions, type GanStepMetrics } from './models/gan-trainer.js';
export { MmdTrainer, type MmdOptions as MmdTrainerOptions, type MmdStepMetrics } from './models/mmd-trainer.js';
export { discriminatorStep, generatorStep, type GanNetworks, type DiscriminatorStepResult, type GeneratorStepResult } from './models/gan-step.js';
export {
  ganLoss,
  nonSaturatingLoss,
  minimaxLoss,
  wassersteinGradientPenaltyLoss,
  hingeLoss,
  leastSquaresLoss,
  type GanLoss,
  type DiscriminatorLossGradient,
  type GeneratorLossGradient,
} from './models/losses.js';
export { Mlp, productWithTransposedKernel, type MlpConfig, type MlpTrace, type HiddenActivation, type OutputActivation } from './models/mlp.js';
export { DcganGenerator, DcganDiscriminator, type DcganSpec } from './models/dcgan.js';
export { conv2d as conv2dSame, conv2dTranspose as conv2dTransposeSame, convolutionFilterGradient, samePadding } from './models/conv.js';
export { PackedDiscriminator } from './models/packing.js';
export { buildGenerator, buildDiscriminator, generatorOutputActivation, type NetworkSpec, type MlpSpec } from './models/architectures.js';
export type { Network, NetworkTrace, NetworkGradients } from './models/network.js';
export { Adam, GAN_ADAM_DEFAULTS, type AdamOptions, type AdamState } from './models/adam.js';
export { initialWeights, INITIALIZER_NAMES, type InitializerName, type InitializerSpec, type Fans } from './models/initializers.js';
export { latentNoise, standardNormalValues } from './models/noise.js';
export { trainingStreams, type TrainingStreams } from './models/streams.js';
export { BatchSampler, type BatchOrderState } from './models/batches.js';
export { writeCheckpoint, readCheckpoint, CHECKPOINT_FORMAT_VERSION, type CheckpointContents, type CheckpointArray } from './models/checkpoint.js';
export { saveLayersModel, loadLayersModel } from './models/model-files.js';
