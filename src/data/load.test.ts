import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';

import { standardNormal } from '../distributions/ziggurat-samplers.js';
import { createGenerator } from '../random/index.js';
import { describeDatasets, loadDataset } from './load.js';
import { parseDatasetSpec } from './spec.js';

const folder = mkdtempSync(join(tmpdir(), 'samplekit-data-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('parseDatasetSpec', () => {
  it('splits a name from its parameters', () => {
    expect(parseDatasetSpec('ring8')).toEqual({ source: 'ring8', parameters: {} });
    expect(parseDatasetSpec('ring8:std=0.02,count=5000')).toEqual({ source: 'ring8', parameters: { std: '0.02', count: '5000' } });
  });

  it('keeps colons that do not start parameters', () => {
    expect(parseDatasetSpec('C:/data/points.csv')).toEqual({ source: 'C:/data/points.csv', parameters: {} });
    expect(parseDatasetSpec('images/:size=28')).toEqual({ source: 'images/', parameters: { size: '28' } });
  });

  it('rejects a repeated parameter', () => {
    expect(() => parseDatasetSpec('ring8:std=1,std=2')).toThrow('"std" appears twice');
  });

  it('rejects an empty spec', () => {
    expect(() => parseDatasetSpec('  ')).toThrow('data must be a built-in data-set name or a path; received "  "');
  });
});

describe('loadDataset for built-in sets', () => {
  it('splits ring8 into train and held-out rows', async () => {
    const dataset = await loadDataset('ring8:count=1000', { seed: 0 });
    expect(dataset.name).toBe('ring8');
    expect(dataset.kind).toBe('vectors');
    expect(dataset.dimension).toBe(2);
    expect(dataset.trainCount).toBe(900);
    expect(dataset.heldOutCount).toBe(100);
    expect(dataset.train.length).toBe(1800);
    expect(dataset.heldOut.length).toBe(200);
    expect(dataset.mixture?.std).toBe(0.01);
    expect(dataset.mixture?.centers.length).toBe(16);
    expect(dataset.transform).toEqual({ type: 'identity' });
    expect(dataset.toDataSpace(Float32Array.of(1, 2))).toEqual(Float64Array.of(1, 2));
  });

  it('keeps the generated points in float64', async () => {
    const dataset = await loadDataset('ring8:count=100', { seed: 0 });
    const original = dataset.rowsInDataUnits!;
    expect(original.train.length).toBe(dataset.train.length);
    expect(original.heldOut.length).toBe(dataset.heldOut.length);
    expect(Float32Array.from(original.train)).toEqual(dataset.train);
    expect(Float32Array.from(original.heldOut)).toEqual(dataset.heldOut);
    // Values drawn in float64 are not float32 numbers, so the copies differ.
    expect(original.train.some((value, i) => value !== dataset.train[i])).toBe(true);
  });

  it('repeats for the same seed, including seed 0', async () => {
    const first = await loadDataset('grid25:count=500', { seed: 0 });
    const second = await loadDataset('grid25:count=500', { seed: 0 });
    const other = await loadDataset('grid25:count=500', { seed: 1 });
    expect(second.train).toEqual(first.train);
    expect(other.train).not.toEqual(first.train);
  });

  it('uses a passed generator instead of the seed', async () => {
    const viaRng = await loadDataset('spiral:count=50', { rng: createGenerator('xoshiro128**', 5), seed: 99 });
    const viaSeed = await loadDataset('spiral:count=50', { seed: 5 });
    expect(viaRng.train).toEqual(viaSeed.train);
  });

  it('applies parameters', async () => {
    const dataset = await loadDataset('ring8:modes=4,radius=3,std=0,count=40', { seed: 2, heldOutFraction: 0.25 });
    expect(dataset.mixture?.centers.length).toBe(8);
    expect(dataset.heldOutCount).toBe(10);
    for (let i = 0; i < dataset.trainCount; i++) {
      expect(Math.hypot(dataset.train[2 * i], dataset.train[2 * i + 1])).toBeCloseTo(3, 5);
    }
  });

  it('labels the moons', async () => {
    const dataset = await loadDataset('moons:count=100', { seed: 1, heldOutFraction: 0 });
    expect(dataset.heldOutCount).toBe(0);
    expect(dataset.trainLabels?.length).toBe(100);
    expect(new Set(dataset.trainLabels)).toEqual(new Set([0, 1]));
  });

  it('lists the valid names for an unknown name', async () => {
    await expect(loadDataset('ring9', { seed: 0 })).rejects.toThrow(
      'data must be one of ring8, grid25, spiral, moons, mnist, a .csv/.tsv/.txt/.npy/.json file or a folder of PNG images; received "ring9"',
    );
  });

  it('rejects an unknown parameter', async () => {
    await expect(loadDataset('ring8:sdt=0.1', { seed: 0 })).rejects.toThrow(
      'parameter "sdt" of data set ring8 must be one of count, modes, radius, std; received "sdt=0.1"',
    );
  });

  it('rejects an invalid parameter value', async () => {
    await expect(loadDataset('ring8:std=abc', { seed: 0 })).rejects.toThrow('ring8 parameter std must be a number; received "abc"');
    await expect(loadDataset('ring8:count=1', { seed: 0 })).rejects.toThrow('ring8 parameter count must be an integer of at least 2; received 1');
  });

  it('requires a seed or a generator', async () => {
    await expect(loadDataset('ring8', {})).rejects.toThrow(/seed must be given/);
  });

  it('rejects a held-out fraction of 1', async () => {
    await expect(loadDataset('ring8', { seed: 0, heldOutFraction: 1 })).rejects.toThrow('heldOutFraction must be a number in [0, 1); received 1');
  });

  it('documents every built-in set', () => {
    const text = describeDatasets();
    for (const name of ['ring8', 'grid25', 'spiral', 'moons', 'mnist']) expect(text).toContain(`${name}:`);
  });
});

describe('loadDataset for mnist', () => {
  it('loads the 10,000 package digits with labels', async () => {
    const dataset = await loadDataset('mnist', { seed: 0 });
    expect(dataset.kind).toBe('images');
    expect(dataset.imageShape).toEqual([28, 28, 1]);
    expect(dataset.dimension).toBe(784);
    expect(dataset.trainCount).toBe(9000);
    expect(dataset.heldOutCount).toBe(1000);
    expect(dataset.transform).toEqual({ type: 'pixels', shape: [28, 28, 1] });

    const counts = new Array<number>(10).fill(0);
    for (const label of [...dataset.trainLabels!, ...dataset.heldOutLabels!]) counts[label] += 1;
    expect(counts).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);

    let min = Infinity;
    let max = -Infinity;
    for (const value of dataset.train) {
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    expect(min).toBe(-1);
    expect(max).toBe(1);
    expect(dataset.toDataSpace(Float32Array.of(-1, 0, 1))).toEqual(Float64Array.of(0, 0.5, 1));
  });

  it('keeps chosen classes and a subset', async () => {
    const dataset = await loadDataset('mnist:digits=07,count=500', { seed: 3 });
    expect(dataset.trainCount + dataset.heldOutCount).toBe(500);
    expect(new Set([...dataset.trainLabels!, ...dataset.heldOutLabels!])).toEqual(new Set([0, 7]));
  });

  it('rejects a count above the digits available', async () => {
    await expect(loadDataset('mnist:digits=1,count=5000', { seed: 0 })).rejects.toThrow(
      'mnist parameter count must be an integer from 2 to 1127, the number of digits available; received 5000',
    );
  });

  it('rejects a digits string with other characters', async () => {
    await expect(loadDataset('mnist:digits=1a', { seed: 0 })).rejects.toThrow('mnist parameter digits must be a string of the digits 0-9');
  });
});

/** Writes an RGBA PNG filled by `color(x, y)`. */
function writeImage(path: string, width: number, height: number, color: (x: number, y: number) => [number, number, number, number]): void {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) png.data.set(color(x, y), 4 * (y * width + x));
  }
  writeFileSync(path, PNG.sync.write(png));
}

describe('loadDataset for PNG folders', () => {
  it('loads grey images scaled to [-1, 1]', async () => {
    const images = join(folder, 'grey');
    mkdirSync(images);
    for (let i = 0; i < 4; i++) writeImage(join(images, `${i}.png`), 4, 4, (x) => [x * 85, x * 85, x * 85, 255]);
    writeFileSync(join(images, 'notes.txt'), 'ignored');

    const dataset = await loadDataset(images, { seed: 0, heldOutFraction: 0.25 });
    expect(dataset.kind).toBe('images');
    expect(dataset.imageShape).toEqual([4, 4, 1]);
    expect(dataset.trainCount).toBe(3);
    expect(dataset.heldOutCount).toBe(1);
    expect([...dataset.train.subarray(0, 4)]).toEqual([-1, -1 / 3, 1 / 3, 1].map((v) => Math.fround(v)));
  });

  it('resizes by area averaging', async () => {
    const images = join(folder, 'resize');
    mkdirSync(images);
    // A 4 x 4 checkerboard of 2 x 2 blocks shrinks to the 2 x 2 block means exactly.
    writeImage(join(images, 'a.png'), 4, 4, (x, y) => {
      const value = ((x >> 1) + (y >> 1)) % 2 === 0 ? 255 : 0;
      return [value, value, value, 255];
    });
    writeImage(join(images, 'b.png'), 4, 4, (x) => (x < 2 ? [0, 0, 0, 255] : [255, 255, 255, 255]));

    const warnings: string[] = [];
    const dataset = await loadDataset(`${images}:size=2`, { seed: 0, heldOutFraction: 0, onWarning: (m) => warnings.push(m) });
    expect(dataset.imageShape).toEqual([2, 2, 1]);
    const rows = [[...dataset.train.subarray(0, 4)], [...dataset.train.subarray(4, 8)]];
    expect(rows).toContainEqual([1, -1, -1, 1]);
    expect(rows).toContainEqual([-1, 1, -1, 1]);
    expect(warnings).toEqual(['2 of 2 images were resized to 2 x 2 pixels by area averaging']);
  });

  it('averages fractional footprints', async () => {
    const images = join(folder, 'fractional');
    mkdirSync(images);
    // Columns 0, 1, 2 have values 0, 153, 255; shrinking 3 -> 2 columns gives (2*0 + 153)/3 and (153 + 2*255)/3.
    for (const name of ['a.png', 'b.png']) writeImage(join(images, name), 3, 1, (x) => [[0, 153, 255][x], [0, 153, 255][x], [0, 153, 255][x], 255]);
    const dataset = await loadDataset(`${images}:height=1,width=2`, { seed: 0, heldOutFraction: 0 });
    const expected = [153 / 3, (153 + 510) / 3].map((v) => Math.fround(Math.fround(v) / 127.5 - 1));
    expect(dataset.train[0]).toBeCloseTo(expected[0], 5);
    expect(dataset.train[1]).toBeCloseTo(expected[1], 5);
  });

  it('converts grey images to RGB when the set has colour, and says so', async () => {
    const images = join(folder, 'mixed');
    mkdirSync(images);
    writeImage(join(images, 'colour.png'), 2, 2, () => [255, 0, 0, 255]);
    writeImage(join(images, 'grey.png'), 2, 2, () => [51, 51, 51, 255]);

    const warnings: string[] = [];
    const dataset = await loadDataset(images, { seed: 0, heldOutFraction: 0, onWarning: (m) => warnings.push(m) });
    expect(dataset.imageShape).toEqual([2, 2, 3]);
    expect(warnings).toEqual(['1 of 2 images are grey and were converted to RGB by repeating the grey channel']);
  });

  it('converts colour to grey by luma when asked', async () => {
    const images = join(folder, 'mixed');
    const warnings: string[] = [];
    const dataset = await loadDataset(`${images}:channels=1`, { seed: 0, heldOutFraction: 0, onWarning: (m) => warnings.push(m) });
    expect(dataset.imageShape).toEqual([2, 2, 1]);
    const intensities = [...dataset.train].map((v) => (v + 1) * 127.5).sort((a, b) => a - b);
    expect(intensities[0]).toBeCloseTo(51, 3); // the grey image keeps its value
    expect(intensities[7]).toBeCloseTo(0.299 * 255, 3); // pure red has luma 0.299 * 255
    expect(warnings).toEqual(['1 of 2 images are in colour and were converted to grey (luma 0.299 R + 0.587 G + 0.114 B)']);
  });

  it('composites transparent pixels over black', async () => {
    const images = join(folder, 'alpha');
    mkdirSync(images);
    writeImage(join(images, 'a.png'), 1, 1, () => [255, 255, 255, 0]);
    writeImage(join(images, 'b.png'), 1, 1, () => [255, 255, 255, 255]);
    const dataset = await loadDataset(images, { seed: 0, heldOutFraction: 0 });
    expect(new Set(dataset.train)).toEqual(new Set([-1, 1]));
  });

  it('names an unreadable image', async () => {
    const images = join(folder, 'broken');
    mkdirSync(images);
    writeImage(join(images, 'good.png'), 2, 2, () => [0, 0, 0, 255]);
    writeFileSync(join(images, 'bad.png'), 'not a png');
    await expect(loadDataset(images, { seed: 0 })).rejects.toThrow(/cannot decode image .*bad\.png: .*; remove or replace the file/);
  });

  it('rejects a folder without PNG files', async () => {
    const empty = join(folder, 'empty');
    mkdirSync(empty);
    await expect(loadDataset(empty, { seed: 0 })).rejects.toThrow(/contains no \.png files \(it is empty\)/);
    writeFileSync(join(empty, 'a.jpg'), 'x');
    await expect(loadDataset(empty, { seed: 0 })).rejects.toThrow(/contains no \.png files \(it holds 1 other entries\)/);
  });

  it('rejects a single image', async () => {
    const single = join(folder, 'single');
    mkdirSync(single);
    writeImage(join(single, 'a.png'), 2, 2, () => [0, 0, 0, 255]);
    await expect(loadDataset(single, { seed: 0 })).rejects.toThrow(/at least 2 PNG images/);
  });

  it('rejects an invalid channel count', async () => {
    await expect(loadDataset(`${join(folder, 'grey')}:channels=2`, { seed: 0 })).rejects.toThrow(/channels must be 1 \(grey\) or 3 \(RGB\); received 2/);
  });

  it('rejects a file of unknown type', async () => {
    const path = join(folder, 'points.dat');
    writeFileSync(path, '1,2\n');
    await expect(loadDataset(path, { seed: 0 })).rejects.toThrow(/The extension "\.dat" is not a table format/);
  });
});

describe('loadDataset for tables', () => {
  it('standardises CSV columns and maps back to data units', async () => {
    const path = join(folder, 'table.csv');
    const lines = ['height,weight'];
    for (let i = 0; i < 50; i++) lines.push(`${150 + i},${60 + (i % 7) * 3}`);
    writeFileSync(path, `${lines.join('\n')}\n`);

    const dataset = await loadDataset(path, { seed: 4 });
    expect(dataset.columns).toEqual(['height', 'weight']);
    expect(dataset.trainCount).toBe(45);
    expect(dataset.heldOutCount).toBe(5);
    expect(dataset.transform.type).toBe('standardize');

    let sum = 0;
    let squares = 0;
    for (let i = 0; i < dataset.trainCount; i++) {
      sum += dataset.train[2 * i];
      squares += dataset.train[2 * i] ** 2;
    }
    expect(sum / dataset.trainCount).toBeCloseTo(0, 5);
    expect(squares / dataset.trainCount).toBeCloseTo(1, 5);

    const restored = dataset.toDataSpace(dataset.heldOut);
    for (let i = 0; i < dataset.heldOutCount; i++) {
      expect(Number.isInteger(Math.round(restored[2 * i]))).toBe(true);
      expect(restored[2 * i]).toBeGreaterThanOrEqual(149.99);
      expect(restored[2 * i]).toBeLessThanOrEqual(199.01);
      expect(Math.abs(restored[2 * i] - Math.round(restored[2 * i]))).toBeLessThan(1e-4);
    }
  });

  it('keeps raw values when standardize=0', async () => {
    const path = join(folder, 'raw.csv');
    writeFileSync(path, '1,5\n2,5\n3,5\n4,5\n');
    const raw = await loadDataset(`${path}:standardize=0`, { seed: 0, heldOutFraction: 0 });
    expect(raw.transform).toEqual({ type: 'identity' });
    expect([...raw.train].sort()).toEqual([1, 2, 3, 4, 5, 5, 5, 5]);
  });

  it('keeps std 0 for a constant column and says so', async () => {
    const path = join(folder, 'constant.csv');
    writeFileSync(path, 'a,c\n1,0.1\n2,0.1\n3,0.1\n4,0.1\n');
    const warnings: string[] = [];
    const dataset = await loadDataset(path, { seed: 0, heldOutFraction: 0, onWarning: (message) => warnings.push(message) });

    expect(dataset.transform).toEqual({ type: 'standardize', mean: [2.5, 0.1], std: [Math.sqrt(1.25), 0] });
    for (let i = 0; i < 4; i++) expect(dataset.train[2 * i + 1]).toBe(0);
    expect(warnings).toEqual([`${path}: column 2 (c) is constant (0.1) in the training rows, so its std is 0 and a generator trained on them returns that value in every row`]);

    // Whatever a generator returns for the constant column, data units hold the constant itself.
    const restored = dataset.toDataSpace(Float32Array.of(0, 0, 1, -3.5, -1, 1e6));
    expect(Array.from(restored)).toEqual([2.5, 0.1, 2.5 + Math.sqrt(1.25), 0.1, 2.5 - Math.sqrt(1.25), 0.1]);
  });

  it('standardises a timestamp column in float64', async () => {
    // 400 timestamps near 1.7e9 with a spread of about 10 s: float32 rounds them to multiples of 128.
    const rng = createGenerator('numpy-pcg64', 11);
    const lines = ['ts,norm'];
    for (let i = 0; i < 400; i++) lines.push(`${(1.7e9 + 10 * standardNormal(rng)).toFixed(6)},${(5 + standardNormal(rng)).toFixed(6)}`);
    const path = join(folder, 'timestamps.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const dataset = await loadDataset(path, { seed: 2 });
    if (dataset.transform.type !== 'standardize') throw new Error('expected a standardize transform');

    const original = dataset.rowsInDataUnits!.train;
    const timestamps = Array.from({ length: dataset.trainCount }, (_, i) => original[2 * i]);
    const mean = timestamps.reduce((sum, value) => sum + (value - 1.7e9), 0) / timestamps.length + 1.7e9;
    const std = Math.sqrt(timestamps.reduce((sum, value) => sum + (value - mean) ** 2, 0) / timestamps.length);
    expect(std).toBeGreaterThan(8);
    expect(dataset.transform.mean[0]).toBeCloseTo(mean, 5);
    expect(dataset.transform.std[0] / std).toBeCloseTo(1, 9);

    // The values as read are kept exactly, and model space holds the standardised spread.
    const file = new Set(lines.slice(1).map((line) => Number(line.split(',')[0])));
    for (const value of timestamps) expect(file.has(value)).toBe(true);
    const scaled = Array.from({ length: dataset.trainCount }, (_, i) => dataset.train[2 * i]);
    expect(Math.sqrt(scaled.reduce((sum, value) => sum + value * value, 0) / scaled.length)).toBeCloseTo(1, 5);

    // Mapped back in float64, the rows are within float32 rounding of the standardised value (about 1e-7 std).
    const restored = dataset.toDataSpace(dataset.train);
    expect(restored).toBeInstanceOf(Float64Array);
    for (let i = 0; i < dataset.trainCount; i++) expect(Math.abs(restored[2 * i] - original[2 * i])).toBeLessThan(1e-5);
  });

  it('standardises huge finite values', async () => {
    const lines = ['huge,norm'];
    for (let i = 0; i < 50; i++) lines.push(`${1e200 * Math.sin(i + 1)},${Math.cos(i)}`);
    const path = join(folder, 'huge.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const dataset = await loadDataset(path, { seed: 0 });
    if (dataset.transform.type !== 'standardize') throw new Error('expected a standardize transform');

    expect(dataset.transform.std[0] / 1e200).toBeGreaterThan(0.5);
    expect(dataset.transform.std[0] / 1e200).toBeLessThan(1);
    expect(dataset.train.every((value) => Math.abs(value) < 3)).toBe(true);
    const restored = dataset.toDataSpace(dataset.train);
    const original = dataset.rowsInDataUnits!.train;
    for (let i = 0; i < dataset.trainCount; i++) expect(Math.abs(restored[2 * i] - original[2 * i]) / 1e200).toBeLessThan(1e-6);
  });

  it('names the file and column of values beyond float32', async () => {
    const path = join(folder, 'beyond.csv');
    writeFileSync(path, 'small,huge\n1,2\n3,1e200\n');
    await expect(loadDataset(`${path}:standardize=0`, { seed: 0, heldOutFraction: 0 })).rejects.toThrow(
      `${path}: column 2 (huge) contains 1e+200, which exceeds the float32 range of training (±3.4e38); leave out standardize=0 so the column is standardised, or rescale it`,
    );
  });

  it('counts one row in the singular', async () => {
    const path = join(folder, 'one-row.csv');
    writeFileSync(path, 'a,b\n1,2\n');
    await expect(loadDataset(path, { seed: 0 })).rejects.toThrow(`data file ${path} must be a table of at least 2 rows (training and held-out); received "1 row"`);
  });

  it('reads back an NPY file written by writeNpy', async () => {
    const { writeNpy } = await import('../io/npy.js');
    const path = join(folder, 'points.npy');
    const values = Float64Array.from({ length: 30 }, (_, i) => Math.sin(i) * 1e3);
    await writeNpy(path, values, [10, 3], 'f8');

    const dataset = await loadDataset(`${path}:standardize=0`, { seed: 1, heldOutFraction: 0 });
    expect(dataset.dimension).toBe(3);
    expect(dataset.trainCount).toBe(10);
    const rows = Array.from({ length: 10 }, (_, i) => [...dataset.train.subarray(3 * i, 3 * i + 3)].join(','));
    const expected = Array.from({ length: 10 }, (_, i) => [...Float32Array.from(values.subarray(3 * i, 3 * i + 3))].join(','));
    expect(rows.sort()).toEqual(expected.sort());

    const original = dataset.rowsInDataUnits!.train;
    const originalRows = Array.from({ length: 10 }, (_, i) => [...original.subarray(3 * i, 3 * i + 3)].join(','));
    const expectedRows = Array.from({ length: 10 }, (_, i) => [...values.subarray(3 * i, 3 * i + 3)].join(','));
    expect(originalRows.sort()).toEqual(expectedRows.sort());
  });

  it('names a malformed file', async () => {
    const path = join(folder, 'bad.csv');
    writeFileSync(path, '1,2\n3,x\n');
    await expect(loadDataset(path, { seed: 0 })).rejects.toThrow(/bad\.csv/);
  });
});
