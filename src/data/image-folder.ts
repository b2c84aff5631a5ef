/**
 * Folders of PNG images as data sets. Every image is decoded with pngjs,
 * converted to the chosen channel count, resized by area averaging to one
 * size, and scaled from [0, 255] to [-1, 1].
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { PNG } from 'pngjs';

import { InputFileError, InvalidArgumentError } from '../errors.js';
import { resizeAreaAverage } from './resize.js';

export interface ImageFolderOptions {
  /** Target [height, width]; default: the size of the first image in name order. */
  readonly size?: readonly [number, number];
  /**
   * 1 (grey) or 3 (RGB). Default: 3 if any image has colour (a pixel with
   * unequal red, green and blue), else 1. Grey images in an RGB set are
   * repeated into three channels. Colour images in a grey set are converted by
   * luma (0.299 R + 0.587 G + 0.114 B, ITU-R BT.601).
   */
  readonly channels?: 1 | 3;
  /** Receives one message for each conversion the loader had to make. */
  readonly onWarning?: (message: string) => void;
}

export interface ImageFolder {
  /** Row-major count x (height * width * channels) values in [-1, 1]. */
  readonly pixels: Float32Array;
  readonly count: number;
  readonly shape: readonly [number, number, number];
  /** File names, in the order of the rows. */
  readonly files: readonly string[];
}

interface DecodedImage {
  readonly file: string;
  readonly width: number;
  readonly height: number;
  readonly hasColor: boolean;
  /** RGBA bytes, as pngjs decodes every colour type. */
  readonly rgba: Uint8Array;
}

/** Loads every `.png` file directly inside `folder` (not sub-folders), sorted by name. */
export async function readImageFolder(folder: string, options: ImageFolderOptions = {}): Promise<ImageFolder> {
  const files = await listPngFiles(folder);
  const images: DecodedImage[] = [];
  for (const file of files) images.push(await decodeImage(folder, file));

  const channels = options.channels ?? (images.some((image) => image.hasColor) ? 3 : 1);
  const [height, width] = options.size ?? [images[0].height, images[0].width];
  reportConversions(images, channels, height, width, options.onWarning);

  const rowWidth = height * width * channels;
  const pixels = new Float32Array(images.length * rowWidth);
  images.forEach((image, row) => {
    const converted = toChannels(image, channels);
    const resized = resizeAreaAverage(converted, image.height, image.width, channels, height, width);
    for (let i = 0; i < rowWidth; i++) pixels[row * rowWidth + i] = resized[i] / 127.5 - 1;
  });

  return { pixels, count: images.length, shape: [height, width, channels], files };
}

async function listPngFiles(folder: string): Promise<string[]> {
  let entries: string[];
  try {
    if (!(await stat(folder)).isDirectory()) throw new InputFileError(`${folder} is not a folder`);
    entries = await readdir(folder);
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    throw new InputFileError(`cannot read image folder ${folder}: ${(error as Error).message}`);
  }

  const files = entries.filter((name) => extname(name).toLowerCase() === '.png').sort();
  if (files.length === 0) {
    const others = entries.length === 0 ? 'it is empty' : `it holds ${entries.length} other entries`;
    throw new InputFileError(`image folder ${folder} contains no .png files (${others}); only PNG images are read`);
  }
  return files;
}

async function decodeImage(folder: string, file: string): Promise<DecodedImage> {
  const path = join(folder, file);
  try {
    const png = PNG.sync.read(await readFile(path));
    const rgba = new Uint8Array(png.data);
    return { file, width: png.width, height: png.height, hasColor: hasColorPixels(rgba), rgba };
  } catch (error) {
    throw new InputFileError(`cannot decode image ${path}: ${(error as Error).message}; remove or replace the file`);
  }
}

/**
 * Checks whether any pixel has unequal red, green and blue values. Judging by content
 * rather than by the PNG colour type treats RGB or palette files that only
 * hold greys as grey.
 */
function hasColorPixels(rgba: Uint8Array): boolean {
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i] !== rgba[i + 1] || rgba[i + 1] !== rgba[i + 2]) return true;
  }
  return false;
}

/**
 * Converts decoded RGBA bytes to `channels` float channels in [0, 255].
 * Transparent pixels are composited over black, the background of digit-style
 * images.
 */
function toChannels(image: DecodedImage, channels: 1 | 3): Float32Array {
  const pixelCount = image.width * image.height;
  const output = new Float32Array(pixelCount * channels);
  for (let pixel = 0; pixel < pixelCount; pixel++) {
    const alpha = image.rgba[4 * pixel + 3] / 255;
    const red = image.rgba[4 * pixel] * alpha;
    const green = image.rgba[4 * pixel + 1] * alpha;
    const blue = image.rgba[4 * pixel + 2] * alpha;
    if (channels === 1) {
      output[pixel] = image.hasColor ? 0.299 * red + 0.587 * green + 0.114 * blue : red;
    } else {
      output[3 * pixel] = red;
      output[3 * pixel + 1] = green;
      output[3 * pixel + 2] = blue;
    }
  }
  return output;
}

function reportConversions(
  images: readonly DecodedImage[],
  channels: 1 | 3,
  height: number,
  width: number,
  onWarning?: (message: string) => void,
): void {
  if (!Number.isSafeInteger(height) || !Number.isSafeInteger(width) || height < 1 || width < 1) {
    throw new InvalidArgumentError('size', 'positive integers [height, width]', [height, width]);
  }
  if (onWarning === undefined) return;

  const grey = images.filter((image) => !image.hasColor).length;
  if (channels === 3 && grey > 0) {
    onWarning(`${grey} of ${images.length} images are grey and were converted to RGB by repeating the grey channel`);
  }
  const colour = images.length - grey;
  if (channels === 1 && colour > 0) {
    onWarning(`${colour} of ${images.length} images are in colour and were converted to grey (luma 0.299 R + 0.587 G + 0.114 B)`);
  }

  const resized = images.filter((image) => image.height !== height || image.width !== width).length;
  if (resized > 0) {
    onWarning(`${resized} of ${images.length} images were resized to ${height} x ${width} pixels by area averaging`);
  }
}
