/** Small helpers for building the HTML report as text. */

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Formats a number for tables: integers in full, others with 4 significant digits. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e6)) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}

/** Formats a share in [0, 1] as a percentage with one decimal. */
export function formatPercent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** Formats seconds as "1 h 2 min", "3 min 4 s" or "5.6 s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Base64 data URI of bytes, for images embedded in the page. */
export function dataUri(mediaType: string, bytes: Uint8Array): string {
  return `data:${mediaType};base64,${Buffer.from(bytes).toString('base64')}`;
}

/**
 * Prefixes every id in an SVG document (and the references to them), so
 * several charts can be inlined in one page without their clip paths and
 * gradients colliding.
 */
export function prefixSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/\sid="([^"]+)"/g, (_, id: string) => ` id="${prefix}${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}${id})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${prefix}${id}"`);
}

/**
 * Flattens nested objects into dotted keys (`model.layers`), with arrays of
 * scalars joined by commas and long values shortened, for the settings table.
 */
export function flattenSettings(value: unknown, prefix = '', output: [string, string][] = []): [string, string][] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      flattenSettings(child, prefix === '' ? key : `${prefix}.${key}`, output);
    }
    return output;
  }

  let text: string;
  if (Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object')) text = value.join(', ');
  else if (typeof value === 'string') text = value;
  else text = JSON.stringify(value) ?? String(value);
  output.push([prefix, text.length > 200 ? `${text.slice(0, 197)}...` : text]);
  return output;
}
