import { beforeAll, describe, expect, it } from 'vitest';

import { initBackend, tf } from '../backend.js';
import { createGenerator } from '../random/index.js';
import { uniform } from '../random/uniform.js';
import { Mlp, type MlpConfig } from './mlp.js';

const generatorConfig: MlpConfig = {
  inputSize: 5,
  hiddenSizes: [7, 6],
  outputSize: 4,
  hiddenActivation: 'leaky-relu',
  leakyReluAlpha: 0.2,
  outputActivation: 'tanh',
  initializer: { name: 'glorot-uniform' },
};

const discriminatorConfig: MlpConfig = {
  ...generatorConfig,
  inputSize: 4,
  outputSize: 1,
  hiddenActivation: 'relu',
  outputActivation: 'linear',
  initializer: { name: 'he-uniform' },
};

/** The same network written with plain TF.js ops, which autodiff differentiates. */
function plainForward(mlp: Mlp, input: tf.Tensor2D): tf.Tensor2D {
  let h: tf.Tensor2D = input;
  for (let l = 0; l < mlp.layerCount; l++) {
    h = tf.add(tf.matMul(h, mlp.kernels[l] as tf.Tensor2D), mlp.biases[l]);
    const last = l === mlp.layerCount - 1;
    if (!last) h = mlp.config.hiddenActivation === 'relu' ? tf.relu(h) : tf.leakyRelu(h, mlp.config.leakyReluAlpha);
    if (last && mlp.config.outputActivation === 'tanh') h = tf.tanh(h);
  }
  return h;
}

function randomTensor(seed: number, shape: [number, number]): tf.Tensor2D {
  const rng = createGenerator('xoshiro128**', seed);
  const values = new Float32Array(shape[0] * shape[1]);
  for (let i = 0; i < values.length; i++) values[i] = uniform(rng, -2, 2);
  return tf.tensor2d(values, shape);
}

function maxAbsDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

beforeAll(async () => {
  await initBackend();
});

describe('Mlp initialisation', () => {
  it('gives identical weights for the same seed', () => {
    const a = Mlp.create(generatorConfig, createGenerator('xoshiro128**', 0));
    const b = Mlp.create(generatorConfig, createGenerator('xoshiro128**', 0));
    a.variables.forEach((v, i) => expect(Array.from(v.dataSync())).toEqual(Array.from(b.variables[i].dataSync())));
    a.dispose();
    b.dispose();
  });

  it('gives different weights for different seeds', () => {
    const a = Mlp.create(generatorConfig, createGenerator('xoshiro128**', 0));
    const b = Mlp.create(generatorConfig, createGenerator('xoshiro128**', 1));
    expect(Array.from(a.kernels[0].dataSync())).not.toEqual(Array.from(b.kernels[0].dataSync()));
    a.dispose();
    b.dispose();
  });

  it('draws glorot-uniform kernels from the given generator', () => {
    const mlp = Mlp.create(generatorConfig, createGenerator('pcg32', 42));
    const rng = createGenerator('pcg32', 42);
    const sizes = [5, 7, 6, 4];

    for (let l = 0; l < 3; l++) {
      const limit = Math.sqrt(6 / (sizes[l] + sizes[l + 1]));
      const expected = Array.from({ length: sizes[l] * sizes[l + 1] }, () => Math.fround(uniform(rng, -limit, limit)));
      expect(Array.from(mlp.kernels[l].dataSync())).toEqual(expected);
      expect(Array.from(mlp.biases[l].dataSync())).toEqual(new Array(sizes[l + 1]).fill(0));
    }
    mlp.dispose();
  });

  it('draws normal kernels with the given std', () => {
    const config: MlpConfig = { ...generatorConfig, inputSize: 200, hiddenSizes: [200], initializer: { name: 'normal', std: 0.02 } };
    const mlp = Mlp.create(config, createGenerator('xoshiro128**', 3));
    const values = Array.from(mlp.kernels[0].dataSync());
    const mean = values.reduce((s, x) => s + x, 0) / values.length;
    const std = Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / values.length);
    // 40,000 draws: the sample std of N(0, 0.02^2) is within 2% of 0.02 except with probability below 1e-9.
    expect(Math.abs(std - 0.02) / 0.02).toBeLessThan(0.02);
    expect(Math.abs(mean)).toBeLessThan(0.02 * 6 / Math.sqrt(values.length));
    mlp.dispose();
  });

  it('rejects invalid configurations', () => {
    const rng = createGenerator('xoshiro128**', 0);
    expect(() => Mlp.create({ ...generatorConfig, hiddenSizes: [0] }, rng)).toThrow('hiddenSizes[0] must be a positive integer; received 0');
    expect(() => Mlp.create({ ...generatorConfig, leakyReluAlpha: 1.5 }, rng)).toThrow('leakyReluAlpha must be in [0, 1); received 1.5');
    expect(() => Mlp.create({ ...generatorConfig, outputActivation: 'softmax' as never }, rng)).toThrow('outputActivation must be one of "linear", "tanh"; received "softmax"');
  });
});

describe('Mlp forward and backward', () => {
  for (const [label, config] of [
    ['leaky-relu + tanh', generatorConfig],
    ['relu + linear', discriminatorConfig],
  ] as const) {
    for (const rows of [3, 40]) {
      it(`matches autodiff for ${label}, ${rows} rows`, () => {
        const mlp = Mlp.create(config, createGenerator('xoshiro128**', 7));
        const input = randomTensor(1, [rows, config.inputSize]);
        const upstream = randomTensor(2, [rows, config.outputSize]);
        const before = tf.memory().numTensors;

        tf.tidy(() => {
          const trace = mlp.forward(input);
          expect(maxAbsDifference(trace.output, plainForward(mlp, input))).toBeLessThan(1e-5);

          const fast = mlp.backward(trace, upstream, { parameters: true, input: true });
          const objective = () => tf.sum(tf.mul(plainForward(mlp, input), upstream)) as tf.Scalar;
          const reference = tf.variableGrads(objective, mlp.variables);
          const referenceInput = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(plainForward(mlp, x as tf.Tensor2D), upstream)))(input);

          mlp.variables.forEach((v, i) => {
            const scale = Math.max(1, tf.max(tf.abs(reference.grads[v.name])).dataSync()[0]);
            expect(maxAbsDifference(fast.parameterGradients![i], reference.grads[v.name]) / scale).toBeLessThan(1e-5);
          });
          expect(maxAbsDifference(fast.inputGradient!, referenceInput)).toBeLessThan(1e-5);
        });

        expect(tf.memory().numTensors).toBe(before);
        input.dispose();
        upstream.dispose();
        mlp.dispose();
      });
    }
  }

  it('computes only the requested gradients', () => {
    const mlp = Mlp.create(generatorConfig, createGenerator('xoshiro128**', 7));
    tf.tidy(() => {
      const input = randomTensor(1, [4, 5]);
      const trace = mlp.forward(input);
      const upstream = tf.onesLike(trace.output);

      const inputOnly = mlp.backward(trace, upstream, { parameters: false, input: true });
      expect(inputOnly.parameterGradients).toBeUndefined();
      expect(inputOnly.inputGradient?.shape).toEqual([4, 5]);

      const parametersOnly = mlp.backward(trace, upstream, { parameters: true, input: false });
      expect(parametersOnly.inputGradient).toBeUndefined();
      expect(parametersOnly.parameterGradients?.map((g) => g.shape)).toEqual(mlp.variables.map((v) => v.shape));
    });
    mlp.dispose();
  });

  it('rejects inputs of the wrong width', () => {
    const mlp = Mlp.create(generatorConfig, createGenerator('xoshiro128**', 7));
    const input = tf.zeros([2, 3]) as tf.Tensor2D;
    expect(() => mlp.predict(input)).toThrow('input must be a 2-D tensor with 5 columns; received "shape [2, 3]"');
    input.dispose();
    mlp.dispose();
  });
});
