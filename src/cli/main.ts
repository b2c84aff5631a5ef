/**
 * The `samplekit` command. Each subcommand lives in `commands/` and registers
 * itself on the program; this file only wires them up and turns errors into
 * one line on stderr and a non-zero exit status.
 */
import { Command, CommanderError } from 'commander';

import { SamplekitError } from '../errors.js';
import { register as registerCompare } from './commands/compare.js';
import { register as registerData } from './commands/data.js';
import { register as registerDist } from './commands/dist.js';
import { register as registerGenerate } from './commands/generate.js';
import { register as registerReport } from './commands/report.js';
import { register as registerRng } from './commands/rng.js';
import { register as registerSample } from './commands/sample.js';
import { register as registerTrain } from './commands/train.js';

type Register = (program: Command) => void;

/** Subcommand registrations, in the order `--help` lists them. */
const commands: Register[] = [registerRng, registerDist, registerSample, registerCompare, registerData, registerReport, registerTrain, registerGenerate];

export function buildProgram(): Command {
  const program = new Command('samplekit')
    .description('Seeded sampling from probability distributions: generators, distributions, samplers, two-sample tests and learned generators.')
    .option('--debug', 'print stack traces for errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  for (const register of commands) register(program);
  return program;
}

/** Runs the CLI on `argv` (as in process.argv) and resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const debug = argv.includes('--debug');

  try {
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
