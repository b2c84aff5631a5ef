/**
 * Registry entries for the continuous distributions, under their CLI names
 * and with SciPy's parameter names and defaults. Importing this module
 * registers them; `CONTINUOUS_DISTRIBUTION_NAMES` lists what it adds.
 */
import { InvalidArgumentError } from '../errors.js';
import { Beta } from './beta.js';
import { Cauchy } from './cauchy.js';
import { ChiSquare } from './chi-square.js';
import { Exponential } from './exponential.js';
import { Gamma } from './gamma.js';
import { Laplace } from './laplace.js';
import { Logistic } from './logistic.js';
import { Lognormal } from './lognormal.js';
import { Normal } from './normal.js';
import { Pareto } from './pareto.js';
import { type DistributionSpec, type ParameterSpec, registerDistribution } from './registry.js';
import { StudentT } from './student-t.js';
import { Triangular } from './triangular.js';
import { Uniform } from './uniform.js';
import { Weibull } from './weibull.js';

function parameter(name: string, description: string, defaultValue?: number): ParameterSpec {
  return defaultValue === undefined ? { name, description, type: 'number' } : { name, description, type: 'number', default: defaultValue };
}

const LOC = parameter('loc', 'location: shifts the distribution by loc', 0);
const SCALE = parameter('scale', 'scale: stretches the distribution by scale > 0', 1);

/** Turns registry parameters into constructor options, rejecting vector values. */
function numbers(parameters: Record<string, number | number[]>): Record<string, number> {
  const options: Record<string, number> = {};
  for (const [key, value] of Object.entries(parameters)) {
    if (Array.isArray(value)) throw new InvalidArgumentError(key, 'a single number', value);
    options[key] = value;
  }
  return options;
}

const specs: DistributionSpec[] = [
  {
    name: 'normal',
    kind: 'continuous',
    description: 'normal (Gaussian) with mean loc and standard deviation scale; SciPy norm',
    parameters: [parameter('loc', 'mean', 0), parameter('scale', 'standard deviation > 0', 1)],
    create: (p) => new Normal(numbers(p)),
  },
  {
    name: 'lognormal',
    kind: 'continuous',
    description: 'lognormal: loc + scale * exp(s * Z) for Z standard normal; SciPy lognorm',
    parameters: [parameter('s', 'standard deviation of the log, > 0'), LOC, parameter('scale', 'median of X - loc, > 0', 1)],
    create: (p) => new Lognormal(numbers(p) as { s: number }),
  },
  {
    name: 'exponential',
    kind: 'continuous',
    description: 'exponential with lower end loc and mean loc + scale (scale = 1 / rate); SciPy expon',
    parameters: [LOC, parameter('scale', '1 / rate, > 0', 1)],
    create: (p) => new Exponential(numbers(p)),
  },
  {
    name: 'gamma',
    kind: 'continuous',
    description: 'gamma with shape and scale (= 1 / rate); SciPy gamma with a = shape',
    parameters: [parameter('shape', 'shape > 0 (SciPy a)'), LOC, parameter('scale', '1 / rate, > 0', 1)],
    create: (p) => new Gamma(numbers(p) as { shape: number }),
  },
  {
    name: 'chi-square',
    kind: 'continuous',
    description: 'chi-square with df degrees of freedom; SciPy chi2',
    parameters: [parameter('df', 'degrees of freedom > 0'), LOC, SCALE],
    create: (p) => new ChiSquare(numbers(p) as { df: number }),
  },
  {
    name: 'beta',
    kind: 'continuous',
    description: 'beta on [loc, loc + scale] with shapes a and b; SciPy beta',
    parameters: [parameter('a', 'first shape > 0'), parameter('b', 'second shape > 0'), LOC, SCALE],
    create: (p) => new Beta(numbers(p) as { a: number; b: number }),
  },
  {
    name: 'student-t',
    kind: 'continuous',
    description: "Student's t with df degrees of freedom; SciPy t",
    parameters: [parameter('df', 'degrees of freedom > 0'), LOC, SCALE],
    create: (p) => new StudentT(numbers(p) as { df: number }),
  },
  {
    name: 'cauchy',
    kind: 'continuous',
    description: 'Cauchy with median loc and half width scale; SciPy cauchy',
    parameters: [LOC, SCALE],
    create: (p) => new Cauchy(numbers(p)),
  },
  {
    name: 'laplace',
    kind: 'continuous',
    description: 'Laplace (double exponential) with median loc; SciPy laplace',
    parameters: [LOC, SCALE],
    create: (p) => new Laplace(numbers(p)),
  },
  {
    name: 'logistic',
    kind: 'continuous',
    description: 'logistic with mean loc; SciPy logistic',
    parameters: [LOC, SCALE],
    create: (p) => new Logistic(numbers(p)),
  },
  {
    name: 'weibull',
    kind: 'continuous',
    description: 'Weibull with shape c; SciPy weibull_min',
    parameters: [parameter('c', 'shape > 0'), LOC, SCALE],
    create: (p) => new Weibull(numbers(p) as { c: number }),
  },
  {
    name: 'pareto',
    kind: 'continuous',
    description: 'Pareto with tail index b on [loc + scale, inf); SciPy pareto',
    parameters: [parameter('b', 'tail index > 0'), LOC, SCALE],
    create: (p) => new Pareto(numbers(p) as { b: number }),
  },
  {
    name: 'triangular',
    kind: 'continuous',
    description: 'triangular on [left, right] with peak at mode; NumPy triangular, SciPy triang',
    parameters: [parameter('left', 'lower end'), parameter('mode', 'peak, left <= mode <= right'), parameter('right', 'upper end > left')],
    create: (p) => new Triangular(numbers(p) as { left: number; mode: number; right: number }),
  },
  {
    name: 'uniform',
    kind: 'continuous',
    description: 'uniform on [loc, loc + scale]; SciPy uniform',
    parameters: [parameter('loc', 'lower end', 0), parameter('scale', 'width > 0', 1)],
    create: (p) => new Uniform(numbers(p)),
  },
];

for (const spec of specs) registerDistribution(spec);

/** Names of the distributions this module registers. */
export const CONTINUOUS_DISTRIBUTION_NAMES: readonly string[] = specs.map((spec) => spec.name);
