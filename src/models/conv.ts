/**
 * 2-D convolution and transposed convolution (NHWC, 'same' padding) with
 * gradients that run on TF.js's WASM backend.
 *
 * TF.js 4.22's WASM backend has no Conv2DBackpropFilter kernel, so autodiff
 * through `tf.conv2d` or `tf.conv2dTranspose` fails there. These ops define
 * their gradients with `tf.customGrad`, from native convolutions only: a
 * convolution's input gradient is a transposed convolution and vice versa,
 * and the filter gradient is a convolution that treats the batch as channels.
 * Transposed convolutions with stride 2 and 4 x 4 kernels (DCGAN's) run as
 * four small convolutions, because the native one is slow on WASM.
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
 * [n, h, w, c] and output gradient dy [n, oh, ow, k]:
 * dW[i, j, c, k] = sum over n, p, q of xpad[n, s p + i, s q + j, c] dy[n, p, q, k].
 * That sum is itself a convolution, with the batch as the channel axis: the
 * padded input as [c, h', w', n] filtered by dy as [oh, ow, n, k], dilated by
 * the stride. It runs as one native `tf.conv2d`, returned as [kh, kw, c, k].
 */
export function convolutionFilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, kernelSize: number, stride: number): tf.Tensor4D {
  const [, height, width] = x.shape;
  const rows = samePadding(height, kernelSize, stride);
  const columns = samePadding(width, kernelSize, stride);
  if (dy.shape[1] !== rows.output || dy.shape[2] !== columns.output) {
    throw new InvalidArgumentError('dy', `an output gradient of shape [n, ${rows.output}, ${columns.output}, k]`, dy.shape);
  }

  // 'same' pads by at most kernel - 1 in total; the rows that the last output position does not reach are cut.
  const paddedRows = (rows.output - 1) * stride + kernelSize;
  const paddedColumns = (columns.output - 1) * stride + kernelSize;
  const padded = tf.slice(
    tf.pad(x, [
      [0, 0],
      [rows.before, rows.after],
      [columns.before, columns.after],
      [0, 0],
    ]),
    [0, 0, 0, 0],
    [-1, paddedRows, paddedColumns, -1],
  );

  const input = tf.transpose(padded, [3, 1, 2, 0]) as tf.Tensor4D;
  const filter = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
  const gradient = tf.conv2d(input, filter, 1, 'valid', 'NHWC', stride);
  return tf.transpose(gradient, [1, 2, 0, 3]) as tf.Tensor4D;
}

/**
 * 'same' transposed convolution with stride 2 and a 4 x 4 kernel, from
 * x [n, h, w, c] and filter [4, 4, k, c] to [n, 2h, 2w, k], computed as four
 * 2 x 2 convolutions, one per parity of the output row and column,
 * interleaved by depthToSpace. Each output pixel of a given parity sees the
 * same two input rows and columns; TF.js's WASM transposed convolution
 * measured about 10 times slower than its convolution on DCGAN shapes.
 */
export function subPixelConv2dTranspose(x: tf.Tensor4D, filter: tf.Tensor4D): tf.Tensor4D {
  if (filter.shape[0] !== 4 || filter.shape[1] !== 4) {
    throw new InvalidArgumentError('filter', 'a 4 x 4 kernel for the sub-pixel transposed convolution', filter.shape);
  }
  // As a convolution filter [kh, kw, in, out]; for output parity 0 the input offsets -1 and 0
  // meet kernel taps 3 and 1, and for parity 1 the offsets 0 and +1 meet taps 2 and 0.
  const kernel = tf.transpose(filter, [0, 1, 3, 2]);
  const taps = [
    [3, 1],
    [2, 0],
  ];
  const padding: [number, number][] = [
    [1, 0],
    [0, 1],
  ];

  const parts: tf.Tensor4D[] = [];
  for (const rowParity of [0, 1]) {
    for (const columnParity of [0, 1]) {
      const rowsTaken = tf.gather(kernel, taps[rowParity], 0);
      const subKernel = tf.gather(rowsTaken, taps[columnParity], 1) as tf.Tensor4D;
      const padded = tf.pad(x, [[0, 0], padding[rowParity], padding[columnParity], [0, 0]]);
      parts.push(tf.conv2d(padded as tf.Tensor4D, subKernel, 1, 'valid'));
    }
  }
  return tf.depthToSpace(tf.concat(parts, 3) as tf.Tensor4D, 2);
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
        return [transposedConvolution(dy as tf.Tensor4D, savedWeights, savedInput.shape, stride), convolutionFilterGradient(savedInput, dy as tf.Tensor4D, kernelSize, stride)];
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
      value: transposedConvolution(input as tf.Tensor4D, weights as tf.Tensor4D, outputShape, stride),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedInput, savedWeights] = saved as tf.Tensor4D[];
        // y = A^T x for the convolution A of `conv2d`, so dx = A dy and the filter gradient swaps the roles of dy and x.
        return [tf.conv2d(dy as tf.Tensor4D, savedWeights, stride, 'same'), convolutionFilterGradient(dy as tf.Tensor4D, savedInput, kernelSize, stride)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x, filter) as tf.Tensor4D;
}

/** Computes a 'same' transposed convolution: in sub-pixel form where it applies (stride 2, 4 x 4 kernel, doubled size), else with TF.js's own kernel. */
function transposedConvolution(x: tf.Tensor4D, filter: tf.Tensor4D, outputShape: [number, number, number, number], stride: number): tf.Tensor4D {
  const doubles = outputShape[1] === 2 * x.shape[1] && outputShape[2] === 2 * x.shape[2];
  if (stride === 2 && filter.shape[0] === 4 && filter.shape[1] === 4 && doubles) return subPixelConv2dTranspose(x, filter);
  return tf.conv2dTranspose(x, filter, outputShape, stride, 'same');
}
