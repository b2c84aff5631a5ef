/**
 * PNG output through pngjs. Pixels are 8-bit; grey, grey+alpha, RGB and RGBA
 * images keep their channel layout in the file.
 */
import { PNG } from 'pngjs';

import { InvalidArgumentError } from '../errors.js';
import { positiveInteger } from '../validate.js';
import { writeFileAtomic } from './atomic.js';

/** PNG colour type by channel count: 0 grey, 4 grey+alpha, 2 RGB, 6 RGBA. */
const COLOR_TYPES = { 1: 0, 2: 4, 3: 2, 4: 6 } as const;

/** An 8-bit image in row-major, channel-last layout (height x width x channels). */
export interface RasterImage {
  readonly width: number;
  readonly height: number;
  /** 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA. */
  readonly channels: 1 | 2 | 3 | 4;
  readonly pixels: Uint8Array | Uint8ClampedArray;
}

/** Encodes an 8-bit image as PNG bytes. */
export function encodePng(image: RasterImage): Uint8Array {
  const { width, height, channels, pixels } = image;
  positiveInteger('width', width);
  positiveInteger('height', height);
  if (![1, 2, 3, 4].includes(channels)) {
    throw new InvalidArgumentError('channels', '1 (grey), 2 (grey+alpha), 3 (RGB) or 4 (RGBA)', channels);
  }
  if (pixels.length !== width * height * channels) {
    throw new InvalidArgumentError('pixels.length', `width * height * channels (${width * height * channels})`, pixels.length);
  }

  // The PNG colour type with the same channel layout, so pngjs writes the bytes unconverted.
  const colorType = COLOR_TYPES[channels];
  const metadata = { width, height, data: Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength) };
  return new Uint8Array(PNG.sync.write(metadata as PNG, { colorType, inputColorType: colorType, inputHasAlpha: channels === 2 || channels === 4 }));
}

/** Writes an 8-bit image as a PNG file, atomically. */
export async function writePng(path: string, image: RasterImage): Promise<void> {
  await writeFileAtomic(path, encodePng(image));
}

/**
 * Converts values in [-1, 1] (the model's pixel range) to bytes: -1 maps to
 * 0 and 1 to 255, values outside are clipped and NaN becomes 0.
 */
export function unitRangeToBytes(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const scaled = Math.round(((values[i] + 1) / 2) * 255);
    bytes[i] = Number.isNaN(scaled) ? 0 : Math.min(255, Math.max(0, scaled));
  }
  return bytes;
}
