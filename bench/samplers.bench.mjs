#!/usr/bin/env node
/**
 * Samplers benchmark. Numerical inversion is measured (set-up time, draws/s,
 * quantile evaluations/s, measured u-error) on the standard normal density
 * and on exp(-x^2/2)(1 + sin^2 3x), beside SciPy's NumericalInversePolynomial
 * anchor figures. Metropolis–Hastings is measured in steps/s on 1-D and 10-D
 * Gaussian targets.
 * Baselines measured in the same run: @stdlib's normal quantile and normal
 * generator for the inversion, and a minimal hand-written random-walk loop
 * for Metropolis–Hastings.
 *
 *   npm run bench -- samplers          (builds first; prints one JSON line)
 *   node bench/samplers.bench.mjs --quick
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import stdlibNormal from '@stdlib/random-base-normal';

import {
  createGenerator,
  metropolisHastings,
  NumericalInversion,
  randomWalk,
  RejectionSampler,
  Normal,
} from '../dist/index.js';
import { loadAnchors, measureRate } from './timing.mjs';

const quick = process.argv.includes('--quick');
const SIZE = 1_000_000;
const SETUP_REPEATS = 5;

const densities = {
  pinv_normal: (x) => Math.exp(-0.5 * x * x),
  pinv_custom: (x) => Math.exp(-0.5 * x * x) * (1 + Math.sin(3 * x) ** 2),
};

const anchors = (await loadAnchors()).numpy_rng?.results ?? {};
const results = {};

for (const [name, pdf] of Object.entries(densities)) {
  // Set-up: the median of SETUP_REPEATS fresh builds, after one warm-up build.
  new NumericalInversion({ pdf });
  const setups = [];
  const cpuSetups = [];
  let inversion;
  for (let r = 0; r < SETUP_REPEATS; r++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    inversion = new NumericalInversion({ pdf });
    const cpu = process.cpuUsage(cpuStarted);
    setups.push(performance.now() - started);
    cpuSetups.push((cpu.user + cpu.system) / 1000);
  }
  const setup = median(setups);

  const rng = createGenerator('xoshiro128**', 1);
  const out = new Float64Array(SIZE);
  const rvs = rates(() => inversion.sampleN(rng, SIZE, out)[SIZE - 1], SIZE);

  const uniforms = rng.fillDouble(new Float64Array(SIZE));
  const ppf = rates(() => {
    let sum = 0;
    for (let i = 0; i < SIZE; i++) sum += inversion.quantile(uniforms[i]);
    return sum;
  }, SIZE);

  const uError = inversion.measureUError(quick ? 20_000 : 100_000);
  const anchorRvs = anchors[`${name}.rvs`]?.median;
  const anchorSetup = anchors[`${name}.setup`]?.median;
  results[name] = {
    setup_ms: round(setup),
    setup_windows_ms: setups.map(round),
    setup_cpu_ms: round(median(cpuSetups)),
    intervals: inversion.info.intervals,
    pdf_calls: inversion.info.evaluations,
    rvs_msamples_per_s: round(rvs.wall / 1e6),
    rvs_msamples_per_cpu_s: round(rvs.cpu / 1e6),
    ppf_msamples_per_s: round(ppf.wall / 1e6),
    ppf_msamples_per_cpu_s: round(ppf.cpu / 1e6),
    u_error_max: uError.max,
    u_error_mean: uError.mean,
    scipy_anchor: {
      setup_ms: anchorSetup,
      rvs_msamples_per_s: anchorRvs,
      pdf_calls: anchors[`${name}.setup`]?.pdf_calls,
      u_error_max: anchors[`${name}.u_error`]?.max,
    },
    rvs_ratio_to_scipy: anchorRvs ? round(rvs.wall / 1e6 / anchorRvs) : null,
    rvs_cpu_ratio_to_scipy: anchorRvs ? round(rvs.cpu / 1e6 / anchorRvs) : null,
    setup_ratio_to_scipy: anchorSetup ? round(setup / anchorSetup) : null,
    setup_cpu_ratio_to_scipy: anchorSetup ? round(median(cpuSetups) / anchorSetup) : null,
  };
}

// Baselines for the inversion: exact inversion through @stdlib's normal quantile, and @stdlib's normal generator.
{
  const rng = createGenerator('xoshiro128**', 2);
  const uniforms = rng.fillDouble(new Float64Array(SIZE));
  const out = new Float64Array(SIZE);
  const quantile = rates(() => {
    for (let i = 0; i < SIZE; i++) out[i] = normalQuantile(uniforms[i], 0, 1);
    return out[SIZE - 1];
  }, SIZE);
  const generator = stdlibNormal.factory(0, 1, { seed: 2 });
  const normal = rates(() => {
    for (let i = 0; i < SIZE; i++) out[i] = generator();
    return out[SIZE - 1];
  }, SIZE);
  results.baseline_stdlib = {
    normal_quantile_msamples_per_s: round(quantile.wall / 1e6),
    normal_quantile_msamples_per_cpu_s: round(quantile.cpu / 1e6),
    random_normal_msamples_per_s: round(normal.wall / 1e6),
    random_normal_msamples_per_cpu_s: round(normal.cpu / 1e6),
  };
}

// Rejection sampling of the custom density, for comparison with its inversion.
{
  const rejection = new RejectionSampler({
    logTarget: (x) => -0.5 * x * x + Math.log1p(Math.sin(3 * x) ** 2),
    proposal: new Normal({ scale: 1.2 }),
  });
  const rng = createGenerator('xoshiro128**', 3);
  const draws = quick ? 100_000 : 300_000;
  const rate = rates(() => rejection.sampleN(rng, draws)[draws - 1], draws);
  results.rejection_custom = {
    msamples_per_s: round(rate.wall / 1e6),
    msamples_per_cpu_s: round(rate.cpu / 1e6),
    acceptance_rate: round(rejection.statistics.acceptanceRate),
  };
}

// Metropolis–Hastings: the library kernel against a minimal hand-written loop.
for (const dimension of [1, 10]) {
  const logDensity = (x) => {
    let sum = 0;
    for (let i = 0; i < dimension; i++) sum += x[i] * x[i];
    return -0.5 * sum;
  };
  const steps = quick ? 50_000 : 200_000;
  const scale = 2.38 / Math.sqrt(dimension);
  const kernel = metropolisHastings(logDensity, randomWalk({ dimension, scale }));
  const rng = createGenerator('xoshiro128**', 4);
  let state = kernel.init(new Float64Array(dimension));
  let accepted = 0;
  let stepsTaken = 0;
  const library = rates(() => {
    for (let s = 0; s < steps; s++) {
      const [next, info] = kernel.step(rng, state);
      state = next;
      if (info.isAccepted) accepted++;
    }
    stepsTaken += steps;
    return state.logDensity;
  }, steps);

  const plain = plainRandomWalk(logDensity, dimension, scale, createGenerator('xoshiro128**', 5));
  const baseline = rates(() => plain(steps), steps);
  results[`mh_${dimension}d`] = {
    steps_per_s: Math.round(library.wall),
    steps_per_cpu_s: Math.round(library.cpu),
    baseline_plain_loop_steps_per_s: Math.round(baseline.wall),
    baseline_plain_loop_steps_per_cpu_s: Math.round(baseline.cpu),
    ratio_to_plain_loop: round(library.cpu / baseline.cpu),
    acceptance_rate: round(accepted / stepsTaken),
  };
}

process.stdout.write(`${JSON.stringify({ bench: 'samplers', quick, node: process.version, results })}\n`);

/**
 * Returns the smallest random-walk Metropolis loop: one position buffer,
 * Box–Muller normals, no state objects. It sets the speed a kernel could reach.
 */
function plainRandomWalk(logDensity, dimension, scale, rng) {
  let position = new Float64Array(dimension);
  let proposal = new Float64Array(dimension);
  let current = logDensity(position);
  return (steps) => {
    for (let s = 0; s < steps; s++) {
      for (let i = 0; i < dimension; i++) {
        const u1 = 1 - rng.nextDouble();
        const u2 = rng.nextDouble();
        proposal[i] = position[i] + scale * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      }
      const candidate = logDensity(proposal);
      if (Math.log(1 - rng.nextDouble()) < candidate - current) {
        [position, proposal] = [proposal, position];
        current = candidate;
      }
    }
    return current;
  };
}

/**
 * Rates by wall time (median of 3 windows, as the anchors were measured)
 * and by this process's CPU time over 3 more windows. On the shared 2-core
 * machine wall-time rates fall with other jobs' load, while CPU-time rates
 * stay closer to what an idle machine gives, so both are reported.
 */
function rates(body, itemsPerCall) {
  const wall = measureRate(body, { itemsPerCall, quick });
  const cpuWindows = [];
  for (let w = 0; w < 3; w++) {
    const started = process.cpuUsage();
    for (let i = 0; i < wall.callsPerWindow; i++) body();
    const used = process.cpuUsage(started);
    cpuWindows.push((wall.callsPerWindow * itemsPerCall) / ((used.user + used.system) / 1e6));
  }
  return { wall: wall.median, cpu: median(cpuWindows) };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

function round(value) {
  return Math.round(value * 1000) / 1000;
}
