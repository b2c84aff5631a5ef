/** Folders of PNG images as data sets. */
import { InvalidArgumentError } from '../errors.js';
import { positiveInteger } from '../validate.js';
import { readImageFolder } from './image-folder.js';
import { type DatasetContext, type ParameterDoc, ParameterReader } from './spec.js';
import { heldOutSize, permutation, splitRows } from './split.js';
import { dataSpaceMapper } from './transform.js';
import type { Dataset } from './types.js';

export const IMAGE_FOLDER_PARAMETERS: readonly ParameterDoc[] = [
  { name: 'size', description: 'square side in pixels that every image is resized to', default: 'the size of the first image' },
  { name: 'height', description: 'height in pixels (with width, instead of size)', default: 'see size' },
  { name: 'width', description: 'width in pixels (with height, instead of size)', default: 'see size' },
  { name: 'channels', description: '1 for grey or 3 for RGB', default: '3 if any image has colour, else 1' },
];

/** Reads a folder of PNG images; see `readImageFolder` for conversions and resizing. */
export async function createImageFolderDataset(
  folder: string,
  parameters: Readonly<Record<string, string>>,
  context: DatasetContext,
): Promise<Dataset> {
  const read = new ParameterReader(folder, parameters, IMAGE_FOLDER_PARAMETERS);
  const size = read.number('size', NaN, positiveInteger);
  const height = read.number('height', Number.isNaN(size) ? NaN : size, positiveInteger);
  const width = read.number('width', Number.isNaN(size) ? NaN : size, positiveInteger);
  if (Number.isNaN(height) !== Number.isNaN(width)) {
    throw new InvalidArgumentError(`image folder ${folder}`, 'given both height and width, or size', parameters);
  }
  const channels = read.number('channels', NaN, (label, value) => {
    if (value !== 1 && value !== 3) throw new InvalidArgumentError(label, '1 (grey) or 3 (RGB)', value);
    return value;
  });

  const images = await readImageFolder(folder, {
    size: Number.isNaN(height) ? undefined : [height, width],
    channels: Number.isNaN(channels) ? undefined : (channels as 1 | 3),
    onWarning: context.onWarning,
  });
  if (images.count < 2) {
    throw new InvalidArgumentError(`image folder ${folder}`, 'a folder of at least 2 PNG images (training and held-out)', `${images.count} image`);
  }

  const [imageHeight, imageWidth, imageChannels] = images.shape;
  const dimension = imageHeight * imageWidth * imageChannels;
  const order = permutation(context.rng, images.count);
  const split = splitRows(images.pixels, dimension, order, heldOutSize(images.count, context.heldOutFraction));

  const transform = { type: 'pixels', shape: images.shape } as const;
  return {
    name: folder,
    kind: 'images',
    dimension,
    ...split,
    imageShape: images.shape,
    transform,
    toDataSpace: dataSpaceMapper(transform),
  };
}
