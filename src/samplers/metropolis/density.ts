/**
 * Log densities described as data, so that worker threads can rebuild them:
 * a mathjs expression, or a module URL and the name of an exported function.
 * A JavaScript function itself cannot be sent to a worker. This module loads
 * mathjs only when an expression has no JavaScript translation.
 */
import { InvalidArgumentError, NumericalError } from '../../errors.js';
import { functionFromJavaScript } from '../javascript-function.js';
import type { LogDensity } from './kernel.js';

/** A density as a mathjs expression in x (1-D) or x1..xd, giving the density or its log. */
export interface ExpressionDensity {
  readonly expression: string;
  /** 'log-density' (default) when the expression is the log density, 'density' when it is the density itself. */
  readonly kind?: 'log-density' | 'density';
  /** The expression as JavaScript (from `expressionToJavaScript`), filled in before it is sent to a worker. */
  readonly javascript?: string;
}

/** A log density exported by an ES module: `(position: Float64Array) => number`. */
export interface ModuleDensity {
  /** URL of the module (file: URLs for local files), importable from a worker. */
  readonly module: string;
  /** Name of the export. Default 'logDensity'. */
  readonly export?: string;
}

export type DensitySpec = ExpressionDensity | ModuleDensity;

/**
 * Turns an evaluated expression into a log density: the value itself for a
 * log density, its logarithm for a density (which must not be negative).
 */
export function asLogDensity(evaluate: (point: ArrayLike<number>) => number, kind: ExpressionDensity['kind']): LogDensity {
  if (kind !== 'density') return evaluate;

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

/** Builds the log density a spec describes, importing the module (or mathjs) when needed. */
export async function resolveDensity(spec: DensitySpec, dimension: number): Promise<LogDensity> {
  if (spec != null && typeof (spec as ExpressionDensity).expression === 'string') {
    const expression = spec as ExpressionDensity;
    if (typeof expression.javascript === 'string') return asLogDensity(functionFromJavaScript(expression.javascript), expression.kind);

    const { compileExpression } = await import('../expression.js');
    const argument = expression.kind === 'density' ? 'density' : 'logDensity';
    return asLogDensity(compileExpression(expression.expression, dimension, argument).evaluate, expression.kind);
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
