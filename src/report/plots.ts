/**
 * Vega-Lite chart specs for training runs: loss curves, discriminator outputs
 * with the D = 1/2 equilibrium line, gradient norms, evaluation metrics over
 * steps, and 2-D scatters of generated over real points with the
 * discriminator's decision surface behind them. Each builder returns a plain
 * spec; `renderVegaLite` turns it into SVG and PNG.
 */
import { InvalidArgumentError } from '../errors.js';
import { CHART_FONT, type VegaLiteSpec } from './vega.js';

/** One logged training step, as the trainers write it to metrics.jsonl. */
export interface StepRecord {
  readonly step: number;
  readonly [field: string]: unknown;
}

/** Most points drawn per series; longer logs are thinned evenly, keeping the last point. */
export const MAX_POINTS_PER_SERIES = 1500;

const WIDTH = 440;
const HEIGHT = 220;

/** Colours per series name, so a quantity keeps its colour across charts. */
const SERIES_COLORS: Record<string, string> = {
  lossD: '#4c78a8',
  lossG: '#f58518',
  loss: '#54a24b',
  'D(x) real': '#4c78a8',
  'D(G(z)) generated': '#f58518',
  gradNormD: '#4c78a8',
  gradNormG: '#f58518',
};

/** Shared look: the chart font, light grid, no border. */
export const CHART_CONFIG = {
  font: CHART_FONT,
  view: { stroke: null },
  axis: { labelColor: '#333', titleColor: '#333', gridColor: '#e6e6e6', domainColor: '#888', tickColor: '#888' },
  legend: { orient: 'top', labelColor: '#333', titleColor: '#333', symbolOpacity: 1, symbolStrokeWidth: 3 },
  title: { anchor: 'start', fontSize: 14, fontWeight: 'bold', color: '#222' },
} as const;

interface SeriesPoint {
  step: number;
  series: string;
  value: number;
}

/**
 * Collects finite values of `fields` into long-format points, thinned to at
 * most MAX_POINTS_PER_SERIES per series. `labels` renames fields for the legend.
 */
export function seriesPoints(records: readonly StepRecord[], fields: readonly string[], labels: Record<string, string> = {}): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  for (const field of fields) {
    const present = records.filter((record) => isFiniteNumber(record[field]) && isFiniteNumber(record.step));
    const stride = Math.max(1, Math.ceil(present.length / MAX_POINTS_PER_SERIES));
    present.forEach((record, index) => {
      if (index % stride === 0 || index === present.length - 1) {
        points.push({ step: record.step, series: labels[field] ?? field, value: record[field] as number });
      }
    });
  }
  return points;
}

/**
 * Builds a line chart of several series over training steps: each series is
 * drawn faintly as logged and boldly as a centred moving mean over
 * `smoothing` points (default 21; 1 draws the raw values only).
 */
export function lineChartSpec(
  title: string,
  points: readonly SeriesPoint[],
  options: { yTitle?: string; logScale?: boolean; yDomain?: [number, number]; smoothing?: number; rules?: { value: number; label: string }[] } = {},
): VegaLiteSpec {
  const smoothing = options.smoothing ?? 21;
  const series = [...new Set(points.map((point) => point.series))];
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    // A single series is named by the chart title, so it needs no legend.
    legend: series.length > 1 ? {} : null,
    scale: { domain: series, range: series.map((name, i) => SERIES_COLORS[name] ?? FALLBACK_COLORS[i % FALLBACK_COLORS.length]) },
  };
  const y = {
    field: 'value',
    type: 'quantitative',
    title: options.yTitle ?? null,
    scale: { ...(options.logScale ? { type: 'log' } : { zero: false }), ...(options.yDomain ? { domain: options.yDomain } : {}) },
  };
  const x = { field: 'step', type: 'quantitative', title: 'step' };

  const layers: object[] = [];
  if (smoothing > 1) {
    layers.push({ mark: { type: 'line', opacity: 0.25, strokeWidth: 1 }, encoding: { x, y, color } });
    layers.push({
      transform: [{ window: [{ op: 'mean', field: 'value', as: 'smoothed' }], frame: [-(smoothing >> 1), smoothing >> 1], groupby: ['series'], sort: [{ field: 'step' }] }],
      mark: { type: 'line', strokeWidth: 2 },
      encoding: { x, y: { ...y, field: 'smoothed' }, color },
    });
  } else {
    layers.push({ mark: { type: 'line', strokeWidth: 2, point: points.length <= 60 }, encoding: { x, y, color } });
  }

  for (const rule of options.rules ?? []) {
    layers.push({
      data: { values: [{ value: rule.value, label: rule.label }] },
      layer: [
        { mark: { type: 'rule', strokeDash: [6, 4], color: '#666' }, encoding: { y: { field: 'value', type: 'quantitative' } } },
        {
          mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, dy: 4, color: '#444', x: 0 },
          encoding: { y: { field: 'value', type: 'quantitative' }, text: { field: 'label' } },
        },
      ],
    });
  }

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: WIDTH,
    height: HEIGHT,
    data: { values: points as SeriesPoint[] },
    layer: layers,
    config: CHART_CONFIG,
  } as VegaLiteSpec;
}

const FALLBACK_COLORS = ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#b279a2', '#9d755d'];

/** Builds the chart of discriminator and generator losses (or the MMD^2 loss of MMD models). */
export function lossChartSpec(records: readonly StepRecord[]): VegaLiteSpec {
  const points = seriesPoints(records, ['lossD', 'lossG', 'loss'], { loss: 'MMD² loss' });
  return lineChartSpec('Training losses', points, { yTitle: 'loss' });
}

/** Builds the chart of mean D(x) on real and mean D(G(z)) on generated batches, with the D = 1/2 line. */
export function discriminatorChartSpec(records: readonly StepRecord[]): VegaLiteSpec {
  const points = seriesPoints(records, ['dReal', 'dFake'], { dReal: 'D(x) real', dFake: 'D(G(z)) generated' });
  return lineChartSpec('Discriminator outputs', points, {
    yTitle: 'mean probability "real"',
    yDomain: [0, 1],
    rules: [{ value: 0.5, label: 'D = 1/2: cannot tell real from generated' }],
  });
}

/** Builds the chart of gradient norms on a log scale. */
export function gradientChartSpec(records: readonly StepRecord[]): VegaLiteSpec {
  const positive = records.map((record) => ({
    ...record,
    gradNormD: positiveOrUndefined(record.gradNormD),
    gradNormG: positiveOrUndefined(record.gradNormG),
  }));
  const points = seriesPoints(positive, ['gradNormD', 'gradNormG'], { gradNormD: '‖∇D‖', gradNormG: '‖∇G‖' });
  return lineChartSpec('Gradient norms', points, { yTitle: 'L2 norm (log scale)', logScale: true });
}

/** Builds one chart of an evaluation metric over steps (raw values with points). */
export function evaluationChartSpec(records: readonly StepRecord[], field: string, title = field): VegaLiteSpec {
  const points = seriesPoints(records, [field], { [field]: title });
  return lineChartSpec(title, points, { smoothing: 1 });
}

/** A grid of discriminator outputs D(x, y) in [0, 1], for the background of a 2-D scatter. */
export interface DecisionSurface {
  /** Cell centres along x, ascending and evenly spaced. */
  readonly xs: readonly number[];
  /** Cell centres along y, ascending and evenly spaced. */
  readonly ys: readonly number[];
  /** Row-major ys.length x xs.length probabilities; values[j * xs.length + i] is D(xs[i], ys[j]). */
  readonly values: ArrayLike<number>;
}

/**
 * Returns the cell centres of a cells x cells grid over the square
 * [low, high]^2 and the same centres as row-major (x, y) points, in the order
 * of `DecisionSurface.values`: run the discriminator on `points` and pass its
 * probabilities as `values`.
 */
export function decisionGridPoints(low: number, high: number, cells = 40): { xs: number[]; ys: number[]; points: Float32Array } {
  if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) {
    throw new InvalidArgumentError('low and high', 'finite numbers with low < high', [low, high]);
  }
  if (!Number.isSafeInteger(cells) || cells < 2) throw new InvalidArgumentError('cells', 'an integer of at least 2', cells);

  const size = (high - low) / cells;
  const xs = Array.from({ length: cells }, (_, i) => low + (i + 0.5) * size);
  const points = new Float32Array(cells * cells * 2);
  for (let j = 0; j < cells; j++) {
    for (let i = 0; i < cells; i++) {
      points[2 * (j * cells + i)] = xs[i];
      points[2 * (j * cells + i) + 1] = xs[j];
    }
  }
  return { xs, ys: [...xs], points };
}

export interface ScatterOptions {
  readonly title?: string;
  /** Real points, row-major count x 2 (only the first two columns are read when wider). */
  readonly real: ArrayLike<number>;
  readonly generated: ArrayLike<number>;
  /** Row width of `real` and `generated` (default 2). */
  readonly width?: number;
  readonly decision?: DecisionSurface;
  /** Most points drawn per set (default 2000); the first ones are kept. */
  readonly maxPoints?: number;
}

/**
 * Builds a square scatter of generated points over real ones, with the
 * discriminator's probability of "real" as a colour field behind them.
 */
export function scatterChartSpec(options: ScatterOptions): VegaLiteSpec {
  const width = options.width ?? 2;
  const maxPoints = options.maxPoints ?? 2000;
  const points = [
    ...pairs(options.real, width, maxPoints).map(([x, y]) => ({ x, y, set: 'real' })),
    ...pairs(options.generated, width, maxPoints).map(([x, y]) => ({ x, y, set: 'generated' })),
  ];

  const domain = squareDomain(points, options.decision);
  const sets = ['real', 'generated'].filter((set) => points.some((point) => point.set === set));
  const x = { field: 'x', type: 'quantitative', title: 'x₁', scale: { domain, nice: false, zero: false } };
  const y = { field: 'y', type: 'quantitative', title: 'x₂', scale: { domain, nice: false, zero: false } };
  const layers: object[] = [];

  if (options.decision !== undefined) {
    layers.push({
      data: { values: decisionCells(options.decision) },
      mark: { type: 'rect', opacity: 0.85 },
      encoding: {
        x: { ...x, field: 'x0' },
        x2: { field: 'x1' },
        y: { ...y, field: 'y0' },
        y2: { field: 'y1' },
        color: {
          field: 'd',
          type: 'quantitative',
          title: 'D(x)',
          scale: { scheme: 'blueorange', domain: [0, 1], domainMid: 0.5, reverse: true },
          legend: { orient: 'right', direction: 'vertical', gradientLength: 180 },
        },
      },
    });
  }

  layers.push({
    data: { values: points },
    mark: { type: 'circle', size: 9, opacity: 0.6 },
    encoding: {
      x,
      y,
      fill: { field: 'set', type: 'nominal', title: null, scale: { domain: sets, range: sets.map((set) => (set === 'real' ? '#222222' : '#e6194b')) } },
      stroke: { value: null },
    },
  });

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: options.title ?? 'Generated over real points',
    width: 320,
    height: 320,
    layer: layers,
    resolve: { scale: { color: 'independent' } },
    config: CHART_CONFIG,
  } as VegaLiteSpec;
}

function decisionCells(surface: DecisionSurface): { x0: number; x1: number; y0: number; y1: number; d: number }[] {
  const { xs, ys, values } = surface;
  if (xs.length < 2 || ys.length < 2 || values.length !== xs.length * ys.length) {
    throw new InvalidArgumentError('decision', 'a grid of at least 2 x 2 cells with xs.length * ys.length values', `${xs.length} x ${ys.length} grid, ${values.length} values`);
  }

  const halfX = (xs[1] - xs[0]) / 2;
  const halfY = (ys[1] - ys[0]) / 2;
  const cells = [];
  for (let j = 0; j < ys.length; j++) {
    for (let i = 0; i < xs.length; i++) {
      cells.push({ x0: xs[i] - halfX, x1: xs[i] + halfX, y0: ys[j] - halfY, y1: ys[j] + halfY, d: values[j * xs.length + i] });
    }
  }
  return cells;
}

/** Returns a square domain that contains every point (and the decision grid), with a 5% margin. */
function squareDomain(points: readonly { x: number; y: number }[], decision?: DecisionSurface): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const { x, y } of points) {
    low = Math.min(low, x, y);
    high = Math.max(high, x, y);
  }
  if (decision !== undefined) {
    const halfX = (decision.xs[1] - decision.xs[0]) / 2;
    const halfY = (decision.ys[1] - decision.ys[0]) / 2;
    low = Math.min(low, decision.xs[0] - halfX, decision.ys[0] - halfY);
    high = Math.max(high, decision.xs[decision.xs.length - 1] + halfX, decision.ys[decision.ys.length - 1] + halfY);
    return [low, high];
  }
  if (!Number.isFinite(low)) return [-1, 1];
  const margin = Math.max(1e-9, (high - low) * 0.05);
  return [low - margin, high + margin];
}

function pairs(values: ArrayLike<number>, width: number, maxPoints: number): [number, number][] {
  if (width < 2 || values.length % width !== 0) {
    throw new InvalidArgumentError('points', `rows of width ${width} (at least 2 columns)`, `${values.length} values`);
  }
  const output: [number, number][] = [];
  for (let row = 0; row < values.length / width && output.length < maxPoints; row++) {
    const x = values[row * width];
    const y = values[row * width + 1];
    if (Number.isFinite(x) && Number.isFinite(y)) output.push([x, y]);
  }
  return output;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function positiveOrUndefined(value: unknown): number | undefined {
  return isFiniteNumber(value) && value > 0 ? value : undefined;
}
