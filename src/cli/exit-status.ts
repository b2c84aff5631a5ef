/**
 * Ends a command that has printed all its output with a non-zero exit status,
 * for example a training run stopped by Ctrl-C. `main` returns the status
 * and prints nothing more.
 */
export class ExitStatus extends Error {
  override name = 'ExitStatus';

  constructor(readonly status: number) {
    super(`exit status ${status}`);
  }
}
