import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { InputFileError } from '../errors.js';
import { parseCsv } from './csv.js';
import { parseTable, readTable } from './table.js';

const folder = mkdtempSync(join(tmpdir(), 'samplekit-table-'));
const npyFolder = fileURLToPath(new URL('../../fixtures/stats/npy/', import.meta.url));

function write(name: string, content: string | Uint8Array): string {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
}

function csv(text: string, options = {}) {
  return parseCsv(text, 'test.csv', options);
}

describe('parseCsv', () => {
  it('reads a header and rows', () => {
    const table = csv('x,y\n1,2\n3.5,-4e2\n');
    expect(table.columns).toEqual(['x', 'y']);
    expect(table.count).toBe(2);
    expect(table.width).toBe(2);
    expect(Array.from(table.rows)).toEqual([1, 2, 3.5, -400]);
  });

  it('reads rows without a header', () => {
    const table = csv('1,2\n3,4');
    expect(table.columns).toBeUndefined();
    expect(Array.from(table.rows)).toEqual([1, 2, 3, 4]);
  });

  it('handles CRLF, CR, blank lines and a BOM', () => {
    expect(Array.from(csv('\uFEFFa;b\r\n\r\n1;2\r\n  \r\n3;4\r\n\r\n').rows)).toEqual([1, 2, 3, 4]);
    expect(Array.from(csv('1,2\r3,4\r').rows)).toEqual([1, 2, 3, 4]);
  });

  it('detects semicolons, tabs and whitespace', () => {
    expect(csv('1;2;3\n4;5;6').width).toBe(3);
    expect(csv('1\t2\n3\t4').width).toBe(2);
    const spaced = csv('  1.0   2.0\n3.0 4.0\n');
    expect(spaced.width).toBe(2);
    expect(Array.from(spaced.rows)).toEqual([1, 2, 3, 4]);
  });

  it('keeps a one-column header with a space', () => {
    const table = csv('total count\n1\n2\n');
    expect(table.columns).toEqual(['total count']);
    expect(Array.from(table.rows)).toEqual([1, 2]);
  });

  it('reads one column', () => {
    const table = csv('value\n1\n2\n3\n');
    expect(table.width).toBe(1);
    expect(table.columns).toEqual(['value']);
    expect(Array.from(table.rows)).toEqual([1, 2, 3]);
  });

  it('honours quoted fields', () => {
    const table = csv('"first, name","say ""hi""\nthere"\n"1.5", 2\n');
    expect(table.columns).toEqual(['first, name', 'say "hi"\nthere']);
    expect(Array.from(table.rows)).toEqual([1.5, 2]);
  });

  it('forces or suppresses the header', () => {
    expect(csv('1,2\n3,4', { header: true }).columns).toEqual(['1', '2']);
    expect(() => csv('a,b\n1,2', { header: false })).toThrow(/line 1, column 1 is not a number: "a"/);
  });

  it('locates a non-numeric cell', () => {
    expect(() => csv('x,y\n1,2\n3,abc\n')).toThrow('test.csv: line 3, column 2 is not a number: "abc"');
  });

  it('counts lines inside quoted fields', () => {
    expect(() => csv('"a\nb",c\n1,2\n3,x\n')).toThrow(/line 4, column 2 is not a number/);
  });

  it('rejects NaN and infinite cells', () => {
    expect(() => csv('1,2\nNaN,3')).toThrow(/line 2, column 1 is "NaN"; NaN and infinite values are not accepted/);
    expect(() => csv('1,-inf')).toThrow(/line 1, column 2 is "-inf"/);
    expect(() => csv('1,1e999')).toThrow(/overflows a double/);
  });

  it('rejects empty cells and decimal commas', () => {
    expect(() => csv('1,,3')).toThrow(/line 1, column 2 is empty/);
    expect(() => csv('a;b\n1,5;2')).toThrow(/decimal commas are not supported/);
  });

  it('rejects rows of different widths', () => {
    expect(() => csv('1,2\n3,4,5\n')).toThrow('test.csv: line 2 has 3 cells but line 1 has 2; every row must have the same number of columns');
    expect(() => csv('a,b,c\n1,2\n')).toThrow(/the header \(line 1\) has 3 columns but line 2 has 2/);
  });

  it('rejects empty input and a lone header', () => {
    expect(() => csv('\n\n  \n')).toThrow('test.csv is empty: expected rows of numbers');
    expect(() => csv('a,b\n')).toThrow('test.csv has a header line but no data rows');
  });

  it('rejects an unclosed quote', () => {
    expect(() => csv('"a,b\n1,2')).toThrow(/quoted field starting on line 1 is never closed/);
  });

  it('rejects hexadecimal and other non-decimal numbers', () => {
    expect(() => csv('1\n0x10')).toThrow(/line 2, column 1 is not a number: "0x10"/);
  });

  it('reads a first line with a number in it as data', () => {
    // These first lines used to become column names, and the row was lost without a word.
    for (const [first, cell] of [
      ['1O,4', '1O'],
      ['1.2.3,4', '1.2.3'],
      ['0x10,2', '0x10'],
      ['1_000,2', '1_000'],
      ['x,4', 'x'],
    ]) {
      expect(() => csv(`${first}\n3,4\n5,6\n`)).toThrow(
        `test.csv: line 1, column 1 is not a number: "${cell}". The first line was read as data because some of its cells are numbers; a header line must hold column names only`,
      );
    }
  });

  it('takes a first line of names as the header', () => {
    expect(csv('x,y\n1,2\n').columns).toEqual(['x', 'y']);
    expect(csv(',value\n1,2\n').columns).toEqual(['', 'value']);
    expect(csv('"1",y\n1,2\n', { header: true }).columns).toEqual(['1', 'y']);
  });

  it('streams many lines into one array', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `${i},${-i}`);
    const table = csv(`a,b\n${lines.join('\r\n')}\n\n`);
    expect([table.count, table.width]).toEqual([5000, 2]);
    expect(table.rows.length).toBe(10000);
    expect([table.rows[9998], table.rows[9999]]).toEqual([4999, -4999]);
  });
});

describe('readTable', () => {
  it('reads CSV, TSV and JSON files', async () => {
    const fromCsv = await readTable(write('a.csv', 'u,v\n1,2\n'));
    expect(Array.from(fromCsv.rows)).toEqual([1, 2]);
    const fromTsv = await readTable(write('a.tsv', '1\t2\n3\t4\n'));
    expect(fromTsv.width).toBe(2);
    const fromJson = await readTable(write('a.json', '[[1, 2], [3, 4.5]]'));
    expect(Array.from(fromJson.rows)).toEqual([1, 2, 3, 4.5]);
    const column = await readTable(write('column.json', '[1, 2, 3]'));
    expect([column.count, column.width]).toEqual([3, 1]);
  });

  it('detects the format of other names', async () => {
    const json = await readTable(write('data.dat', ' [[1, 2]]'));
    expect(json.width).toBe(2);
    const text = await readTable(write('data.out', '1 2 3\n'));
    expect(text.width).toBe(3);
    const npy = await readTable(write('noext', readFileSync(join(npyFolder, 'f8-c.npy'))));
    expect(npy.count).toBe(3);
  });

  it('reads JSON in a .txt file and names JSON in a .csv file', async () => {
    const text = await readTable(write('array.txt', '[[1, 2], [3, 4]]'));
    expect([text.count, text.width]).toEqual([2, 2]);
    const plain = await readTable(write('plain.txt', '1 2\n3 4\n'));
    expect([plain.count, plain.width]).toEqual([2, 2]);
    await expect(readTable(write('array.csv', '[1, 2, 3]'))).rejects.toThrow(/array.csv starts with "\[" like a JSON array, but is read as CSV because of its name; rename it to .json/);
  });

  it('reports a missing file and a folder', async () => {
    await expect(readTable(join(folder, 'missing.csv'))).rejects.toThrow(`data file ${join(folder, 'missing.csv')} not found`);
    mkdirSync(join(folder, 'sub.csv'), { recursive: true });
    await expect(readTable(join(folder, 'sub.csv'))).rejects.toThrow(/is a folder/);
  });

  it('reports an empty file', async () => {
    await expect(readTable(write('empty.csv', ''))).rejects.toThrow(InputFileError);
    await expect(readTable(write('empty.json', ''))).rejects.toThrow(/is empty/);
  });

  it('locates bad JSON values', async () => {
    await expect(readTable(write('bad.json', '[[1, 2], [3, null]]'))).rejects.toThrow(/row 2, column 2 is null, not a number \(JSON writes NaN/);
    await expect(readTable(write('ragged.json', '[[1, 2], [3]]'))).rejects.toThrow(/row 2 has 1 values but row 1 has 2/);
    await expect(readTable(write('mixed.json', '[[1, 2], 3]'))).rejects.toThrow(/row 2 is a number but row 1 is an array/);
    await expect(readTable(write('object.json', '{"a": 1}'))).rejects.toThrow(/contains an object, not a JSON array; expected an array/);
    await expect(readTable(write('syntax.json', '[1, 2'))).rejects.toThrow(/is not valid JSON/);
    await expect(readTable(write('string.json', '[["1"]]'))).rejects.toThrow(/row 1, column 1 is "1", not a number/);
  });
});

describe('NPY files written by NumPy', () => {
  const expected = JSON.parse(readFileSync(join(npyFolder, 'expected.json'), 'utf8')) as Record<
    string,
    { count: number; width: number; rows: number[] } | { error: string }
  >;

  for (const [name, want] of Object.entries(expected)) {
    it(`reads ${name}`, () => {
      const bytes = new Uint8Array(readFileSync(join(npyFolder, name)));
      if ('error' in want) {
        expect(() => parseTable(bytes, name)).toThrow(want.error);
        return;
      }
      const table = parseTable(bytes, name);
      expect(table.count).toBe(want.count);
      expect(table.width).toBe(want.width);
      expect(Array.from(table.rows)).toEqual(want.rows);
    });
  }

  it('reads a header that is not 16-byte aligned', () => {
    // A hand-built version 1.0 file: header length 14, no padding, little-endian f8, shape (2,).
    const header = "{'descr':'<f8','fortran_order':False,'shape':(2,)}";
    const bytes = new Uint8Array(10 + header.length + 16);
    bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length, 0]);
    bytes.set(new TextEncoder().encode(header), 10);
    new DataView(bytes.buffer).setFloat64(10 + header.length, 2.5, true);
    new DataView(bytes.buffer).setFloat64(18 + header.length, -1, true);
    expect(Array.from(parseTable(bytes, 'hand.npy').rows)).toEqual([2.5, -1]);
  });

  it('rejects an unknown format version', () => {
    const bytes = new Uint8Array(readFileSync(join(npyFolder, 'f8-c.npy')));
    bytes[6] = 9;
    expect(() => parseTable(bytes, 'v9.npy')).toThrow(/NPY format version 9.0; versions 1.0, 2.0 and 3.0 are supported/);
  });
});

describe('round trips through the samplekit writers', () => {
  it('reads back what formatCsv and encodeNpy write', async () => {
    const { formatCsv } = await import('../io/csv.js');
    const { encodeNpy } = await import('../io/npy.js');
    const fc = await import('fast-check');

    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 40 }),
        (width, raw) => {
          const count = Math.max(1, Math.floor(raw.length / width));
          const values = Float64Array.from({ length: count * width }, (_, i) => raw[i % raw.length]);
          const header = Array.from({ length: width }, (_, j) => `column ${j + 1}`);

          const fromCsv = parseCsv(formatCsv(values, width, { header }), 'property.csv');
          expect(fromCsv.columns).toEqual(header);
          expect(Array.from(fromCsv.rows)).toEqual(Array.from(values));

          const fromNpy = parseTable(encodeNpy(values, [count, width]), 'property.npy');
          expect([fromNpy.count, fromNpy.width]).toEqual([count, width]);
          expect(Array.from(fromNpy.rows)).toEqual(Array.from(values));
        },
      ),
      { seed: 20261204, numRuns: 200 },
    );
  });
});
