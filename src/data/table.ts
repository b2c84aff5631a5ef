/**
 * Numeric tables from files: CSV (and TSV or whitespace-separated text),
 * NPY, and JSON. Every reader returns rows as a row-major Float64Array and
 * throws InputFileError, naming the file and the place, for anything it
 * cannot turn into finite numbers.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';

import { InputFileError } from '../errors.js';
import { parseCsv, type CsvOptions, type NumericTable } from './csv.js';
import { isNpy, parseNpy } from './npy.js';

export type { CsvDelimiter, CsvOptions, NumericTable } from './csv.js';

export type TableFormat = 'csv' | 'npy' | 'json';

export interface ReadTableOptions extends CsvOptions {
  /**
   * File format. By default it comes from the extension (`.csv`, `.tsv`,
   * `.npy`, `.json`), and from the content for `.txt` and other names: the
   * NPY magic string, a leading `[` for JSON, CSV otherwise.
   */
  readonly format?: TableFormat;
}

/** A numeric table as `readTable` returns it. */
export type Table = NumericTable;

/** Reads a CSV, NPY or JSON table of numbers from `path`. */
export async function readTable(path: string, options: ReadTableOptions = {}): Promise<Table> {
  const bytes = await readBytes(path);
  return parseTable(bytes, path, options);
}

/** Parses a table from file contents; `source` names the file in error messages. */
export function parseTable(bytes: Uint8Array, source: string, options: ReadTableOptions = {}): Table {
  if (bytes.length === 0) throw new InputFileError(`${source} is empty: expected rows of numbers`);
  const format = options.format ?? detectFormat(bytes, source);

  switch (format) {
    case 'npy':
      return parseNpy(bytes, source);
    case 'json':
      return parseJsonTable(new TextDecoder('utf-8').decode(bytes), source);
    case 'csv': {
      const text = new TextDecoder('utf-8').decode(bytes);
      if (text.replace(/^\uFEFF/, '').trimStart().startsWith('[')) {
        throw new InputFileError(`${source} starts with "[" like a JSON array, but is read as CSV because of its name; rename it to .json or pass format 'json'`);
      }
      const delimiter = options.delimiter ?? (extname(source).toLowerCase() === '.tsv' ? '\t' : 'auto');
      return parseCsv(text, source, { ...options, delimiter });
    }
    default:
      throw new InputFileError(`${source}: unknown table format ${JSON.stringify(format)}; use csv, npy or json`);
  }
}

/**
 * Parses JSON text holding an array of numbers (one column) or an array of
 * equally long arrays of numbers (rows).
 */
export function parseJsonTable(text: string, source: string): Table {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputFileError(`${source} is not valid JSON: ${(error as Error).message}`);
  }

  if (!Array.isArray(data)) throw new InputFileError(`${source} contains ${typeName(data)}, not a JSON array; expected an array of numbers or an array of rows`);
  if (data.length === 0) throw new InputFileError(`${source} contains an empty JSON array; expected at least one row`);

  const nested = Array.isArray(data[0]);
  const width = nested ? (data[0] as unknown[]).length : 1;
  if (width === 0) throw new InputFileError(`${source}: row 1 is an empty array; expected at least one number per row`);
  const rows = new Float64Array(data.length * width);

  data.forEach((row: unknown, r) => {
    const cells = nested ? row : [row];
    if (!Array.isArray(cells)) throw new InputFileError(`${source}: row ${r + 1} is ${typeName(row)} but row 1 is an array; use one form for every row`);
    if (cells.length !== width) {
      throw new InputFileError(`${source}: row ${r + 1} has ${cells.length} values but row 1 has ${width}; every row must have the same number of columns`);
    }

    cells.forEach((cell: unknown, c) => {
      if (typeof cell !== 'number') {
        const hint = cell === null ? ' (JSON writes NaN and infinities as null; remove or replace them)' : '';
        throw new InputFileError(`${source}: row ${r + 1}, column ${c + 1} is ${JSON.stringify(cell) ?? typeName(cell)}, not a number${hint}`);
      }
      rows[r * width + c] = cell;
    });
  });

  return { rows, count: data.length, width };
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputFileError(`data file ${path} not found`);
    if (code === 'EISDIR') throw new InputFileError(`${path} is a folder; expected a CSV, NPY or JSON file`);
    if (code === 'EACCES' || code === 'EPERM') throw new InputFileError(`${path} cannot be read: permission denied`);
    throw new InputFileError(`${path} cannot be read: ${(error as Error).message}`);
  }
}

function detectFormat(bytes: Uint8Array, source: string): TableFormat {
  const extension = extname(source).toLowerCase();
  if (extension === '.npy') return 'npy';
  if (extension === '.json') return 'json';
  if (extension === '.csv' || extension === '.tsv') return 'csv';

  if (isNpy(bytes)) return 'npy';
  const start = new TextDecoder('utf-8').decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, '').trimStart();
  return start.startsWith('[') ? 'json' : 'csv';
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' || type === 'undefined' ? `an ${type}` : `a ${type}`;
}
