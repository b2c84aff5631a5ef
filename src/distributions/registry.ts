/**
 * Named distributions by their CLI name, with parameter descriptions, so the
 * `dist` command and the playground can build any of them from
 * `--param value` pairs. Each distribution module registers itself.
 */
import { InvalidArgumentError } from '../errors.js';
import type { MultivariateDistribution, UnivariateDistribution } from './types.js';

export interface ParameterSpec {
  /** SciPy-style name, used as `--name` on the command line. */
  readonly name: string;
  readonly description: string;
  /** `vector` values are comma-separated on the command line. */
  readonly type: 'number' | 'vector';
  /** Used when the parameter is not given; absent means required. */
  readonly default?: number | readonly number[];
}

export interface DistributionSpec {
  readonly name: string;
  readonly kind: 'continuous' | 'discrete' | 'multivariate';
  readonly description: string;
  readonly parameters: readonly ParameterSpec[];
  create(parameters: Record<string, number | number[]>): UnivariateDistribution | MultivariateDistribution;
}

const specs = new Map<string, DistributionSpec>();

export function registerDistribution(spec: DistributionSpec): void {
  specs.set(spec.name, spec);
}

export function listDistributions(): DistributionSpec[] {
  return [...specs.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function getDistributionSpec(name: string): DistributionSpec {
  const spec = specs.get(name);
  if (spec === undefined) {
    throw new InvalidArgumentError('distribution', `one of ${[...specs.keys()].sort().join(', ')}`, name);
  }
  return spec;
}
