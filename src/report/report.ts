/**
 * `writeReport(runDir)`: one self-contained `report.html` for a training run.
 * Charts are inline SVG and sample images are base64 PNG, so the file needs no
 * network, no other file and no script to view.
 */
import { join } from 'node:path';

import { writeFileAtomic } from '../io/atomic.js';
import { describeMetric } from './glossary.js';
import { dataUri, escapeHtml, flattenSettings, formatDuration, formatNumber, formatPercent, prefixSvgIds } from './html.js';
import {
  discriminatorChartSpec,
  evaluationChartSpec,
  gradientChartSpec,
  lossChartSpec,
  seriesPoints,
  type StepRecord,
} from './plots.js';
import { REPORT_STYLE } from './report-style.js';
import { readRunFolder, type RunFolder, type SampleFile } from './run-folder.js';
import { renderVegaLiteSvg, type VegaLiteSpec } from './vega.js';

export const REPORT_FILE = 'report.html';

/** Most evaluation rows listed in the table; longer runs show evenly spaced rows and the last one. */
const MAX_TABLE_ROWS = 40;
/** Earlier samples shown in the progression strip, besides the latest. */
const PROGRESSION_SAMPLES = 6;

export interface ReportOptions {
  /** Page title (default: from the run's model and data set). */
  readonly title?: string;
  /** Time shown as the report's creation time (default now). */
  readonly now?: Date;
}

/** Builds `report.html` in `runDir` from the files there and returns its path. */
export async function writeReport(runDir: string, options: ReportOptions = {}): Promise<string> {
  const run = await readRunFolder(runDir);
  const html = await buildReportHtml(run, options);
  const path = join(runDir, REPORT_FILE);
  await writeFileAtomic(path, html);
  return path;
}

/** Builds the report page for a run folder that has been read. */
export async function buildReportHtml(run: RunFolder, options: ReportOptions = {}): Promise<string> {
  const summary = describeRun(run);
  const title = options.title ?? summary.title;
  const now = options.now ?? new Date();

  const sections = [
    resultCards(run),
    readingGuide(run),
    samplesSection(run.samples),
    await curvesSection(run.metrics),
    await evaluationsSection(run.evaluations),
    settingsSection(run.config),
  ];

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
<main>
<header>
<p class="kicker">samplekit run report</p>
<h1>${escapeHtml(title)}</h1>
<p class="subtitle">${summary.facts.map(escapeHtml).join(' · ')}</p>
</header>
${sections.filter((section) => section !== '').join('\n')}
<footer>
<p>Built by samplekit from <code>${escapeHtml(run.path)}</code> on ${escapeHtml(now.toISOString().replace('T', ' ').slice(0, 19))} UTC.
Files in the folder: ${run.entries.map((entry) => `<code>${escapeHtml(entry)}</code>`).join(', ') || 'none'}.${
    run.skippedLines > 0 ? ` ${run.skippedLines} unreadable line(s) in the JSON-lines logs were skipped.` : ''
  }</p>
</footer>
</main>
</body>
</html>
`;
}

interface RunSummary {
  readonly title: string;
  readonly facts: string[];
}

/** Builds the title and the one-line facts (data, model, seed, steps, time) from the config and the logs. */
function describeRun(run: RunFolder): RunSummary {
  const config = run.config ?? {};
  const model = firstText(config, ['model', 'model.type', 'modelType', 'type']);
  const loss = firstText(config, ['gan.loss', 'loss', 'model.loss', 'lossType']);
  const data = firstText(config, ['data', 'data.spec', 'data.name', 'dataset', 'dataset.name']);
  const seed = firstValue(config, ['seed', 'options.seed']);

  const modelName = model === undefined ? 'Generator' : model.toUpperCase() === model ? model : model.toUpperCase();
  const title = data === undefined ? `${modelName} training run` : `${modelName} on ${data}`;

  const facts: string[] = [];
  if (loss !== undefined) facts.push(`loss: ${loss}`);
  if (seed !== undefined) facts.push(`seed ${String(seed)}`);
  const last = run.metrics[run.metrics.length - 1];
  if (last !== undefined) {
    facts.push(`${formatNumber(last.step)} steps logged`);
    if (typeof last.epoch === 'number') facts.push(`epoch ${formatNumber(last.epoch)}`);
    if (typeof last.seconds === 'number') facts.push(`${formatDuration(last.seconds)} of training`);
  }
  if (run.evaluations.length > 0) facts.push(`${run.evaluations.length} evaluation${run.evaluations.length === 1 ? '' : 's'}`);
  return { title, facts };
}

/** Builds cards with the latest value of each evaluation metric and of the discriminator outputs. */
function resultCards(run: RunFolder): string {
  const cards: string[] = [];
  const latest = run.evaluations[run.evaluations.length - 1];
  if (latest !== undefined) {
    for (const [field, value] of Object.entries(latest)) {
      if (field === 'step' || typeof value !== 'number') continue;
      const description = describeMetric(field);
      let display = formatMetric(field, value);
      if (field === 'modesCovered' && typeof latest.modes === 'number') display = `${value} / ${latest.modes}`;
      if (field === 'classesCovered' && Array.isArray(latest.classShares)) display = `${value} / ${latest.classShares.length}`;
      if (field === 'modes') continue;
      cards.push(card(description.label, display, `at step ${formatNumber(latest.step)}`));
    }
  }

  const lastStep = run.metrics[run.metrics.length - 1];
  if (lastStep !== undefined) {
    for (const field of ['dReal', 'dFake', 'loss']) {
      const recent = recentMean(run.metrics, field);
      if (recent !== undefined) cards.push(card(describeMetric(field).label, formatNumber(recent), 'mean of the last 50 logged steps'));
    }
  }

  if (cards.length === 0) return '';
  return `<section class="cards">${cards.join('')}</section>`;
}

function card(label: string, value: string, note: string): string {
  return `<div class="card"><div class="card-value">${escapeHtml(value)}</div><div class="card-label">${escapeHtml(label)}</div><div class="card-note">${escapeHtml(note)}</div></div>`;
}

/** Explains the quantities this run actually logged. */
function readingGuide(run: RunFolder): string {
  const items: string[] = [];
  const logged = new Set([...run.metrics.flatMap((record) => Object.keys(record)), ...run.evaluations.flatMap((record) => Object.keys(record))]);

  if (logged.has('dReal') || logged.has('dFake')) {
    items.push(
      '<li><b>D(x) and D(G(z))</b> are the discriminator’s mean probabilities that real and generated samples are real. Both near 0.5 means the discriminator cannot tell them apart, which is where a balanced GAN settles. That alone does not make the samples good, because a weak discriminator can be fooled by poor samples, so read it together with the sample metrics below. D(x) near 1 with D(G(z)) near 0 means the discriminator wins easily, and the generator then learns slowly or collapses.</li>',
    );
  }
  for (const field of ['lossD', 'lossG', 'loss', 'mmd2', 'modesCovered', 'highQualityShare', 'frechetDistance', 'classesCovered', 'meanConfidence', 'classifierAccuracy']) {
    if (!logged.has(field)) continue;
    const description = describeMetric(field);
    items.push(`<li><b>${escapeHtml(description.label)}</b>: ${escapeHtml(description.meaning)}</li>`);
  }
  if (logged.has('gradNormD') || logged.has('gradNormG')) {
    items.push('<li><b>Gradient norms</b> that grow by orders of magnitude often come before divergence; a norm that drops to 0 means that network stopped learning.</li>');
  }

  if (items.length === 0) return '';
  return `<section><h2>How to read this report</h2><ul class="guide">${items.join('')}</ul></section>`;
}

/** Builds the samples section: the latest sample large, with a strip of earlier ones to show progress. */
function samplesSection(samples: readonly SampleFile[]): string {
  if (samples.length === 0) return '';

  const latest = samples[samples.length - 1];
  const earlier = evenlySpaced(samples.slice(0, -1), PROGRESSION_SAMPLES);
  const figure = (sample: SampleFile, className: string) =>
    `<figure class="${className}${isSmallPng(sample) ? ' pixels' : ''}"><img src="${dataUri(sample.mediaType, sample.bytes)}" alt="samples at step ${escapeHtml(String(sample.step))}"><figcaption>${
      Number.isFinite(sample.step) ? `step ${formatNumber(sample.step)}` : escapeHtml(sample.file)
    }</figcaption></figure>`;

  const strip =
    earlier.length === 0
      ? ''
      : `<h3>Progress</h3><div class="strip">${earlier.map((sample) => figure(sample, 'thumb')).join('')}</div>`;
  return `<section><h2>Samples</h2>${figure(latest, 'latest')}${strip}</section>`;
}

/**
 * Checks whether a sample is a PNG narrower than 400 pixels, such as a grid of 28 x 28
 * digits, which the page enlarges with sharp pixel edges. The width is the
 * big-endian word at byte 16 of the PNG header.
 */
function isSmallPng(sample: SampleFile): boolean {
  if (sample.mediaType !== 'image/png' || sample.bytes.length < 24) return false;
  const width = new DataView(sample.bytes.buffer, sample.bytes.byteOffset, sample.bytes.byteLength).getUint32(16);
  return width < 400;
}

/** Builds the training curves from metrics.jsonl: losses, discriminator outputs and gradient norms. */
async function curvesSection(metrics: readonly StepRecord[]): Promise<string> {
  if (metrics.length === 0) return '<section><h2>Training curves</h2><p class="empty">No training steps were logged (metrics.jsonl is missing or empty).</p></section>';

  const charts: VegaLiteSpec[] = [];
  if (seriesPoints(metrics, ['lossD', 'lossG', 'loss']).length > 0) charts.push(lossChartSpec(metrics));
  if (seriesPoints(metrics, ['dReal', 'dFake']).length > 0) charts.push(discriminatorChartSpec(metrics));
  if (metrics.some((record) => typeof record.gradNormD === 'number' || typeof record.gradNormG === 'number')) charts.push(gradientChartSpec(metrics));
  if (charts.length === 0) return '';

  return `<section><h2>Training curves</h2><p class="note">Faint lines are the logged values; bold lines are a moving mean over 21 logged steps.</p><div class="charts">${(
    await renderCharts(charts, 'curve')
  ).join('')}</div></section>`;
}

/** Builds the evaluation table and one chart per numeric metric. */
async function evaluationsSection(evaluations: readonly StepRecord[]): Promise<string> {
  if (evaluations.length === 0) return '';

  // Fields with one value in every evaluation, such as the number of modes or the classifier's
  // accuracy, are left to the cards above, so the table and charts show only what changes.
  const fields = [...new Set(evaluations.flatMap((record) => Object.keys(record)))].filter(
    (field) => field !== 'step' && (evaluations.length < 2 || !isConstant(evaluations, field)),
  );
  const numericFields = fields.filter((field) => evaluations.some((record) => typeof record[field] === 'number'));
  const rows = evenlySpaced(evaluations, MAX_TABLE_ROWS, true);
  const best = bestRows(evaluations, numericFields);

  const header = `<tr><th>step</th>${fields.map((field) => `<th title="${escapeHtml(describeMetric(field).meaning)}">${escapeHtml(describeMetric(field).label)}</th>`).join('')}</tr>`;
  const body = rows
    .map((record) => {
      const cells = fields.map((field) => {
        const isBest = best.get(field) === record;
        return `<td${isBest ? ' class="best"' : ''}>${escapeHtml(formatCell(field, record[field]))}</td>`;
      });
      return `<tr><td>${formatNumber(record.step)}</td>${cells.join('')}</tr>`;
    })
    .join('');
  const shortened = rows.length < evaluations.length ? `<p class="note">Showing ${rows.length} of ${evaluations.length} evaluations, evenly spaced, and the last one.</p>` : '';
  const bestNote = best.size > 0 ? '<p class="note">Highlighted cells are the best value of metrics where lower is better.</p>' : '';

  const chartFields = evaluations.length >= 2 ? numericFields : [];
  const charts = await renderCharts(
    chartFields.map((field) => evaluationChartSpec(evaluations, field, describeMetric(field).label)),
    'evaluation',
  );

  return `<section><h2>Evaluations</h2><div class="table-wrap"><table>${header}${body}</table></div>${shortened}${bestNote}${
    charts.length > 0 ? `<div class="charts">${charts.join('')}</div>` : ''
  }</section>`;
}

/** Builds the settings table from config.json, flattened to dotted keys. */
function settingsSection(config: Record<string, unknown> | undefined): string {
  if (config === undefined) return '<section><h2>Settings</h2><p class="empty">config.json is missing, so the settings of this run are unknown.</p></section>';
  const rows = flattenSettings(config)
    .map(([key, value]) => `<tr><th>${escapeHtml(key)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('');
  return `<section><h2>Settings</h2><div class="table-wrap"><table class="settings">${rows}</table></div></section>`;
}

async function renderCharts(specs: readonly VegaLiteSpec[], idPrefix: string): Promise<string[]> {
  const rendered: string[] = [];
  for (const [index, spec] of specs.entries()) {
    const svg = await renderVegaLiteSvg(spec);
    rendered.push(`<figure class="chart">${prefixSvgIds(svg, `${idPrefix}${index}-`)}</figure>`);
  }
  return rendered;
}

/** Finds the row with the lowest value of each lower-is-better metric. */
function bestRows(evaluations: readonly StepRecord[], fields: readonly string[]): Map<string, StepRecord> {
  const best = new Map<string, StepRecord>();
  for (const field of fields) {
    if (!describeMetric(field).lowerIsBetter) continue;
    for (const record of evaluations) {
      const value = record[field];
      const current = best.get(field)?.[field] as number | undefined;
      if (typeof value === 'number' && Number.isFinite(value) && (current === undefined || value < current)) best.set(field, record);
    }
  }
  return best;
}

function formatMetric(field: string, value: number): string {
  return describeMetric(field).format === 'percent' ? formatPercent(value) : formatNumber(value);
}

function formatCell(field: string, value: unknown): string {
  if (typeof value === 'number') return formatMetric(field, value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'number')) {
    const shares = value.every((item) => item >= 0 && item <= 1) && value.some((item) => !Number.isInteger(item));
    return value.map((item) => (shares ? (item * 100).toFixed(0) : formatNumber(item))).join(' ');
  }
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Checks whether `field` has the same JSON value in every record. */
function isConstant(records: readonly StepRecord[], field: string): boolean {
  const first = JSON.stringify(records[0][field]);
  return records.every((record) => JSON.stringify(record[field]) === first);
}

/** Computes the mean of the last 50 finite values of `field`. */
function recentMean(records: readonly StepRecord[], field: string): number | undefined {
  const values = records.map((record) => record[field]).filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  if (values.length === 0) return undefined;
  const recent = values.slice(-50);
  return recent.reduce((sum, value) => sum + value, 0) / recent.length;
}

/** Picks at most `count` evenly spaced items, always including the last one when `keepLast` is set. */
function evenlySpaced<T>(items: readonly T[], count: number, keepLast = false): T[] {
  if (items.length <= count) return [...items];
  const picked: T[] = [];
  for (let i = 0; i < count; i++) picked.push(items[Math.round((i * (items.length - 1)) / (count - 1))]);
  if (keepLast && picked[picked.length - 1] !== items[items.length - 1]) picked[picked.length - 1] = items[items.length - 1];
  return picked;
}

function firstText(config: Record<string, unknown>, paths: readonly string[]): string | undefined {
  const value = firstValue(config, paths);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function firstValue(config: Record<string, unknown>, paths: readonly string[]): unknown {
  for (const path of paths) {
    let value: unknown = config;
    for (const key of path.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    if (value !== undefined && value !== null && typeof value !== 'object') return value;
  }
  return undefined;
}
