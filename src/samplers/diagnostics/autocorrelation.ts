/**
 * Autocovariance and autocorrelation of one chain at every lag, through a
 * zero-padded FFT: O(n log n) instead of the O(n^2) direct sum.
 */

/**
 * Returns the biased autocovariance estimates
 * `gamma[t] = (1/n) * sum_{i < n - t} (x[i] - mean)(x[i + t] - mean)` for
 * t = 0 .. n - 1, the estimator that Stan and ArviZ use for ESS.
 */
export function autocovariance(chain: ArrayLike<number>): Float64Array {
  const n = chain.length;
  const result = new Float64Array(n);
  if (n === 0) return result;

  let mean = 0;
  for (let i = 0; i < n; i++) mean += chain[i];
  mean /= n;

  // Padding to at least 2n keeps the circular correlation of the FFT from
  // wrapping the end of the chain onto its start.
  let size = 1;
  while (size < 2 * n) size *= 2;
  const real = new Float64Array(size);
  const imaginary = new Float64Array(size);
  for (let i = 0; i < n; i++) real[i] = chain[i] - mean;

  fftInPlace(real, imaginary, false);
  for (let k = 0; k < size; k++) {
    real[k] = real[k] * real[k] + imaginary[k] * imaginary[k];
    imaginary[k] = 0;
  }
  fftInPlace(real, imaginary, true);

  for (let t = 0; t < n; t++) result[t] = real[t] / size / n;
  return result;
}

/**
 * Returns the autocorrelation `gamma[t] / gamma[0]` at every lag. A constant
 * chain has no defined autocorrelation, so every entry is NaN.
 */
export function autocorrelation(chain: ArrayLike<number>): Float64Array {
  const covariance = autocovariance(chain);
  const variance = covariance[0];
  for (let t = 0; t < covariance.length; t++) {
    covariance[t] = variance > 0 ? covariance[t] / variance : NaN;
  }
  return covariance;
}

/**
 * Iterative radix-2 Cooley–Tukey FFT on split real and imaginary arrays whose
 * length is a power of two. `inverse` flips the sign of the exponent and
 * leaves the result unscaled (the caller divides by the length).
 */
export function fftInPlace(real: Float64Array, imaginary: Float64Array, inverse: boolean): void {
  const n = real.length;

  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const re = real[i];
      real[i] = real[j];
      real[j] = re;
      const im = imaginary[i];
      imaginary[i] = imaginary[j];
      imaginary[j] = im;
    }
  }

  const sign = inverse ? 1 : -1;
  for (let length = 2; length <= n; length *= 2) {
    const half = length / 2;
    const angle = (sign * 2 * Math.PI) / length;
    for (let k = 0; k < half; k++) {
      // Twiddle factors come from cos/sin directly rather than a running
      // product, which would accumulate rounding error over long transforms.
      const twiddleRe = Math.cos(angle * k);
      const twiddleIm = Math.sin(angle * k);
      for (let start = 0; start < n; start += length) {
        const a = start + k;
        const b = a + half;
        const productRe = real[b] * twiddleRe - imaginary[b] * twiddleIm;
        const productIm = real[b] * twiddleIm + imaginary[b] * twiddleRe;
        real[b] = real[a] - productRe;
        imaginary[b] = imaginary[a] - productIm;
        real[a] += productRe;
        imaginary[a] += productIm;
      }
    }
  }
}
