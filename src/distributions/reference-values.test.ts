/**
 * pdf, logPdf, cdf, sf, quantile, isf, mean and variance of every continuous
 * distribution against the tables in fixtures/distributions/continuous/.
 * The tables hold SciPy 1.17.1 values, except where SciPy itself is more than
 * 1e-13 off a 60-digit mpmath value, which replaces it there (make_fixtures.py
 * describes the format).
 */
import { describe, expect, it } from 'vitest';

import {
  CONTINUOUS_NAMES,
  createContinuous,
  FUNCTIONS,
  loadContinuousFixture,
  referenceError,
} from './test-utils/continuous-fixtures.js';

/** Relative error allowed for pdf, cdf, sf, quantile and isf, and absolute error for logPdf below 1 in magnitude. */
const TOLERANCE = 1e-12;

describe.each(CONTINUOUS_NAMES)('%s against reference values', (name) => {
  const file = loadContinuousFixture(name);

  describe.each(file.cases.map((referenceCase) => [JSON.stringify(referenceCase.parameters), referenceCase] as const))(
    'parameters %s',
    (_label, referenceCase) => {
      const distribution = createContinuous(name, referenceCase.parameters);

      it.each(FUNCTIONS)('%s matches', (functionName) => {
        for (const [input, expected] of referenceCase[functionName]) {
          const actual = distribution[functionName](input);
          const error = referenceError(actual, expected, functionName === 'logPdf');
          expect(error, `${functionName}(${input}) = ${actual}, expected ${expected}`).toBeLessThanOrEqual(TOLERANCE);
        }
      });

      it('mean matches SciPy', () => {
        // SciPy reports +Infinity for the t mean with df <= 1; the mean does not exist there, which the
        // ContinuousDistribution contract writes as NaN.
        const expected = name === 'student-t' && referenceCase.parameters.df <= 1 ? NaN : referenceCase.mean;
        expect(referenceError(distribution.mean, expected), `mean ${distribution.mean}, expected ${expected}`).toBeLessThanOrEqual(1e-14);
      });

      it('variance matches SciPy', () => {
        const error = referenceError(distribution.variance, referenceCase.variance);
        expect(error, `variance ${distribution.variance}, expected ${referenceCase.variance}`).toBeLessThanOrEqual(1e-13);
      });
    },
  );
});
