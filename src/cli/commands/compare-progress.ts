/**
 * Progress of `samplekit compare` on stderr: a cli-progress bar on a
 * terminal, and plain lines otherwise: one at the first update, so that a
 * long run shows its pace early, then one per 10% of the work.
 */
import { SingleBar } from 'cli-progress';

export interface ProgressDisplay {
  /** Takes the number of units done and the total, as the library's onProgress callbacks pass them. */
  readonly update: (done: number, total: number) => void;
  /** Prints a line above the bar, or as it is without one. */
  readonly message: (text: string) => void;
  readonly stop: () => void;
}

/** Creates a display whose lines and bar name the unit counted, e.g. `permutations`. */
export function progressDisplay(unit: string): ProgressDisplay {
  const started = performance.now();
  let bar: SingleBar | undefined;
  let nextFraction = 0.1;
  let printed = false;

  const message = (text: string) => {
    // On a terminal, clear the bar's line first; the next update draws the bar again.
    process.stderr.write(bar !== undefined ? `\r\x1b[2K${text}\n` : `${text}\n`);
  };

  const update = (done: number, total: number) => {
    if (process.stderr.isTTY === true) {
      if (bar === undefined) {
        bar = new SingleBar({ stream: process.stderr, format: `${unit} {value}/{total} [{bar}] {percentage}% | ETA {eta_formatted}`, hideCursor: true });
        bar.start(total, done);
      } else {
        bar.update(done);
      }
      return;
    }

    const due = !printed || done === total || done / total >= nextFraction;
    if (done === 0 || !due) return;
    printed = true;
    const seconds = (performance.now() - started) / 1000;
    const remaining = done < total ? `, about ${Math.ceil((seconds * (total - done)) / done)} s left` : '';
    process.stderr.write(`${unit} ${done}/${total} (${Math.floor((100 * done) / total)}%, ${seconds.toFixed(1)} s${remaining})\n`);
    nextFraction = Math.floor((10 * done) / total + 1) / 10;
  };

  return {
    update,
    message,
    stop: () => {
      bar?.stop();
      bar = undefined;
    },
  };
}
