#!/usr/bin/env node
/**
 * Two-sample statistics: MMD^2 (unbiased, RBF sum with sigma in
 * {1, 2, 5, 10, 20, 40}) at n = m = 1024, d = 2 and n = m = 256, d = 784, a
 * 1,000-permutation MMD test at n = m = 1000, and the anchors' training
 * workload: MMD^2 + backward through the 100-256-256-d MLP generator.
 *
 * Each samplekit path runs beside its baseline in the same process:
 * - `mmd2` (float64 tiles) and `mmd2Blocked` (float32 TF.js blocks) against
 *   plain TF.js written the usual way (`tf.matMul(a, b, false, true)`, one
 *   `tf.exp` per bandwidth, `tf.sum`), forward only;
 * - the training evaluation with `mmd2Tensor` and the project's Mlp (its
 *   hand-written backward pass), and with `mmd2Tensor` under plain TF.js
 *   autodiff through the layers, against the anchors' plain TF.js code
 *   (`tf.variableGrads` over `tf.matMul` layers and a transposed-matMul MMD).
 *
 * GFLOP/s counts 2 d (n^2 + m^2 + n m): the multiply-adds of the three Gram
 * blocks, the same for every implementation. The PyTorch figure quoted is
 * the better 2-thread anchor; the TF.js anchor is its wasm backend. All
 * TF.js code here runs on the wasm backend (SIMD, one thread).
 *
 *   npm run bench -- stats            (after npm run build)
 *   node bench/stats.bench.mjs --quick
 *   node bench/stats.bench.mjs --scale   n = m = 50,000, d = 784 with mmd2Blocked, once
 */
import { loadAnchors, measureRate } from './timing.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const BANDWIDTHS = [1, 2, 5, 10, 20, 40];

const samplekit = await import('../dist/index.js');
const { initBackend, tf } = await import('../dist/backend.js');
const { Mlp } = await import('../dist/models/mlp.js');
await initBackend('wasm');
if (tf.getBackend() !== 'wasm') throw new Error(`expected the wasm backend, got ${tf.getBackend()}`);

if (args.includes('--scale')) {
  process.stdout.write(`${JSON.stringify(scaleCheck())}\n`);
  process.exit(0);
}

const anchors = await loadAnchors();
const results = {};
const timing = { quick, windowSeconds: 1 };

for (const [n, d] of [
  [1024, 2],
  [256, 784],
]) {
  const key = `n${n}_d${d}`;
  const x = normalRows(1, n, d);
  const y = normalRows(2, n, d, 0.1);
  const flops = 2 * d * 3 * n * n;
  const kernel = samplekit.rbfKernel(BANDWIDTHS);

  results[`mmd2.float64.${key}`] = rate(() => samplekit.mmd2(x, y, { kernel }), flops);
  results[`mmd2.blocked_f32.${key}`] = rate(() => samplekit.mmd2Blocked(x, y, { kernel }), flops);
  const [xt, yt] = [tf.tensor2d(Float32Array.from(x.rows), [n, d]), tf.tensor2d(Float32Array.from(y.rows), [n, d])];
  results[`mmd2.tfjs_plain_forward.${key}`] = rate(() => tf.tidy(() => plainMmd2(xt, yt).dataSync()[0]), flops);
  results[`mmd2.tensor_forward.${key}`] = rate(() => tf.tidy(() => samplekit.mmd2Tensor(xt, yt, kernel).dataSync()[0]), flops);
  tf.dispose([xt, yt]);

  Object.assign(results, trainingWorkload(n, d));
}

for (const d of quick ? [2] : [2, 784]) {
  const x = normalRows(3, 1000, d);
  const y = normalRows(4, 1000, d);
  const kernel = samplekit.rbfKernel(BANDWIDTHS);
  results[`mmd_test.k1000.n1000_d${d}`] = rate(() => samplekit.mmdTest(x, y, { kernel, permutations: 1000, seed: 0 }).pValue, 2 * d * 3 * 1000 * 1000, 'tests/s');
}

const torch = (name) => Math.max(anchors.torch_gan_omp2_blas1?.results[name]?.median ?? 0, anchors.torch_gan_omp1_blas2?.results[name]?.median ?? 0);
const tfjsAnchor = (name) => anchors.tfjs_gan?.results[`wasm.${name}`]?.median;
const comparisons = {};
for (const key of ['n256_d784', 'n1024_d2']) {
  const ours = results[`train.mmd2Tensor_mlp.${key}`].median;
  const plain = results[`train.tfjs_plain.${key}`].median;
  comparisons[key] = {
    samplekit_evals_per_s: ours,
    samplekit_cpu_rate: results[`train.mmd2Tensor_mlp.${key}`].cpu_rate,
    tfjs_plain_same_run: plain,
    tfjs_plain_cpu_rate: results[`train.tfjs_plain.${key}`].cpu_rate,
    speedup_vs_tfjs_plain: ours / plain,
    pytorch_anchor_2_threads: torch(`mmd_${key}`),
    ratio_to_pytorch: ours / torch(`mmd_${key}`),
    tfjs_wasm_anchor: tfjsAnchor(`mmd_${key}`),
    ratio_to_tfjs_anchor: ours / tfjsAnchor(`mmd_${key}`),
    cpu_rate_ratio_to_pytorch: results[`train.mmd2Tensor_mlp.${key}`].cpu_rate / torch(`mmd_${key}`),
  };
}

process.stdout.write(`${JSON.stringify({ bench: 'stats', quick, backend: tf.getBackend(), results, training_vs_anchors: comparisons })}\n`);

/** The anchors' evaluation: z -> G(z) -> MMD^2 against a fixed batch -> gradients of all G parameters. */
function trainingWorkload(n, d) {
  const key = `n${n}_d${d}`;
  const kernel = samplekit.rbfKernel(BANDWIDTHS);
  const real = tf.tensor2d(Float32Array.from(normalRows(5, n, d).rows, Math.tanh), [n, d]);
  const rng = samplekit.createGenerator('xoshiro128**', 9);
  const config = {
    inputSize: 100,
    hiddenSizes: [256, 256],
    outputSize: d,
    hiddenActivation: 'leaky-relu',
    leakyReluAlpha: 0.2,
    outputActivation: 'tanh',
    initializer: { name: 'glorot-uniform' },
  };
  const mlp = Mlp.create(config, rng, 'bench');
  const plainLayers = mlp.variables.map((v) => tf.variable(v.clone()));
  const out = {};

  // samplekit: mmd2Tensor's custom gradient, then the Mlp's hand-written backward pass.
  out[`train.mmd2Tensor_mlp.${key}`] = rate(() =>
    tf.tidy(() => {
      const trace = mlp.forward(tf.randomNormal([n, 100]));
      const { value, grad } = tf.valueAndGrad((g) => samplekit.mmd2Tensor(g, real, kernel))(trace.output);
      const gradients = mlp.backward(trace, grad, { parameters: true, input: false }).parameterGradients;
      return value.dataSync()[0] + gradients[0].dataSync()[0];
    }),
  );

  // mmd2Tensor, with TF.js autodiff through plain matMul layers.
  out[`train.mmd2Tensor_autodiff.${key}`] = rate(() =>
    tf.tidy(() => {
      const z = tf.randomNormal([n, 100]);
      const { value, grads } = tf.variableGrads(() => samplekit.mmd2Tensor(plainGenerator(z, plainLayers), real, kernel), plainLayers);
      return value.dataSync()[0] + grads[plainLayers[0].name].dataSync()[0];
    }),
  );

  // Plain TF.js, as the anchor script writes it.
  out[`train.tfjs_plain.${key}`] = rate(() =>
    tf.tidy(() => {
      const z = tf.randomNormal([n, 100]);
      const { value, grads } = tf.variableGrads(() => plainMmd2(plainGenerator(z, plainLayers), real), plainLayers);
      return value.dataSync()[0] + grads[plainLayers[0].name].dataSync()[0];
    }),
  );

  tf.dispose([real, ...plainLayers]);
  mlp.dispose();
  return out;
}

/** 100-256-256-d MLP: LeakyReLU(0.2) hidden layers, tanh output, from [W1, b1, W2, b2, W3, b3]. */
function plainGenerator(z, layers) {
  let h = z;
  for (let l = 0; l < 3; l++) {
    h = tf.add(tf.matMul(h, layers[2 * l]), layers[2 * l + 1]);
    h = l < 2 ? tf.leakyRelu(h, 0.2) : tf.tanh(h);
  }
  return h;
}

/** Unbiased MMD^2 the usual TF.js way: transposed matMul, one exp per bandwidth, diagonals masked. */
function plainMmd2(x, y) {
  const block = (a, b) => {
    const distances = tf.relu(
      tf.sub(tf.add(tf.sum(tf.square(a), 1, true), tf.transpose(tf.sum(tf.square(b), 1, true))), tf.mul(tf.matMul(a, b, false, true), 2)),
    );
    return tf.addN(BANDWIDTHS.map((sigma) => tf.exp(tf.div(distances, -2 * sigma * sigma))));
  };
  const [n, m] = [x.shape[0], y.shape[0]];
  const kxx = tf.sum(tf.mul(block(x, x), tf.sub(1, tf.eye(n))));
  const kyy = tf.sum(tf.mul(block(y, y), tf.sub(1, tf.eye(m))));
  const kxy = tf.sum(block(x, y));
  return tf.addN([tf.div(kxx, n * (n - 1)), tf.div(kyy, m * (m - 1)), tf.mul(kxy, -2 / (n * m))]);
}

/**
 * Wall-time rate (median of three windows), plus a CPU-time rate from one
 * more window: calls per second of this process's user + system time. On a
 * shared machine the CPU-time rate is the better estimate of the unloaded
 * rate, because everything here runs on one thread.
 */
function rate(body, flops, unit = 'evals/s') {
  const measured = measureRate(body, { itemsPerCall: 1, ...timing });
  const result = { median: measured.median, unit, windows: measured.windows.map((w) => Number(w.toPrecision(4))), calls_per_window: measured.callsPerWindow };

  const before = process.cpuUsage();
  for (let i = 0; i < measured.callsPerWindow; i++) body();
  const used = process.cpuUsage(before);
  result.cpu_rate = measured.callsPerWindow / ((used.user + used.system) / 1e6);

  if (flops !== undefined) {
    result.gflops = (measured.median * flops) / 1e9;
    result.cpu_gflops = (result.cpu_rate * flops) / 1e9;
  }
  return result;
}

function normalRows(seed, count, width, shift = 0) {
  const rng = samplekit.createGenerator('xoshiro128**', seed);
  const rows = new Float64Array(count * width);
  samplekit.fillStandardNormal(rng, rows);
  for (let i = 0; i < rows.length; i++) rows[i] += shift;
  return { rows, count, width };
}

/** n = m = 50,000 rows of d = 784 through mmd2Blocked: wall time, peak memory. */
function scaleCheck() {
  const n = 50_000;
  const d = 784;
  const x = normalRows(11, n, d);
  const y = normalRows(12, n, d, 0.01);
  const started = performance.now();
  let lastReport = started;
  const statistic = samplekit.mmd2Blocked(x, y, {
    kernel: samplekit.rbfKernel(BANDWIDTHS.map((s) => s * 10)),
    onProgress: (done, total) => {
      if (performance.now() - lastReport > 30_000) {
        process.stderr.write(`scale check: ${done}/${total} blocks, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
        lastReport = performance.now();
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    bench: 'stats.scale',
    n,
    m: n,
    d,
    kernel: 'rbf sum, sigma = 10, 20, 50, 100, 200, 400',
    statistic,
    seconds,
    max_rss_mib: process.resourceUsage().maxRSS / 1024,
  };
}
