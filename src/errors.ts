/**
 * Error types shared by every layer. The CLI prints `message` as one line and
 * exits non-zero; `--debug` adds the stack.
 */

/** Base class for errors that samplekit raises on purpose. */
export class SamplekitError extends Error {
  override name = 'SamplekitError';
}

/**
 * An argument broke a rule. The message names the argument, the rule and the
 * value received, e.g. `scale must be a positive finite number; received -1`,
 * or states that none was given when `received` is undefined.
 */
export class InvalidArgumentError extends SamplekitError {
  override name = 'InvalidArgumentError';

  constructor(
    readonly argument: string,
    readonly rule: string,
    readonly received: unknown,
    readonly hint?: string,
  ) {
    const value = received === undefined ? 'none was given' : `received ${formatValue(received)}`;
    super(`${argument} must be ${rule}; ${value}${hint ? `. ${hint}` : ''}`);
  }
}

/** A numerical method could not deliver a correct result (no envelope, NaN density, zero acceptance). */
export class NumericalError extends SamplekitError {
  override name = 'NumericalError';
}

/** A file is missing, unreadable or malformed. */
export class InputFileError extends SamplekitError {
  override name = 'InputFileError';
}

/** Formats a received value for an error message: strings quoted, arrays shortened. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<unknown>);
    const shown = items.slice(0, 6).map(formatValue).join(', ');
    return `[${shown}${items.length > 6 ? `, ... (${items.length} items)` : ''}]`;
  }
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
