/**
 * `samplekit dist`: evaluates or samples any registered distribution, with
 * SciPy's parameter names as options:
 *
 *   samplekit dist normal --loc 1 --scale 2 --cdf 0,1,2
 *   samplekit dist binomial --n 10 --p 0.3 --sample 5 --seed 1
 *   samplekit dist multivariate-normal --mean 0,0 --cov 1,0.5,0.5,1 --pdf 0,0
 *   samplekit dist mixture --weights 0.3,0.7 --component 'normal --loc 0' --component 'normal --loc 5 --scale 2' --quantile 0.5
 *
 * Each result is printed on its own line: integers (discrete draws and
 * quantiles) exactly, other numbers with 17 significant digits, and
 * multivariate draws as comma-separated rows.
 */
import type { Writable } from 'node:stream';

import type { Command } from 'commander';

import { InvalidArgumentError, SamplekitError } from '../../errors.js';
import '../../distributions/continuous-registry.js';
import '../../distributions/discrete-registry.js';
import { mixture } from '../../distributions/mixture.js';
import { type DistributionSpec, getDistributionSpec, listDistributions } from '../../distributions/registry.js';
import type { MultivariateDistribution, UnivariateDistribution } from '../../distributions/types.js';
import { checkGeneratorName, createGenerator, DEFAULT_GENERATOR, GENERATOR_NAMES } from '../../random/index.js';
import type { BitGenerator } from '../../random/types.js';

type AnyDistribution = UnivariateDistribution | MultivariateDistribution;

/** The evaluations `dist` offers, in the order the help lists them. `pmf` and `logPmf` are the discrete spellings of `pdf` and `logPdf`. */
const ACTIONS = ['pdf', 'pmf', 'logPdf', 'logPmf', 'cdf', 'sf', 'quantile', 'sample'] as const;
type Action = (typeof ACTIONS)[number];
type Evaluation = Exclude<Action, 'sample' | 'pmf' | 'logPmf'>;

const ACTION_FLAGS: Record<Action, string> = {
  pdf: '--pdf',
  pmf: '--pmf',
  logPdf: '--log-pdf',
  logPmf: '--log-pmf',
  cdf: '--cdf',
  sf: '--sf',
  quantile: '--quantile',
  sample: '--sample',
};

/** The evaluation behind each discrete spelling. */
const DISCRETE_SPELLINGS: Partial<Record<Action, Evaluation>> = { pmf: 'pdf', logPmf: 'logPdf' };

/** Draws per write for `--sample`, so large samples stream instead of filling memory. */
const SAMPLE_CHUNK = 65536;

const MIXTURE_NAME = 'mixture';

export interface DistOptions {
  readonly pdf?: string;
  readonly pmf?: string;
  readonly logPdf?: string;
  readonly logPmf?: string;
  readonly cdf?: string;
  readonly sf?: string;
  readonly quantile?: string;
  readonly sample?: string;
  readonly seed?: string;
  readonly generator: string;
  /** Mixture component specs, one per --component; absent when none was given. */
  readonly component?: string[];
  readonly list?: boolean;
}

export function register(program: Command): void {
  program
    .command('dist')
    .description('Evaluate a named distribution (pdf or pmf, cdf, sf, quantile) or draw a seeded sample from it')
    .usage('NAME [--PARAM VALUE ...] (--pdf X | --pmf K | --log-pdf X | --log-pmf K | --cdf X | --sf X | --quantile P | --sample N --seed S)')
    .argument('[name]', 'distribution name; run with --list to see every name and its parameters')
    .option('--pdf <x>', 'density at X (the pmf for discrete distributions); X may be a comma-separated list')
    .option('--pmf <k>', 'probability mass at K, for discrete distributions (the same as --pdf there)')
    .option('--log-pdf <x>', 'natural log of the density or pmf at X')
    .option('--log-pmf <k>', 'natural log of the pmf at K, for discrete distributions (the same as --log-pdf there)')
    .option('--cdf <x>', 'P(X <= x) at each X')
    .option('--sf <x>', 'P(X > x) at each X, accurate in the upper tail')
    .option('--quantile <p>', 'least x with cdf(x) >= p, for each probability P in [0, 1]')
    .option('--sample <n>', 'draw N values (N rows for multivariate distributions); needs --seed')
    .option('--seed <int>', 'seed for --sample: a non-negative integer with any number of digits')
    .option('--generator <name>', `bit generator for --sample: ${GENERATOR_NAMES.join(', ')}`, DEFAULT_GENERATOR)
    .option('--component <spec>', "mixture component as 'NAME --PARAM VALUE ...'; give one per mixture weight", collect)
    .option('--list', 'list the distributions and their parameters (with NAME, that distribution only)')
    .allowUnknownOption()
    .allowExcessArguments()
    .addHelpText(
      'after',
      [
        '',
        'Parameters use SciPy names, e.g. normal --loc --scale, gamma --shape --scale, beta --a --b,',
        'binomial --n --p. Vector parameters are comma-separated: multivariate-normal --mean 0,0 --cov 1,0,0,1.',
        'For a multivariate distribution, X in --pdf holds one point or several points back to back.',
      ].join('\n'),
    )
    .action(async (name: string | undefined, options: DistOptions, command: Command) => {
      const parameterArguments = command.args[0] === name ? command.args.slice(1) : command.args;
      await runDist(name, parameterArguments, options, process.stdout);
    });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Runs one `dist` invocation: `parameterArguments` are the `--PARAM VALUE` words commander left unparsed. */
export async function runDist(name: string | undefined, parameterArguments: readonly string[], options: DistOptions, output: Writable): Promise<void> {
  if (name !== undefined && name.startsWith('-')) {
    throw new InvalidArgumentError('distribution name', 'the first word after dist, before any option', name, 'Run samplekit dist --list');
  }
  if (name === undefined || options.list === true) {
    await writeText(output, name === undefined ? listText() : describeText(name));
    return;
  }

  const action = selectAction(options);
  const distribution = buildDistribution(name, parameterArguments, options.component ?? []);

  if (action === 'sample') {
    await writeSample(distribution, options, output);
    return;
  }
  const text = evaluate(distribution, action, options[action] as string);
  await writeText(output, text);
}

/** Builds the named distribution from `--PARAM VALUE` words, or a mixture from its --component specs. */
export function buildDistribution(name: string, parameterArguments: readonly string[], componentSpecs: readonly string[]): AnyDistribution {
  if (name === MIXTURE_NAME) return buildMixture(parameterArguments, componentSpecs);
  if (componentSpecs.length > 0) {
    throw new InvalidArgumentError('--component', `used only with ${MIXTURE_NAME}`, componentSpecs[0], `Remove it, or run samplekit dist ${MIXTURE_NAME}`);
  }

  const spec = findSpec(name);
  return spec.create(parseParameters(spec.name, spec.parameters, parameterArguments));
}

function findSpec(name: string): DistributionSpec {
  try {
    return getDistributionSpec(name);
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    const names = [...listDistributions().map((spec) => spec.name), MIXTURE_NAME].sort();
    throw new InvalidArgumentError('distribution', `one of ${names.join(', ')}`, name, 'Run samplekit dist --list for their parameters');
  }
}

function buildMixture(parameterArguments: readonly string[], componentSpecs: readonly string[]): AnyDistribution {
  const weightsSpec = { name: 'weights', description: 'one non-negative weight per component', type: 'vector' as const };
  const parameters = parseParameters(MIXTURE_NAME, [weightsSpec], parameterArguments);
  if (componentSpecs.length === 0) {
    throw new SamplekitError(`missing --component for ${MIXTURE_NAME}: give one --component 'NAME --PARAM VALUE ...' per weight`);
  }

  const components = componentSpecs.map((text, i) => {
    const words = text.trim().split(/\s+/);
    if (words[0] === '' || words[0].startsWith('-')) {
      throw new InvalidArgumentError(`--component ${i + 1}`, "a distribution name followed by its parameters, e.g. 'normal --loc 0 --scale 1'", text);
    }
    if (words[0] === MIXTURE_NAME) {
      throw new InvalidArgumentError(`--component ${i + 1}`, 'a named distribution, not a mixture', text);
    }
    return buildDistribution(words[0], words.slice(1), []);
  });
  const weights = parameters.weights;
  return mixture(Array.isArray(weights) ? weights : [weights], components);
}

/**
 * Parses `--name value` and `--name=value` words against the parameter
 * specs: numbers for `number` parameters, comma-separated lists for
 * `vector` ones. Defaults fill absent parameters; a required one that is
 * absent, an unknown or repeated name and a malformed value each raise an
 * error naming it.
 */
export function parseParameters(
  distribution: string,
  specs: readonly DistributionSpec['parameters'][number][],
  words: readonly string[],
): Record<string, number | number[]> {
  const accepted = specs.map((spec) => `--${spec.name}`).join(', ') || 'no parameters';
  const values: Record<string, number | number[]> = {};

  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (!word.startsWith('--')) {
      throw new InvalidArgumentError(`${distribution} argument`, `a --PARAM VALUE pair (${distribution} takes ${accepted})`, word);
    }

    const equals = word.indexOf('=');
    const key = equals === -1 ? word.slice(2) : word.slice(2, equals);
    const spec = specs.find((candidate) => candidate.name === key);
    if (spec === undefined) {
      throw new InvalidArgumentError(`${distribution} parameter`, `one of ${accepted}`, `--${key}`);
    }
    if (key in values) throw new InvalidArgumentError(`--${key}`, 'given once', words);

    let text: string | undefined;
    if (equals !== -1) {
      text = word.slice(equals + 1);
    } else {
      text = words[i + 1];
      i += 1;
    }
    if (text === undefined) throw new SamplekitError(`missing value for --${key} of ${distribution}: ${spec.description}`);

    values[key] = spec.type === 'vector' ? parseNumberList(`--${key}`, text) : parseNumber(`--${key}`, text);
  }

  for (const spec of specs) {
    if (spec.name in values) continue;
    if (spec.default === undefined) {
      throw new SamplekitError(`missing parameter --${spec.name} for ${distribution}: ${spec.description}`);
    }
    values[spec.name] = typeof spec.default === 'number' ? spec.default : [...spec.default];
  }
  return values;
}

const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const SPECIAL_NUMBERS: Record<string, number> = {
  inf: Infinity,
  '+inf': Infinity,
  '-inf': -Infinity,
  infinity: Infinity,
  '+infinity': Infinity,
  '-infinity': -Infinity,
  nan: NaN,
};

/** Parses a decimal number (also inf, -inf and nan in any case); `name` is the option named in errors. */
export function parseNumber(name: string, text: string): number {
  const trimmed = text.trim();
  const special = SPECIAL_NUMBERS[trimmed.toLowerCase()];
  if (special !== undefined) return special;
  if (!NUMBER_PATTERN.test(trimmed)) {
    throw new InvalidArgumentError(name, 'a number such as 3, -0.5 or 1e-9', text);
  }
  return Number(trimmed);
}

/** Parses a comma-separated list of numbers. */
export function parseNumberList(name: string, text: string): number[] {
  if (text.trim() === '') throw new InvalidArgumentError(name, 'a comma-separated list of numbers', text);
  return text.split(',').map((item) => parseNumber(name, item));
}

function selectAction(options: DistOptions): Action {
  const requested = ACTIONS.filter((action) => options[action] !== undefined);
  const flags = ACTIONS.map((action) => ACTION_FLAGS[action]).join(', ');
  if (requested.length === 0) {
    throw new SamplekitError(`missing action: give one of ${flags}`);
  }
  if (requested.length > 1) {
    throw new InvalidArgumentError('action', `exactly one of ${flags}`, requested.map((action) => ACTION_FLAGS[action]));
  }
  return requested[0];
}

function evaluate(distribution: AnyDistribution, requested: Exclude<Action, 'sample'>, text: string): string {
  const flag = ACTION_FLAGS[requested];
  const action = evaluationFor(distribution, requested);
  const inputs = parseNumberList(flag, text);
  if (action !== 'quantile' && inputs.some(Number.isNaN)) {
    throw new InvalidArgumentError(flag, 'numbers other than nan (inf and -inf are allowed)', text);
  }

  if (distribution.kind === 'multivariate') {
    return evaluateMultivariate(distribution, action, inputs);
  }

  const lines = inputs.map((x) => {
    switch (action) {
      case 'pdf':
        return formatNumber(distribution.kind === 'discrete' ? distribution.pmf(x) : distribution.pdf(x));
      case 'logPdf':
        return formatNumber(distribution.logPdf(x));
      case 'cdf':
        return formatNumber(distribution.cdf(x));
      case 'sf':
        return formatNumber(distribution.sf(x));
      case 'quantile':
        if (!(x >= 0 && x <= 1)) throw new InvalidArgumentError(flag, 'probabilities in [0, 1]', x);
        return formatNumber(distribution.quantile(x));
    }
  });
  return `${lines.join('\n')}\n`;
}

/** Maps --pmf and --log-pmf to the evaluation they spell, and rejects them for a distribution that is not discrete. */
function evaluationFor(distribution: AnyDistribution, requested: Exclude<Action, 'sample'>): Evaluation {
  const evaluation = DISCRETE_SPELLINGS[requested];
  if (evaluation === undefined) return requested as Evaluation;

  if (distribution.kind !== 'discrete') {
    const flag = ACTION_FLAGS[requested];
    throw new InvalidArgumentError(
      flag,
      'used with a discrete distribution',
      `${distribution.name} (${distribution.kind})`,
      `Use ${ACTION_FLAGS[evaluation]} for the density`,
    );
  }
  return evaluation;
}

function evaluateMultivariate(distribution: MultivariateDistribution, action: Evaluation, inputs: number[]): string {
  const d = distribution.dimension;
  if (action !== 'pdf' && action !== 'logPdf') {
    throw new InvalidArgumentError(
      ACTION_FLAGS[action],
      `an evaluation that ${distribution.name} has: --pdf, --log-pdf or --sample`,
      ACTION_FLAGS[action],
      'Multivariate distributions have no cdf, sf or quantile here',
    );
  }
  if (inputs.length % d !== 0) {
    throw new InvalidArgumentError(ACTION_FLAGS[action], `${d} numbers per point (a multiple of ${d} in all)`, inputs);
  }

  const lines: string[] = [];
  for (let start = 0; start < inputs.length; start += d) {
    const point = inputs.slice(start, start + d);
    lines.push(formatNumber(action === 'pdf' ? distribution.pdf(point) : distribution.logPdf(point)));
  }
  return `${lines.join('\n')}\n`;
}

async function writeSample(distribution: AnyDistribution, options: DistOptions, output: Writable): Promise<void> {
  const count = parseCount(options.sample as string);
  if (options.seed === undefined) {
    throw new SamplekitError('missing --seed for --sample: give a non-negative integer, e.g. --seed 0');
  }
  const rng = createGenerator(checkGeneratorName(options.generator, '--generator'), parseSeed(options.seed));
  const width = distribution.kind === 'multivariate' ? distribution.dimension : 1;

  // A closed pipe (`| head`) also emits 'error' on the stream; the write callback reports it, so the event is only absorbed here.
  const absorb = () => {};
  output.on('error', absorb);
  try {
    await writeChunks(distribution, rng, count, width, output);
  } finally {
    output.off('error', absorb);
  }
}

async function writeChunks(distribution: AnyDistribution, rng: BitGenerator, count: number, width: number, output: Writable): Promise<void> {
  for (let done = 0; done < count; done += SAMPLE_CHUNK) {
    const draws = distribution.sampleN(rng, Math.min(SAMPLE_CHUNK, count - done));
    const lines = new Array<string>(draws.length / width);
    for (let row = 0; row < lines.length; row++) {
      const values = new Array<string>(width);
      for (let j = 0; j < width; j++) values[j] = formatNumber(draws[row * width + j]);
      lines[row] = values.join(',');
    }
    if (!(await writeText(output, `${lines.join('\n')}\n`))) return;
  }
}

function parseSeed(text: string): bigint {
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError('--seed', 'a non-negative decimal integer', text);
  return BigInt(text);
}

function parseCount(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw new InvalidArgumentError('--sample', 'a non-negative integer no larger than 2^53 - 1', text);
  }
  return value;
}

/** Integers exactly (below 2^53), every other number with 17 significant digits. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) return String(value);
  return value.toPrecision(17);
}

function listText(): string {
  const rows = listDistributions().map((spec) => [spec.name, spec.kind, parameterSummary(spec)]);
  rows.push([MIXTURE_NAME, 'any', "--weights W1,W2,... --component 'NAME --PARAM VALUE ...' (one --component per weight)"]);
  const nameWidth = Math.max(...rows.map((row) => row[0].length));
  const kindWidth = Math.max(...rows.map((row) => row[1].length));
  const lines = rows.map(([name, kind, parameters]) => `${name.padEnd(nameWidth)}  ${kind.padEnd(kindWidth)}  ${parameters}`);
  return `${lines.join('\n')}\n`;
}

function parameterSummary(spec: DistributionSpec): string {
  return spec.parameters
    .map((parameter) => {
      const value = parameter.type === 'vector' ? 'LIST' : 'X';
      const text = `--${parameter.name} ${value}`;
      if (parameter.default === undefined) return text;
      const shown = typeof parameter.default === 'number' ? parameter.default : parameter.default.join(',');
      return `[${text} (default ${shown})]`;
    })
    .join(' ');
}

function describeText(name: string): string {
  if (name === MIXTURE_NAME) {
    return [
      `${MIXTURE_NAME}: a finite mixture of distributions of one kind, picked with probability weight / sum(weights)`,
      '  --weights LIST      one non-negative weight per component, comma-separated',
      "  --component SPEC    a component as 'NAME --PARAM VALUE ...', repeated once per weight",
      '',
    ].join('\n');
  }

  const spec = findSpec(name);
  const lines = [`${spec.name} (${spec.kind}): ${spec.description}`];
  for (const parameter of spec.parameters) {
    const value = parameter.type === 'vector' ? 'LIST' : 'X';
    const shown = parameter.default === undefined ? 'required' : `default ${typeof parameter.default === 'number' ? parameter.default : parameter.default.join(',')}`;
    lines.push(`  --${parameter.name} ${value}`.padEnd(22) + `${parameter.description} (${shown})`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes text and waits for it to flush; resolves false when the reader has closed the pipe (EPIPE). */
function writeText(output: Writable, text: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    output.write(text, (error) => {
      if (error === undefined || error === null) resolve(true);
      else if ((error as NodeJS.ErrnoException).code === 'EPIPE') resolve(false);
      else reject(error);
    });
  });
}
