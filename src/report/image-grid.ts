/**
 * Sample grids: many small images tiled into one PNG, for MNIST-style
 * generators. Values in [-1, 1] map to bytes 0..255.
 */
import { InvalidArgumentError } from '../errors.js';
import { encodePng, unitRangeToBytes } from '../io/png.js';
import { nonNegativeInteger, positiveInteger } from '../validate.js';

export interface ImageGridOptions {
  /** Images per row (default: the ceiling of the square root of the count). */
  readonly columns?: number;
  /** Pixel repetition factor, e.g. 2 draws each pixel as 2 x 2 (default 1). */
  readonly scale?: number;
  /** Pixels between images (default 2). */
  readonly padding?: number;
  /** Byte value of the padding (default 255, white). */
  readonly background?: number;
}

/**
 * Tiles `count` images (row-major count x height x width x channels, values
 * in [-1, 1]) into one PNG; channels must be 1 (grey) or 3 (RGB).
 */
export function imageGridPng(images: ArrayLike<number>, count: number, shape: readonly [number, number, number], options: ImageGridOptions = {}): Uint8Array {
  positiveInteger('count', count);
  const [height, width, channels] = shape;
  positiveInteger('height', height);
  positiveInteger('width', width);
  if (channels !== 1 && channels !== 3) throw new InvalidArgumentError('channels', '1 (grey) or 3 (RGB)', channels);
  const size = height * width * channels;
  if (images.length < count * size) {
    throw new InvalidArgumentError('images.length', `at least count * height * width * channels (${count * size})`, images.length);
  }

  const columns = positiveInteger('columns', options.columns ?? Math.ceil(Math.sqrt(count)));
  const rows = Math.ceil(count / columns);
  const scale = positiveInteger('scale', options.scale ?? 1);
  const padding = nonNegativeInteger('padding', options.padding ?? 2);
  const background = options.background ?? 255;

  const cellWidth = width * scale;
  const cellHeight = height * scale;
  const gridWidth = columns * cellWidth + (columns + 1) * padding;
  const gridHeight = rows * cellHeight + (rows + 1) * padding;
  const pixels = new Uint8Array(gridWidth * gridHeight * channels).fill(background);
  const bytes = unitRangeToBytes(images);

  for (let image = 0; image < count; image++) {
    const left = padding + (image % columns) * (cellWidth + padding);
    const top = padding + Math.floor(image / columns) * (cellHeight + padding);
    for (let y = 0; y < cellHeight; y++) {
      for (let x = 0; x < cellWidth; x++) {
        const source = image * size + (Math.floor(y / scale) * width + Math.floor(x / scale)) * channels;
        const target = ((top + y) * gridWidth + left + x) * channels;
        for (let c = 0; c < channels; c++) pixels[target + c] = bytes[source + c];
      }
    }
  }

  return encodePng({ width: gridWidth, height: gridHeight, channels: channels as 1 | 3, pixels });
}
