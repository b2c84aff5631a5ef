/**
 * A CSV reader for numeric tables.
 *
 * Accepted:
 * - comma, semicolon, tab or whitespace as the delimiter, detected from the
 *   first lines unless given (see `detectDelimiter`);
 * - RFC 4180 quoting: fields in double quotes may hold delimiters, line
 *   breaks and "" for a quote;
 * - LF, CRLF or CR line ends, a UTF-8 byte order mark, blank lines anywhere
 *   and an optional header line.
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
   * `auto` (default): the first non-blank line is a header when any of its
   * cells is text, meaning neither a number, a NaN or infinity token, nor
   * empty. `true` always takes it as a header, `false` never does.
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

/** Parses CSV text into a numeric table; `source` names the file in error messages. */
export function parseCsv(text: string, source: string, options: CsvOptions = {}): NumericTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = options.delimiter === undefined || options.delimiter === 'auto' ? detectDelimiter(body) : options.delimiter;
  const lines = splitLines(body, delimiter, source);
  if (lines.length === 0) throw new InputFileError(`${source} is empty: expected rows of numbers`);

  const headerMode = options.header ?? 'auto';
  const hasHeader = headerMode === 'auto' ? lines[0].cells.some(isText) : headerMode;
  const columns = hasHeader ? lines[0].cells.map((cell) => cell.trim()) : undefined;
  const data = hasHeader ? lines.slice(1) : lines;
  if (data.length === 0) throw new InputFileError(`${source} has a header line but no data rows`);

  const width = data[0].cells.length;
  if (columns !== undefined && columns.length !== width) {
    throw new InputFileError(
      `${source}: the header (line ${lines[0].lineNumber}) has ${columns.length} columns but line ${data[0].lineNumber} has ${width}; every row must have as many cells as the header`,
    );
  }

  const rows = new Float64Array(data.length * width);
  data.forEach((line, r) => {
    if (line.cells.length !== width) {
      throw new InputFileError(
        `${source}: line ${line.lineNumber} has ${line.cells.length} cells but line ${data[0].lineNumber} has ${width}; every row must have the same number of columns`,
      );
    }
    line.cells.forEach((cell, c) => {
      rows[r * width + c] = parseCell(cell, source, line.lineNumber, c + 1);
    });
  });

  return { rows, count: data.length, width, columns };
}

function isText(cell: string): boolean {
  const trimmed = cell.trim();
  return trimmed !== '' && !DECIMAL.test(trimmed) && !NON_FINITE.test(trimmed);
}

/** Converts one cell to a number, or throws an InputFileError that locates it. */
function parseCell(cell: string, source: string, lineNumber: number, column: number): number {
  const trimmed = cell.trim();
  const where = `${source}: line ${lineNumber}, column ${column}`;

  if (trimmed === '') throw new InputFileError(`${where} is empty; fill in a number or remove the row`);
  if (NON_FINITE.test(trimmed)) {
    throw new InputFileError(`${where} is ${JSON.stringify(trimmed)}; NaN and infinite values are not accepted, so remove or replace them`);
  }
  if (!DECIMAL.test(trimmed)) {
    const hint = /^[+-]?\d+,\d+$/.test(trimmed) ? ' (decimal commas are not supported: write 1.5, not 1,5)' : '';
    throw new InputFileError(`${where} is not a number: ${JSON.stringify(trimmed)}${hint}`);
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
  const firstLines = text
    .split(/\r\n|\n|\r/)
    .filter((line) => line.trim() !== '')
    .slice(0, 5);
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

/**
 * Splits text into lines of cells, honouring quotes (which may span line
 * breaks) and skipping blank lines.
 */
function splitLines(text: string, delimiter: CsvDelimiter, source: string): Line[] {
  if (delimiter === 'whitespace') return splitWhitespaceLines(text);

  const lines: Line[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let lineNumber = 1;
  let startLine = 1;
  let rowHasContent = false;

  const endCell = () => {
    cells.push(cell);
    cell = '';
  };
  const endLine = () => {
    endCell();
    if (rowHasContent || cells.length > 1) lines.push({ cells, lineNumber: startLine });
    cells = [];
    rowHasContent = false;
  };

  for (let i = 0; i < text.length; i++) {
    const char = text[i];

    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === '\n' || (char === '\r' && text[i + 1] !== '\n')) lineNumber++;
        cell += char;
      }
      continue;
    }

    if (char === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
      rowHasContent = true;
    } else if (char === delimiter) {
      endCell();
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      endLine();
      lineNumber++;
      startLine = lineNumber;
    } else {
      cell += char;
      if (char.trim() !== '') rowHasContent = true;
    }
  }

  if (quoted) throw new InputFileError(`${source}: the quoted field starting on line ${startLine} is never closed; add the closing double quote`);
  if (cell !== '' || cells.length > 0) endLine();
  return lines;
}

function splitWhitespaceLines(text: string): Line[] {
  const lines: Line[] = [];
  text.split(/\r\n|\n|\r/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed !== '') lines.push({ cells: trimmed.split(/\s+/), lineNumber: index + 1 });
  });
  return lines;
}
