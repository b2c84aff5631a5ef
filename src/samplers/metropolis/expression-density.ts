/**
 * Expression densities on the main thread: compiled at once (so a bad
 * expression fails before any chain starts) and translated to JavaScript for
 * worker threads.
 */
import { compileExpression, expressionToJavaScript } from '../expression.js';
import { asLogDensity, type ExpressionDensity } from './density.js';
import type { LogDensity } from './kernel.js';

/** Compiles an expression density into a log density on R^dimension. */
export function logDensityFromExpression(spec: ExpressionDensity, dimension: number): LogDensity {
  return asLogDensity(compileExpression(spec.expression, dimension, argumentName(spec)).evaluate, spec.kind);
}

/**
 * Checks the expression and returns the spec with its JavaScript
 * translation attached, when it has one, so that workers need not load mathjs.
 */
export function translateForWorkers(spec: ExpressionDensity, dimension: number): ExpressionDensity {
  const javascript = expressionToJavaScript(spec.expression, dimension, argumentName(spec));
  return javascript === undefined ? { expression: spec.expression, kind: spec.kind } : { ...spec, javascript };
}

function argumentName(spec: ExpressionDensity): string {
  return spec.kind === 'density' ? 'density' : 'logDensity';
}
