import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors.js';
import { checkEveryVariableUsed, compileExpression, ExpressionError, inferDimension } from './expression.js';

describe('compileExpression', () => {
  it('translates common expressions to JavaScript', () => {
    const compiled = compileExpression('exp(-x^2/2)*(1+sin(3*x)^2)', 1);
    expect(compiled.native).toBe(true);
    const x = 0.7;
    expect(compiled.evaluate([x])).toBe(Math.exp(-Math.pow(x, 2) / 2) * (1 + Math.pow(Math.sin(3 * x), 2)));
  });

  it('native and mathjs evaluation agree', () => {
    const cases = ['2x + 1', 'x > 0 ? log(x) : -x', 'abs(x) <= 1 and x != 0.5', 'not (x < 0)', 'sqrt(-1) + x', 'max(x, 2, -x)', 'pi * e * x'];
    for (const source of cases) {
      const compiled = compileExpression(source, 1);
      expect(compiled.native, source).toBe(true);
      for (const x of [-2, -0.3, 0.5, 1.5]) {
        const viaMathjs = compileExpression(`${source} + 0 * gamma(1)`, 1);
        expect(viaMathjs.native).toBe(false);
        const expected = viaMathjs.evaluate([x]);
        if (Number.isNaN(expected)) expect(compiled.evaluate([x]), `${source} at ${x}`).toBeNaN();
        else expect(compiled.evaluate([x]), `${source} at ${x}`).toBeCloseTo(expected, 12);
      }
    }
  });

  it('falls back to mathjs for other functions', () => {
    const compiled = compileExpression('gamma(x + 1)', 1);
    expect(compiled.native).toBe(false);
    expect(compiled.evaluate([4])).toBeCloseTo(24, 10);
  });

  it('indexed variables read the point in order', () => {
    const compiled = compileExpression('x1 - 10 * x2 + 100 * x3', 3);
    expect(compiled.evaluate([1, 2, 3])).toBe(281);
  });

  it('a syntax error marks the token', () => {
    expect(() => compileExpression('exp(-x^2)/)', 1)).toThrow(ExpressionError);
    let caught: unknown;
    try {
      compileExpression('x +* 2', 1);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ExpressionError);
    expect((caught as Error).message).toBe(
      'expression must be a valid mathjs expression; received "x +* 2". Value expected. The error is at char 4, marked <here>: "x +<here>* 2"',
    );
    expect((caught as ExpressionError).position).toBe(3);
  });

  it('an early end is marked at the end', () => {
    expect(() => compileExpression('exp(-x^2', 1, '--density')).toThrow(
      '--density must be a valid mathjs expression; received "exp(-x^2". Parenthesis ) expected. The error is at char 9, marked <here>: "exp(-x^2<here>"',
    );
  });

  it('unknown names point at the name', () => {
    expect(() => compileExpression('exp(-y^2)', 1)).toThrow('unknown name y: the variables are x. The error is at char 6, marked <here>: "exp(-<here>y^2)"');
    expect(() => compileExpression('foo(x)', 1)).toThrow(/unknown function foo/);
    expect(() => compileExpression('x1 + x3', 2)).toThrow(/unknown name x3: the variables are x1..x2/);
    expect(() => compileExpression('"text"', 1)).toThrow(/only numbers are allowed/);
    expect(() => compileExpression('', 1)).toThrow(InvalidArgumentError);
  });
});

describe('expressions that are not one number', () => {
  it.each([
    ['x=1', 'cannot be an assignment. The error is at char 2, marked <here>: "x<here>=1"'],
    ['f(x)=x', /cannot be a function definition/],
    ['exp(-x^2/2);1', 'cannot be several expressions. The error is at char 12, marked <here>: "exp(-x^2/2)<here>;1"'],
    ['exp(-x^2/2)\n1', 'cannot be several expressions. The error is at char 12, marked <here>: "exp(-x^2/2)<here>\\n1"'],
    ['[1,2]', /cannot be an array/],
    ['{a:1}', /cannot be an object/],
    ['1:3', /cannot be a range/],
  ])('%j is rejected', (source, message) => {
    expect(() => compileExpression(source, 1, '--density')).toThrow(ExpressionError);
    expect(() => compileExpression(source, 1, '--density')).toThrow(message);
    expect(() => compileExpression(source, 1, '--density')).not.toThrow(/\n/);
  });

  it('non-numeric functions are rejected', () => {
    expect(() => compileExpression('import({a:1})', 1, '--density')).toThrow(/--density must be a valid mathjs expression[\s\S]*The function import is not allowed/);
    expect(() => compileExpression('random() * x', 1)).toThrow(/The function random is not allowed/);
    expect(() => compileExpression("x'", 1)).toThrow(/The operator ' is not allowed/);
  });

  it('a mathjs evaluation error names the argument and point', () => {
    const compiled = compileExpression('x!', 1, '--density');
    expect(compiled.evaluate([3])).toBe(6);
    expect(() => compiled.evaluate([-0.5])).toThrow(/--density must be defined at every point of the domain; received "x!". At x = -0.5 it fails: /);
  });
});

describe('checkEveryVariableUsed', () => {
  it('a skipped variable is rejected', () => {
    expect(() => checkEveryVariableUsed('-x1^2/2 - x3^2/8', 3, '--log-density')).toThrow(
      /--log-density must be an expression that uses every variable x1..x3; received "-x1\^2\/2 - x3\^2\/8". It uses x1, x3 but not x2/,
    );
    expect(() => checkEveryVariableUsed('-x1^2 - x2^2', 2)).not.toThrow();
    expect(() => checkEveryVariableUsed('-x^2', 1)).not.toThrow();
  });
});

describe('inferDimension', () => {
  it('counts the variables', () => {
    expect(inferDimension('exp(-x^2)')).toBe(1);
    expect(inferDimension('x1 * x4')).toBe(4);
    expect(inferDimension('3')).toBe(1);
    expect(inferDimension('sin(x2)')).toBe(2);
  });

  it('rejects x mixed with x1', () => {
    expect(() => inferDimension('x + x1')).toThrow(/either x .* or x1, x2/);
  });
});
