/**
 * Log densities described as data, so that worker threads can rebuild them:
 * a mathjs expression, or a module URL and the name of an exported function.
 * A JavaScript function itself cannot be sent to a worker.
 */
import { InvalidArgumentError, NumericalError } from '../../errors.js';
import { compileExpression } from '../expression.js';
import type { LogDensity } from './kernel.js';

/** A density as a mathjs expression in x (1-D) or x1..xd, giving the density or its log. */
export interface ExpressionDensity {
  readonly expression: string;
  /** 'log-density' (default) when the expression is the log density, 'density' when it is the density itself. */
  readonly kind?: 'log-density' | 'density';
}

/** A log density exported by an ES module: `(position: Float64Array) => number`. */
export interface ModuleDensity {
  /** URL of the module (file: URLs for local files), importable from a worker. */
  readonly module: string;
  /** Name of the export. Default 'logDensity'. */
  readonly export?: string;
}

export type DensitySpec = ExpressionDensity | ModuleDensity;

/** Compiles an expression density into a log density on R^dimension. */
export function logDensityFromExpression(spec: ExpressionDensity, dimension: number): LogDensity {
  const compiled = compileExpression(spec.expression, dimension, spec.kind === 'density' ? 'density' : 'logDensity');
  const evaluate = compiled.evaluate;
  if (spec.kind !== 'density') return evaluate;

  return (position) => {
    const value = evaluate(position);
    if (value < 0) {
      throw new NumericalError(
        `the density is negative (${value}) at position [${Array.from(position).join(', ')}]; a density must be non-negative`,
      );
    }
    return Math.log(value);
  };
}

/** Builds the log density a spec describes, importing the module when there is one. */
export async function resolveDensity(spec: DensitySpec, dimension: number): Promise<LogDensity> {
  if (spec != null && typeof (spec as ExpressionDensity).expression === 'string') {
    return logDensityFromExpression(spec as ExpressionDensity, dimension);
  }
  if (spec != null && typeof (spec as ModuleDensity).module === 'string') {
    const { module, export: name = 'logDensity' } = spec as ModuleDensity;
    const loaded = (await import(module)) as Record<string, unknown>;
    const exported = loaded[name];
    if (typeof exported !== 'function') {
      throw new InvalidArgumentError(`export ${name} of ${module}`, 'a function (position: Float64Array) => number', typeof exported);
    }
    return exported as LogDensity;
  }
  throw new InvalidArgumentError('density', 'an object with expression (a mathjs string) or module (a URL) and export', spec);
}
