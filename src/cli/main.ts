/**
 * The `samplekit` command. Each subcommand lives in `commands/` and registers
 * itself on the program; this file only wires them up and turns errors into
 * one line on stderr and a non-zero exit status.
 */
import { Command, CommanderError } from 'commander';

import { SamplekitError } from '../errors.js';
import { ExitStatus } from './exit-status.js';

type Register = (program: Command) => void;

/**
 * Subcommands in the order `--help` lists them. Each module is imported only
 * when needed, so `samplekit rng` does not pay for loading TensorFlow.js.
 */
const commands: ReadonlyArray<readonly [string, () => Promise<{ register: Register }>]> = [
  ['rng', () => import('./commands/rng.js')],
  ['dist', () => import('./commands/dist.js')],
  ['sample', () => import('./commands/sample.js')],
  ['compare', () => import('./commands/compare.js')],
  ['data', () => import('./commands/data.js')],
  ['report', () => import('./commands/report.js')],
  ['train', () => import('./commands/train.js')],
  ['generate', () => import('./commands/generate.js')],
];

/**
 * Builds the program with the subcommand named in `argv`, or with all of them
 * when none is named (for `--help` and for suggestions on a misspelt name).
 */
export async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command('samplekit')
    .description('Seeded sampling from probability distributions: generators, distributions, samplers, two-sample tests and learned generators.')
    .option('--debug', 'print stack traces for errors')
    .configureOutput({ outputError: (message, write) => write(oneLineUsageError(message)) })
    .exitOverride();

  const named = argv.slice(2).find((arg) => !arg.startsWith('-'));
  const wanted = commands.filter(([name]) => name === named);

  for (const [, load] of wanted.length > 0 ? wanted : commands) {
    const { register } = await load();
    register(program);
  }
  return program;
}

/**
 * Rewrites a usage error from commander ("error: unknown option '--x'",
 * sometimes with a second line of suggestions) as one line in samplekit's own
 * form, so every error the CLI prints reads the same.
 */
function oneLineUsageError(message: string): string {
  const text = message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim();
  return `samplekit: ${text} (run with --help for usage)\n`;
}

/** Runs the CLI on `argv` (as in process.argv) and resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');

  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    return reportError(error, debug);
  }
}

function reportError(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (or the help text).
    return error.exitCode;
  }
  if (error instanceof ExitStatus) return error.status;

  if (debug && error instanceof Error) {
    process.stderr.write(`${error.stack ?? error.message}\n`);
  } else if (error instanceof SamplekitError) {
    process.stderr.write(`samplekit: ${error.message}\n`);
  } else if (error instanceof Error) {
    process.stderr.write(`samplekit: ${error.message} (run with --debug for the stack trace)\n`);
  } else {
    process.stderr.write(`samplekit: ${String(error)}\n`);
  }
  return 1;
}
