/**
 * 2-D convolution and transposed convolution (NHWC, 'same' padding) with
 * gradients that run on TF.js's WASM backend.
 *
 * TF.js 4.22's WASM backend has no Conv2DBackpropFilter kernel, so autodiff
 * through `tf.conv2d` or `tf.conv2dTranspose` fails there. These ops keep the
 * native forward kernels and define their gradients with `tf.customGrad`:
 * input gradients with the native kernels (a convolution's input gradient is
 * a transposed convolution and vice versa), and the filter gradient as one
 * plain matMul of gathered input patches (im2col) with the output gradient.
 */
import { tf } from '../backend.js';
import { InvalidArgumentError } from '../errors.js';

/** Padding of TF's 'same' mode along one axis: the output has ceil(size / stride) positions. */
export function samePadding(size: number, kernel: number, stride: number): { before: number; after: number; output: number } {
  const output = Math.ceil(size / stride);
  const total = Math.max((output - 1) * stride + kernel - size, 0);
  const before = Math.floor(total / 2);
  return { before, after: total - before, output };
}

/**
 * Gradient of a 'same' convolution with respect to its filter, for input x
 * [n, h, w, c] and output gradient dy [n, oh, ow, k]: the sum over every
 * output position of (input patch) x (output gradient), as
 * patches^T dy with patches [n oh ow, kh kw c], returned as [kh, kw, c, k].
 */
export function convolutionFilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, kernelSize: number, stride: number): tf.Tensor4D {
  const [batch, height, width, channels] = x.shape;
  const outputChannels = dy.shape[3];
  const rows = samePadding(height, kernelSize, stride);
  const columns = samePadding(width, kernelSize, stride);
  if (dy.shape[1] !== rows.output || dy.shape[2] !== columns.output) {
    throw new InvalidArgumentError('dy', `an output gradient of shape [n, ${rows.output}, ${columns.output}, k]`, dy.shape);
  }

  const padded = tf.pad(x, [
    [0, 0],
    [rows.before, rows.after],
    [columns.before, columns.after],
    [0, 0],
  ]);
  const paddedWidth = width + columns.before + columns.after;
  const indices = patchIndices(rows.output, columns.output, kernelSize, stride, paddedWidth);
  const flat = tf.reshape(padded, [batch, -1, channels]);
  const patches = tf.reshape(tf.gather(flat, indices, 1), [batch * rows.output * columns.output, kernelSize * kernelSize * channels]) as tf.Tensor2D;
  const gradient = tf.reshape(dy, [batch * rows.output * columns.output, outputChannels]) as tf.Tensor2D;

  // patches^T gradient with plain matMuls only: transpose the smaller of patches, or gradient and the result.
  const positions = patches.shape[0];
  const patchWidth = patches.shape[1];
  const filter =
    positions * patchWidth <= positions * outputChannels + patchWidth * outputChannels
      ? tf.matMul(tf.transpose(patches), gradient)
      : tf.transpose(tf.matMul(tf.transpose(gradient), patches));
  return tf.reshape(filter, [kernelSize, kernelSize, channels, outputChannels]) as tf.Tensor4D;
}

const indexCache = new Map<string, tf.Tensor1D>();

/** Flat positions in the padded input of every (output row, output column, kernel row, kernel column), cached per shape. */
function patchIndices(outputRows: number, outputColumns: number, kernelSize: number, stride: number, paddedWidth: number): tf.Tensor1D {
  const key = `${outputRows}x${outputColumns}k${kernelSize}s${stride}w${paddedWidth}`;
  const cached = indexCache.get(key);
  if (cached !== undefined && !cached.isDisposed) return cached;

  const indices = new Int32Array(outputRows * outputColumns * kernelSize * kernelSize);
  let i = 0;
  for (let oy = 0; oy < outputRows; oy++) {
    for (let ox = 0; ox < outputColumns; ox++) {
      for (let ky = 0; ky < kernelSize; ky++) {
        for (let kx = 0; kx < kernelSize; kx++) indices[i++] = (oy * stride + ky) * paddedWidth + (ox * stride + kx);
      }
    }
  }
  const tensor = tf.keep(tf.tensor1d(indices, 'int32'));
  indexCache.set(key, tensor);
  return tensor;
}

/** 'same' convolution y = conv2d(x, filter) with square kernels and strides, differentiable on WASM. */
export function conv2d(x: tf.Tensor4D, filter: tf.Tensor4D, stride: number): tf.Tensor4D {
  const kernelSize = filter.shape[0];
  const op = tf.customGrad(((input: tf.Tensor, weights: tf.Tensor, save: tf.GradSaveFunc) => {
    save([input, weights]);
    return {
      value: tf.conv2d(input as tf.Tensor4D, weights as tf.Tensor4D, stride, 'same'),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedInput, savedWeights] = saved as tf.Tensor4D[];
        return [
          tf.conv2dTranspose(dy as tf.Tensor4D, savedWeights, savedInput.shape, stride, 'same'),
          convolutionFilterGradient(savedInput, dy as tf.Tensor4D, kernelSize, stride),
        ];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x, filter) as tf.Tensor4D;
}

/**
 * 'same' transposed convolution (the adjoint of `conv2d`), from x [n, h, w, c]
 * to [n, h stride, w stride, k] with filter [kh, kw, k, c], differentiable on WASM.
 */
export function conv2dTranspose(x: tf.Tensor4D, filter: tf.Tensor4D, stride: number): tf.Tensor4D {
  const kernelSize = filter.shape[0];
  const op = tf.customGrad(((input: tf.Tensor, weights: tf.Tensor, save: tf.GradSaveFunc) => {
    save([input, weights]);
    const [batch, height, width] = input.shape as [number, number, number, number];
    const outputShape: [number, number, number, number] = [batch, height * stride, width * stride, weights.shape[2] as number];
    return {
      value: tf.conv2dTranspose(input as tf.Tensor4D, weights as tf.Tensor4D, outputShape, stride, 'same'),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedInput, savedWeights] = saved as tf.Tensor4D[];
        // y = A^T x for the convolution A of `conv2d`, so dx = A dy and the filter gradient swaps the roles of dy and x.
        return [tf.conv2d(dy as tf.Tensor4D, savedWeights, stride, 'same'), convolutionFilterGradient(dy as tf.Tensor4D, savedInput, kernelSize, stride)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x, filter) as tf.Tensor4D;
}
