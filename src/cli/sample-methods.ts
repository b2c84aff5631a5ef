/**
 * The four methods behind `samplekit sample`. Each turns a density
 * expression into draws plus the diagnostics that show how far to trust
 * them. Errors from the library are reworded here where their advice names
 * an API option, so the user reads the command-line flag instead. Only the
 * `sample` command uses this module.
 */
import { Cauchy } from '../distributions/cauchy.js';
import { ContinuousMixture } from '../distributions/mixture.js';
import { Uniform } from '../distributions/uniform.js';
import { InvalidArgumentError, NumericalError } from '../errors.js';
import { createGenerator } from '../random/index.js';
import { type DensitySurvey, MassCoverageError, surveyDensity } from '../samplers/density-survey.js';
import { type ChainSummary } from '../samplers/diagnostics/summary.js';
import { compileExpression } from '../samplers/expression.js';
import { NumericalInversion } from '../samplers/inversion/numerical-inversion.js';
import type { ExpressionDensity } from '../samplers/metropolis/density.js';
import { logDensityFromExpression } from '../samplers/metropolis/expression-density.js';
import { sampleMetropolisParallel } from '../samplers/metropolis/parallel.js';
import { type MetropolisResult, type MetropolisRunOptions, sampleMetropolis, summarizeMetropolis } from '../samplers/metropolis/sampler.js';
import { AdaptiveRejectionSampler } from '../samplers/rejection/adaptive-rejection.js';
import { EnvelopeError, type Proposal, RejectionSampler } from '../samplers/rejection/rejection.js';
import { checkModeShares, majorModes } from './sample-modes.js';
import { expressionFlag, type SampleRequest } from './sample-request.js';

export interface SampleOutcome {
  /** Row-major draws, `dimension` numbers per row. */
  readonly draws: Float64Array;
  /** Method-specific diagnostics, as printed with --json. */
  readonly diagnostics: Record<string, unknown>;
  /** Problems the user should act on (non-convergence, low ESS, draws that miss a mode). */
  readonly warnings: string[];
  /** Facts about the run that limit what the diagnostics can show. */
  readonly notes: string[];
  /** Per-chain draws of an mh run, for trace plots. */
  readonly chains?: Float64Array[];
  /** A numerical inversion of the density, when the method built one; reused for the plot. */
  readonly inversion?: NumericalInversion;
}

/** Advice appended to a MassCoverageError, in command-line terms. */
const COVERAGE_ADVICE = 'On the command line: pass --domain LO,HI around all the mass, or --center X near the part that was missed';

/**
 * Returns the log density of a 1-D expression as a function of a number:
 * -Infinity outside --domain, and an error naming the flag for a value that
 * is NaN, negative (for a density) or +Infinity. With `polesAtEnds`, the
 * finite ends of --domain may be +Infinity: numerical inversion handles
 * that as an integrable pole, and the rejection bound search reports it.
 */
export function scalarLogDensity(request: SampleRequest, polesAtEnds = false): (x: number) => number {
  const flag = expressionFlag(request);
  const compiled = compileExpression(request.expression, 1, flag);
  const point = new Float64Array(1);
  const [lower, upper] = request.domain;

  return (x) => {
    if (!(x >= lower && x <= upper)) return -Infinity;
    point[0] = x;
    const value = compiled.evaluate(point);
    if (Number.isNaN(value)) {
      throw new InvalidArgumentError(flag, 'a number at every point of --domain', request.expression, `At x = ${x} it is NaN (the log or square root of a negative number, for one); fix the expression or narrow --domain`);
    }
    if (request.kind === 'density' && value < 0) {
      throw new InvalidArgumentError(flag, 'non-negative at every point of --domain', request.expression, `At x = ${x} it is ${value}; a density cannot be negative, so check the expression and --domain`);
    }
    const logValue = request.kind === 'density' ? Math.log(value) : value;
    if (logValue === Infinity && !(polesAtEnds && (x === lower || x === upper))) {
      const advice = polesAtEnds ? 'a pole is supported only at a finite end of --domain, so split the domain there' : 'use --method inverse, which handles a pole at a finite end of --domain';
      throw new InvalidArgumentError(flag, 'finite inside --domain', request.expression, `At x = ${x} it is infinite; ${advice}`);
    }
    return logValue;
  };
}

/** Runs the requested method. */
export async function runSample(request: SampleRequest): Promise<SampleOutcome> {
  if (request.dimension > 1 && request.method !== 'mh') {
    throw new InvalidArgumentError(
      '--method',
      `mh for a density in ${request.dimension} variables (x1..x${request.dimension}); ${request.method} samples 1-D densities in x`,
      request.method,
    );
  }
  switch (request.method) {
    case 'inverse':
      return runInverse(request);
    case 'rejection':
      return runRejection(request);
    case 'ars':
      return runAdaptiveRejection(request);
    case 'mh':
      return runMetropolis(request);
  }
}

/** Builds the PINV approximation of a 1-D density expression, with command-line advice on a coverage error. */
export function buildInversion(request: SampleRequest, uResolution = request.uResolution): NumericalInversion {
  const logPdf = scalarLogDensity(request, true);
  return withCoverageAdvice(() => new NumericalInversion({ logPdf, domain: request.domain, uResolution, center: request.center?.[0] }));
}

/** Runs `build`, rethrowing a MassCoverageError with the command-line flags that fix it. */
function withCoverageAdvice<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof MassCoverageError) throw new MassCoverageError(`${error.message}. ${COVERAGE_ADVICE}`);
    throw error;
  }
}

/** Surveys a 1-D density over --domain (around --center when given). */
function surveyRequest(request: SampleRequest, logDensity: (x: number) => number): DensitySurvey {
  const [lower, upper] = request.domain;
  return withCoverageAdvice(() => surveyDensity(logDensity, lower, upper, { center: request.center?.[0] }));
}

function runInverse(request: SampleRequest): SampleOutcome {
  const inversion = buildInversion(request);
  const rng = createGenerator(request.generator, request.seed);
  const started = performance.now();
  const draws = inversion.sampleN(rng, request.count);
  const samplingMilliseconds = performance.now() - started;
  const uError = inversion.measureUError(10000);
  if (uError.max > request.uResolution) {
    // The set-up checked fewer points; draws with a larger error than asked for must not pass silently.
    throw new NumericalError(
      `numerical inversion measured a u-error of ${uError.max.toExponential(2)} at one of ${uError.points + uError.tailPoints} points, above --u-resolution ${request.uResolution}; pass a larger --u-resolution`,
    );
  }

  const { info } = inversion;
  const notes: string[] = [];
  if (info.poleMapping !== undefined) {
    const { end, direction, power } = info.poleMapping;
    const offset = end === 0 && direction > 0 ? '' : `${end} ${direction > 0 ? '+' : '-'} `;
    notes.push(`the density has a pole at x = ${end}; the table was built in t with x = ${offset}|t|^${power.toPrecision(4)}, where the pole disappears`);
  }
  return {
    draws,
    inversion,
    warnings: [],
    notes,
    diagnostics: {
      setupMilliseconds: info.setupMilliseconds,
      samplingMilliseconds,
      intervals: info.intervals,
      densityEvaluations: info.evaluations,
      uResolution: info.uResolution,
      uErrorMax: uError.max,
      uErrorMean: uError.mean,
      uErrorPoints: uError.points + uError.tailPoints,
      refinements: info.refinements,
      computationalDomain: info.domain,
    },
  };
}

function runRejection(request: SampleRequest): SampleOutcome {
  // A pole at an end of --domain reaches the bound search, which reports the unbounded ratio.
  const logTarget = scalarLogDensity(request, true);
  const { proposal, description } = chooseProposal(request, logTarget);
  let sampler: RejectionSampler;
  try {
    sampler = new RejectionSampler({ logTarget, proposal, logBound: request.bound === undefined ? undefined : Math.log(request.bound) });
  } catch (error) {
    if (!(error instanceof NumericalError)) throw error;
    throw new NumericalError(`${error.message}. The ${description} proposal cannot envelope this density; use --method inverse or --method mh`);
  }

  let draws: Float64Array;
  try {
    draws = sampler.sampleN(createGenerator(request.generator, request.seed), request.count);
  } catch (error) {
    if (error instanceof EnvelopeError) throw envelopeErrorForCli(error);
    throw error;
  }

  const statistics = sampler.statistics;
  return {
    draws,
    warnings: [],
    notes: [],
    diagnostics: {
      proposal: description,
      logBound: statistics.logBound,
      boundSource: statistics.boundSource,
      attempts: statistics.attempts,
      accepted: statistics.accepted,
      acceptanceRate: statistics.acceptanceRate,
      inverseBound: statistics.inverseBound,
      // The normalising constant Z is unknown here; acceptance rate = Z / M estimates it, so log Z = log rate + log M.
      logNormalizingConstantEstimate: Math.log(statistics.acceptanceRate) + statistics.logBound,
      normalizingConstantEstimate: statistics.acceptanceRate * Math.exp(statistics.logBound),
    },
  };
}

/** Rewords an envelope failure with the command-line options that fix it. */
function envelopeErrorForCli(error: EnvelopeError): NumericalError {
  const needed = formatExp(error.logRatio);
  const found = `at x = ${error.x} the density is ${needed} times the proposal density, above M = ${formatExp(error.logBound)}, so the draws would not follow the density`;
  if (error.boundSource === 'given') {
    return new NumericalError(`the envelope does not dominate the density: ${found}; pass --bound ${needed} or more, or omit --bound to have it found`);
  }
  return new NumericalError(
    `the automatic bound missed a region where the density is large: ${found}; pass --bound ${needed} or more, or --center near x = ${error.x}, or use --method inverse`,
  );
}

/** Formats exp(logValue) as a number, or as e^logValue where the number would overflow. */
function formatExp(logValue: number): string {
  return logValue < 700 ? Number(Math.exp(logValue).toPrecision(6)).toString() : `e^${logValue.toPrecision(6)}`;
}

function runAdaptiveRejection(request: SampleRequest): SampleOutcome {
  const logDensity = scalarLogDensity(request);
  const [lower, upper] = request.domain;
  const sampler = new AdaptiveRejectionSampler({ logDensity, domain: [lower, upper] });
  const draws = sampler.sampleN(createGenerator(request.generator, request.seed), request.count);
  return { draws, warnings: [], notes: [], diagnostics: { ...sampler.statistics } };
}

async function runMetropolis(request: SampleRequest): Promise<SampleOutcome> {
  const { dimension, chains } = request;
  const drawsPerChain = request.count / chains;
  const density = domainRestricted(request);
  const start = startingPoints(request);
  const common: MetropolisRunOptions = {
    dimension,
    seed: request.seed,
    generator: request.generator,
    chains,
    warmup: request.warmup,
    draws: drawsPerChain,
    thin: request.thin,
    ...start.options,
    onProgress: request.onProgress,
  };

  let result: MetropolisResult;
  if (request.workers > 0) {
    result = await sampleMetropolisParallel({ ...common, density, workers: request.workers, workerUrl: request.workerUrl });
  } else {
    result = sampleMetropolis({ ...common, logDensity: logDensityFromExpression(density, dimension) });
  }
  request.onDiagnostics?.();

  const summaries = summarizeMetropolis(result);
  const draws = new Float64Array(request.count * dimension);
  result.chains.forEach((chain, c) => draws.set(chain.draws, c * drawsPerChain * dimension));

  const warnings = summaries.flatMap((summary) => summary.warnings);
  const notes = [start.note];
  let inversion: NumericalInversion | undefined;
  if (start.survey !== undefined) {
    const check = checkModeShares(start.survey, result, () => buildInversion(request, 1e-6));
    warnings.push(...check.warnings);
    notes.push(...check.notes);
    inversion = check.inversion;
  }

  return {
    draws,
    chains: result.chains.map((chain) => chain.draws),
    inversion,
    warnings,
    notes,
    diagnostics: {
      chains,
      warmup: request.warmup,
      drawsPerChain,
      thin: request.thin,
      workers: request.workers,
      initialPositions: result.chains.map((chain) => Array.from(chain.initialPosition)),
      acceptanceRates: result.acceptanceRates,
      warmupAcceptanceRates: result.chains.map((chain) => chain.warmupAcceptanceRate),
      proposalScales: result.chains.map((chain) => chain.scale),
      coordinates: summaries.map((summary, j) => coordinateReport(summary, dimension === 1 ? 'x' : `x${j + 1}`)),
    },
  };
}

/**
 * Chooses where the chains start. In 1-D the density is surveyed (for the
 * check of mode shares too), and without --center the chains are spread
 * over its modes: chain c starts near mode c mod k, within 3 half-widths.
 * Chains that cannot cross between separated modes then disagree, and
 * R-hat shows it. Otherwise the chains start uniformly in center +- spread,
 * as in Stan.
 */
function startingPoints(request: SampleRequest): { options: Partial<MetropolisRunOptions>; note: string; survey?: DensitySurvey } {
  const { dimension, chains } = request;
  const [lower, upper] = request.domain;
  const finiteDomain = Number.isFinite(lower) && Number.isFinite(upper);
  const logDensity = dimension === 1 ? scalarLogDensity(request) : undefined;
  const survey = logDensity === undefined ? undefined : surveyRequest(request, logDensity);
  const subject = chains === 1 ? 'the chain' : 'the chains';

  if (survey !== undefined && logDensity !== undefined && request.center === undefined) {
    const modes = majorModes(survey);
    const perMode = Math.ceil(chains / modes.length);
    const initialPositions = Array.from({ length: chains }, (_, c) => {
      const mode = modes[c % modes.length];
      const offset = (2 * (Math.floor(c / modes.length) + 0.5)) / perMode - 1;
      const halfWidth = offset < 0 ? mode.halfWidths[0] : mode.halfWidths[1];
      const x = mode.x + 3 * offset * halfWidth;
      return [x > lower && x < upper && logDensity(x) > -Infinity ? x : mode.x];
    });
    const where = modes.map((mode) => Number(mode.x.toPrecision(6))).join(', ');
    const note = `${subject} started near the ${modes.length === 1 ? 'mode' : `${modes.length} modes`} that a survey of the density found (x = ${where})`;
    return { options: { initialPositions }, note, survey };
  }

  const center = request.center ?? (finiteDomain && dimension === 1 ? [(lower + upper) / 2] : new Array<number>(dimension).fill(0));
  const spread = request.spread ?? (finiteDomain && dimension === 1 ? Math.min(2, 0.45 * (upper - lower)) : 2);
  const unvisited = dimension === 1 ? 'modes were checked against a survey of the density' : 'Metropolis cannot detect a mode that no chain visits, so move --center or widen --spread to check';
  const around = dimension === 1 ? `x = ${center[0]}` : `the center (${center.join(', ')}) in each coordinate`;
  const note = `${subject} started at points drawn uniformly within ${spread} of ${around}; ${unvisited}`;
  return { options: { initialCenter: center, initialSpread: spread }, note, survey };
}

function coordinateReport(summary: ChainSummary, name: string): Record<string, unknown> {
  return {
    name,
    mean: summary.mean,
    sd: summary.sd,
    q05: summary.quantiles.q05,
    q50: summary.quantiles.q50,
    q95: summary.quantiles.q95,
    mcseMean: summary.mcseMean,
    mcseSd: summary.mcseSd,
    essBulk: summary.essBulk,
    essTail: summary.essTail,
    rhat: summary.rhat,
  };
}

/**
 * Returns the expression density for the workers, restricted to --domain by
 * a conditional around it. The expression was compiled once before this, so
 * errors point into the text as typed.
 */
function domainRestricted(request: SampleRequest): ExpressionDensity {
  compileExpression(request.expression, request.dimension, expressionFlag(request));
  const [lower, upper] = request.domain;
  if (request.dimension > 1 || (lower === -Infinity && upper === Infinity)) {
    return { expression: request.expression, kind: request.kind };
  }
  const outside = request.kind === 'density' ? '0' : '-Infinity';
  const conditions = [Number.isFinite(lower) ? `x >= ${lower}` : '', Number.isFinite(upper) ? `x <= ${upper}` : ''].filter(Boolean);
  return { expression: `(${conditions.join(' and ')}) ? (${request.expression}) : ${outside}`, kind: request.kind };
}

/**
 * Returns the proposal for rejection sampling: uniform on a finite domain
 * (with --proposal auto or uniform), otherwise Cauchy. The Cauchy is centred
 * at the mode that a survey of the density finds, with the half-width at
 * half maximum as its scale. With several separated modes it is a mixture
 * of one such Cauchy per mode, weighted by the modes' estimated masses. Its
 * tails dominate any density that decays at least like |x|^-2.
 */
function chooseProposal(request: SampleRequest, logTarget: (x: number) => number): { proposal: Proposal; description: string } {
  const [lower, upper] = request.domain;
  const finite = Number.isFinite(lower) && Number.isFinite(upper);
  let name = request.proposal;
  if (name === 'auto') name = finite ? 'uniform' : 'cauchy';

  if (name === 'uniform') {
    if (!finite) {
      throw new InvalidArgumentError('--proposal', 'cauchy or auto on an infinite domain, because a uniform proposal needs a finite --domain', name);
    }
    return { proposal: new Uniform({ loc: lower, scale: upper - lower }), description: `uniform(${lower}, ${upper})` };
  }

  const modes = majorModes(surveyRequest(request, logTarget));
  const components = modes.map((mode) => new Cauchy({ loc: mode.x, scale: Math.max(mode.halfWidths[0], mode.halfWidths[1]) }));
  if (components.length === 1) {
    const { loc, scale } = components[0].parameters;
    return { proposal: components[0], description: `cauchy(loc=${loc}, scale=${scale})` };
  }
  const largest = modes[0].logMass;
  const weights = modes.map((mode) => Math.exp(mode.logMass - largest));
  const where = modes.map((mode) => Number(mode.x.toPrecision(6))).join(', ');
  return { proposal: new ContinuousMixture(weights, components), description: `mixture of ${components.length} Cauchy distributions at x = ${where}` };
}
