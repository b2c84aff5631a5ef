/**
 * Atomic file writes: the data goes to a temporary file in the target's
 * folder, is flushed to disk, and is then renamed over the target. A reader
 * therefore sees either the old file or the complete new one, never a partial
 * write, because rename(2) within one file system is atomic.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export type FileContents = string | Uint8Array;

export interface AtomicWriteOptions {
  /** Create missing parent folders first (default true). */
  readonly createFolders?: boolean;
}

/** Writes `contents` to `path` atomically, creating the parent folder unless `createFolders` is false. */
export async function writeFileAtomic(path: string, contents: FileContents, options: AtomicWriteOptions = {}): Promise<void> {
  await writeChunksAtomic(path, [contents], options);
}

/** Writes the chunks one after another to `path` atomically, so large outputs need not exist as one string. */
export async function writeChunksAtomic(path: string, chunks: Iterable<FileContents>, options: AtomicWriteOptions = {}): Promise<void> {
  const folder = dirname(path);
  if (options.createFolders !== false) await mkdir(folder, { recursive: true });

  const temporary = temporaryPath(path);
  try {
    const handle = await open(temporary, 'wx');
    try {
      for (const chunk of chunks) await handle.writeFile(chunk);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Synchronous form of `writeFileAtomic`, for exit handlers and other places that cannot await. */
export function writeFileAtomicSync(path: string, contents: FileContents, options: AtomicWriteOptions = {}): void {
  const folder = dirname(path);
  if (options.createFolders !== false) mkdirSync(folder, { recursive: true });

  const temporary = temporaryPath(path);
  try {
    const descriptor = openSync(temporary, 'wx');
    try {
      writeFileSync(descriptor, contents);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Returns a hidden sibling of `path` with a random suffix. It must sit in the same
 * folder as the target, because rename is only atomic within one file system.
 */
function temporaryPath(path: string): string {
  const suffix = randomBytes(6).toString('hex');
  return join(dirname(path), `.${basename(path)}.${process.pid}.${suffix}.tmp`);
}
