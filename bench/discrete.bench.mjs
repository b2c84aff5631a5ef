#!/usr/bin/env node
/**
 * Measures discrete draws per second: samplekit's binomial (BTPE) for
 * n = 100, p = 0.3, Poisson (PTRS) for mu = 10 and 1e4, and categorical
 * (alias method) with 1000 categories, in bulk (`sampleN`) and one at a time
 * (`sample`). Beside each runs a plain inversion baseline on the same bit
 * generator: binary search of a precomputed cdf table (what NumPy's `choice`
 * does for categories), and for the small means also the textbook
 * sequential search from 0.
 *
 * The committed anchors (bench/anchors) hold no discrete sampler, so the
 * report quotes NumPy's PCG64 uniform rate, `pcg64.random`, as a ratio: the
 * cost of one uniform double there, for scale.
 *
 * Each case runs in its own child process, so every call site in V8 meets
 * one sampler. Rates are medians of three windows (timing.mjs), by wall time
 * and by CPU time of the process, because the machine is shared. Prints one
 * JSON line.
 *
 *   npm run bench -- discrete          (after npm run build)
 *   node bench/discrete.bench.mjs --quick
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { loadAnchors, measureRate } from './timing.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const caseIndex = args.indexOf('--case');
const N = quick ? 1e5 : 1e6;
const SEED = 20261204;
const GENERATOR = 'xoshiro128**';

const WORKLOADS = {
  'binomial_n100_p0.3': { name: 'binomial', parameters: { n: 100, p: 0.3 } },
  poisson_mu10: { name: 'poisson', parameters: { mu: 10 } },
  poisson_mu1e4: { name: 'poisson', parameters: { mu: 1e4 } },
  categorical_k1000: { name: 'categorical', parameters: { weights: categoryWeights(1000) } },
};

/** Weights 1 + (i mod 17) * i / 1000: uneven, deterministic and all positive. */
function categoryWeights(count) {
  return Array.from({ length: count }, (_, i) => 1 + ((i % 17) * i) / 1000);
}

/** Case name -> async factory of a body that makes N draws per call and returns one of them. */
const CASES = {};

for (const [workload, { name, parameters }] of Object.entries(WORKLOADS)) {
  CASES[`samplekit.${workload}.sampleN`] = async () => {
    const { distribution, rng } = await build(name, parameters);
    return () => distribution.sampleN(rng, N)[N - 1];
  };
  CASES[`samplekit.${workload}.sample`] = async () => {
    const { distribution, rng } = await build(name, parameters);
    const out = new Float64Array(N);
    return () => {
      for (let i = 0; i < N; i++) out[i] = distribution.sample(rng);
      return out[N - 1];
    };
  };
  CASES[`baseline.${workload}.table_inversion`] = async () => {
    const { distribution, rng } = await build(name, parameters);
    const draw = tableInversion(distribution);
    const out = new Float64Array(N);
    return () => {
      for (let i = 0; i < N; i++) out[i] = draw(rng.nextDouble());
      return out[N - 1];
    };
  };
}

for (const workload of ['binomial_n100_p0.3', 'poisson_mu10']) {
  CASES[`baseline.${workload}.sequential_inversion`] = async () => {
    const { name, parameters } = WORKLOADS[workload];
    const { distribution, rng } = await build(name, parameters);
    const draw = sequentialInversion(distribution);
    const out = new Float64Array(N);
    return () => {
      for (let i = 0; i < N; i++) out[i] = draw(rng.nextDouble());
      return out[N - 1];
    };
  };
}

async function build(name, parameters) {
  const library = await import('../dist/index.js');
  const distribution = library.getDistributionSpec(name).create(parameters);
  return { distribution, rng: library.createGenerator(GENERATOR, SEED) };
}

/**
 * Inversion by binary search of cdf(k), tabulated once by summing pmf(k)
 * from the lower end of the support until, past the mean, pmf(k) < 1e-20.
 */
function tableInversion(distribution) {
  const lower = distribution.support[0];
  const cumulative = [];
  let sum = 0;
  for (let k = lower; k <= distribution.support[1]; k++) {
    const mass = distribution.pmf(k);
    if (k > distribution.mean && mass < 1e-20) break;
    sum += mass;
    cumulative.push(sum);
  }
  const table = Float64Array.from(cumulative);
  const last = table.length - 1;
  return (u) => {
    let low = 0;
    let high = last;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (table[middle] > u) high = middle;
      else low = middle + 1;
    }
    return lower + low;
  };
}

/** Textbook inversion: walk k = 0, 1, ... subtracting pmf(k) from u, each pmf from the last by the pmf ratio. */
function sequentialInversion(distribution) {
  const probabilityOfZero = distribution.pmf(0);
  const ratio = distribution.name === 'binomial' ? binomialRatio(distribution.parameters) : (k) => distribution.parameters.mu / k;
  return (u) => {
    let k = 0;
    let mass = probabilityOfZero;
    while (u > mass) {
      u -= mass;
      k += 1;
      mass *= ratio(k);
      if (mass === 0) break;
    }
    return k;
  };
}

function binomialRatio({ n, p }) {
  const odds = p / (1 - p);
  return (k) => ((n - k + 1) / k) * odds;
}

async function runCase(name) {
  const body = await CASES[name]();
  const { median, windows, callsPerWindow } = measureRate(body, { itemsPerCall: N, quick });
  const cpuWindows = [];
  for (let w = 0; w < 3; w++) {
    const start = process.cpuUsage();
    for (let i = 0; i < callsPerWindow; i++) body();
    const used = process.cpuUsage(start);
    cpuWindows.push((callsPerWindow * N) / ((used.user + used.system) / 1e6));
  }
  return {
    median: median / 1e6,
    unit: 'Msamples/s',
    windows: windows.map((w) => round(w / 1e6)),
    callsPerWindow,
    cpuMedian: [...cpuWindows].sort((a, b) => a - b)[1] / 1e6,
    cpuWindows: cpuWindows.map((w) => round(w / 1e6)),
  };
}

async function main() {
  const results = {};
  for (const name of Object.keys(CASES)) {
    process.stderr.write(`   ${name}\n`);
    try {
      const text = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--case', name, ...(quick ? ['--quick'] : [])], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      results[name] = JSON.parse(text.trim().split('\n').pop());
    } catch (error) {
      results[name] = { error: String(error.message).split('\n')[0] };
    }
  }

  const anchors = await loadAnchors();
  const uniformAnchor = anchors.numpy_rng.results['pcg64.random'].median;
  const rate = (name) => results[name]?.median ?? NaN;
  const cpuRate = (name) => results[name]?.cpuMedian ?? NaN;

  const ratios = {};
  for (const workload of Object.keys(WORKLOADS)) {
    const baselines = Object.keys(results).filter((name) => name.startsWith(`baseline.${workload}.`));
    const bestBaseline = baselines.sort((a, b) => cpuRate(b) - cpuRate(a))[0];
    // `sample` fills a reused array like the baselines do; `sampleN` also allocates a fresh array per call.
    ratios[workload] = {
      best_baseline: bestBaseline,
      sample_vs_best_baseline: round(rate(`samplekit.${workload}.sample`) / rate(bestBaseline)),
      cpu_sample_vs_best_baseline: round(cpuRate(`samplekit.${workload}.sample`) / cpuRate(bestBaseline)),
      cpu_sampleN_vs_best_baseline: round(cpuRate(`samplekit.${workload}.sampleN`) / cpuRate(bestBaseline)),
      cpu_sample_vs_numpy_pcg64_uniform_anchor: round(cpuRate(`samplekit.${workload}.sample`) / uniformAnchor),
    };
  }

  const report = {
    bench: 'discrete',
    quick,
    node: process.version,
    n: N,
    generator: GENERATOR,
    results,
    anchors: { 'numpy.pcg64.random (uniform doubles, no discrete anchor exists)': uniformAnchor },
    ratios,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

function round(value) {
  return Number(value.toFixed(3));
}

if (caseIndex >= 0) {
  process.stdout.write(`${JSON.stringify(await runCase(args[caseIndex + 1]))}\n`);
} else {
  await main();
}
