import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';

import { writeFileAtomic, writeFileAtomicSync } from './atomic.js';
import { formatCsv, writeCsv } from './csv.js';
import { formatDouble } from './format.js';
import { appendJsonLine, formatJsonLines, writeJson, writeJsonLines } from './json.js';
import { encodeNpy, writeNpy } from './npy.js';
import { encodePng, unitRangeToBytes, writePng } from './png.js';

// JSON.parse keeps -0, which a JSON module import does not.
const formatFixture = readFixture<{ cases: { value: number; text: string }[] }>('format.json');
const npyFixture = readFixture<{ cases: { name: string; dtype: string; shape: number[]; values: (number | string)[]; bytes: string }[] }>(
  'npy.json',
);

function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/data/${name}`, import.meta.url), 'utf8')) as T;
}

const folder = mkdtempSync(join(tmpdir(), 'samplekit-io-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('formatDouble', () => {
  it('matches C %.17g on the fixture values', () => {
    for (const { value, text } of formatFixture.cases) {
      expect(formatDouble(value), `value ${value}`).toBe(text);
    }
  });

  it('round-trips random doubles exactly', () => {
    const view = new DataView(new ArrayBuffer(8));
    let state = 12345;
    for (let i = 0; i < 2000; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      view.setUint32(0, state);
      view.setUint32(4, Math.imul(state, 2654435761) >>> 0);
      const value = view.getFloat64(0);
      if (!Number.isFinite(value)) continue;
      expect(Number(formatDouble(value))).toBe(value);
    }
  });

  it('prints special values', () => {
    expect(formatDouble(NaN)).toBe('NaN');
    expect(formatDouble(Infinity)).toBe('Infinity');
    expect(formatDouble(-Infinity)).toBe('-Infinity');
    expect(formatDouble(-0)).toBe('-0');
  });
});

describe('atomic writes', () => {
  it('replaces the file and leaves no temporary file', async () => {
    const path = join(folder, 'atomic', 'out.txt');
    await writeFileAtomic(path, 'first');
    await writeFileAtomic(path, 'second');
    expect(readFileSync(path, 'utf8')).toBe('second');
    expect(readdirSync(join(folder, 'atomic'))).toEqual(['out.txt']);
  });

  // Root ignores folder permissions, so this failure cannot be provoked as root.
  it.skipIf(process.getuid?.() === 0)('keeps the old file when the write fails', async () => {
    const sub = join(folder, 'readonly');
    await writeFileAtomic(join(sub, 'keep.txt'), 'old');
    chmodSync(sub, 0o500);
    try {
      await expect(writeFileAtomic(join(sub, 'keep.txt'), 'new')).rejects.toThrow();
      expect(readFileSync(join(sub, 'keep.txt'), 'utf8')).toBe('old');
    } finally {
      chmodSync(sub, 0o700);
    }
  });

  it('removes the temporary file when the rename fails', async () => {
    const target = join(folder, 'is-a-folder');
    await writeFileAtomic(join(target, 'inside.txt'), 'x');
    // Renaming a file over a non-empty folder fails, after the temporary file was written.
    await expect(writeFileAtomic(target, 'data')).rejects.toThrow();
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('writes synchronously too', () => {
    const path = join(folder, 'sync.txt');
    writeFileAtomicSync(path, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
  });
});

describe('CSV writer', () => {
  it('writes rows with a quoted header', () => {
    const text = formatCsv([0.1, 2, -3e-7, 4], 2, { header: ['x', 'y,z'] });
    expect(text).toBe('x,"y,z"\n0.10000000000000001,2\n-2.9999999999999999e-07,4\n');
  });

  it('writes the shortest decimals on request', () => {
    expect(formatCsv([0.1, 2, -3e-7, 1700000000.123456], 2, { shortest: true })).toBe('0.1,2\n-3e-7,1700000000.123456\n');
  });

  it('round-trips every value through the file', async () => {
    const values = Float64Array.from({ length: 30 }, (_, i) => Math.sin(i) * 10 ** (i - 15));
    const path = join(folder, 'rows.csv');
    await writeCsv(path, values, 3);
    const parsed = readFileSync(path, 'utf8').trim().split('\n').flatMap((line) => line.split(',').map(Number));
    expect(parsed).toEqual([...values]);
  });

  it('rejects a ragged row count', () => {
    expect(() => formatCsv([1, 2, 3], 2)).toThrow('values.length must be a multiple of width (2); received 3');
  });

  it('rejects a header of the wrong width', () => {
    expect(() => formatCsv([1, 2], 2, { header: ['a'] })).toThrow(/header must be a list of 2 column names/);
  });
});

describe('JSON writers', () => {
  it('writes JSON and JSON lines', async () => {
    await writeJson(join(folder, 'a.json'), { step: 1 });
    expect(JSON.parse(readFileSync(join(folder, 'a.json'), 'utf8'))).toEqual({ step: 1 });

    await writeJsonLines(join(folder, 'a.jsonl'), [{ step: 1 }, { step: 2 }]);
    expect(readFileSync(join(folder, 'a.jsonl'), 'utf8')).toBe('{"step":1}\n{"step":2}\n');
    expect(formatJsonLines([])).toBe('');
  });

  it('appends lines, creating the folder', async () => {
    const path = join(folder, 'log', 'metrics.jsonl');
    await appendJsonLine(path, { step: 1 });
    await appendJsonLine(path, { step: 2 });
    expect(readFileSync(path, 'utf8')).toBe('{"step":1}\n{"step":2}\n');
  });
});

describe('NPY writer', () => {
  it('produces the bytes of numpy.save', () => {
    for (const testCase of npyFixture.cases) {
      const values = testCase.values.map(Number); // "Infinity" strings become numbers
      const bytes = encodeNpy(values, testCase.shape, testCase.dtype as 'f4' | 'f8');
      expect(Buffer.from(bytes).toString('base64'), testCase.name).toBe(testCase.bytes);
    }
  });

  it('writes a file', async () => {
    const path = join(folder, 'a.npy');
    await writeNpy(path, [1, 2], [2], 'f4');
    expect(readFileSync(path).subarray(0, 6).toString('latin1')).toBe('\x93NUMPY');
  });

  it('rejects a shape that does not match', () => {
    expect(() => encodeNpy([1, 2, 3], [2, 2])).toThrow('shape must be dimensions whose product equals values.length (3); received [2, 2]');
  });

  it('rejects an unknown dtype', () => {
    expect(() => encodeNpy([1], [1], 'i4' as 'f4')).toThrow(/dtype must be one of "f4", "f8"/);
  });
});

describe('PNG writer', () => {
  it('encodes each channel layout and decodes back', async () => {
    for (const channels of [1, 2, 3, 4] as const) {
      const pixels = Uint8Array.from({ length: 5 * 3 * channels }, (_, i) => (i * 37) % 256);
      const path = join(folder, `image-${channels}.png`);
      await writePng(path, { width: 5, height: 3, channels, pixels });

      const decoded = PNG.sync.read(readFileSync(path));
      expect(decoded.width).toBe(5);
      expect(decoded.height).toBe(3);
      for (let pixel = 0; pixel < 15; pixel++) {
        const rgba = [...decoded.data.subarray(4 * pixel, 4 * pixel + 4)];
        const source = [...pixels.subarray(pixel * channels, (pixel + 1) * channels)];
        const expected =
          channels === 1 ? [source[0], source[0], source[0], 255]
          : channels === 2 ? [source[0], source[0], source[0], source[1]]
          : channels === 3 ? [...source, 255]
          : source;
        expect(rgba, `channels ${channels}, pixel ${pixel}`).toEqual(expected);
      }
    }
  });

  it('rejects a pixel buffer of the wrong length', () => {
    expect(() => encodePng({ width: 2, height: 2, channels: 3, pixels: new Uint8Array(11) })).toThrow(
      'pixels.length must be width * height * channels (12); received 11',
    );
  });

  it('maps [-1, 1] to bytes with clipping', () => {
    expect([...unitRangeToBytes([-1, 0, 1, -5, 5, NaN])]).toEqual([0, 128, 255, 0, 255, 0]);
  });
});

