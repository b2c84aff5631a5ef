/**
 * Rebuilds a density function from the JavaScript text that
 * `expressionToJavaScript` (expression.ts) produces. This module does not
 * load mathjs, so worker threads start quickly.
 */

/**
 * Builds the function for JavaScript text from `expressionToJavaScript`.
 * That text is made only of whitelisted operators, Math functions, numeric
 * literals and reads of `v[i]`, so no text typed by the user reaches it.
 */
export function functionFromJavaScript(code: string): (point: ArrayLike<number>) => number {
  const evaluate = new Function('v', `"use strict"; return (${code});`) as (point: ArrayLike<number>) => number;
  return (point) => Number(evaluate(point));
}
