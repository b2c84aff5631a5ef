/**
 * Number formatting for text outputs. Seventeen significant digits are enough
 * for every IEEE-754 double to survive a round trip through text.
 */

/**
 * Formats `value` like C's `printf("%.17g")`: 17 significant digits, trailing
 * zeros removed, exponent form when the decimal exponent is below -4 or at
 * least 17. NaN and the infinities print as `NaN`, `Infinity`, `-Infinity`.
 */
export function formatDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';

  const exponential = value.toExponential(16);
  const [mantissa, exponentText] = exponential.split('e');
  const exponent = Number(exponentText);

  if (exponent < -4 || exponent >= 17) {
    const exponentSign = exponent < 0 ? '-' : '+';
    const exponentDigits = String(Math.abs(exponent)).padStart(2, '0');
    return `${stripTrailingZeros(mantissa)}e${exponentSign}${exponentDigits}`;
  }

  return stripTrailingZeros(value.toFixed(Math.max(0, 16 - exponent)));
}

function stripTrailingZeros(text: string): string {
  if (!text.includes('.')) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}
