import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from './errors.js';
import { finite, nonNegativeInteger, oneOf, positive, probability } from './validate.js';

describe('validate', () => {
  it('returns valid values unchanged', () => {
    expect(positive('scale', 2)).toBe(2);
    expect(probability('p', 0)).toBe(0);
    expect(probability('p', 1)).toBe(1);
    expect(nonNegativeInteger('n', 0)).toBe(0);
    expect(oneOf('method', 'mh', ['inverse', 'mh'] as const)).toBe('mh');
  });

  it('names argument, rule and value', () => {
    expect(() => positive('scale', -1)).toThrow('scale must be a positive finite number; received -1');
    expect(() => probability('p', 1.5)).toThrow('p must be a probability in [0, 1]; received 1.5');
    expect(() => finite('loc', Number.NaN)).toThrow('loc must be a finite number; received NaN');
    expect(() => nonNegativeInteger('n', 2.5)).toThrow('n must be a non-negative integer; received 2.5');
    expect(() => oneOf('method', 'gibbs', ['inverse', 'mh'])).toThrow('method must be one of "inverse", "mh"; received "gibbs"');
  });

  it('throws InvalidArgumentError', () => {
    expect(() => positive('scale', 0)).toThrow(InvalidArgumentError);
    expect(() => probability('p', Number.NaN)).toThrow(InvalidArgumentError);
  });
});
