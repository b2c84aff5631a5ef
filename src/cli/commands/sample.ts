/**
 * `samplekit sample`: draws from a density typed as a mathjs expression, by
 * numerical inversion, rejection, adaptive rejection or Metropolis–Hastings.
 * Draws go to stdout (or -o FILE.csv, .npy or .json), one per line;
 * diagnostics go to stderr, as text or as one JSON object with --json.
 * The samplers, the expression parser and the plotting code load only when
 * the command runs, so `samplekit --help` stays quick.
 */
import type { Command } from 'commander';

import { InvalidArgumentError } from '../../errors.js';
import { DEFAULT_GENERATOR, GENERATOR_NAMES } from '../../random/index.js';
import type { ChainProgress } from '../../samplers/metropolis/chain.js';
import type { SampleOutcome } from '../sample-methods.js';
import { MAX_NUMBERS, METHODS, PROPOSALS } from '../sample-options.js';
import type { SampleCommandOptions, SampleRequest } from '../sample-request.js';

export type { SampleCommandOptions } from '../sample-request.js';

/** Options that only one method reads; giving them with another method is an error rather than silently ignored. */
const METHOD_OPTIONS: Record<string, string> = {
  uResolution: 'inverse',
  proposal: 'rejection',
  bound: 'rejection',
  chains: 'mh',
  warmup: 'mh',
  thin: 'mh',
  workers: 'mh',
  spread: 'mh',
};

/** Total chain iterations above which a non-TTY run logs its progress every 25 %. */
const LOG_PROGRESS_ABOVE = 1_000_000;

/** Acceptance rates are listed one per chain up to this many chains, and summarised beyond. */
const LISTED_CHAINS = 8;

/** A KS p-value below this, for draws that should be exact, means they do not follow the plotted density. */
const PLOT_KS_LEVEL = 1e-6;

export function register(program: Command): void {
  program
    .command('sample')
    .description('Draw from a density given as a mathjs expression in x (1-D) or x1..xd (d-D, mh only)')
    .option('--density <expr>', 'unnormalised density, e.g. "exp(-x^2/2)*(1+sin(3*x)^2)"')
    .option('--log-density <expr>', 'log of an unnormalised density, e.g. "-x1^2/2 - x2^2/8"')
    .option('--domain <lo,hi>', 'support of a 1-D density; either end may be -inf or inf (default -inf,inf)')
    .option('--center <x>', 'a point where the density is large: one number in 1-D (inverse, rejection, mh), or x1,...,xd for mh in d-D')
    .requiredOption('--method <method>', `sampler: ${METHODS.join(', ')} (inverse: numerical inversion, ars: adaptive rejection for log-concave densities)`)
    .requiredOption('-n, --count <N>', `number of draws, at most ${MAX_NUMBERS} numbers in all (for mh: over all chains together, a multiple of --chains)`)
    .requiredOption('--seed <int>', 'seed: a non-negative decimal integer')
    .option('--generator <name>', `bit generator: ${GENERATOR_NAMES.join(', ')}`, DEFAULT_GENERATOR)
    .option('-o, --output <file>', 'write the draws to FILE.csv, FILE.npy (float64) or FILE.json instead of stdout')
    .option('--plot <file.png>', 'write a PNG: histogram against the normalised density (1-D), plus trace plots for mh and a scatter of x1, x2 in d-D')
    .option('--json', 'print the diagnostics as one JSON object: on stdout when -o is given, otherwise on stderr')
    .option('--u-resolution <u>', 'inverse: maximum u-error |F(Q(u)) - u| of the approximation, from 1e-14 to 1e-4', '1e-10')
    .option('--proposal <name>', `rejection: proposal distribution, ${PROPOSALS.join(', ')} (auto: uniform on a finite domain, otherwise Cauchy at each mode)`, 'auto')
    .option('--bound <M>', 'rejection: the constant M with density <= M * proposal everywhere (default: found automatically)')
    .option('--chains <k>', 'mh: number of chains, each on its own stream', '4')
    .option('--warmup <n>', 'mh: warm-up iterations per chain, discarded, during which the proposal is tuned', '1000')
    .option('--thin <k>', 'mh: keep every k-th state after warm-up', '1')
    .option('--spread <s>', 'mh: chains start uniformly in --center +- s in each coordinate (default 2; in 1-D without --center the chains start at the modes found)')
    .option('--workers <k>', 'mh: worker threads; 0 runs the chains in this thread (default: one per chain, up to the number of CPUs)')
    .action(async (options: SampleCommandOptions, command: Command) => {
      checkMethodOptions(options, command);
      await sample(options);
    });
}

/**
 * Durations of a run for the report. `seconds` covers the sampler: set-up,
 * draws and checks (u-error, diagnostics). `startupSeconds` covers everything
 * from process start until then: Node, loading samplekit and mathjs, and
 * parsing the options.
 */
interface Timing {
  readonly seconds: number;
  readonly startupSeconds: number;
}

/** Parses the options, samples, and writes draws, diagnostics and the plot. */
export async function sample(options: SampleCommandOptions): Promise<void> {
  const { parseRequest } = await import('../sample-request.js');
  const { checkDrawsPath, checkOutputPath, streamCsv, writeDraws } = await import('../sample-output.js');
  const request = parseRequest(options);
  // Bad output paths fail now, not after a long run.
  if (options.output !== undefined) checkDrawsPath(options.output);
  if (options.plot !== undefined) checkOutputPath('--plot', options.plot, ['.png']);

  const { runSample } = await import('../sample-methods.js');
  const progress = await progressReporter(request, options.json === true);
  // performance.now() counts from process start, so this is the start-up time.
  const samplingStarted = performance.now();
  let outcome: SampleOutcome;
  try {
    outcome = await runSample({ ...request, onProgress: progress?.update, onDiagnostics: progress?.diagnostics });
  } finally {
    progress?.stop();
  }
  const timing: Timing = { seconds: (performance.now() - samplingStarted) / 1000, startupSeconds: samplingStarted / 1000 };

  if (options.output !== undefined) await writeDraws(options.output, outcome.draws, request.dimension);
  else await streamCsv(process.stdout, outcome.draws, request.dimension);

  const warnings = [...outcome.warnings];
  if (options.plot !== undefined) warnings.push(...(await writePlot(options.plot, request, outcome)));

  if (options.json === true) {
    const report = jsonReport(request, outcome, warnings, timing);
    await writeText(options.output !== undefined ? process.stdout : process.stderr, `${report}\n`);
  } else {
    process.stderr.write(textReport(request, outcome, warnings, timing));
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

interface ProgressReporter {
  readonly update: (progress: ChainProgress) => void;
  /** Marks the end of sampling: R-hat, ESS and the other diagnostics are being computed. */
  readonly diagnostics: () => void;
  readonly stop: () => void;
}

/**
 * Returns the progress reporter of an mh run. On a terminal it is a bar
 * whose last stage names the diagnostics. Otherwise long runs log a line
 * every 25 % and one when the diagnostics start. With --json it reports nothing.
 */
async function progressReporter(request: SampleRequest, json: boolean): Promise<ProgressReporter | undefined> {
  if (request.method !== 'mh' || json) return undefined;
  const perChain = request.warmup + (request.count / request.chains) * request.thin;
  const total = perChain * request.chains;
  const done = new Array<number>(request.chains).fill(0);
  const sum = (): number => done.reduce((a, b) => a + b, 0);

  if (process.stderr.isTTY) {
    const { SingleBar } = await import('cli-progress');
    const bar = new SingleBar({
      format: 'mh [{bar}] {percentage}% | {value}/{total} iterations | {stage}',
      stream: process.stderr,
      hideCursor: true,
    });
    bar.start(total, 0, { stage: 'sampling' });
    return {
      update: (progress) => {
        done[progress.chain] = progress.iteration;
        bar.update(sum());
      },
      diagnostics: () => bar.update(total, { stage: `computing R-hat and ESS of ${request.count} draws` }),
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
    diagnostics: () => process.stderr.write(`samplekit sample: computing R-hat and ESS of ${request.count} draws\n`),
    stop: () => undefined,
  };
}

/**
 * Renders the plot for the method and writes the PNG atomically. Returns
 * warnings: a density curve left out, or exact draws (rejection, ars) that
 * a KS test finds far from the plotted density.
 */
async function writePlot(path: string, request: SampleRequest, outcome: SampleOutcome): Promise<string[]> {
  const { renderVegaLite } = await import('../../report/vega.js');
  const { writeFileAtomic } = await import('../../io/atomic.js');
  const { histogramSpec, scatterSpec, stackSpecs, traceSpec } = await import('../sample-plots.js');

  const warnings: string[] = [];
  const specs = [];
  const title = `${request.method}: ${request.count} draws of ${request.kind === 'density' ? '' : 'log '}density ${request.expression}`;

  if (request.dimension === 1) {
    const curve = await plotDensity(request, outcome);
    warnings.push(...curve.warnings);
    specs.push(histogramSpec(outcome.draws, curve.pdf, title));
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

/**
 * Returns the normalised density for the plot of a 1-D run: the density
 * divided by its integral over the domain that numerical inversion covers,
 * which takes in every mode the density survey finds (or refuses). For
 * exact draws (rejection, ars) a KS test against the same CDF is added; a
 * p-value below PLOT_KS_LEVEL becomes a warning.
 */
export async function plotDensity(request: SampleRequest, outcome: SampleOutcome): Promise<{ pdf?: (x: number) => number; warnings: string[] }> {
  const { buildInversion } = await import('../sample-methods.js');
  let inversion;
  try {
    inversion = outcome.inversion ?? buildInversion(request, 1e-8);
  } catch (error) {
    return { warnings: [`the plot shows no density curve, because normalising the density failed: ${(error as Error).message}`] };
  }
  const warnings: string[] = [];
  if (request.method === 'rejection' || request.method === 'ars') {
    const { ksTest } = await import('../../stats/ks.js');
    const { pValue } = ksTest(outcome.draws, (x) => inversion.cdf(x));
    if (pValue < PLOT_KS_LEVEL) {
      warnings.push(`the draws do not follow the normalised density in the plot (KS p-value ${pValue.toExponential(2)}); do not trust them`);
    }
  }
  return { pdf: (x) => inversion.pdf(x), warnings };
}

function jsonReport(request: SampleRequest, outcome: SampleOutcome, warnings: string[], timing: Timing): string {
  const report = {
    method: request.method,
    expression: request.expression,
    kind: request.kind,
    dimension: request.dimension,
    domain: request.domain,
    n: request.count,
    seed: request.seed.toString(),
    generator: request.generator,
    seconds: timing.seconds,
    startupSeconds: timing.startupSeconds,
    diagnostics: outcome.diagnostics,
    warnings,
    notes: outcome.notes,
  };
  // JSON has no Infinity or NaN, so those are written as strings.
  return JSON.stringify(report, (_, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value));
}

function textReport(request: SampleRequest, outcome: SampleOutcome, warnings: string[], timing: Timing): string {
  const d = outcome.diagnostics as Record<string, never>;
  const lines = [
    `samplekit sample: ${request.count} draws by ${request.method} in ${timing.seconds.toFixed(2)} s (set-up, draws and checks; start-up before them took ${timing.startupSeconds.toFixed(2)} s)`,
  ];

  if (request.method === 'inverse') {
    lines.push(`  set-up ${num(d.setupMilliseconds, 3)} ms: ${d.intervals} intervals, ${d.densityEvaluations} density evaluations, domain [${(d.computationalDomain as number[]).map((x) => num(x, 6)).join(', ')}]`);
    lines.push(`  u-error max ${sci(d.uErrorMax)}, mean ${sci(d.uErrorMean)} over ${d.uErrorPoints} points (u-resolution ${sci(d.uResolution)})`);
  } else if (request.method === 'rejection') {
    const bound = Number.isFinite(Math.exp(d.logBound)) && Math.exp(d.logBound) > 0 ? `M = ${num(Math.exp(d.logBound), 6)}, ` : '';
    lines.push(`  proposal ${d.proposal}, ${bound}log M = ${num(d.logBound, 6)} (${d.boundSource === 'automatic' ? 'found automatically' : 'given'})`);
    lines.push(`  acceptance rate ${fixed(d.acceptanceRate, 4)} observed over ${counted(d.attempts, 'attempt')}, so the log of the normalising constant is about ${num(d.logNormalizingConstantEstimate, 5)}`);
  } else if (request.method === 'ars') {
    lines.push(`  acceptance rate ${fixed(d.acceptanceRate, 4)} (${d.squeezeAccepted} of ${d.accepted} by the squeeze), ${d.hullPoints} hull points, ${d.logDensityEvaluations} log-density evaluations`);
  } else {
    const threads = d.workers === 0 ? 'in this thread' : counted(d.workers, 'worker thread');
    lines.push(`  ${counted(d.chains, 'chain')} x ${counted(d.drawsPerChain, 'draw')} after ${counted(d.warmup, 'warm-up iteration')} (thin ${d.thin}, ${threads})`);
    lines.push(`  acceptance rate ${acceptanceRates(d.acceptanceRates as number[])}`);
    for (const coordinate of d.coordinates as Record<string, number & string>[]) {
      lines.push(
        `  ${coordinate.name}: mean ${num(coordinate.mean, 5)} (MCSE ${num(coordinate.mcseMean, 2)}), sd ${num(coordinate.sd, 5)}, R-hat ${num(coordinate.rhat, 4)}, ESS bulk ${num(coordinate.essBulk, 0)}, tail ${num(coordinate.essTail, 0)}`,
      );
    }
  }
  for (const note of outcome.notes) lines.push(`note: ${note}`);
  for (const warning of warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}

/** Lists the acceptance rate of each chain, or their range and median when there are many chains. */
function acceptanceRates(rates: number[]): string {
  if (rates.length <= LISTED_CHAINS) return `per chain: ${rates.map((rate) => fixed(rate, 3)).join(' ')}`;
  const sorted = [...rates].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return `over ${rates.length} chains: min ${fixed(sorted[0], 3)}, median ${fixed(median, 3)}, max ${fixed(sorted[sorted.length - 1], 3)}`;
}

/** Formats a count with its noun, in the plural unless the count is 1: `1 chain`, `4 chains`. */
export function counted(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : `${noun}s`}`;
}

function num(value: number, digits: number): string {
  if (!Number.isFinite(value)) return String(value);
  return digits === 0 ? value.toFixed(0) : Number(value.toPrecision(digits)).toString();
}

/** Formats to `digits` significant digits, keeping trailing zeros (0.3020, not 0.302). */
function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toPrecision(digits) : String(value);
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
