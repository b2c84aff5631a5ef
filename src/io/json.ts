/** JSON and JSON-lines output, written atomically. */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

import { writeFileAtomic } from './atomic.js';

/** Writes `value` as indented JSON followed by a newline. */
export async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Formats records as JSON lines: one compact JSON object per line. */
export function formatJsonLines(records: readonly unknown[]): string {
  return records.map((record) => `${JSON.stringify(record)}\n`).join('');
}

/** Writes records as a JSON-lines file, replacing any previous file atomically. */
export async function writeJsonLines(path: string, records: readonly unknown[]): Promise<void> {
  await writeFileAtomic(path, formatJsonLines(records));
}

/**
 * Appends one record as a line to a JSON-lines log, creating the file and its
 * folder if needed.
 *
 * NOTE: an append is not atomic. A crash mid-write can leave a partial last
 * line, which `readJsonLines` in the report layer skips.
 */
export async function appendJsonLine(path: string, record: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await appendFile(path, `${JSON.stringify(record)}\n`);
}
