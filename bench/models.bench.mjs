#!/usr/bin/env node
/**
 * Training throughput of samplekit's generators against the same models
 * written the plain TF.js way, in one process, with the PyTorch and TF.js
 * anchor figures quoted beside them.
 *
 * - MLP GAN, the anchors' workload (a): G 100-256-256-784 (LeakyReLU 0.2,
 *   tanh output), D 784-256-256-1, Adam(2e-4, 0.5, 0.999), non-saturating
 *   BCE on logits, one D update and one G update per step, a fixed
 *   uniform[-1, 1] data batch, batch 64 and 256. samplekit runs its trainer
 *   steps (`discriminatorStep`, `generatorStep`: hand-written MLP backward
 *   pass, closed-form loss gradients, Adam in one JavaScript loop, noise from
 *   samplekit's normal sampler). The baseline uses `tf.variable`, `tf.matMul`
 *   + `tf.add`, `tf.leakyRelu`, `tf.losses.sigmoidCrossEntropy`, `tf.randomNormal`
 *   and `tf.train.adam(...).minimize`.
 * - MMD generator, the anchors' workload (c): z (n x 100) -> G (100-256-256-d,
 *   tanh) -> unbiased MMD^2 against a fixed data batch with the RBF sum
 *   sigma in {1, 2, 5, 10, 20, 40} -> gradients of every G parameter, no
 *   optimiser step; n = m = 256 with d = 784 and n = m = 1024 with d = 2.
 *   samplekit uses `mmd2Tensor` and the MLP's own backward pass (what
 *   `MmdTrainer` runs); the baseline is `tf.variableGrads` over plain layers
 *   and an MMD with `tf.matMul(a, b, false, true)`.
 *
 * Rates are medians of three timing windows (bench/timing.mjs). All TF.js
 * code runs on the wasm backend (SIMD, one thread).
 *
 *   npm run bench -- models            (after npm run build)
 *   node bench/models.bench.mjs --quick
 */
import { loadAnchors, measureRate } from './timing.mjs';

const quick = process.argv.includes('--quick');

const { initBackend, tf } = await import('../dist/backend.js');
const { Mlp } = await import('../dist/models/mlp.js');
const { Adam } = await import('../dist/models/adam.js');
const { nonSaturatingLoss } = await import('../dist/models/losses.js');
const { discriminatorStep, generatorStep } = await import('../dist/models/gan-step.js');
const { latentNoise } = await import('../dist/models/noise.js');
const { createGenerator } = await import('../dist/random/index.js');
const { mmd2Tensor } = await import('../dist/stats/mmd-tensor.js');
const { rbfKernel } = await import('../dist/stats/kernels.js');

await initBackend('wasm');
if (tf.getBackend() !== 'wasm') throw new Error(`expected the wasm backend, got ${tf.getBackend()}`);

const BANDWIDTHS = [1, 2, 5, 10, 20, 40];
const timing = { quick, windowSeconds: quick ? 1 : 2, warmupSeconds: quick ? 0.5 : 1 };
const results = {};

for (const batch of [64, 256]) {
  results[`gan_b${batch}.samplekit`] = measureRate(samplekitGanStep(batch), { ...timing, itemsPerCall: batch });
  results[`gan_b${batch}.tfjs_plain`] = measureRate(plainGanStep(batch), { ...timing, itemsPerCall: batch });
}

for (const [n, d] of [
  [256, 784],
  [1024, 2],
]) {
  results[`mmd_n${n}_d${d}.samplekit`] = measureRate(samplekitMmdEvaluation(n, d), { ...timing, itemsPerCall: 1 });
  results[`mmd_n${n}_d${d}.tfjs_plain`] = measureRate(plainMmdEvaluation(n, d), { ...timing, itemsPerCall: 1 });
}

const anchors = await loadAnchors();
const torch = (name) => Math.max(anchors.torch_gan_omp2_blas1?.results[name]?.median ?? 0, anchors.torch_gan_omp1_blas2?.results[name]?.median ?? 0);
const tfjsAnchor = (name) => anchors.tfjs_gan?.results[`wasm.${name}`]?.median;

const comparisons = {};
for (const [key, anchorName, unit] of [
  ['gan_b64', 'mlp_gan_b64', 'samples/s'],
  ['gan_b256', 'mlp_gan_b256', 'samples/s'],
  ['mmd_n256_d784', 'mmd_n256_d784', 'evals/s'],
  ['mmd_n1024_d2', 'mmd_n1024_d2', 'evals/s'],
]) {
  const ours = results[`${key}.samplekit`].median;
  const plain = results[`${key}.tfjs_plain`].median;
  comparisons[key] = {
    unit,
    samplekit: round(ours),
    tfjsPlainSameRun: round(plain),
    speedupOverPlain: round(ours / plain, 2),
    pytorchAnchor: round(torch(anchorName)),
    ratioToPytorch: round(ours / torch(anchorName), 3),
    tfjsPlainAnchor: round(tfjsAnchor(anchorName)),
  };
}

process.stdout.write(
  `${JSON.stringify({
    bench: 'models',
    quick,
    backend: tf.getBackend(),
    tfjs: tf.version.tfjs,
    node: process.version,
    comparisons,
    results: Object.fromEntries(Object.entries(results).map(([name, r]) => [name, { median: round(r.median), windows: r.windows.map((w) => round(w)), callsPerWindow: r.callsPerWindow }])),
  })}\n`,
);

function round(value, digits = 1) {
  if (value === undefined || !Number.isFinite(value)) return value;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function mlpConfig(inputSize, hiddenSizes, outputSize, outputActivation) {
  return { inputSize, hiddenSizes, outputSize, hiddenActivation: 'leaky-relu', leakyReluAlpha: 0.2, outputActivation, initializer: { name: 'glorot-uniform' } };
}

function uniformBatch(rows, columns) {
  return tf.randomUniform([rows, columns], -1, 1, 'float32', 7);
}

/** samplekit's trainer step: one discriminator update and one generator update. */
function samplekitGanStep(batch) {
  const rng = createGenerator('xoshiro128**', 1);
  const generator = Mlp.create(mlpConfig(100, [256, 256], 784, 'tanh'), rng);
  const discriminator = Mlp.create(mlpConfig(784, [256, 256], 1, 'linear'), rng);
  const networks = {
    generator,
    discriminator,
    generatorOptimizer: new Adam(generator.variables),
    discriminatorOptimizer: new Adam(discriminator.variables),
    loss: nonSaturatingLoss,
  };
  const real = uniformBatch(batch, 784);
  return () => {
    const noiseD = latentNoise(rng, batch, 100);
    const d = discriminatorStep(networks, real, noiseD);
    noiseD.dispose();
    const noiseG = latentNoise(rng, batch, 100);
    const g = generatorStep(networks, noiseG);
    noiseG.dispose();
    return d.lossD + g.lossG;
  };
}

/** The same step as a typical TF.js user writes it (the anchors' tfjs_gan.js code path). */
function plainGanStep(batch) {
  const dense = (inputs, outputs) => ({
    kernel: tf.variable(tf.randomUniform([inputs, outputs], -Math.sqrt(6 / (inputs + outputs)), Math.sqrt(6 / (inputs + outputs)))),
    bias: tf.variable(tf.zeros([outputs])),
  });
  const generator = [dense(100, 256), dense(256, 256), dense(256, 784)];
  const discriminator = [dense(784, 256), dense(256, 256), dense(256, 1)];
  const forward = (layers, x, output) => {
    let h = x;
    layers.forEach((layer, i) => {
      h = tf.add(tf.matMul(h, layer.kernel), layer.bias);
      if (i < layers.length - 1) h = tf.leakyRelu(h, 0.2);
    });
    return output === 'tanh' ? tf.tanh(h) : h;
  };
  const variables = (layers) => layers.flatMap((layer) => [layer.kernel, layer.bias]);
  const generatorOptimizer = tf.train.adam(2e-4, 0.5, 0.999);
  const discriminatorOptimizer = tf.train.adam(2e-4, 0.5, 0.999);
  const real = uniformBatch(batch, 784);
  const ones = tf.ones([batch, 1]);
  const zeros = tf.zeros([batch, 1]);

  return () => {
    const lossD = discriminatorOptimizer.minimize(
      () => {
        const fake = forward(generator, tf.randomNormal([batch, 100]), 'tanh');
        return tf.add(tf.losses.sigmoidCrossEntropy(ones, forward(discriminator, real)), tf.losses.sigmoidCrossEntropy(zeros, forward(discriminator, fake)));
      },
      true,
      variables(discriminator),
    );
    const lossG = generatorOptimizer.minimize(() => tf.losses.sigmoidCrossEntropy(ones, forward(discriminator, forward(generator, tf.randomNormal([batch, 100]), 'tanh'))), true, variables(generator));
    const value = lossD.dataSync()[0] + lossG.dataSync()[0];
    tf.dispose([lossD, lossG]);
    return value;
  };
}

/** MMD^2 + gradients of every generator parameter, as MmdTrainer computes them. */
function samplekitMmdEvaluation(n, d) {
  const rng = createGenerator('xoshiro128**', 2);
  const generator = Mlp.create(mlpConfig(100, [256, 256], d, 'tanh'), rng);
  const real = uniformBatch(n, d);
  const kernel = rbfKernel(BANDWIDTHS);
  return () =>
    tf.tidy(() => {
      const noise = latentNoise(rng, n, 100);
      const trace = generator.forward(noise);
      const { value, grad } = tf.valueAndGrad((x) => mmd2Tensor(x, real, kernel, 'unbiased'))(trace.output);
      const gradients = generator.backward(trace, grad, { parameters: true, input: false }).parameterGradients;
      return value.dataSync()[0] + gradients[0].dataSync()[0];
    });
}

/** The same evaluation as a typical TF.js user writes it: autodiff over plain layers and a transposed-matMul MMD. */
function plainMmdEvaluation(n, d) {
  const dense = (inputs, outputs) => ({ kernel: tf.variable(tf.randomNormal([inputs, outputs], 0, Math.sqrt(2 / (inputs + outputs)))), bias: tf.variable(tf.zeros([outputs])) });
  const layers = [dense(100, 256), dense(256, 256), dense(256, d)];
  const variables = layers.flatMap((layer) => [layer.kernel, layer.bias]);
  const real = uniformBatch(n, d);
  const kernelSum = (a, b) => {
    const distances = tf.relu(tf.add(tf.sub(tf.sum(tf.square(a), 1, true), tf.mul(2, tf.matMul(a, b, false, true))), tf.transpose(tf.sum(tf.square(b), 1, true))));
    return BANDWIDTHS.map((sigma) => tf.exp(tf.mul(distances, -1 / (2 * sigma * sigma)))).reduce((sum, k) => tf.add(sum, k));
  };
  const offDiagonalMean = (k, rows) => tf.div(tf.sub(tf.sum(k), tf.sum(tf.mul(k, tf.eye(rows)))), rows * (rows - 1));
  return () =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        let h = tf.randomNormal([n, 100]);
        layers.forEach((layer, i) => {
          h = tf.add(tf.matMul(h, layer.kernel), layer.bias);
          h = i < layers.length - 1 ? tf.leakyRelu(h, 0.2) : tf.tanh(h);
        });
        return tf.sub(tf.add(offDiagonalMean(kernelSum(h, h), n), offDiagonalMean(kernelSum(real, real), n)), tf.mul(2, tf.mean(kernelSum(h, real))));
      }, variables);
      return value.dataSync()[0] + grads[variables[0].name].dataSync()[0];
    });
}
