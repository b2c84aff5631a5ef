/**
 * CSV output of numeric rows: comma-separated, one row per line, every value
 * with 17 significant digits (or, on request, the shortest decimal) so it
 * reads back to the same double.
 */
import { InvalidArgumentError } from '../errors.js';
import { positiveInteger } from '../validate.js';
import { writeFileAtomic } from './atomic.js';
import { formatDouble } from './format.js';

export interface CsvOptions {
  /** Column names for a header line; its length must equal `width`. */
  readonly header?: readonly string[];
  /**
   * Writes each value as the shortest decimal that reads back to the same
   * double (JavaScript's `String(number)`), so 0.1 prints as `0.1`, not
   * `0.10000000000000001`. Default false: 17 significant digits, as `%.17g`.
   */
  readonly shortest?: boolean;
}

/** Formats row-major `values` (rows of `width` numbers) as CSV text ending in a newline. */
export function formatCsv(values: ArrayLike<number>, width: number, options: CsvOptions = {}): string {
  positiveInteger('width', width);
  if (values.length % width !== 0) {
    throw new InvalidArgumentError('values.length', `a multiple of width (${width})`, values.length);
  }

  const lines: string[] = [];
  if (options.header !== undefined) {
    if (options.header.length !== width) {
      throw new InvalidArgumentError('header', `a list of ${width} column names, one per column`, options.header);
    }
    lines.push(options.header.map(quoteField).join(','));
  }

  const format = options.shortest === true ? String : formatDouble;
  const row = new Array<string>(width);
  for (let start = 0; start < values.length; start += width) {
    for (let column = 0; column < width; column++) row[column] = format(values[start + column]);
    lines.push(row.join(','));
  }

  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** Writes rows to `path` as CSV, atomically. */
export async function writeCsv(path: string, values: ArrayLike<number>, width: number, options: CsvOptions = {}): Promise<void> {
  await writeFileAtomic(path, formatCsv(values, width, options));
}

/** Quotes a header field when it contains a comma, a quote or a line break (RFC 4180). */
function quoteField(field: string): string {
  if (!/[",\r\n]/.test(field)) return field;
  return `"${field.replace(/"/g, '""')}"`;
}
