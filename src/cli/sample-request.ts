/**
 * Options of `samplekit sample` turned into a checked request: every value
 * parsed and range-checked before any sampling starts, with errors that name
 * the option. Only the `sample` command uses this module.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

import { InvalidArgumentError, SamplekitError } from '../errors.js';
import { checkGeneratorName } from '../random/index.js';
import type { GeneratorName } from '../random/types.js';
import { checkEveryVariableUsed, inferDimension } from '../samplers/expression.js';
import type { ChainProgress } from '../samplers/metropolis/chain.js';
import { oneOf } from '../validate.js';
import { MAX_NUMBERS, type Method, METHODS, PROPOSALS, type ProposalName } from './sample-options.js';


/** Options as commander hands them over: strings, before any checks. */
export interface SampleCommandOptions {
  readonly density?: string;
  readonly logDensity?: string;
  readonly domain?: string;
  readonly center?: string;
  readonly spread?: string;
  readonly bound?: string;
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

/** Everything the methods need, already parsed and checked. */
export interface SampleRequest {
  readonly method: Method;
  /** The expression as typed, and whether it is the density or its log. */
  readonly expression: string;
  readonly kind: 'density' | 'log-density';
  readonly dimension: number;
  readonly domain: readonly [number, number];
  /** A point in the bulk of the density (one number per dimension), for densities the automatic search cannot place. */
  readonly center?: readonly number[];
  /** mh: starting points are drawn uniformly from center +- spread in each coordinate. */
  readonly spread?: number;
  /** rejection: the bound M with density <= M * proposal, instead of the automatic one. */
  readonly bound?: number;
  readonly count: number;
  readonly seed: bigint;
  readonly generator: GeneratorName;
  readonly uResolution: number;
  readonly proposal: ProposalName;
  readonly chains: number;
  readonly warmup: number;
  readonly thin: number;
  /** Worker threads for mh (at most one per chain); 0 runs the chains in this thread. */
  readonly workers: number;
  /** Worker script for mh, when not the compiled default. */
  readonly workerUrl?: URL;
  readonly onProgress?: (progress: ChainProgress) => void;
  /** Called when mh has finished its chains and starts computing R-hat and ESS. */
  readonly onDiagnostics?: () => void;
}

/** Returns the command-line flag of the request's expression, for messages. */
export function expressionFlag(request: Pick<SampleRequest, 'kind'>): '--density' | '--log-density' {
  return request.kind === 'density' ? '--density' : '--log-density';
}

/** Parses and checks the options; throws InvalidArgumentError naming the first bad option. */
export function parseRequest(options: SampleCommandOptions): SampleRequest {
  if ((options.density === undefined) === (options.logDensity === undefined)) {
    const received =
      options.density === undefined ? 'neither' : `--density ${JSON.stringify(options.density)} and --log-density ${JSON.stringify(options.logDensity)}`;
    throw new InvalidArgumentError('--density / --log-density', 'given exactly once (one of the two)', received);
  }
  const kind = options.density !== undefined ? 'density' : 'log-density';
  const expression = (options.density ?? options.logDensity) as string;
  const flag = expressionFlag({ kind });
  const dimension = inferDimension(expression, flag);
  checkEveryVariableUsed(expression, dimension, flag);
  const method = oneOf('--method', options.method, METHODS);

  const domain = parseDomain(options.domain);
  if (options.domain !== undefined && dimension > 1) {
    throw new InvalidArgumentError('--domain', 'used only with 1-D densities in x', options.domain, 'Encode the support in the expression, e.g. "x1 > 0 ? ... : -Infinity"');
  }

  const center = options.center === undefined ? undefined : parseCenter(options.center, dimension, domain, method);
  const spread = options.spread === undefined ? undefined : parsePositive('--spread', options.spread);
  const bound = options.bound === undefined ? undefined : parsePositive('--bound', options.bound);

  const count = parseInteger('-n', options.count, 1, Math.floor(MAX_NUMBERS / dimension));
  const chains = parseInteger('--chains', options.chains, 1, Math.floor(MAX_NUMBERS / dimension));
  if (method === 'mh') checkChainCount(count, chains);

  const workerScript = new URL('../samplers/metropolis/worker.js', import.meta.url);
  const compiledWorker = workerScript.protocol === 'file:' && existsSync(fileURLToPath(workerScript));
  const defaultWorkers = compiledWorker ? availableParallelism() : 0;
  const requestedWorkers = options.workers === undefined ? defaultWorkers : parseInteger('--workers', options.workers, 0, 1024);
  if (requestedWorkers > 0 && !compiledWorker) {
    throw new SamplekitError(`--workers ${requestedWorkers} needs the compiled worker ${fileURLToPath(workerScript)}; run npm run build, or pass --workers 0`);
  }
  // More workers than chains would sit idle, so the report counts only those that run.
  const workers = Math.min(requestedWorkers, chains);

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
    spread,
    bound,
    count,
    seed: parseSeed(options.seed),
    generator: checkGeneratorName(options.generator, '--generator'),
    uResolution,
    proposal: oneOf('--proposal', options.proposal, PROPOSALS),
    chains,
    warmup: parseInteger('--warmup', options.warmup, 0, 1e9),
    thin: parseInteger('--thin', options.thin, 1, 1e6),
    workers,
    workerUrl: workers > 0 ? workerScript : undefined,
  };
}

/**
 * Throws unless the draws split evenly over the chains with at least 4 per
 * chain, the fewest that split R-hat and ESS need. Uneven chains would
 * drop draws or give ragged chains.
 */
function checkChainCount(count: number, chains: number): void {
  if (count < 4 * chains) {
    throw new InvalidArgumentError('-n', `at least 4 draws per chain (4 x --chains = ${4 * chains})`, count, 'Lower --chains or raise -n');
  }
  if (count % chains !== 0) {
    const lower = count - (count % chains);
    throw new InvalidArgumentError('-n', `a multiple of --chains (${chains}), so every chain keeps the same number of draws`, count, `Use -n ${lower} or -n ${lower + chains}`);
  }
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

/** Parses --center: one number inside --domain in 1-D, or d comma-separated numbers for an mh density in x1..xd. */
function parseCenter(text: string, dimension: number, domain: readonly [number, number], method: Method): number[] {
  if (method === 'ars') {
    throw new InvalidArgumentError('--center', 'used only with --method inverse, rejection or mh', text);
  }
  const values = text.split(',').map((part) => (part.trim() === '' ? NaN : Number(part)));
  if (values.length !== dimension || !values.every(Number.isFinite)) {
    const rule = dimension === 1 ? 'a finite number' : `${dimension} comma-separated finite numbers, one per variable x1..x${dimension}`;
    throw new InvalidArgumentError('--center', rule, text);
  }
  if (dimension === 1 && !(values[0] > domain[0] && values[0] < domain[1])) {
    throw new InvalidArgumentError('--center', `a number inside the domain (${domain[0]}, ${domain[1]})`, text);
  }
  return values;
}

function parsePositive(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !(value > 0 && value < Infinity)) {
    throw new InvalidArgumentError(flag, 'a positive finite number', text);
  }
  return value;
}

function parseInteger(flag: string, text: string, minimum: number, maximum: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !(value >= minimum && value <= maximum)) {
    throw new InvalidArgumentError(flag, `an integer of at least ${minimum} and at most ${maximum}`, text);
  }
  return value;
}

function parseSeed(text: string): bigint {
  if (!/^\d+$/.test(text)) {
    throw new InvalidArgumentError('--seed', 'a non-negative decimal integer', text);
  }
  return BigInt(text);
}
