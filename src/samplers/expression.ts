/**
 * Densities written as mathjs expressions, as typed on the command line
 * (`exp(-x^2/2)`) or sent to worker threads (a JS function cannot be sent).
 * Variables are `x` in 1-D and `x1`..`xd` in d dimensions.
 *
 * Expressions built only from arithmetic, comparisons, conditionals and the
 * common elementary functions are translated into a JavaScript function,
 * which runs at native speed. Anything else mathjs understands (gamma, erf,
 * ...) is evaluated by mathjs itself. Both paths use mathjs's `predictable`
 * mode, where log(-1) and sqrt(-1) are NaN rather than complex numbers.
 */
import { all, create, type MathNode } from 'mathjs';

import { InvalidArgumentError } from '../errors.js';
import { functionFromJavaScript } from './javascript-function.js';

const math = create(all, { number: 'number', predictable: true });

/** Text inserted before the bad token when an ExpressionError message repeats the expression. */
const ERROR_MARKER = '<here>';

/**
 * A syntax or name error in an expression. The message is one line: the
 * problem, the 1-based character position, and the expression (as a JSON
 * string, so a newline in it stays on the line) with ERROR_MARKER before
 * the bad token.
 */
export class ExpressionError extends InvalidArgumentError {
  override name = 'ExpressionError';

  constructor(
    argument: string,
    readonly expression: string,
    /** 0-based index of the bad token in `expression`, or its length when the expression ends too early. */
    readonly position: number,
    problem: string,
  ) {
    super(argument, 'a valid mathjs expression', expression, describeProblem(expression, position, problem));
  }
}

/** Formats the hint of an ExpressionError, e.g. `Value expected. The error is at char 4, marked <here>: "x +<here>* 2"`. */
function describeProblem(expression: string, position: number, problem: string): string {
  const index = Math.min(Math.max(0, position), expression.length);
  const marked = `${expression.slice(0, index)}${ERROR_MARKER}${expression.slice(index)}`;
  // mathjs ends its own messages with "(char N)", which is dropped so the position appears once.
  const text = problem.replace(/ \(char \d+\)$/, '');
  return `${text}. The error is at char ${index + 1}, marked ${ERROR_MARKER}: ${JSON.stringify(marked)}`;
}

/** A compiled expression: values of the variables in, number out. */
export interface CompiledExpression {
  readonly source: string;
  readonly dimension: number;
  /** True when the expression was translated into JavaScript rather than evaluated by mathjs. */
  readonly native: boolean;
  evaluate(point: ArrayLike<number>): number;
}

/**
 * Returns the number of variables an expression uses: 1 for `x`, d for
 * `x1`..`xd` (the highest index). Throws ExpressionError for a syntax error,
 * an unknown name, or `x` mixed with indexed variables.
 */
export function inferDimension(source: string, argument = 'expression'): number {
  const node = parse(source, argument);
  let plain = false;
  const indices = new Set<number>();
  node.traverse((child, path, parent) => {
    if (child.type !== 'SymbolNode' || isFunctionName(child, path, parent)) return;
    const name = (child as unknown as { name: string }).name;
    if (name === 'x') plain = true;
    const match = /^x([1-9][0-9]*)$/.exec(name);
    if (match) indices.add(Number(match[1]));
  });
  if (plain && indices.size > 0) {
    throw new ExpressionError(argument, source, findName(source, 'x'), 'use either x (one dimension) or x1, x2, ... (several), not both');
  }

  return indices.size > 0 ? Math.max(...indices) : 1;
}

/**
 * Throws InvalidArgumentError unless a d-D expression uses every variable
 * x1..xd. A variable that the expression leaves out (x2 in "-x1^2 - x3^2")
 * is unconstrained, so the density would be improper.
 */
export function checkEveryVariableUsed(source: string, dimension: number, argument = 'expression'): void {
  if (dimension === 1) return;
  const node = parse(source, argument);
  const used = new Set<string>();
  node.traverse((child, path, parent) => {
    if (child.type === 'SymbolNode' && !isFunctionName(child, path, parent)) used.add((child as unknown as { name: string }).name);
  });
  const variables = Array.from({ length: dimension }, (_, i) => `x${i + 1}`);
  const missing = variables.filter((name) => !used.has(name));
  if (missing.length > 0) {
    throw new InvalidArgumentError(
      argument,
      `an expression that uses every variable x1..x${dimension}`,
      source,
      `It uses ${variables.filter((name) => used.has(name)).join(', ')} but not ${missing.join(', ')}, which would be unconstrained, so the density would be improper`,
    );
  }
}


/** Compiles `source` as a function of `dimension` variables (`x` when 1, else `x1`..`xd`). */
export function compileExpression(source: string, dimension: number, argument = 'expression'): CompiledExpression {
  const { node, variables } = checkedTree(source, dimension, argument);

  const code = translate(node, variables);
  if (code !== undefined) return { source, dimension, native: true, evaluate: functionFromJavaScript(code) };

  const compiled = node.compile();
  const scope = new Map<string, number>();
  return {
    source,
    dimension,
    native: false,
    evaluate: (point) => {
      for (let i = 0; i < variables.length; i++) scope.set(variables[i], point[i]);
      let value: unknown;
      try {
        value = compiled.evaluate(scope);
      } catch (error) {
        // mathjs raises for some inputs (the factorial of a negative number, for one) rather than returning NaN.
        const at = variables.map((name, i) => `${name} = ${point[i]}`).join(', ');
        throw new InvalidArgumentError(argument, `defined at every point of the domain`, source, `At ${at} it fails: ${(error as Error).message}`);
      }
      if (typeof value === 'number') return value;
      if (typeof value === 'boolean') return Number(value);
      return NaN;
    },
  };
}

/**
 * Returns the JavaScript expression (reading variable i from `v[i]`) that
 * `compileExpression` would run, or undefined when the expression needs
 * mathjs. Worker threads rebuild the function from this text with
 * `functionFromJavaScript`, which spares them loading mathjs.
 */
export function expressionToJavaScript(source: string, dimension: number, argument = 'expression'): string | undefined {
  const { node, variables } = checkedTree(source, dimension, argument);
  return translate(node, variables);
}

function checkedTree(source: string, dimension: number, argument: string): { node: MathNode; variables: string[] } {
  if (!(Number.isInteger(dimension) && dimension >= 1)) {
    throw new InvalidArgumentError('dimension', 'a positive integer', dimension);
  }
  const node = parse(source, argument);
  const variables = dimension === 1 ? ['x'] : Array.from({ length: dimension }, (_, i) => `x${i + 1}`);
  checkNames(node, source, variables, argument);
  return { node, variables };
}

function parse(source: string, argument: string): MathNode {
  if (typeof source !== 'string' || source.trim() === '') {
    throw new InvalidArgumentError(argument, 'a non-empty mathjs expression', source);
  }
  try {
    return math.parse(source);
  } catch (error) {
    const position = typeof (error as { char?: unknown }).char === 'number' ? (error as { char: number }).char - 1 : source.length;
    throw new ExpressionError(argument, source, position, (error as Error).message);
  }
}

/** True when a SymbolNode is the name of the function being called, as in the `sin` of `sin(x)`. */
function isFunctionName(child: MathNode, path: string, parent: MathNode | null): boolean {
  return parent?.type === 'FunctionNode' && path === 'fn';
}

/** mathjs node types that make up one numeric expression; anything else (assignments, blocks, arrays, ...) is rejected. */
const ALLOWED_NODES = new Set(['ConstantNode', 'SymbolNode', 'OperatorNode', 'FunctionNode', 'ParenthesisNode', 'ConditionalNode']);

/** Descriptions of the rejected node types, with the character that shows where one starts. */
const REJECTED_NODES: Record<string, [string, string]> = {
  AssignmentNode: ['an assignment', '='],
  FunctionAssignmentNode: ['a function definition', '='],
  BlockNode: ['several expressions', ';'],
  ArrayNode: ['an array', '['],
  ObjectNode: ['an object', '{'],
  RangeNode: ['a range', ':'],
  AccessorNode: ['an index or property access', '['],
  IndexNode: ['an index', '['],
};

/** Operators allowed besides those with a JavaScript translation: remainder, factorial and exclusive or. */
const EXTRA_OPERATORS = new Set(['mod', 'factorial', 'xor', 'dotMultiply', 'dotDivide', 'dotPow']);

/** mathjs functions of numbers allowed besides those with a JavaScript translation. `random` is left out: a density must be deterministic. */
const EXTRA_FUNCTIONS = new Set([
  'gamma', 'lgamma', 'erf', 'factorial', 'combinations', 'permutations', 'nthRoot', 'cube', 'square',
  'sec', 'csc', 'cot', 'asec', 'acsc', 'acot', 'asinh', 'acosh', 'atanh', 'sech', 'csch', 'coth', 'asech', 'acsch', 'acoth',
  'round', 'fix', 'mod', 'gcd', 'lcm', 'zeta',
]);

/**
 * Throws ExpressionError for anything but one numeric expression: a node
 * type outside ALLOWED_NODES, an operator or function that is not a numeric
 * one, or a symbol that is neither a variable nor a mathjs constant.
 */
function checkNames(node: MathNode, source: string, variables: string[], argument: string): void {
  node.traverse((child) => {
    if (child.type !== 'OperatorNode') return;
    const { fn, op } = child as unknown as { fn: string; op: string };
    if (BINARY_OPERATORS[fn] !== undefined || ['unaryMinus', 'unaryPlus', 'not', 'pow', 'and', 'or'].includes(fn) || EXTRA_OPERATORS.has(fn)) return;
    throw new ExpressionError(argument, source, Math.max(0, source.indexOf(op)), `The operator ${op} is not allowed in a density`);
  });

  node.traverse((child, path, parent) => {
    if (child.type !== 'SymbolNode') return;
    const name = (child as unknown as { name: string }).name;

    if (isFunctionName(child, path, parent)) {
      if (typeof (math as unknown as Record<string, unknown>)[name] !== 'function') {
        throw new ExpressionError(argument, source, findName(source, name), `unknown function ${name}`);
      }
      if (MATH_FUNCTIONS[name] === undefined && !EXTRA_FUNCTIONS.has(name)) {
        throw new ExpressionError(argument, source, findName(source, name), `The function ${name} is not allowed in a density; use functions of numbers such as exp, log, sqrt, gamma, erf`);
      }
      return;
    }
    if (variables.includes(name)) return;

    const value = (math as unknown as Record<string, unknown>)[name];
    if (typeof value !== 'number') {
      const expected = variables.length === 1 ? 'x' : `x1..x${variables.length}`;
      throw new ExpressionError(argument, source, findName(source, name), `unknown name ${name}: the variables are ${expected}`);
    }
  });

  node.traverse((child) => {
    if (ALLOWED_NODES.has(child.type)) return;
    const [description, token] = REJECTED_NODES[child.type] ?? [`a ${child.type}`, ''];
    const position = token === '' ? 0 : Math.max(0, source.indexOf(token === ';' && !source.includes(';') ? '\n' : token));
    throw new ExpressionError(argument, source, position, `The expression must evaluate to one number, so it cannot be ${description}`);
  });

  node.traverse((child) => {
    if (child.type === 'ConstantNode' && typeof (child as unknown as { value: unknown }).value !== 'number') {
      const text = String((child as unknown as { value: unknown }).value);
      throw new ExpressionError(argument, source, Math.max(0, source.indexOf(text) - 1), 'only numbers are allowed as constants');
    }
  });
}

/** Position of the first occurrence of `name` as a whole word, or 0. */
function findName(source: string, name: string): number {
  const match = new RegExp(`(^|[^A-Za-z0-9_.])${name.replace(/[$]/g, '\\$')}(?![A-Za-z0-9_])`).exec(source);
  return match ? match.index + match[1].length : 0;
}

const BINARY_OPERATORS: Record<string, string> = {
  add: '+',
  subtract: '-',
  multiply: '*',
  divide: '/',
  smaller: '<',
  larger: '>',
  smallerEq: '<=',
  largerEq: '>=',
  equal: '===',
  unequal: '!==',
};

const MATH_FUNCTIONS: Record<string, [string, number[]]> = {
  sin: ['Math.sin', [1]],
  cos: ['Math.cos', [1]],
  tan: ['Math.tan', [1]],
  asin: ['Math.asin', [1]],
  acos: ['Math.acos', [1]],
  atan: ['Math.atan', [1]],
  atan2: ['Math.atan2', [2]],
  sinh: ['Math.sinh', [1]],
  cosh: ['Math.cosh', [1]],
  tanh: ['Math.tanh', [1]],
  exp: ['Math.exp', [1]],
  expm1: ['Math.expm1', [1]],
  log: ['Math.log', [1]],
  log10: ['Math.log10', [1]],
  log2: ['Math.log2', [1]],
  log1p: ['Math.log1p', [1]],
  sqrt: ['Math.sqrt', [1]],
  cbrt: ['Math.cbrt', [1]],
  abs: ['Math.abs', [1]],
  sign: ['Math.sign', [1]],
  floor: ['Math.floor', [1]],
  ceil: ['Math.ceil', [1]],
  pow: ['Math.pow', [2]],
  hypot: ['Math.hypot', [2, 3, 4]],
  min: ['Math.min', [2, 3, 4]],
  max: ['Math.max', [2, 3, 4]],
};

const CONSTANTS: Record<string, string> = { pi: 'Math.PI', PI: 'Math.PI', e: 'Math.E', E: 'Math.E', Infinity: 'Infinity' };

/**
 * Translates the tree into a JavaScript expression reading variable i from
 * `v[i]`, or returns undefined when it uses anything outside the whitelist.
 */
function translate(node: MathNode, variables: string[]): string | undefined {
  const recurse = (child: MathNode): string | undefined => translate(child, variables);
  const typed = node as unknown as {
    type: string;
    fn?: string | { name: string };
    args?: MathNode[];
    name?: string;
    value?: unknown;
    content?: MathNode;
    condition?: MathNode;
    trueExpr?: MathNode;
    falseExpr?: MathNode;
  };

  switch (typed.type) {
    case 'ConstantNode':
      return typeof typed.value === 'number' ? `(${String(typed.value)})` : undefined;
    case 'SymbolNode': {
      const index = variables.indexOf(typed.name as string);
      if (index >= 0) return `v[${index}]`;
      return CONSTANTS[typed.name as string];
    }
    case 'ParenthesisNode':
      return wrap(recurse(typed.content as MathNode));
    case 'ConditionalNode': {
      const parts = [typed.condition, typed.trueExpr, typed.falseExpr].map((part) => recurse(part as MathNode));
      if (parts.some((part) => part === undefined)) return undefined;
      return `(${parts[0]} ? ${parts[1]} : ${parts[2]})`;
    }
    case 'OperatorNode': {
      const args = (typed.args ?? []).map(recurse);
      if (args.some((arg) => arg === undefined)) return undefined;
      const fn = typed.fn as string;
      if (args.length === 1) {
        if (fn === 'unaryMinus') return `(-${args[0]})`;
        if (fn === 'unaryPlus') return `(+${args[0]})`;
        if (fn === 'not') return `(${args[0]} ? 0 : 1)`;
        return undefined;
      }
      if (args.length !== 2) return undefined;
      if (fn === 'pow') return `Math.pow(${args[0]}, ${args[1]})`;
      if (fn === 'and') return `((${args[0]} && ${args[1]}) ? 1 : 0)`;
      if (fn === 'or') return `((${args[0]} || ${args[1]}) ? 1 : 0)`;
      const operator = BINARY_OPERATORS[fn];
      if (operator === undefined) return undefined;
      // Comparisons yield 0 or 1, as mathjs's do when used as numbers.
      const comparison = ['<', '>', '<=', '>=', '===', '!=='].includes(operator);
      return comparison ? `((${args[0]} ${operator} ${args[1]}) ? 1 : 0)` : `(${args[0]} ${operator} ${args[1]})`;
    }
    case 'FunctionNode': {
      const name = typeof typed.fn === 'object' ? typed.fn.name : undefined;
      const entry = name === undefined ? undefined : MATH_FUNCTIONS[name];
      const args = (typed.args ?? []).map(recurse);
      if (entry === undefined || !entry[1].includes(args.length) || args.some((arg) => arg === undefined)) return undefined;
      return `${entry[0]}(${args.join(', ')})`;
    }
    default:
      return undefined;
  }
}

function wrap(code: string | undefined): string | undefined {
  return code === undefined ? undefined : `(${code})`;
}
