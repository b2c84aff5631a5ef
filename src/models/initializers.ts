/**
 * Weight initialisers drawn from a samplekit bit generator, so the same seed
 * gives the same initial network on every platform. Each initialiser fills a
 * Float32Array that becomes a tensor; nothing here calls TF.js's own random ops.
 */
import { standardNormal } from '../distributions/standard.js';
import { InvalidArgumentError } from '../errors.js';
import type { BitGenerator } from '../random/types.js';
import { uniform } from '../random/uniform.js';

export type InitializerName = 'glorot-uniform' | 'he-uniform' | 'normal' | 'zeros';

export const INITIALIZER_NAMES: readonly InitializerName[] = ['glorot-uniform', 'he-uniform', 'normal', 'zeros'];

export interface InitializerSpec {
  readonly name: InitializerName;
  /** Standard deviation for `normal` (DCGAN uses 0.02). */
  readonly std?: number;
}

/** Fan-in and fan-out of a weight tensor: inputs and outputs of a dense layer, times the kernel area for convolutions. */
export interface Fans {
  readonly fanIn: number;
  readonly fanOut: number;
}

/**
 * Returns `size` initial weights drawn from `rng`:
 * - `glorot-uniform`: U(-a, a) with a = sqrt(6 / (fanIn + fanOut)) (Glorot & Bengio 2010; the Keras default);
 * - `he-uniform`: U(-a, a) with a = sqrt(6 / fanIn) (He et al. 2015, for ReLU-like layers);
 * - `normal`: N(0, std^2);
 * - `zeros`: all zeros, drawing nothing.
 */
export function initialWeights(rng: BitGenerator, spec: InitializerSpec, size: number, fans: Fans): Float32Array {
  const out = new Float32Array(size);

  switch (spec.name) {
    case 'glorot-uniform':
      return fillUniform(rng, out, Math.sqrt(6 / (fans.fanIn + fans.fanOut)));

    case 'he-uniform':
      return fillUniform(rng, out, Math.sqrt(6 / fans.fanIn));

    case 'normal': {
      const std = spec.std ?? 0.02;
      if (!(std > 0) || !Number.isFinite(std)) throw new InvalidArgumentError('initializer std', 'a positive finite number', std);
      for (let i = 0; i < size; i++) out[i] = std * standardNormal(rng);
      return out;
    }

    case 'zeros':
      return out;

    default:
      throw new InvalidArgumentError('initializer', `one of ${INITIALIZER_NAMES.map((n) => `"${n}"`).join(', ')}`, (spec as { name: unknown }).name);
  }
}

function fillUniform(rng: BitGenerator, out: Float32Array, limit: number): Float32Array {
  for (let i = 0; i < out.length; i++) out[i] = uniform(rng, -limit, limit);
  return out;
}
