/**
 * A CSV reader for numeric tables.
 *
 * Accepted:
 * - comma, semicolon, tab or whitespace as the delimiter, detected from the
 *   first lines unless given (see `detectDelimiter`);
 * - RFC 4180 quoting: fields in double quotes may hold delimiters, line
 *   breaks and "" for a quote;
 * - LF, CRLF or CR line ends, a UTF-8 byte order mark, blank lines anywhere
 *   and an optional header line of column names. The first line is a header
 *   only when none of its cells is a number (see `CsvOptions.header`). So a
 *   typo in the first data row, such as `1O,4`, is reported as a bad cell
 *   instead of turning the row into column names.
 *
 * Every other cell must be a decimal number such as `-1.5`, `3`, `.25` or
 * `6.02e23`. NaN and infinite values are rejected, because every statistic
 * downstream would turn into NaN.
 */
import { InputFileError } from '../errors.js';

export type CsvDelimiter = ',' | ';' | '\t' | 'whitespace';

export interface CsvOptions {
  /** `auto` (default) detects the delimiter from the first non-blank line. */
  readonly delimiter?: CsvDelimiter | 'auto';
  /**
   * `auto` (default): the first non-blank line is a header when at least one
   * of its cells is text and none is a number or a NaN or infinity token
   * (empty cells do not count either way). `true` always takes it as a
   * header, `false` never does.
   */
  readonly header?: boolean | 'auto';
}

export interface NumericTable {
  /** Row-major count x width values. */
  readonly rows: Float64Array;
  readonly count: number;
  readonly width: number;
  /** Column names from the header line, where there is one. */
  readonly columns?: string[];
}

/** A line of cells with the 1-based line number where it starts in the file. */
interface Line {
  readonly cells: string[];
  readonly lineNumber: number;
}

/** Decimal numbers only: no hex, no `Infinity`, no empty strings (which `Number` would accept). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

/**
 * Parses CSV text into a numeric table; `source` names the file in error
 * messages. Lines are converted as they are split, into a growing
 * Float64Array, so memory stays near the text plus 8 bytes per value.
 */
export function parseCsv(text: string, source: string, options: CsvOptions = {}): NumericTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = options.delimiter === undefined || options.delimiter === 'auto' ? detectDelimiter(body) : options.delimiter;
  const headerMode = options.header ?? 'auto';

  let headerLine: Line | undefined;
  let columns: string[] | undefined;
  let firstDataLine = 0;
  let width = 0;
  let count = 0;
  let rows = new Float64Array(1024);
  let seenLine = false;

  forEachLine(body, delimiter, source, ({ cells, lineNumber }) => {
    if (!seenLine) {
      seenLine = true;
      if (headerMode === 'auto' ? isHeaderLine(cells) : headerMode) {
        headerLine = { cells, lineNumber };
        columns = cells.map((cell) => cell.trim());
        return;
      }
    }

    if (count === 0) {
      width = cells.length;
      firstDataLine = lineNumber;
      if (columns !== undefined && columns.length !== width) {
        throw new InputFileError(
          `${source}: the header (line ${headerLine!.lineNumber}) has ${columns.length} columns but line ${lineNumber} has ${width}; every row must have as many cells as the header`,
        );
      }
    } else if (cells.length !== width) {
      throw new InputFileError(
        `${source}: line ${lineNumber} has ${cells.length} cells but line ${firstDataLine} has ${width}; every row must have the same number of columns`,
      );
    }

    if ((count + 1) * width > rows.length) {
      const grown = new Float64Array(Math.max(2 * rows.length, (count + 1) * width));
      grown.set(rows);
      rows = grown;
    }
    const hint = headerMode === 'auto' && headerLine === undefined && count === 0 ? FIRST_LINE_HINT : '';
    for (let c = 0; c < width; c++) rows[count * width + c] = parseCell(cells[c], source, lineNumber, c + 1, hint);
    count++;
  });

  if (!seenLine) throw new InputFileError(`${source} is empty: expected rows of numbers`);
  if (count === 0) throw new InputFileError(`${source} has a header line but no data rows`);
  return { rows: rows.slice(0, count * width), count, width, columns };
}

const FIRST_LINE_HINT = '. The first line was read as data because some of its cells are numbers; a header line must hold column names only';

/** Tells whether a first line is a header: some cell is text and none is a number or a NaN or infinity token. */
function isHeaderLine(cells: string[]): boolean {
  const filled = cells.map((cell) => cell.trim()).filter((cell) => cell !== '');
  return filled.length > 0 && filled.every((cell) => !DECIMAL.test(cell) && !NON_FINITE.test(cell));
}

/** Converts one cell to a number, or throws an InputFileError that locates it. */
function parseCell(cell: string, source: string, lineNumber: number, column: number, lineHint = ''): number {
  const trimmed = cell.trim();
  const where = `${source}: line ${lineNumber}, column ${column}`;

  if (trimmed === '') throw new InputFileError(`${where} is empty; fill in a number or remove the row${lineHint}`);
  if (NON_FINITE.test(trimmed)) {
    throw new InputFileError(`${where} is ${JSON.stringify(trimmed)}; NaN and infinite values are not accepted, so remove or replace them`);
  }
  if (!DECIMAL.test(trimmed)) {
    const hint = /^[+-]?\d+,\d+$/.test(trimmed) ? ' (decimal commas are not supported: write 1.5, not 1,5)' : '';
    throw new InputFileError(`${where} is not a number: ${JSON.stringify(trimmed)}${hint}${lineHint}`);
  }

  const value = Number(trimmed);
  if (!Number.isFinite(value)) {
    throw new InputFileError(`${where} is ${JSON.stringify(trimmed)}, which overflows a double; rescale the column`);
  }
  return value;
}

/**
 * Picks the delimiter: the most frequent of comma, semicolon and tab outside
 * quotes in the first non-blank line. When none occurs there, whitespace is
 * the delimiter if the first five non-blank lines all split into the same
 * number (more than one) of space-separated fields, and otherwise there is
 * one column, so a lone header such as `total count` stays one name.
 */
function detectDelimiter(text: string): CsvDelimiter {
  const firstLines = firstNonBlankLines(text, 5);
  const firstLine = firstLines[0] ?? '';
  const counts = new Map<CsvDelimiter, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);

  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char as CsvDelimiter)) counts.set(char as CsvDelimiter, counts.get(char as CsvDelimiter)! + 1);
  }

  let best: CsvDelimiter = ',';
  let bestCount = 0;
  for (const [delimiter, count] of counts) {
    if (count > bestCount) [best, bestCount] = [delimiter, count];
  }
  if (bestCount > 0) return best;

  const fieldCounts = firstLines.map((line) => line.trim().split(/\s+/).length);
  const consistent = fieldCounts.every((count) => count === fieldCounts[0]);
  return consistent && fieldCounts[0] > 1 ? 'whitespace' : ',';
}

/** Returns the first `count` non-blank lines of `text`, without splitting the rest of it. */
function firstNonBlankLines(text: string, count: number): string[] {
  const lines: string[] = [];
  const lineBreak = /\r\n|\n|\r/g;
  let position = 0;
  while (lines.length < count && position < text.length) {
    lineBreak.lastIndex = position;
    const match = lineBreak.exec(text);
    const end = match === null ? text.length : match.index;
    const line = text.slice(position, end);
    if (line.trim() !== '') lines.push(line);
    position = match === null ? text.length : end + match[0].length;
  }
  return lines;
}

/**
 * Calls `onLine` for each non-blank line of cells, honouring quotes (which
 * may span line breaks). A line is blank when it holds only whitespace; a
 * line of delimiters such as `,,` is not blank (its cells are empty).
 */
function forEachLine(text: string, delimiter: CsvDelimiter, source: string, onLine: (line: Line) => void): void {
  const lineBreak = /\r\n|\n|\r/g;
  let position = 0;
  let lineNumber = 1;

  while (position < text.length) {
    lineBreak.lastIndex = position;
    const match = lineBreak.exec(text);
    const end = match === null ? text.length : match.index;
    const next = match === null ? text.length : end + match[0].length;
    const line = text.slice(position, end);

    if (delimiter !== 'whitespace' && line.includes('"')) {
      // A quoted field may hold delimiters and line breaks, so this record is parsed character by character.
      const record = quotedRecord(text, position, delimiter, source, lineNumber);
      if (record.hasContent) onLine({ cells: record.cells, lineNumber });
      position = record.next;
      lineNumber += record.lineBreaks;
      continue;
    }

    if (delimiter === 'whitespace') {
      const trimmed = line.trim();
      if (trimmed !== '') onLine({ cells: trimmed.split(/\s+/), lineNumber });
    } else if (line.trim() !== '' || line.includes(delimiter)) {
      onLine({ cells: line.split(delimiter), lineNumber });
    }
    position = next;
    lineNumber++;
  }
}

/**
 * Parses one record that starts at `start` and contains a double quote:
 * RFC 4180 quoting, where a quote opens a field only at its start (after
 * optional spaces) and "" inside quotes is a quote. Returns the cells, the
 * position after the record's line break, and the number of line breaks
 * consumed (1 for the one that ends the record, plus those inside quotes).
 */
function quotedRecord(
  text: string,
  start: number,
  delimiter: string,
  source: string,
  lineNumber: number,
): { cells: string[]; hasContent: boolean; next: number; lineBreaks: number } {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  let hasContent = false;
  let lineBreaks = 0;

  for (let i = start; i < text.length; i++) {
    const char = text[i];

    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === '\n' || (char === '\r' && text[i + 1] !== '\n')) lineBreaks++;
        cell += char;
      }
      continue;
    }

    if (char === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
      hasContent = true;
    } else if (char === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      cells.push(cell);
      const next = char === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1;
      return { cells, hasContent: hasContent || cells.length > 1, next, lineBreaks: lineBreaks + 1 };
    } else {
      cell += char;
      if (char.trim() !== '') hasContent = true;
    }
  }

  if (quoted) throw new InputFileError(`${source}: the quoted field starting on line ${lineNumber} is never closed; add the closing double quote`);
  cells.push(cell);
  return { cells, hasContent: hasContent || cells.length > 1, next: text.length, lineBreaks: 1 };
}
