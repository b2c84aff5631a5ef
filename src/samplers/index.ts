/** Classical samplers: inverse transform (analytic, numerical, discrete), rejection, adaptive rejection, Metropolis–Hastings, and MCMC diagnostics. */
export { InverseTransformSampler, type HasQuantile } from './inversion/analytic.js';
export { GuideTableSampler, type FromDistributionOptions, type GuideTableOptions } from './inversion/guide-table.js';
export {
  NumericalInversion,
  type NumericalInversionInfo,
  type NumericalInversionOptions,
  type UErrorEstimate,
} from './inversion/numerical-inversion.js';
export { type PoleMapping } from './inversion/pole-mapping.js';
export {
  type DensityMode,
  type DensitySurvey,
  MassCoverageError,
  surveyDensity,
  type SurveyOptions,
} from './density-survey.js';
export { type BoundSearchOptions, type BoundSearchResult, findLogBound } from './rejection/envelope.js';
export { EnvelopeError, type Proposal, RejectionSampler, type RejectionOptions, type RejectionStatistics } from './rejection/rejection.js';
export {
  AdaptiveRejectionSampler,
  type AdaptiveRejectionOptions,
  type AdaptiveRejectionStatistics,
} from './rejection/adaptive-rejection.js';
export {
  type LogDensity,
  type MetropolisInfo,
  type MetropolisKernel,
  type MetropolisState,
  metropolisHastings,
  type ProposalKernel,
} from './metropolis/kernel.js';
export { choleskyFactor, independence, type IndependenceDistribution, randomWalk, type RandomWalkOptions } from './metropolis/proposals.js';
export { type AdaptationMode, defaultTargetAcceptance, RandomWalkAdapter } from './metropolis/adaptation.js';
export {
  type ChainProgress,
  type ChainResult,
  type ChainSettings,
  type CustomProposalSettings,
  type ProposalSettings,
  type RandomWalkSettings,
  runChain,
} from './metropolis/chain.js';
export {
  type MetropolisOptions,
  type MetropolisResult,
  type MetropolisRunOptions,
  sampleMetropolis,
  summarizeMetropolis,
} from './metropolis/sampler.js';
export { type ParallelMetropolisOptions, sampleMetropolisParallel } from './metropolis/parallel.js';
export { asLogDensity, type DensitySpec, type ExpressionDensity, type ModuleDensity, resolveDensity } from './metropolis/density.js';
export { logDensityFromExpression, translateForWorkers } from './metropolis/expression-density.js';
export {
  checkEveryVariableUsed,
  compileExpression,
  type CompiledExpression,
  ExpressionError,
  expressionToJavaScript,
  inferDimension,
} from './expression.js';
export * from './diagnostics/index.js';
