/**
 * Training checkpoints: a JSON state plus named typed arrays (weights,
 * optimiser moments, the batch order), written as one folder that replaces
 * the previous checkpoint atomically:
 *
 *   checkpoint/state.json   the JSON state and the table of arrays
 *   checkpoint/arrays.bin   the arrays' bytes, little-endian, back to back
 *
 * Arrays keep their exact bits, so a resumed run continues bit for bit.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { join } from 'node:path';

import { InputFileError } from '../errors.js';
import { existingFolder, replaceFolderAtomically } from './model-files.js';

export const CHECKPOINT_FORMAT_VERSION = 1;

export type CheckpointArray = Float32Array | Int32Array;

export interface CheckpointContents {
  /** JSON-serialisable training state (step, generator states, ...). */
  readonly state: Readonly<Record<string, unknown>>;
  readonly arrays: ReadonlyMap<string, CheckpointArray>;
}

interface ArrayEntry {
  readonly name: string;
  readonly dtype: 'float32' | 'int32';
  readonly length: number;
  readonly byteOffset: number;
}

interface StateFile {
  readonly formatVersion: number;
  readonly state: Record<string, unknown>;
  readonly arrays: ArrayEntry[];
}

/** Writes `contents` to `folder`, replacing any previous checkpoint there atomically. */
export async function writeCheckpoint(folder: string, contents: CheckpointContents): Promise<void> {
  checkLittleEndian();
  const entries: ArrayEntry[] = [];
  let byteOffset = 0;
  for (const [name, values] of contents.arrays) {
    entries.push({ name, dtype: values instanceof Float32Array ? 'float32' : 'int32', length: values.length, byteOffset });
    byteOffset += values.byteLength;
  }

  const bytes = new Uint8Array(byteOffset);
  let i = 0;
  for (const values of contents.arrays.values()) {
    bytes.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), entries[i].byteOffset);
    i += 1;
  }

  const stateFile: StateFile = { formatVersion: CHECKPOINT_FORMAT_VERSION, state: { ...contents.state }, arrays: entries };
  await replaceFolderAtomically(folder, async (temporary) => {
    await writeFile(join(temporary, 'arrays.bin'), bytes);
    await writeFile(join(temporary, 'state.json'), `${JSON.stringify(stateFile)}\n`);
  });
}

/**
 * Reads the checkpoint in `folder` (or in `folder.old`, left by a crash
 * between the two renames of an atomic replace); `undefined` when neither exists.
 */
export async function readCheckpoint(folder: string): Promise<CheckpointContents | undefined> {
  checkLittleEndian();
  const found = await existingFolder(folder);
  if (found === undefined) return undefined;

  const statePath = join(found, 'state.json');
  let stateFile: StateFile;
  try {
    stateFile = JSON.parse(await readFile(statePath, 'utf8')) as StateFile;
  } catch (error) {
    throw new InputFileError(`cannot read the checkpoint state ${statePath}: ${(error as Error).message}`);
  }
  if (stateFile.formatVersion !== CHECKPOINT_FORMAT_VERSION) {
    throw new InputFileError(`${statePath} has checkpoint format ${stateFile.formatVersion}; this samplekit reads format ${CHECKPOINT_FORMAT_VERSION}`);
  }

  const bytes = await readFile(join(found, 'arrays.bin'));
  const arrays = new Map<string, CheckpointArray>();
  for (const entry of stateFile.arrays) {
    const byteLength = entry.length * 4;
    if (entry.byteOffset + byteLength > bytes.byteLength) {
      throw new InputFileError(`${join(found, 'arrays.bin')} is truncated: array ${entry.name} needs bytes up to ${entry.byteOffset + byteLength}, the file has ${bytes.byteLength}`);
    }
    // Copies into fresh, aligned buffers: a Buffer's offset need not be a multiple of 4.
    const copy = new Uint8Array(bytes.subarray(entry.byteOffset, entry.byteOffset + byteLength)).buffer;
    arrays.set(entry.name, entry.dtype === 'float32' ? new Float32Array(copy) : new Int32Array(copy));
  }
  return { state: stateFile.state, arrays };
}

/** Returns the named array, or throws an error that names the checkpoint entry. */
export function checkpointArray<T extends CheckpointArray>(contents: CheckpointContents, name: string, type: new (length: number) => T): T {
  const values = contents.arrays.get(name);
  if (!(values instanceof type)) {
    throw new InputFileError(`the checkpoint has no ${type.name} named ${name}; it was written by a different model or version`);
  }
  return values;
}

// NOTE: typed arrays are written in the machine's byte order; big-endian machines are rejected rather than converted.
function checkLittleEndian(): void {
  if (endianness() !== 'LE') throw new InputFileError('checkpoints are little-endian, and this machine is big-endian');
}
