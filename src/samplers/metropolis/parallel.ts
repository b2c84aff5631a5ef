/**
 * Metropolis–Hastings chains on Node worker threads, one chain per task.
 * The log density travels as data (a mathjs expression, or a module URL and
 * export name), because a function cannot be sent to a worker. Each chain's
 * generator travels as its `getState()` snapshot. The draws are identical to
 * those of `sampleMetropolis` with the same seed and density.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

import { InvalidArgumentError, NumericalError, SamplekitError } from '../../errors.js';
import { positiveInteger } from '../../validate.js';
import type { ChainProgress, ChainResult, ChainSettings, RandomWalkSettings } from './chain.js';
import type { DensitySpec, ExpressionDensity } from './density.js';
import { translateForWorkers } from './expression-density.js';
import { type MetropolisResult, type MetropolisRunOptions, planChains } from './sampler.js';
import type { WorkerRequest, WorkerResponse } from './worker.js';

export interface ParallelMetropolisOptions extends MetropolisRunOptions {
  readonly density: DensitySpec;
  /** Random-walk settings (custom proposals are code and cannot be sent). Default adaptive random walk. */
  readonly proposal?: RandomWalkSettings;
  /** Number of worker threads. Default min(chains, available CPUs). */
  readonly workers?: number;
  /**
   * Worker script. Default the compiled `worker.js` next to this module;
   * pass another URL when running from sources or from a bundle.
   */
  readonly workerUrl?: URL | string;
}

/** Runs the chains on worker threads and resolves with the same result shape as sampleMetropolis. */
export async function sampleMetropolisParallel(options: ParallelMetropolisOptions): Promise<MetropolisResult> {
  const proposal = options.proposal ?? { kind: 'random-walk' };
  if ((proposal as { kind: string }).kind !== 'random-walk') {
    throw new InvalidArgumentError('proposal', 'random-walk settings, because a custom proposal cannot be sent to a worker', proposal);
  }
  const plan = planChains(options, proposal);
  // An expression is checked here, so a bad one fails before any worker starts.
  const density =
    typeof (options.density as { expression?: unknown })?.expression === 'string'
      ? translateForWorkers(options.density as ExpressionDensity, options.dimension)
      : options.density;
  const chainCount = plan.settings.length;
  const workerCount = Math.min(chainCount, positiveInteger('workers', options.workers ?? Math.min(chainCount, availableParallelism())));
  const workerUrl = options.workerUrl ?? new URL('./worker.js', import.meta.url);

  const requests: WorkerRequest[] = plan.settings.map((settings, c) => ({
    chainIndex: c,
    density,
    settings: withoutCode(settings),
    generatorState: plan.streams[c].getState(),
  }));

  const results = new Array<ChainResult>(chainCount);
  let next = 0;
  const runWorker = async (): Promise<void> => {
    while (next < chainCount) {
      const request = requests[next++];
      results[request.chainIndex] = await runInWorker(workerUrl, request, options.onProgress);
    }
  };
  await Promise.all(Array.from({ length: workerCount }, runWorker));

  return { dimension: options.dimension, chains: results, acceptanceRates: results.map((chain) => chain.acceptanceRate) };
}

function withoutCode(settings: ChainSettings): ChainSettings {
  return JSON.parse(JSON.stringify(settings)) as ChainSettings;
}

function runInWorker(
  workerUrl: URL | string,
  request: WorkerRequest,
  onProgress: ((progress: ChainProgress) => void) | undefined,
): Promise<ChainResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, { workerData: request });
    let settled = false;
    const finish = (action: () => void): void => {
      if (settled) return;
      settled = true;
      action();
      void worker.terminate();
    };

    worker.on('message', (message: WorkerResponse) => {
      if (message.type === 'progress') onProgress?.(message.progress);
      else if (message.type === 'done') finish(() => resolve(message.result));
      else finish(() => reject(rebuildError(message.name, message.message)));
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => {
      finish(() => reject(new SamplekitError(`the worker for chain ${request.chainIndex} exited with code ${code} before finishing`)));
    });
  });
}

/** Turns a worker's error back into the samplekit error class it came from. */
function rebuildError(name: string, message: string): Error {
  if (name === 'NumericalError') return new NumericalError(message);
  if (name === 'InvalidArgumentError' || name === 'ExpressionError') {
    const error = new SamplekitError(message);
    error.name = name;
    return error;
  }
  const error = new Error(message);
  error.name = name;
  return error;
}
