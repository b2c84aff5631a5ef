/**
 * Reads a training run folder as the trainers write it: `config.json`,
 * `metrics.jsonl` (one record per logged step), `evaluations.jsonl` (one per
 * evaluation) and `samples/` (one PNG or SVG per evaluation, named with its
 * step, e.g. `step-000500.png`). Missing parts are allowed, so a report can be
 * built for a run that is still going or was stopped early.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

import { InputFileError } from '../errors.js';
import type { StepRecord } from './plots.js';

export interface SampleFile {
  readonly file: string;
  /** Step parsed from the last number in the file name; NaN when there is none. */
  readonly step: number;
  readonly mediaType: 'image/png' | 'image/svg+xml';
  readonly bytes: Uint8Array;
}

export interface RunFolder {
  readonly path: string;
  /** Parsed config.json, or undefined when the file is missing. */
  readonly config?: Record<string, unknown>;
  readonly metrics: StepRecord[];
  readonly evaluations: StepRecord[];
  /** Sample images sorted by step. */
  readonly samples: SampleFile[];
  /** Lines of the JSON-lines files that could not be parsed (for example a line cut off by a crash). */
  readonly skippedLines: number;
  /** Names of the entries at the top of the folder. */
  readonly entries: string[];
}

/** Reads every part of a run folder that exists; throws InputFileError only when the folder itself is unreadable. */
export async function readRunFolder(path: string): Promise<RunFolder> {
  let entries: string[];
  try {
    if (!(await stat(path)).isDirectory()) throw new InputFileError(`${path} is not a folder; pass the --out folder of a training run`);
    entries = (await readdir(path)).sort();
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    throw new InputFileError(`cannot read run folder ${path}: ${(error as Error).message}`);
  }

  const config = entries.includes('config.json') ? await readConfig(join(path, 'config.json')) : undefined;
  const metrics = await readJsonLines(join(path, 'metrics.jsonl'));
  const evaluations = await readJsonLines(join(path, 'evaluations.jsonl'));
  const samples = entries.includes('samples') ? await readSamples(join(path, 'samples')) : [];

  return {
    path,
    config,
    metrics: metrics.records,
    evaluations: evaluations.records,
    samples,
    skippedLines: metrics.skipped + evaluations.skipped,
    entries,
  };
}

/**
 * Reads a JSON-lines file into records that have a numeric `step`. Blank
 * lines are ignored; lines that are not JSON objects with a step are counted
 * as skipped. A missing file gives no records.
 */
export async function readJsonLines(path: string): Promise<{ records: StepRecord[]; skipped: number }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skipped: 0 };
    throw new InputFileError(`cannot read ${path}: ${(error as Error).message}`);
  }

  const records: StepRecord[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as unknown;
      if (value !== null && typeof value === 'object' && typeof (value as StepRecord).step === 'number') records.push(value as StepRecord);
      else skipped += 1;
    } catch {
      skipped += 1;
    }
  }
  return { records, skipped };
}

async function readConfig(path: string): Promise<Record<string, unknown>> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('the top level is not a JSON object');
    return value as Record<string, unknown>;
  } catch (error) {
    throw new InputFileError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

async function readSamples(folder: string): Promise<SampleFile[]> {
  const names = (await readdir(folder)).filter((name) => ['.png', '.svg'].includes(extname(name).toLowerCase()));
  const samples: SampleFile[] = [];
  for (const file of names) {
    const numbers = file.match(/\d+/g);
    samples.push({
      file,
      step: numbers === null ? NaN : Number(numbers[numbers.length - 1]),
      mediaType: extname(file).toLowerCase() === '.png' ? 'image/png' : 'image/svg+xml',
      bytes: new Uint8Array(await readFile(join(folder, file))),
    });
  }
  return samples.sort((a, b) => (a.step - b.step) || a.file.localeCompare(b.file));
}
