#!/usr/bin/env node
/**
 * Measures continuous variates per second. Standard normals are timed in bulk
 * for every samplekit bit generator: a fresh array from `normal().sampleN`,
 * and `fillStandardNormal` into a reused one. They are also timed one at a
 * time (`standardNormal` in a plain loop). The plain loop and the fill run
 * once more after the other four generators have gone through the same
 * functions, as in a program that mixes generators.
 * Exponential, gamma(2.5) and beta(2, 3) run with the default generator and
 * with the generator that gave the fastest normals by CPU time. The JS peers
 * the anchors measured run beside them: @stdlib/random-base-normal
 * (`factory(0, 1)`) and a Box-Muller that uses both outputs, on pure-rand
 * xoroshiro128plus + uniformFloat64. NumPy's figures come from the committed
 * anchor file.
 *
 * Each case runs in its own child process, so every call site in V8 meets
 * one generator type, as in the anchor scripts (except the cases named
 * `after_other_generators`). Rates are medians of three windows (timing.mjs),
 * by wall time and by this process's CPU time (user + system, all threads),
 * and by user time alone: `sampleN` allocates its result, and on a loaded or
 * virtualised machine the page faults of a fresh 80 MB array show up as
 * system time. On a loaded machine the CPU-time rates are the closer estimate
 * of an idle machine.
 * Prints one JSON line.
 *
 *   npm run bench -- distributions          (after npm run build)
 *   node bench/distributions.bench.mjs --quick
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { loadAnchors, measureRate } from './timing.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const caseIndex = args.indexOf('--case');
const N = quick ? 1e6 : 1e7;
const SEED = 12345;
const DEFAULT_GENERATOR = 'xoshiro128**';
const GENERATORS = ['xoshiro128**', 'mt19937', 'pcg32', 'numpy-pcg64', 'philox4x32-10'];

const library = () => import('../dist/index.js');

function fillFrom(out, next) {
  for (let i = 0; i < out.length; i++) out[i] = next();
  return out[out.length - 1];
}

/** A Box-Muller transform that returns both variates of each pair (the second is cached), as the anchor script does. */
function boxMuller(uniform) {
  let spare = 0;
  let hasSpare = false;
  return () => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    let u = uniform();
    while (u === 0) u = uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    hasSpare = true;
    return radius * Math.cos(angle);
  };
}

/** Runs `body` a few times on each generator other than `name`, so that V8 records several generator types at its call sites. */
function warmWithOtherGenerators(samplekit, name, body) {
  for (const other of GENERATORS) {
    if (other === name) continue;
    const rng = samplekit.createGenerator(other, SEED);
    for (let i = 0; i < 3; i++) body(rng);
  }
}

/** Case name -> async factory of a body that produces N variates per call and returns one of them. */
const CASES = {
  'stdlib.normal.factory_0_1': async () => {
    const normal = createRequire(import.meta.url)('@stdlib/random-base-normal').factory(0, 1, { seed: SEED });
    const out = new Float64Array(N);
    return () => fillFrom(out, normal);
  },
  'boxmuller.purerand.xoroshiro128plus.f64': async () => {
    const { xoroshiro128plus } = await import('pure-rand/generator/xoroshiro128plus');
    const { uniformFloat64 } = await import('pure-rand/distribution/uniformFloat64');
    const rng = xoroshiro128plus(SEED);
    const out = new Float64Array(N);
    return () => fillFrom(out, boxMuller(() => uniformFloat64(rng)));
  },
};

for (const name of GENERATORS) {
  CASES[`samplekit.${name}.normal.sampleN`] = async () => {
    const samplekit = await library();
    const rng = samplekit.createGenerator(name, SEED);
    const distribution = samplekit.normal();
    return () => distribution.sampleN(rng, N)[N - 1];
  };
  CASES[`samplekit.${name}.normal.fill`] = async () => {
    const samplekit = await library();
    const rng = samplekit.createGenerator(name, SEED);
    const out = new Float64Array(N);
    return () => samplekit.fillStandardNormal(rng, out)[N - 1];
  };
  CASES[`samplekit.${name}.normal.next`] = async () => {
    const samplekit = await library();
    const rng = samplekit.createGenerator(name, SEED);
    const out = new Float64Array(N);
    return () => fillFrom(out, () => samplekit.standardNormal(rng));
  };
  CASES[`samplekit.${name}.normal.next_after_other_generators`] = async () => {
    const samplekit = await library();
    const out = new Float64Array(N);
    const draw = (rng) => fillFrom(out, () => samplekit.standardNormal(rng));
    warmWithOtherGenerators(samplekit, name, draw);
    const rng = samplekit.createGenerator(name, SEED);
    return () => draw(rng);
  };
  CASES[`samplekit.${name}.normal.fill_after_other_generators`] = async () => {
    const samplekit = await library();
    const out = new Float64Array(N);
    const fill = (rng) => samplekit.fillStandardNormal(rng, out)[N - 1];
    warmWithOtherGenerators(samplekit, name, fill);
    const rng = samplekit.createGenerator(name, SEED);
    return () => fill(rng);
  };
  CASES[`samplekit.${name}.exponential.fill`] = async () => {
    const samplekit = await library();
    const rng = samplekit.createGenerator(name, SEED);
    const out = new Float64Array(N);
    return () => samplekit.fillStandardExponential(rng, out)[N - 1];
  };
  CASES[`samplekit.${name}.exponential.sampleN`] = async () => {
    const samplekit = await library();
    const rng = samplekit.createGenerator(name, SEED);
    const distribution = samplekit.exponential();
    return () => distribution.sampleN(rng, N)[N - 1];
  };
  CASES[`samplekit.${name}.gamma_2.5.sampleN`] = async () => {
    const samplekit = await library();
    const rng = samplekit.createGenerator(name, SEED);
    const distribution = samplekit.gamma({ shape: 2.5 });
    return () => distribution.sampleN(rng, N)[N - 1];
  };
  CASES[`samplekit.${name}.beta_2_3.sampleN`] = async () => {
    const samplekit = await library();
    const rng = samplekit.createGenerator(name, SEED);
    const distribution = samplekit.beta({ a: 2, b: 3 });
    return () => distribution.sampleN(rng, N)[N - 1];
  };
}

async function runCase(name) {
  const body = await CASES[name]();
  const { median, windows, callsPerWindow } = measureRate(body, { itemsPerCall: N, quick });
  const { cpuWindows, userWindows } = measureCpuRate(body, callsPerWindow);
  const middle = (rates) => [...rates].sort((a, b) => a - b)[1] / 1e6;
  return {
    median: median / 1e6,
    unit: 'Msamples/s',
    windows: windows.map((w) => Number((w / 1e6).toFixed(2))),
    callsPerWindow,
    cpuMedian: middle(cpuWindows),
    cpuWindows: cpuWindows.map((w) => Number((w / 1e6).toFixed(2))),
    userMedian: middle(userWindows),
  };
}

/** Rates of three more windows timed by this process's CPU time (user + system) and by its user time alone. */
function measureCpuRate(body, callsPerWindow) {
  const cpuWindows = [];
  const userWindows = [];
  for (let w = 0; w < 3; w++) {
    const start = process.cpuUsage();
    for (let i = 0; i < callsPerWindow; i++) body();
    const used = process.cpuUsage(start);
    cpuWindows.push((callsPerWindow * N) / ((used.user + used.system) / 1e6));
    userWindows.push((callsPerWindow * N) / (used.user / 1e6));
  }
  return { cpuWindows, userWindows };
}

/** Runs one case in a child process and returns its result (or the error). */
function runChild(name) {
  process.stderr.write(`   ${name}\n`);
  try {
    const text = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--case', name, ...(quick ? ['--quick'] : [])], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return JSON.parse(text.trim().split('\n').pop());
  } catch (error) {
    return { error: String(error.message).split('\n')[0] };
  }
}

async function main() {
  const results = {};
  const run = (name) => {
    results[name] = runChild(name);
  };

  run('stdlib.normal.factory_0_1');
  run('boxmuller.purerand.xoroshiro128plus.f64');
  for (const name of GENERATORS) run(`samplekit.${name}.normal.fill`);

  const rate = (name) => results[name]?.median ?? NaN;
  const cpuRate = (name) => results[name]?.cpuMedian ?? NaN;
  const userRate = (name) => results[name]?.userMedian ?? NaN;
  // Chosen by CPU time: on a loaded machine wall-time rates swing with the load from one child to the next.
  const byBulkNormal = GENERATORS.map((name) => [name, cpuRate(`samplekit.${name}.normal.fill`)]).sort((a, b) => b[1] - a[1]);
  const fastestGenerator = byBulkNormal[0][0];
  const measured = [...new Set([DEFAULT_GENERATOR, fastestGenerator])];

  for (const name of measured) {
    for (const item of [
      'normal.sampleN',
      'normal.next',
      'normal.next_after_other_generators',
      'normal.fill_after_other_generators',
      'exponential.fill',
      'exponential.sampleN',
      'gamma_2.5.sampleN',
      'beta_2_3.sampleN',
    ]) {
      run(`samplekit.${name}.${item}`);
    }
  }

  const anchors = await loadAnchors();
  const numpy = anchors.numpy_rng.results;
  const js = anchors.js_rng.results;

  const peerName = rate('stdlib.normal.factory_0_1') >= rate('boxmuller.purerand.xoroshiro128plus.f64') ? 'stdlib.normal.factory_0_1' : 'boxmuller.purerand.xoroshiro128plus.f64';
  const peerRate = rate(peerName);
  const peerCpuRate = cpuRate(peerName);

  // The anchors were measured on an idle machine. Scaling this run's figures by the
  // stdlib normal's rate there over its rate here gives an estimate, not a measurement.
  const loadFactor = js['stdlib.normal.factory_0_1'].median / rate('stdlib.normal.factory_0_1');

  const numpyFigures = {
    normal: numpy['pcg64.standard_normal'].median,
    normal_out: numpy['pcg64.standard_normal_out'].median,
    exponential: numpy['pcg64.standard_exponential'].median,
    exponential_out: numpy['pcg64.standard_exponential_out'].median,
    'gamma_2.5': numpy['pcg64.gamma_2.5'].median,
    beta_2_3: numpy['pcg64.beta_2_3'].median,
  };

  const ratios = {};
  for (const name of measured) {
    const of = (item) => rate(`samplekit.${name}.${item}`);
    const cpuOf = (item) => cpuRate(`samplekit.${name}.${item}`);
    ratios[name] = {
      normal_fill_vs_numpy_standard_normal_out: round(of('normal.fill') / numpyFigures.normal_out),
      normal_sampleN_vs_numpy_standard_normal: round(of('normal.sampleN') / numpyFigures.normal),
      normal_fill_vs_js_peer: round(of('normal.fill') / peerRate),
      normal_next_vs_js_peer: round(of('normal.next') / peerRate),
      normal_fill_by_cpu_time_vs_js_peer: round(cpuOf('normal.fill') / peerCpuRate),
      normal_fill_by_cpu_time_vs_numpy_standard_normal_out: round(cpuOf('normal.fill') / numpyFigures.normal_out),
      normal_sampleN_by_cpu_time_vs_numpy_standard_normal: round(cpuOf('normal.sampleN') / numpyFigures.normal),
      normal_next_after_other_generators_by_cpu_time_vs_js_peer: round(cpuOf('normal.next_after_other_generators') / peerCpuRate),
      normal_fill_after_other_generators_by_cpu_time_vs_js_peer: round(cpuOf('normal.fill_after_other_generators') / peerCpuRate),
      exponential_fill_by_cpu_time_vs_numpy_standard_exponential_out: round(cpuOf('exponential.fill') / numpyFigures.exponential_out),
      exponential_fill_vs_numpy_standard_exponential_out: round(of('exponential.fill') / numpyFigures.exponential_out),
      exponential_sampleN_vs_numpy_standard_exponential: round(of('exponential.sampleN') / numpyFigures.exponential),
      'gamma_2.5_vs_numpy': round(of('gamma_2.5.sampleN') / numpyFigures['gamma_2.5']),
      beta_2_3_vs_numpy: round(of('beta_2_3.sampleN') / numpyFigures.beta_2_3),
      'gamma_2.5_by_cpu_time_vs_numpy': round(cpuOf('gamma_2.5.sampleN') / numpyFigures['gamma_2.5']),
      beta_2_3_by_cpu_time_vs_numpy: round(cpuOf('beta_2_3.sampleN') / numpyFigures.beta_2_3),
    };
  }

  const fastestFill = rate(`samplekit.${fastestGenerator}.normal.fill`);
  const fastestFillCpu = cpuRate(`samplekit.${fastestGenerator}.normal.fill`);
  const goals = {
    fastest_generator: fastestGenerator,
    js_peer: peerName,
    'normal_bulk_vs_js_peer (goal >= 2)': round(fastestFill / peerRate),
    normal_bulk_vs_js_peer_by_cpu_time: round(fastestFillCpu / peerCpuRate),
    'normal_bulk_vs_numpy_standard_normal (goal >= 1)': round(fastestFill / numpyFigures.normal),
    normal_bulk_vs_numpy_standard_normal_load_adjusted_estimate: round((fastestFill * loadFactor) / numpyFigures.normal),
    normal_bulk_by_cpu_time_vs_numpy_standard_normal: round(fastestFillCpu / numpyFigures.normal),
    normal_bulk_by_cpu_time_vs_numpy_standard_normal_out: round(fastestFillCpu / numpyFigures.normal_out),
    normal_sampleN_by_cpu_time_vs_numpy_standard_normal: round(cpuRate(`samplekit.${fastestGenerator}.normal.sampleN`) / numpyFigures.normal),
    normal_sampleN_by_user_time_vs_numpy_standard_normal: round(userRate(`samplekit.${fastestGenerator}.normal.sampleN`) / numpyFigures.normal),
  };

  const report = {
    bench: 'distributions',
    quick,
    node: process.version,
    n: N,
    results,
    anchors: {
      'numpy.pcg64.standard_normal': numpyFigures.normal,
      'numpy.pcg64.standard_normal_out': numpyFigures.normal_out,
      'numpy.pcg64.standard_exponential': numpyFigures.exponential,
      'numpy.pcg64.standard_exponential_out': numpyFigures.exponential_out,
      'numpy.pcg64.gamma_2.5': numpyFigures['gamma_2.5'],
      'numpy.pcg64.beta_2_3': numpyFigures.beta_2_3,
      'js.stdlib.normal.factory_0_1': js['stdlib.normal.factory_0_1'].median,
      'js.boxmuller.purerand.xoroshiro128plus.f64': js['boxmuller.purerand.xoroshiro128plus.f64'].median,
    },
    load_factor_vs_anchor_machine: round(loadFactor),
    ratios,
    goals,
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
