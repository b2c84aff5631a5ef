#!/usr/bin/env node
/**
 * Measures uniform doubles per second for every samplekit bit generator, in
 * bulk and one at a time. Bulk fills go into a reused Float64Array and into a
 * fresh one, as NumPy's `random_out` and `random` anchors do; single draws
 * call `nextDouble`. The JS peers the anchors measured run beside them:
 * Math.random, pure-rand xoroshiro128plus + uniformFloat64, and
 * @stdlib/random-base-randu.
 *
 * Each case runs in its own child process, so V8 sees one generator per call
 * site, as in the anchor script. Rates are medians of three windows
 * (timing.mjs). Prints one JSON line.
 *
 *   npm run bench -- random          (after npm run build)
 *   node bench/random.bench.mjs --quick
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
const GENERATORS = ['xoshiro128**', 'mt19937', 'pcg32', 'numpy-pcg64', 'philox4x32-10'];

/** Case name -> async factory of a body that produces N doubles per call and returns one of them. */
const CASES = {
  math_random: async () => {
    const out = new Float64Array(N);
    return () => fillFrom(out, Math.random);
  },
  'purerand.xoroshiro128plus.f64': async () => {
    const { xoroshiro128plus } = await import('pure-rand/generator/xoroshiro128plus');
    const { uniformFloat64 } = await import('pure-rand/distribution/uniformFloat64');
    const rng = xoroshiro128plus(SEED);
    const out = new Float64Array(N);
    return () => fillFrom(out, () => uniformFloat64(rng));
  },
  'stdlib.randu': async () => {
    const randu = createRequire(import.meta.url)('@stdlib/random-base-randu').factory({ seed: SEED });
    const out = new Float64Array(N);
    return () => fillFrom(out, randu);
  },
};

for (const name of GENERATORS) {
  CASES[`samplekit.${name}.fill`] = async () => {
    const rng = (await import('../dist/index.js')).createGenerator(name, SEED);
    const out = new Float64Array(N);
    return () => rng.fillDouble(out)[N - 1];
  };
  CASES[`samplekit.${name}.fill_fresh`] = async () => {
    const rng = (await import('../dist/index.js')).createGenerator(name, SEED);
    return () => rng.fillDouble(new Float64Array(N))[N - 1];
  };
  CASES[`samplekit.${name}.next`] = async () => {
    const rng = (await import('../dist/index.js')).createGenerator(name, SEED);
    const out = new Float64Array(N);
    return () => {
      for (let i = 0; i < out.length; i++) out[i] = rng.nextDouble();
      return out[N - 1];
    };
  };
}

function fillFrom(out, next) {
  for (let i = 0; i < out.length; i++) out[i] = next();
  return out[out.length - 1];
}

async function runCase(name) {
  const body = await CASES[name]();
  const { median, windows, callsPerWindow } = measureRate(body, { itemsPerCall: N, quick });
  const cpuWindows = measureCpuRate(body, callsPerWindow);
  return {
    median: median / 1e6,
    unit: 'Msamples/s',
    windows: windows.map((w) => Number((w / 1e6).toFixed(2))),
    callsPerWindow,
    cpuMedian: [...cpuWindows].sort((a, b) => a - b)[1] / 1e6,
    cpuWindows: cpuWindows.map((w) => Number((w / 1e6).toFixed(2))),
  };
}

/**
 * Measures three more windows by CPU time of this process instead of wall
 * time. On a shared, loaded machine wall-time rates fall with the load, while
 * CPU-time rates stay close to what an idle machine gives, so both are
 * reported.
 */
function measureCpuRate(body, callsPerWindow) {
  const rates = [];
  for (let w = 0; w < 3; w++) {
    const start = process.cpuUsage();
    for (let i = 0; i < callsPerWindow; i++) body();
    const used = process.cpuUsage(start);
    rates.push((callsPerWindow * N) / ((used.user + used.system) / 1e6));
  }
  return rates;
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
  const numpy = anchors.numpy_rng.results;
  const js = anchors.js_rng.results;
  const rate = (name) => results[name]?.median ?? NaN;
  const cpuRate = (name) => results[name]?.cpuMedian ?? NaN;

  // The anchors were measured on an idle machine. Scaling this run's figures
  // by Math.random's rate there over its rate here gives an estimate, not a
  // measurement, of the figures on an idle machine.
  const loadFactor = js.math_random.median / rate('math_random');

  const ratios = {};
  for (const name of GENERATORS) {
    ratios[name] = {
      fill_vs_numpy_pcg64_random_out: round(rate(`samplekit.${name}.fill`) / numpy['pcg64.random_out'].median),
      fill_fresh_vs_numpy_pcg64_random: round(rate(`samplekit.${name}.fill_fresh`) / numpy['pcg64.random'].median),
      cpu_fill_vs_numpy_pcg64_random_out: round(cpuRate(`samplekit.${name}.fill`) / numpy['pcg64.random_out'].median),
      cpu_fill_fresh_vs_numpy_pcg64_random: round(cpuRate(`samplekit.${name}.fill_fresh`) / numpy['pcg64.random'].median),
    };
  }

  const goals = {
    by_wall_time: goalsFor(rate, loadFactor),
    by_cpu_time: goalsFor(cpuRate),
  };

  /**
   * Judges the two speed goals with one kind of rate. With `loadScale`, also
   * reports the NumPy ratio scaled to an idle-machine estimate.
   */
  function goalsFor(rateOf, loadScale) {
    const [generator, bulk] = GENERATORS.map((name) => [name, rateOf(`samplekit.${name}.fill`)]).sort((a, b) => b[1] - a[1])[0];
    const [peer, peerRate] = ['math_random', 'purerand.xoroshiro128plus.f64', 'stdlib.randu']
      .map((name) => [name, rateOf(name)])
      .sort((a, b) => b[1] - a[1])[0];
    return {
      fastest_generator: generator,
      fastest_js_peer: peer,
      'bulk_vs_fastest_js_peer (goal >= 1.5)': round(bulk / peerRate),
      'bulk_vs_numpy_pcg64_random_anchor (goal >= 1)': round(bulk / numpy['pcg64.random'].median),
      ...(loadScale === undefined ? {} : { bulk_vs_numpy_pcg64_random_anchor_load_adjusted_estimate: round((bulk * loadScale) / numpy['pcg64.random'].median) }),
    };
  }

  const report = {
    bench: 'random',
    quick,
    node: process.version,
    n: N,
    results,
    anchors: {
      'numpy.pcg64.random': numpy['pcg64.random'].median,
      'numpy.pcg64.random_out': numpy['pcg64.random_out'].median,
      'numpy.mt19937.random': numpy['mt19937.random'].median,
      'numpy.philox.random': numpy['philox.random'].median,
      'js.math_random': js.math_random.median,
      'js.purerand.xoroshiro128plus.f64': js['purerand.xoroshiro128plus.f64'].median,
      'js.stdlib.randu': js['stdlib.randu'].median,
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
