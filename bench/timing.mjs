/**
 * Timing helper shared by the bench files: the median of three windows after
 * a warm-up, each window sized from the warm-up to last about `windowSeconds`.
 * This mirrors how the NumPy/PyTorch anchor figures were measured, so rates
 * are comparable.
 */
export function measureRate(body, { itemsPerCall, windowSeconds = 1, warmupSeconds = 0.3, quick = false } = {}) {
  const window = quick ? windowSeconds / 4 : windowSeconds;
  let sink = 0;

  let calls = 0;
  const warmStart = performance.now();
  while (performance.now() - warmStart < warmupSeconds * 1000 * (quick ? 0.5 : 1)) {
    sink += Number(body()) || 0;
    calls += 1;
  }
  const secondsPerCall = (performance.now() - warmStart) / 1000 / calls;
  const callsPerWindow = Math.max(1, Math.round(window / secondsPerCall));

  const windows = [];
  for (let w = 0; w < 3; w++) {
    const start = performance.now();
    for (let i = 0; i < callsPerWindow; i++) sink += Number(body()) || 0;
    const seconds = (performance.now() - start) / 1000;
    windows.push((callsPerWindow * itemsPerCall) / seconds);
  }

  const sorted = [...windows].sort((a, b) => a - b);
  return { median: sorted[1], windows, callsPerWindow, sink };
}

/** Async variant for bodies that return promises (TF.js data downloads). */
export async function measureRateAsync(body, { itemsPerCall, windowSeconds = 1, warmupSeconds = 0.3, quick = false } = {}) {
  const window = quick ? windowSeconds / 4 : windowSeconds;
  let calls = 0;
  const warmStart = performance.now();
  while (performance.now() - warmStart < warmupSeconds * 1000 * (quick ? 0.5 : 1)) {
    await body();
    calls += 1;
  }
  const secondsPerCall = (performance.now() - warmStart) / 1000 / calls;
  const callsPerWindow = Math.max(1, Math.round(window / secondsPerCall));

  const windows = [];
  for (let w = 0; w < 3; w++) {
    const start = performance.now();
    for (let i = 0; i < callsPerWindow; i++) await body();
    const seconds = (performance.now() - start) / 1000;
    windows.push((callsPerWindow * itemsPerCall) / seconds);
  }
  const sorted = [...windows].sort((a, b) => a - b);
  return { median: sorted[1], windows, callsPerWindow };
}

/** Reads the committed anchor results (NumPy, PyTorch, TF.js, JS peers) as one object keyed by bench name. */
export async function loadAnchors() {
  const { readFileSync, readdirSync } = await import('node:fs');
  const { dirname, join } = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  const folder = join(dirname(fileURLToPath(import.meta.url)), 'anchors');
  const anchors = {};
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(join(folder, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const record = JSON.parse(line);
      const key = record.bench === 'torch_gan' ? `torch_gan_omp${record.threads}_blas${record.blas_threads}` : record.bench;
      anchors[key] = record;
    }
  }
  return anchors;
}
