/**
 * Image resizing by area averaging (a box filter): each output pixel is the
 * mean of the input pixels under its footprint, weighted by the overlap of
 * areas. It is exact for shrinking by whole factors, avoids the aliasing of
 * point sampling when shrinking by other factors, and when enlarging it
 * repeats pixels (blending the two neighbours at a fractional boundary).
 */

interface Tap {
  readonly index: number;
  readonly weight: number;
}

/**
 * Resizes a float image (height x width x channels, row-major) to
 * targetHeight x targetWidth. The filter is separable, so rows and columns
 * are resized in two passes.
 */
export function resizeAreaAverage(
  pixels: Float32Array,
  height: number,
  width: number,
  channels: number,
  targetHeight: number,
  targetWidth: number,
): Float32Array {
  if (height === targetHeight && width === targetWidth) return pixels.slice();

  const columnTaps = areaTaps(width, targetWidth);
  const rowTaps = areaTaps(height, targetHeight);

  const horizontal = new Float32Array(height * targetWidth * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < targetWidth; x++) {
      for (const { index, weight } of columnTaps[x]) {
        const source = (y * width + index) * channels;
        const target = (y * targetWidth + x) * channels;
        for (let c = 0; c < channels; c++) horizontal[target + c] += weight * pixels[source + c];
      }
    }
  }

  const output = new Float32Array(targetHeight * targetWidth * channels);
  for (let y = 0; y < targetHeight; y++) {
    for (const { index, weight } of rowTaps[y]) {
      for (let x = 0; x < targetWidth * channels; x++) {
        output[y * targetWidth * channels + x] += weight * horizontal[index * targetWidth * channels + x];
      }
    }
  }
  return output;
}

/**
 * For each of `target` output cells, the input cells that its footprint
 * [i * scale, (i + 1) * scale) overlaps, with weights that sum to 1.
 */
function areaTaps(size: number, target: number): Tap[][] {
  const scale = size / target;
  const taps: Tap[][] = [];

  for (let i = 0; i < target; i++) {
    const start = i * scale;
    const end = (i + 1) * scale;
    const cell: Tap[] = [];
    for (let index = Math.floor(start); index < Math.min(size, Math.ceil(end)); index++) {
      const overlap = Math.min(end, index + 1) - Math.max(start, index);
      if (overlap > 0) cell.push({ index, weight: overlap / scale });
    }
    taps.push(cell);
  }
  return taps;
}
