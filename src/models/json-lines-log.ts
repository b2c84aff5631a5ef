/**
 * A JSON-lines log (metrics.jsonl, evaluations.jsonl) written in batches:
 * records collect in memory and `flush` appends them, so a training step
 * costs no file operation. `truncateAfter` cuts the file back to a step when
 * a run resumes from a checkpoint.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

import { writeFileAtomic } from '../io/atomic.js';
import { formatJsonLines } from '../io/json.js';

/** Records buffered before `append` flushes on its own. */
const FLUSH_THRESHOLD = 200;

export class JsonLinesLog {
  private pending: unknown[] = [];

  constructor(readonly path: string) {}

  /** Buffers one record until the next `flush`. */
  append(record: Readonly<Record<string, unknown>>): void {
    this.pending.push(record);
  }

  /** Number of records not yet written. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** Whether enough records are buffered that the caller should flush. */
  get shouldFlush(): boolean {
    return this.pending.length >= FLUSH_THRESHOLD;
  }

  /** Appends the buffered records to the file. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const text = formatJsonLines(this.pending);
    this.pending = [];
    await mkdir(dirname(this.path), { recursive: true });
    await appendFile(this.path, text);
  }

  /** Starts an empty log, replacing any file from an earlier run. */
  async reset(): Promise<void> {
    this.pending = [];
    await writeFileAtomic(this.path, '');
  }

  /**
   * Keeps only the records with `step <= step`, dropping those written after
   * the checkpoint a run resumes from and any line cut off by a crash.
   */
  async truncateAfter(step: number): Promise<void> {
    this.pending = [];
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.reset();
      throw error;
    }

    const kept: unknown[] = [];
    for (const line of text.split('\n')) {
      const record = parseRecord(line);
      if (record !== undefined && record.step <= step) kept.push(record);
    }
    await writeFileAtomic(this.path, formatJsonLines(kept));
  }
}

function parseRecord(line: string): { step: number } | undefined {
  if (line.trim() === '') return undefined;
  try {
    const record = JSON.parse(line) as { step?: unknown };
    return typeof record.step === 'number' ? (record as { step: number }) : undefined;
  } catch {
    return undefined;
  }
}
