import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadDataset } from '../data/load.js';
import { InputFileError } from '../errors.js';
import { imageGridPng } from './image-grid.js';
import { decisionGridPoints, lossChartSpec, scatterChartSpec } from './plots.js';
import { readJsonLines } from './run-folder.js';
import { writeSampleImage } from './samples.js';
import { REPORT_FILE, writeReport } from './report.js';
import { renderVegaLite, type VegaLiteSpec } from './vega.js';

const folder = mkdtempSync(join(tmpdir(), 'samplekit-report-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function steps(count: number): { step: number; lossD: number; lossG: number; dReal: number; dFake: number; gradNormD: number; gradNormG: number; seconds: number }[] {
  return Array.from({ length: count }, (_, i) => ({
    step: i + 1,
    lossD: 1.2 + 0.1 * Math.sin(i),
    lossG: 0.8 + 0.1 * Math.cos(i),
    dReal: 0.6 - i / (10 * count),
    dFake: 0.4 + i / (10 * count),
    gradNormD: 1 / (i + 1),
    gradNormG: 2 / (i + 1),
    seconds: i * 0.1,
  }));
}

describe('renderVegaLite', () => {
  it('renders a chart to SVG and PNG', async () => {
    const chart = await renderVegaLite(lossChartSpec(steps(50)), { scale: 2 });
    expect(chart.svg.startsWith('<svg')).toBe(true);
    expect(chart.svg).toContain('Training losses');
    expect([...chart.png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);

    const decoded = PNG.sync.read(Buffer.from(chart.png));
    expect(decoded.width).toBe(Math.ceil(chart.width * 2));
    expect(decoded.height).toBe(Math.ceil(chart.height * 2));
  });

  it('draws text with a font', async () => {
    // A chart with a title and one with the same title blanked differ only where glyphs are drawn.
    const base = { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', width: 100, height: 40, data: { values: [{ x: 1 }] }, mark: 'point' };
    const withText = await renderVegaLite({ ...base, title: 'Glyphs' } as VegaLiteSpec, { scale: 1 });
    const withoutText = await renderVegaLite({ ...base, title: ' ' } as VegaLiteSpec, { scale: 1 });
    const a = PNG.sync.read(Buffer.from(withText.png));
    const b = PNG.sync.read(Buffer.from(withoutText.png));
    let differing = 0;
    for (let i = 0; i < Math.min(a.data.length, b.data.length); i += 4) if (a.data[i] !== b.data[i]) differing += 1;
    expect(differing).toBeGreaterThan(20);
  });

  it('rejects charts that load data from a URL', async () => {
    const spec = { data: { url: 'http://127.0.0.1:9/points.csv' }, mark: 'point' } as VegaLiteSpec;
    await expect(renderVegaLite(spec)).rejects.toThrow(/charts must carry their data inline/);
  });

  it('rejects an invalid chart', async () => {
    await expect(renderVegaLite({ mark: 'no-such-mark' } as unknown as VegaLiteSpec)).rejects.toThrow(/invalid Vega-Lite chart/);
  });

  it('renders a scatter over a decision surface', async () => {
    const xs = [-1, 0, 1];
    const chart = await renderVegaLite(
      scatterChartSpec({ real: [1, 0, 0, 1], generated: [0.5, 0.5], decision: { xs, ys: xs, values: [0, 0.1, 0.2, 0.3, 0.5, 0.6, 0.7, 0.9, 1] } }),
    );
    expect(chart.svg).toContain('D(x)');
  });

  it('lays out decision grid points row by row', () => {
    const grid = decisionGridPoints(-1, 1, 4);
    expect(grid.xs).toEqual([-0.75, -0.25, 0.25, 0.75]);
    expect(grid.points.length).toBe(32);
    expect([...grid.points.subarray(0, 4)]).toEqual([-0.75, -0.75, -0.25, -0.75]);
    expect([...grid.points.subarray(30, 32)]).toEqual([0.75, 0.75]);
    expect(() => decisionGridPoints(1, 1)).toThrow('low and high must be finite numbers with low < high; received [1, 1]');
  });

  it('rejects a decision grid of the wrong size', () => {
    expect(() => scatterChartSpec({ real: [0, 0], generated: [0, 0], decision: { xs: [0, 1], ys: [0, 1], values: [1, 2, 3] } })).toThrow(
      'decision must be a grid of at least 2 x 2 cells with xs.length * ys.length values; received "2 x 2 grid, 3 values"',
    );
  });
});

describe('imageGridPng', () => {
  it('tiles grey images with padding', () => {
    // Four 2 x 2 images with constant values -1, -1/3, 1/3 and 1.
    const images = Float32Array.from({ length: 16 }, (_, i) => [-1, -1 / 3, 1 / 3, 1][Math.floor(i / 4)]);
    const png = PNG.sync.read(Buffer.from(imageGridPng(images, 4, [2, 2, 1], { padding: 1, background: 200 })));
    expect(png.width).toBe(2 * 2 + 3);
    expect(png.height).toBe(2 * 2 + 3);

    const grey = (x: number, y: number) => png.data[4 * (y * png.width + x)];
    expect(grey(0, 0)).toBe(200);
    expect(grey(1, 1)).toBe(0);
    expect(grey(4, 1)).toBe(85);
    expect(grey(1, 4)).toBe(170);
    expect(grey(5, 5)).toBe(255);
  });

  it('scales pixels and keeps colour', () => {
    const red = Float32Array.of(1, -1, -1);
    const png = PNG.sync.read(Buffer.from(imageGridPng(red, 1, [1, 1, 3], { scale: 3, padding: 0 })));
    expect(png.width).toBe(3);
    expect([...png.data.subarray(0, 4)]).toEqual([255, 0, 0, 255]);
    expect([...png.data.subarray(32, 36)]).toEqual([255, 0, 0, 255]);
  });

  it('rejects too few values', () => {
    expect(() => imageGridPng(new Float32Array(3), 2, [1, 1, 3])).toThrow('images.length must be at least count * height * width * channels (6); received 3');
  });
});

describe('writeReport', () => {
  const run = join(folder, 'run');

  beforeAll(async () => {
    mkdirSync(join(run, 'samples'), { recursive: true });
    writeFileSync(
      join(run, 'config.json'),
      JSON.stringify({
        model: 'gan',
        seed: '0',
        data: { spec: 'ring8', name: 'ring8', kind: 'vectors', dimension: 2, transform: { type: 'identity' } },
        gan: { loss: 'non-saturating', note: '<script>alert(1)</script>', generator: { hidden: [64, 64] } },
      }),
    );
    writeFileSync(join(run, 'metrics.jsonl'), `${steps(120).map((record) => JSON.stringify(record)).join('\n')}\n{"step": 121, "lossD`);
    const evaluations = [200, 400].map((step, i) => ({ step, mmd2: 0.2 / (i + 1), modes: 8, modesCovered: 6 + i, highQualityShare: 0.8 + 0.1 * i, modeCounts: [1, 2, 3, 4, 5, 6, 7, 8] }));
    writeFileSync(join(run, 'evaluations.jsonl'), `${evaluations.map((record) => JSON.stringify(record)).join('\n')}\n`);
    const grid = imageGridPng(Float32Array.from({ length: 4 * 9 }, (_, i) => (i % 5) / 2 - 1), 4, [3, 3, 1]);
    writeFileSync(join(run, 'samples', 'step-000200.png'), grid);
    writeFileSync(join(run, 'samples', 'step-000400.png'), grid);
  });

  it('builds one self-contained page', async () => {
    const path = await writeReport(run);
    expect(path).toBe(join(run, REPORT_FILE));
    const html = readFileSync(path, 'utf8');

    expect(html).toContain('<title>GAN on ring8</title>');
    expect(html).toContain('seed 0');
    expect(html).toContain('loss: non-saturating');
    expect(html).toContain('7 / 8'); // modes covered, with the number of modes
    expect(html).toContain('90.0%'); // latest high-quality share
    expect(html).toContain('cannot tell them apart');
    expect(html).toContain('D = 1/2');
    expect(html).toContain('Training losses');
    expect(html).toContain('Gradient norms');
    expect(html).toContain('MMD² to held-out data');
    expect(html).toContain('gan.generator.hidden');
    expect(html).toMatch(/<img src="data:image\/png;base64,[A-Za-z0-9+/=]+"/);
    expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(5);
    expect(html).toContain('1 unreadable line(s)');
  });

  it('loads nothing from outside the file', async () => {
    const html = readFileSync(await writeReport(run), 'utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    expect(html).not.toMatch(/url\((['"])?https?:/i);
    expect(html).not.toMatch(/@import/i);
  });

  it('escapes text from the run folder', async () => {
    const html = readFileSync(await writeReport(run), 'utf8');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('gives every inline chart its own ids', async () => {
    const html = readFileSync(await writeReport(run), 'utf8');
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('reports what is missing in an empty run folder', async () => {
    const empty = join(folder, 'empty-run');
    mkdirSync(empty);
    const html = readFileSync(await writeReport(empty), 'utf8');
    expect(html).toContain('No training steps were logged');
    expect(html).toContain('config.json is missing');
  });

  it('rejects a path that is not a folder', async () => {
    const file = join(folder, 'not-a-run.txt');
    writeFileSync(file, 'x');
    await expect(writeReport(file)).rejects.toThrow(InputFileError);
  });
});

describe('readJsonLines', () => {
  it('skips malformed lines and records without a step', async () => {
    const path = join(folder, 'log.jsonl');
    writeFileSync(path, '{"step": 1}\n\nnot json\n{"loss": 2}\n{"step": 2}\n');
    const { records, skipped } = await readJsonLines(path);
    expect(records).toEqual([{ step: 1 }, { step: 2 }]);
    expect(skipped).toBe(2);
  });

  it('returns nothing for a missing file', async () => {
    expect(await readJsonLines(join(folder, 'missing.jsonl'))).toEqual({ records: [], skipped: 0 });
  });
});

describe('writeSampleImage', () => {
  it('writes a scatter for 2-D data and a grid for images', async () => {
    const ring = await loadDataset('ring8:count=200', { seed: 0 });
    const grid = decisionGridPoints(-1.5, 1.5, 10);
    const values = Array.from({ length: 100 }, (_, i) => i / 99);

    const scatterPath = await writeSampleImage(join(folder, 'samples-run'), 500, {
      dataset: ring,
      generated: ring.train,
      count: ring.trainCount,
      decision: { xs: grid.xs, ys: grid.ys, values },
    });
    expect(scatterPath).toBe(join(folder, 'samples-run', 'samples', 'step-000500.png'));
    expect([...readFileSync(scatterPath).subarray(0, 8)]).toEqual(PNG_SIGNATURE);

    const mnist = await loadDataset('mnist:count=100', { seed: 0 });
    const gridPath = await writeSampleImage(join(folder, 'samples-run'), 1000, { dataset: mnist, generated: mnist.train, count: 16 });
    const decoded = PNG.sync.read(readFileSync(gridPath));
    expect(decoded.width).toBe(4 * 56 + 5 * 2); // 4 columns of 28 x 28 digits drawn at scale 2, 2-pixel padding
  });

  it('rejects too few generated values', async () => {
    const ring = await loadDataset('ring8:count=20', { seed: 0 });
    await expect(writeSampleImage(folder, 1, { dataset: ring, generated: new Float32Array(3), count: 2 })).rejects.toThrow(
      'generated.length must be at least count * dimension (4); received 3',
    );
  });
});
