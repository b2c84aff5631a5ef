/**
 * Worker-thread entry point for `sampleMetropolisParallel`: rebuilds the
 * log density and the chain's generator from the request, runs the chain
 * and posts progress and the result back.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

import { generatorFromState } from '../../random/index.js';
import type { GeneratorState } from '../../random/types.js';
import { type ChainProgress, type ChainResult, type ChainSettings, runChain } from './chain.js';
import { type DensitySpec, resolveDensity } from './density.js';

export interface WorkerRequest {
  readonly chainIndex: number;
  readonly density: DensitySpec;
  readonly settings: ChainSettings;
  readonly generatorState: GeneratorState;
}

export type WorkerResponse =
  | { readonly type: 'progress'; readonly progress: ChainProgress }
  | { readonly type: 'done'; readonly result: ChainResult }
  | { readonly type: 'error'; readonly name: string; readonly message: string };

async function serve(request: WorkerRequest): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  try {
    const logDensity = await resolveDensity(request.density, request.settings.dimension);
    const rng = generatorFromState(request.generatorState);
    const result = runChain(logDensity, rng, request.settings, request.chainIndex, (progress) => {
      port.postMessage({ type: 'progress', progress } satisfies WorkerResponse);
    });
    const transfer = [result.draws.buffer, result.logDensities.buffer] as ArrayBuffer[];
    port.postMessage({ type: 'done', result } satisfies WorkerResponse, transfer);
  } catch (error) {
    const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
    port.postMessage({ type: 'error', name, message } satisfies WorkerResponse);
  }
}

if (!isMainThread && workerData != null) {
  void serve(workerData as WorkerRequest);
}
