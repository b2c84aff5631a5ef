/**
 * `samplekit sample`: draws from a density typed as a mathjs expression, by
 * numerical inversion, rejection, adaptive rejection or Metropolis–Hastings.
 * Draws go to stdout (or -o FILE.csv), one per line; diagnostics go to
 * stderr, as text or as one JSON object with --json.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';

import { InvalidArgumentError, SamplekitError } from '../../errors.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { formatCsv, writeCsv } from '../../io/csv.js';
import { checkGeneratorName, DEFAULT_GENERATOR, GENERATOR_NAMES } from '../../random/index.js';
import { renderVegaLite, type VegaLiteSpec } from '../../report/vega.js';
import { inferDimension } from '../../samplers/expression.js';
import type { ChainProgress } from '../../samplers/metropolis/chain.js';
import { oneOf } from '../../validate.js';
import { buildInversion, METHODS, PROPOSALS, runSample, type SampleOutcome, type SampleRequest } from '../sample-methods.js';
import { histogramSpec, scatterSpec, stackSpecs, traceSpec } from '../sample-plots.js';

export interface SampleCommandOptions {
  readonly density?: string;
  readonly logDensity?: string;
  readonly domain?: string;
  readonly center?: string;
  readonly method: string;
  readonly count: string;
  readonly seed: string;
  readonly generator: string;
  readonly output?: string;
  readonly plot?: string;
  readonly json?: boolean;
  readonly uResolution: string;
  readonly proposal: string;
  readonly chains: string;
  readonly warmup: string;
  readonly thin: string;
  readonly workers?: string;
}

/** Options that only one method reads; giving them with another method is an error rather than silently ignored. */
const METHOD_OPTIONS: Record<string, string> = {
  uResolution: 'inverse',
  proposal: 'rejection',
  chains: 'mh',
  warmup: 'mh',
  thin: 'mh',
  workers: 'mh',
};

/** Total chain iterations above which a non-TTY run logs its progress every 25 %. */
const LOG_PROGRESS_ABOVE = 1_000_000;

export function register(program: Command): void {
  program
    .command('sample')
    .description('Draw from a density given as a mathjs expression in x (1-D) or x1..xd (d-D, mh only)')
    .option('--density <expr>', 'unnormalised density, e.g. "exp(-x^2/2)*(1+sin(3*x)^2)"')
    .option('--log-density <expr>', 'log of an unnormalised density, e.g. "-x1^2/2 - x2^2/8"')
    .option('--domain <lo,hi>', 'support of a 1-D density; either end may be -inf or inf (default -inf,inf)')
    .option('--center <x>', 'a point where a 1-D density is large, when it lies too far from 0 for the automatic search (inverse, rejection, mh)')
    .requiredOption('--method <method>', `sampler: ${METHODS.join(', ')} (inverse: numerical inversion, ars: adaptive rejection for log-concave densities)`)
    .requiredOption('-n, --count <N>', 'number of draws (for mh: over all chains together)')
    .requiredOption('--seed <int>', 'seed: a non-negative decimal integer')
    .option('--generator <name>', `bit generator: ${GENERATOR_NAMES.join(', ')}`, DEFAULT_GENERATOR)
    .option('-o, --output <file.csv>', 'write the draws to a CSV file instead of stdout')
    .option('--plot <file.png>', 'write a PNG: histogram against the normalised density (1-D), plus trace plots for mh and a scatter of x1, x2 in d-D')
    .option('--json', 'print the diagnostics as one JSON object: on stdout when -o is given, otherwise on stderr')
    .option('--u-resolution <u>', 'inverse: maximum u-error |F(Q(u)) - u| of the approximation, from 1e-14 to 1e-4', '1e-10')
    .option('--proposal <name>', `rejection: proposal distribution, ${PROPOSALS.join(', ')} (auto: uniform on a finite domain, otherwise Cauchy)`, 'auto')
    .option('--chains <k>', 'mh: number of chains, each on its own stream', '4')
    .option('--warmup <n>', 'mh: warm-up iterations per chain, discarded, during which the proposal is tuned', '1000')
    .option('--thin <k>', 'mh: keep every k-th state after warm-up', '1')
    .option('--workers <k>', 'mh: worker threads; 0 runs the chains in this thread (default: one per chain, up to the number of CPUs)')
    .action(async (options: SampleCommandOptions, command: Command) => {
      checkMethodOptions(options, command);
      await sample(options);
    });
}

/** Parses the options, samples, and writes draws, diagnostics and the plot. */
export async function sample(options: SampleCommandOptions): Promise<void> {
  const started = performance.now();
  const request = parseRequest(options);
  const progress = progressReporter(request, options.json === true);
  let outcome: SampleOutcome;
  try {
    outcome = await runSample({ ...request, onProgress: progress?.update });
  } finally {
    progress?.stop();
  }
  const seconds = (performance.now() - started) / 1000;

  if (options.output !== undefined) await writeCsv(options.output, outcome.draws, request.dimension);
  else await writeText(process.stdout, formatCsv(outcome.draws, request.dimension));

  const warnings = [...outcome.warnings];
  if (options.plot !== undefined) warnings.push(...(await writePlot(options.plot, request, outcome)));

  if (options.json === true) {
    const report = jsonReport(request, outcome, warnings, seconds);
    await writeText(options.output !== undefined ? process.stdout : process.stderr, `${report}\n`);
  } else {
    process.stderr.write(textReport(request, outcome, warnings, seconds));
  }
}

function checkMethodOptions(options: SampleCommandOptions, command: Command): void {
  for (const [name, method] of Object.entries(METHOD_OPTIONS)) {
    if (command.getOptionValueSource(name) === 'cli' && options.method !== method) {
      const flag = `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
      throw new InvalidArgumentError(flag, `used only with --method ${method}`, options.method, `Remove ${flag} or choose --method ${method}`);
    }
  }
}

export function parseRequest(options: SampleCommandOptions): SampleRequest {
  if ((options.density === undefined) === (options.logDensity === undefined)) {
    throw new InvalidArgumentError('--density / --log-density', 'given exactly once (one of the two)', options.density ?? options.logDensity ?? 'neither');
  }
  const kind = options.density !== undefined ? 'density' : 'log-density';
  const expression = (options.density ?? options.logDensity) as string;
  const dimension = inferDimension(expression, kind === 'density' ? '--density' : '--log-density');
  const method = oneOf('--method', options.method, METHODS);

  const domain = parseDomain(options.domain);
  if (options.domain !== undefined && dimension > 1) {
    throw new InvalidArgumentError('--domain', 'used only with 1-D densities in x', options.domain, 'Encode the support in the expression, e.g. "x1 > 0 ? ... : -Infinity"');
  }

  let center: number | undefined;
  if (options.center !== undefined) {
    center = Number(options.center);
    if (options.center.trim() === '' || !Number.isFinite(center) || !(center > domain[0] && center < domain[1])) {
      throw new InvalidArgumentError('--center', `a number inside the domain (${domain[0]}, ${domain[1]})`, options.center);
    }
    if (dimension > 1 || method === 'ars') {
      throw new InvalidArgumentError('--center', 'used only with 1-D densities and --method inverse, rejection or mh', options.center);
    }
  }

  const chains = parseInteger('--chains', options.chains, 1);
  const workerScript = new URL('../../samplers/metropolis/worker.js', import.meta.url);
  const compiledWorker = workerScript.protocol === 'file:' && existsSync(fileURLToPath(workerScript));
  const defaultWorkers = compiledWorker ? Math.min(chains, availableParallelism()) : 0;
  const workers = options.workers === undefined ? defaultWorkers : parseInteger('--workers', options.workers, 0);
  if (workers > 0 && !compiledWorker) {
    throw new SamplekitError(`--workers ${workers} needs the compiled worker ${fileURLToPath(workerScript)}; run npm run build, or pass --workers 0`);
  }

  const uResolution = Number(options.uResolution);
  if (!(uResolution >= 1e-14 && uResolution <= 1e-4)) {
    throw new InvalidArgumentError('--u-resolution', 'a number from 1e-14 to 1e-4', options.uResolution);
  }

  return {
    method,
    expression,
    kind,
    dimension,
    domain,
    center,
    count: parseInteger('-n', options.count, 1),
    seed: parseSeed(options.seed),
    generator: checkGeneratorName(options.generator, '--generator'),
    uResolution,
    proposal: oneOf('--proposal', options.proposal, PROPOSALS),
    chains,
    warmup: parseInteger('--warmup', options.warmup, 0),
    thin: parseInteger('--thin', options.thin, 1),
    workers,
    workerUrl: workers > 0 ? workerScript : undefined,
  };
}

function parseDomain(text: string | undefined): [number, number] {
  if (text === undefined) return [-Infinity, Infinity];
  const parts = text.split(',').map((part) => part.trim().toLowerCase());
  const values = parts.map((part) => {
    if (part === 'inf' || part === '+inf' || part === 'infinity') return Infinity;
    if (part === '-inf' || part === '-infinity') return -Infinity;
    return part === '' ? NaN : Number(part);
  });
  if (values.length !== 2 || values.some(Number.isNaN) || !(values[0] < values[1])) {
    throw new InvalidArgumentError('--domain', 'two numbers LO,HI with LO < HI (each may be -inf or inf)', text);
  }
  return [values[0], values[1]];
}

function parseInteger(flag: string, text: string, minimum: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < minimum) {
    throw new InvalidArgumentError(flag, `an integer of at least ${minimum}`, text);
  }
  return value;
}

function parseSeed(text: string): bigint {
  if (!/^\d+$/.test(text)) {
    throw new InvalidArgumentError('--seed', 'a non-negative decimal integer', text);
  }
  return BigInt(text);
}

/** Progress of an mh run: a bar on a terminal, a line every 25 % for long runs otherwise, nothing for --json. */
function progressReporter(request: SampleRequest, json: boolean): { update: (progress: ChainProgress) => void; stop: () => void } | undefined {
  if (request.method !== 'mh' || json) return undefined;
  const perChain = request.warmup + Math.ceil(request.count / request.chains) * request.thin;
  const total = perChain * request.chains;
  const done = new Array<number>(request.chains).fill(0);
  const sum = (): number => done.reduce((a, b) => a + b, 0);

  if (process.stderr.isTTY) {
    const bar = new SingleBar({ format: 'mh [{bar}] {percentage}% | {value}/{total} iterations | ETA {eta}s', stream: process.stderr, hideCursor: true });
    bar.start(total, 0);
    return {
      update: (progress) => {
        done[progress.chain] = progress.iteration;
        bar.update(sum());
      },
      stop: () => bar.stop(),
    };
  }

  if (total < LOG_PROGRESS_ABOVE) return undefined;
  let reported = 0;
  return {
    update: (progress) => {
      done[progress.chain] = progress.iteration;
      const quarter = Math.floor((4 * sum()) / total);
      if (quarter > reported) {
        reported = quarter;
        process.stderr.write(`samplekit sample: mh ${25 * quarter}% (${sum()} of ${total} iterations)\n`);
      }
    },
    stop: () => undefined,
  };
}

/** Renders the plot for the method and writes the PNG atomically; returns warnings about parts left out. */
async function writePlot(path: string, request: SampleRequest, outcome: SampleOutcome): Promise<string[]> {
  const warnings: string[] = [];
  const specs: VegaLiteSpec[] = [];
  const title = `${request.method}: ${request.count} draws of ${request.kind === 'density' ? '' : 'log '}density ${request.expression}`;

  if (request.dimension === 1) {
    let pdf: ((x: number) => number) | undefined;
    try {
      const inversion = outcome.inversion ?? buildInversion(request, 1e-8);
      pdf = (x) => inversion.pdf(x);
    } catch (error) {
      warnings.push(`the plot shows no density curve, because normalising the density failed: ${(error as Error).message}`);
    }
    specs.push(histogramSpec(outcome.draws, pdf, title));
  } else {
    specs.push(scatterSpec(outcome.draws, request.dimension, `${title} (x1 against x2)`));
  }

  if (outcome.chains !== undefined) {
    const traced = Math.min(request.dimension, 4);
    for (let j = 0; j < traced; j++) {
      const name = request.dimension === 1 ? 'x' : `x${j + 1}`;
      specs.push(traceSpec(outcome.chains, request.dimension, j, `trace of ${name}`));
    }
  }

  const chart = await renderVegaLite(stackSpecs(specs));
  await writeFileAtomic(path, chart.png);
  return warnings;
}

function jsonReport(request: SampleRequest, outcome: SampleOutcome, warnings: string[], seconds: number): string {
  const report = {
    method: request.method,
    expression: request.expression,
    kind: request.kind,
    dimension: request.dimension,
    domain: request.domain,
    n: request.count,
    seed: request.seed.toString(),
    generator: request.generator,
    seconds,
    diagnostics: outcome.diagnostics,
    warnings,
  };
  // JSON has no Infinity or NaN, so those are written as strings.
  return JSON.stringify(report, (_, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value));
}

function textReport(request: SampleRequest, outcome: SampleOutcome, warnings: string[], seconds: number): string {
  const d = outcome.diagnostics as Record<string, never>;
  const lines = [`samplekit sample: ${request.count} draws by ${request.method} in ${seconds.toFixed(2)} s`];

  if (request.method === 'inverse') {
    lines.push(`  set-up ${num(d.setupMilliseconds, 3)} ms: ${d.intervals} intervals, ${d.densityEvaluations} density evaluations, domain [${(d.computationalDomain as number[]).map((x) => num(x, 6)).join(', ')}]`);
    lines.push(`  u-error max ${sci(d.uErrorMax)}, mean ${sci(d.uErrorMean)} over ${d.uErrorPoints} points (u-resolution ${sci(d.uResolution)})`);
  } else if (request.method === 'rejection') {
    lines.push(`  proposal ${d.proposal}, M = ${num(Math.exp(d.logBound), 6)} (${d.boundSource === 'automatic' ? 'found automatically' : 'given'})`);
    lines.push(`  acceptance rate ${num(d.acceptanceRate, 4)} observed over ${d.attempts} attempts; 1/M = ${num(d.inverseBound, 4)}, so the normalising constant is about ${num(d.normalizingConstantEstimate, 5)}`);
  } else if (request.method === 'ars') {
    lines.push(`  acceptance rate ${num(d.acceptanceRate, 4)} (${d.squeezeAccepted} of ${d.accepted} by the squeeze), ${d.hullPoints} hull points, ${d.logDensityEvaluations} log-density evaluations`);
  } else {
    const rates = (d.acceptanceRates as number[]).map((rate) => num(rate, 3)).join(' ');
    lines.push(`  ${d.chains} chains x ${d.drawsPerChain} draws after ${d.warmup} warm-up iterations (thin ${d.thin}, ${d.workers === 0 ? 'in this thread' : `${d.workers} worker threads`})`);
    lines.push(`  acceptance rate per chain: ${rates}`);
    for (const coordinate of d.coordinates as Record<string, number & string>[]) {
      lines.push(
        `  ${coordinate.name}: mean ${num(coordinate.mean, 5)} (MCSE ${num(coordinate.mcseMean, 2)}), sd ${num(coordinate.sd, 5)}, R-hat ${num(coordinate.rhat, 4)}, ESS bulk ${num(coordinate.essBulk, 0)}, tail ${num(coordinate.essTail, 0)}`,
      );
    }
  }
  for (const warning of warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}

function num(value: number, digits: number): string {
  if (!Number.isFinite(value)) return String(value);
  return digits === 0 ? value.toFixed(0) : Number(value.toPrecision(digits)).toString();
}

function sci(value: number): string {
  return Number.isFinite(value) ? value.toExponential(2) : String(value);
}

/** Writes text to a stream and waits until it is flushed, so large outputs are not cut off at exit. */
function writeText(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
