/**
 * Vega-Lite charts for `samplekit sample --plot`: a histogram of 1-D draws
 * against the normalised density, trace plots of Metropolis chains, and a
 * scatter of the first two coordinates in d dimensions. Only the `sample`
 * command uses this module.
 */
import { CHART_CONFIG } from '../report/plots.js';
import type { VegaLiteSpec } from '../report/vega.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';
const WIDTH = 560;
const HEIGHT = 260;
const HISTOGRAM_BINS = 80;
const DENSITY_POINTS = 400;
/** Trace points per chain; longer chains are thinned evenly to this many. */
const TRACE_POINTS = 1500;
const SCATTER_POINTS = 5000;
const CHAIN_COLORS = ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#b279a2', '#9d755d', '#bab0ac'];

/**
 * Histogram of `draws` scaled to a density (bar heights integrate to 1)
 * with `pdf`, the normalised density, drawn over it. The range runs from the
 * 0.05 % to the 99.95 % quantile of the draws, so a few far tail draws do
 * not squeeze the picture. Draws outside it count in the scaling but are not drawn.
 */
export function histogramSpec(draws: Float64Array, pdf: ((x: number) => number) | undefined, title: string): VegaLiteSpec {
  const sorted = Float64Array.from(draws).sort();
  const low = sorted[Math.floor(0.0005 * (sorted.length - 1))];
  const high = sorted[Math.ceil(0.9995 * (sorted.length - 1))];
  const width = (high - low) / HISTOGRAM_BINS || 1;

  const counts = new Float64Array(HISTOGRAM_BINS);
  for (const x of sorted) {
    if (x < low || x > high) continue;
    counts[Math.min(HISTOGRAM_BINS - 1, Math.floor((x - low) / width))] += 1;
  }
  const bars = Array.from(counts, (count, i) => ({
    start: low + i * width,
    end: low + (i + 1) * width,
    density: count / (sorted.length * width),
  }));

  const layers: object[] = [
    {
      data: { values: bars },
      mark: { type: 'rect', color: '#9ecae1', stroke: '#6baed6', strokeWidth: 0.5 },
      encoding: {
        x: { field: 'start', type: 'quantitative', title: 'x', scale: { domain: [low, high], nice: false } },
        x2: { field: 'end' },
        y: { field: 'density', type: 'quantitative', title: 'density' },
      },
    },
  ];
  if (pdf !== undefined) {
    const curve = Array.from({ length: DENSITY_POINTS + 1 }, (_, i) => {
      const x = low + ((high - low) * i) / DENSITY_POINTS;
      return { x, density: pdf(x) };
    }).filter((point) => Number.isFinite(point.density));
    layers.push({
      data: { values: curve },
      mark: { type: 'line', color: '#d62728', strokeWidth: 2 },
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'density', type: 'quantitative' } },
    });
  }

  return { $schema: SCHEMA, title, width: WIDTH, height: HEIGHT, layer: layers, config: CHART_CONFIG } as VegaLiteSpec;
}

/** Trace plot of coordinate `coordinate` of each chain (row-major draws of `dimension` numbers). */
export function traceSpec(chains: readonly Float64Array[], dimension: number, coordinate: number, title: string): VegaLiteSpec {
  const points: { iteration: number; value: number; chain: string }[] = [];
  chains.forEach((chain, c) => {
    const length = chain.length / dimension;
    const stride = Math.max(1, Math.ceil(length / TRACE_POINTS));
    for (let i = 0; i < length; i += stride) points.push({ iteration: i + 1, value: chain[i * dimension + coordinate], chain: `chain ${c + 1}` });
  });
  const names = chains.map((_, c) => `chain ${c + 1}`);

  return {
    $schema: SCHEMA,
    title,
    width: WIDTH,
    height: 180,
    data: { values: points },
    mark: { type: 'line', strokeWidth: 0.8, opacity: 0.8 },
    encoding: {
      x: { field: 'iteration', type: 'quantitative', title: 'kept draw' },
      y: { field: 'value', type: 'quantitative', title: dimension === 1 ? 'x' : `x${coordinate + 1}`, scale: { zero: false } },
      color: {
        field: 'chain',
        type: 'nominal',
        title: null,
        legend: { orient: 'right' },
        scale: { domain: names, range: names.map((_, c) => CHAIN_COLORS[c % CHAIN_COLORS.length]) },
      },
    },
    config: CHART_CONFIG,
  } as VegaLiteSpec;
}

/** Scatter of x1 against x2 over all chains, thinned evenly to at most SCATTER_POINTS. */
export function scatterSpec(draws: Float64Array, dimension: number, title: string): VegaLiteSpec {
  const rows = draws.length / dimension;
  const stride = Math.max(1, Math.ceil(rows / SCATTER_POINTS));
  const points: { x1: number; x2: number }[] = [];
  for (let i = 0; i < rows; i += stride) points.push({ x1: draws[i * dimension], x2: draws[i * dimension + 1] });

  return {
    $schema: SCHEMA,
    title,
    width: 380,
    height: 380,
    data: { values: points },
    mark: { type: 'circle', size: 6, opacity: 0.35, color: '#4c78a8' },
    encoding: {
      x: { field: 'x1', type: 'quantitative', scale: { zero: false } },
      y: { field: 'x2', type: 'quantitative', scale: { zero: false } },
    },
    config: CHART_CONFIG,
  } as VegaLiteSpec;
}

/** Stacks charts vertically into one figure. */
export function stackSpecs(specs: VegaLiteSpec[]): VegaLiteSpec {
  if (specs.length === 1) return specs[0];
  const parts = specs.map((spec) => {
    const { $schema: _schema, config: _config, ...rest } = spec as unknown as Record<string, unknown>;
    return rest;
  });
  // Independent legends keep each trace's chain legend beside that trace.
  return { $schema: SCHEMA, vconcat: parts, resolve: { legend: { color: 'independent' } }, config: CHART_CONFIG } as unknown as VegaLiteSpec;
}
