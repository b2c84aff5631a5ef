/**
 * The entries a training run writes in its folder: how `train` finds an
 * earlier run there, and removes it before an `overwrite` run starts, so the
 * files of two runs never mix.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { SamplekitError } from '../errors.js';

/** Entries that mark a folder as holding a run (`.old` is left by a crash between the two renames of a checkpoint). */
const RUN_MARKERS: readonly string[] = ['config.json', 'checkpoint', 'checkpoint.old'];

/** Every entry a run writes. */
const RUN_ENTRIES: readonly string[] = [
  'config.json',
  'metrics.jsonl',
  'evaluations.jsonl',
  'checkpoint',
  'checkpoint.old',
  'generator',
  'generator.old',
  'discriminator',
  'discriminator.old',
  'samples',
  'report.html',
];

/** Temporary files and folders of atomic writes that a killed run can leave: `.NAME.tmp-PID` and `.NAME.PID.HEX.tmp`. */
const TEMPORARY_ENTRY = /^\.(.+)\.(tmp-\d+|\d+\.[0-9a-f]+\.tmp)$/;

/** Error: `out` already contains a run, and the caller requested neither to resume nor to overwrite it. */
export class ExistingRunError extends SamplekitError {
  override name = 'ExistingRunError';

  constructor(
    readonly folder: string,
    /** The entries that mark the run, e.g. `config.json`, `checkpoint`. */
    readonly markers: readonly string[],
  ) {
    super(`${folder} already contains a training run (${markers.join(', ')}); continue it with resume: true, replace it with overwrite: true, or choose another folder`);
  }
}

/** Returns the entries of `folder` that mark a run; empty when there are none or the folder does not exist. */
export async function findRunMarkers(folder: string): Promise<string[]> {
  const entries = await listFolder(folder);
  return RUN_MARKERS.filter((name) => entries.includes(name));
}

/** Removes every entry a run writes from `folder`, and nothing else. */
export async function removeRun(folder: string): Promise<void> {
  const entries = await listFolder(folder);
  const isRunEntry = (name: string) => RUN_ENTRIES.includes(name) || RUN_ENTRIES.includes(name.match(TEMPORARY_ENTRY)?.[1] ?? '');
  for (const name of entries.filter(isRunEntry)) {
    await rm(join(folder, name), { recursive: true, force: true });
  }
}

async function listFolder(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
}
