/**
 * Headless Vega-Lite rendering: Vega-Lite compiles the chart to a Vega spec,
 * Vega renders it to SVG without a browser, and resvg rasterises the SVG to
 * PNG. Text in the PNG needs a font file: DejaVu Sans is used when found in
 * the usual system folders, otherwise resvg falls back to any system font.
 */
import { existsSync } from 'node:fs';

import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

import { positive } from '../validate.js';
import { SamplekitError } from '../errors.js';

export type VegaLiteSpec = TopLevelSpec;

export interface RenderOptions {
  /** Pixel density of the PNG relative to the SVG size (default 2, for sharp text). */
  readonly scale?: number;
  /** Background colour of the PNG (default white); the SVG keeps the chart's own background. */
  readonly background?: string;
}

export interface RenderedChart {
  readonly svg: string;
  readonly png: Uint8Array;
  /** SVG size in CSS pixels. */
  readonly width: number;
  readonly height: number;
}

/** Font family of chart text, with generic fallbacks for browsers that show the SVG. */
export const CHART_FONT = 'DejaVu Sans, Verdana, sans-serif';

const FONT_FILES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/TTF/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf',
];

/** Renders a Vega-Lite spec to SVG text and PNG bytes. */
export async function renderVegaLite(spec: VegaLiteSpec, options: RenderOptions = {}): Promise<RenderedChart> {
  const svg = await renderVegaLiteSvg(spec);
  const scale = positive('scale', options.scale ?? 2);
  const png = rasterizeSvg(svg, scale, options.background ?? 'white');
  const [width, height] = svgSize(svg);
  return { svg, png, width, height };
}

/** Renders a Vega-Lite spec to SVG text only, which is all an HTML page needs. */
export async function renderVegaLiteSvg(spec: VegaLiteSpec): Promise<string> {
  let vegaSpec: vega.Spec;
  try {
    vegaSpec = compile(spec).spec;
  } catch (error) {
    throw new SamplekitError(`invalid Vega-Lite chart: ${(error as Error).message}`);
  }

  // A failed load does not stop Vega: it renders on with empty data. So the loader records every
  // URL it is asked for, and a chart that asked for any is rejected after rendering.
  const requested: string[] = [];
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none', loader: offlineLoader(requested) });
  try {
    const svg = await view.toSVG();
    if (requested.length > 0) {
      throw new SamplekitError(`charts must carry their data inline; the chart asked to load ${JSON.stringify(requested[0])}`);
    }
    return svg;
  } finally {
    view.finalize();
  }
}

/** Rasterises SVG text to PNG bytes with resvg, at `scale` pixels per SVG pixel. */
export function rasterizeSvg(svg: string, scale = 2, background = 'white'): Uint8Array {
  const fontFiles = FONT_FILES.filter((path) => existsSync(path));
  const resvg = new Resvg(svg, {
    background,
    fitTo: { mode: 'zoom', value: scale },
    font:
      fontFiles.length > 0
        ? { fontFiles, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' }
        : { loadSystemFonts: true, defaultFontFamily: 'sans-serif' },
  });
  return new Uint8Array(resvg.render().asPng());
}

/**
 * Returns a Vega loader that rejects every URL and file, adding each to
 * `requested`: charts carry their data inline, and rendering must never touch
 * the network or the disk.
 */
function offlineLoader(requested: string[]): vega.Loader {
  const loader = vega.loader();
  loader.sanitize = async (uri: string) => {
    requested.push(uri);
    throw new SamplekitError(`charts must carry their data inline; the chart asked to load ${JSON.stringify(uri)}`);
  };
  return loader;
}

function svgSize(svg: string): [number, number] {
  const width = /<svg[^>]*\swidth="([\d.]+)"/.exec(svg);
  const height = /<svg[^>]*\sheight="([\d.]+)"/.exec(svg);
  return [Number(width?.[1] ?? NaN), Number(height?.[1] ?? NaN)];
}
