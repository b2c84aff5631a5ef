import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from './errors.js';
import { finite, nonNegativeInteger, notNaN, notNaNEntry, oneOf, positive, probability } from './validate.js';

describe('validate', () => {
  it('returns valid values unchanged', () => {
    expect(positive('scale', 2)).toBe(2);
    expect(probability('p', 0)).toBe(0);
    expect(probability('p', 1)).toBe(1);
    expect(nonNegativeInteger('n', 0)).toBe(0);
    expect(oneOf('method', 'mh', ['inverse', 'mh'] as const)).toBe('mh');
    expect(notNaN('x', -Infinity)).toBe(-Infinity);
    expect(notNaNEntry('x', [1, Infinity], 1)).toBe(Infinity);
  });

  it('names argument, rule and value', () => {
    expect(() => positive('scale', -1)).toThrow('scale must be a positive finite number; received -1');
    expect(() => probability('p', 1.5)).toThrow('p must be a probability in [0, 1]; received 1.5');
    expect(() => finite('loc', Number.NaN)).toThrow('loc must be a finite number; received NaN');
    expect(() => nonNegativeInteger('n', 2.5)).toThrow('n must be a non-negative integer; received 2.5');
    expect(() => oneOf('method', 'gibbs', ['inverse', 'mh'])).toThrow('method must be one of "inverse", "mh"; received "gibbs"');
    expect(() => notNaN('x', Number.NaN)).toThrow('x must be a number other than NaN; received NaN');
    expect(() => notNaN('x', '2' as never)).toThrow('x must be a number other than NaN; received "2"');
    expect(() => notNaNEntry('x', [0, 1, Number.NaN], 2)).toThrow('x[2] must be a number other than NaN; received NaN');
  });

  it('throws InvalidArgumentError', () => {
    expect(() => positive('scale', 0)).toThrow(InvalidArgumentError);
    expect(() => probability('p', Number.NaN)).toThrow(InvalidArgumentError);
  });
});
