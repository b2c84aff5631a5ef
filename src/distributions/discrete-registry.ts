/**
 * Registry entries for the discrete and multivariate distributions, under
 * their CLI names and with SciPy's parameter names. Importing this module
 * registers them; `DISCRETE_DISTRIBUTION_NAMES` lists what it adds.
 * Mixtures are built from other distributions and have no entry here.
 */
import { InvalidArgumentError } from '../errors.js';
import { Bernoulli } from './bernoulli.js';
import { Binomial } from './binomial.js';
import { Categorical } from './categorical.js';
import { Dirichlet } from './dirichlet.js';
import { Geometric } from './geometric.js';
import { MultivariateNormal } from './multivariate-normal.js';
import { NegativeBinomial } from './negative-binomial.js';
import { Poisson } from './poisson.js';
import { type DistributionSpec, type ParameterSpec, registerDistribution } from './registry.js';

function scalar(name: string, description: string): ParameterSpec {
  return { name, description, type: 'number' };
}

function vector(name: string, description: string): ParameterSpec {
  return { name, description, type: 'vector' };
}

/** Reads a number parameter, rejecting a vector given in its place. */
function numberValue(parameters: Record<string, number | number[]>, name: string): number {
  const value = parameters[name];
  if (Array.isArray(value)) throw new InvalidArgumentError(name, 'a single number', value);
  return value;
}

/** Reads a vector parameter; a single number counts as a vector of length 1. */
function vectorValue(parameters: Record<string, number | number[]>, name: string): number[] {
  const value = parameters[name];
  return Array.isArray(value) ? value : [value];
}

const specs: DistributionSpec[] = [
  {
    name: 'bernoulli',
    kind: 'discrete',
    description: '1 with probability p, else 0; SciPy bernoulli',
    parameters: [scalar('p', 'probability of 1, in [0, 1]')],
    create: (p) => new Bernoulli({ p: numberValue(p, 'p') }),
  },
  {
    name: 'binomial',
    kind: 'discrete',
    description: 'successes in n trials with success probability p; SciPy binom',
    parameters: [scalar('n', 'number of trials, an integer >= 0'), scalar('p', 'success probability in [0, 1]')],
    create: (p) => new Binomial({ n: numberValue(p, 'n'), p: numberValue(p, 'p') }),
  },
  {
    name: 'poisson',
    kind: 'discrete',
    description: 'Poisson with mean mu; SciPy poisson',
    parameters: [scalar('mu', 'mean >= 0')],
    create: (p) => new Poisson({ mu: numberValue(p, 'mu') }),
  },
  {
    name: 'geometric',
    kind: 'discrete',
    description: 'trials up to and including the first success, support 1, 2, ...; SciPy geom',
    parameters: [scalar('p', 'success probability in (0, 1]')],
    create: (p) => new Geometric({ p: numberValue(p, 'p') }),
  },
  {
    name: 'negative-binomial',
    kind: 'discrete',
    description: 'failures before the n-th success, support 0, 1, ...; SciPy nbinom',
    parameters: [scalar('n', 'number of successes, a real > 0'), scalar('p', 'success probability in (0, 1]')],
    create: (p) => new NegativeBinomial({ n: numberValue(p, 'n'), p: numberValue(p, 'p') }),
  },
  {
    name: 'categorical',
    kind: 'discrete',
    description: 'category k in 0..K-1 with probability weights[k] / sum(weights); SciPy rv_discrete',
    parameters: [vector('weights', 'K non-negative weights, comma-separated, not all 0')],
    create: (p) => new Categorical({ weights: vectorValue(p, 'weights') }),
  },
  {
    name: 'multivariate-normal',
    kind: 'multivariate',
    description: 'normal on R^d with mean vector and covariance matrix; SciPy multivariate_normal',
    parameters: [
      vector('mean', 'mean vector of length d, comma-separated'),
      vector('cov', 'symmetric positive definite d x d covariance, d*d numbers in row-major order'),
    ],
    create: (p) => new MultivariateNormal({ mean: vectorValue(p, 'mean'), cov: vectorValue(p, 'cov') }),
  },
  {
    name: 'dirichlet',
    kind: 'multivariate',
    description: 'Dirichlet on the probability simplex with concentrations alpha; SciPy dirichlet',
    parameters: [vector('alpha', 'K >= 2 positive concentrations, comma-separated')],
    create: (p) => new Dirichlet({ alpha: vectorValue(p, 'alpha') }),
  },
];

for (const spec of specs) registerDistribution(spec);

/** Names of the distributions this module registers. */
export const DISCRETE_DISTRIBUTION_NAMES: readonly string[] = specs.map((spec) => spec.name);
