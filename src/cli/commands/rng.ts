/**
 * `samplekit rng`: writes a bit generator's raw stream, as decimal 32-bit
 * words, as doubles in [0, 1), or as little-endian binary words for
 * statistical test suites (`samplekit rng --seed 1 --format binary | RNG_test stdin32`).
 */
import { once } from 'node:events';
import { endianness } from 'node:os';
import type { Writable } from 'node:stream';

import type { Command } from 'commander';

import { InvalidArgumentError } from '../../errors.js';
import { checkGeneratorName, createGenerator, DEFAULT_GENERATOR, GENERATOR_NAMES } from '../../random/index.js';
import type { BitGenerator } from '../../random/types.js';
import { oneOf } from '../../validate.js';

const FORMATS = ['u32', 'float', 'binary'] as const;
type RngFormat = (typeof FORMATS)[number];

/** Words per binary write: 256 KiB, large enough that pipe writes stay cheap. */
const BINARY_CHUNK_WORDS = 65536;

/** Numbers per text write. */
const TEXT_CHUNK_VALUES = 8192;

export interface RngOptions {
  readonly generator: string;
  readonly seed: string;
  /** Number of outputs as typed on the command line; absent means endless. */
  readonly count?: string;
  readonly format: string;
}

export function register(program: Command): void {
  program
    .command('rng')
    .description('Write the raw output stream of a seeded bit generator, e.g. for PractRand or dieharder')
    .option('--generator <name>', `bit generator: ${GENERATOR_NAMES.join(', ')}`, DEFAULT_GENERATOR)
    .requiredOption('--seed <int>', 'seed: a non-negative integer with any number of digits')
    .option('-n, --count <N>', 'number of outputs (words or doubles); without it the stream is endless')
    .option('--format <format>', 'u32: one unsigned 32-bit word per line; float: one double in [0, 1) per line with 17 significant digits; binary: raw little-endian 32-bit words', 'u32')
    .action(async (options: RngOptions) => {
      await writeRng(options, process.stdout);
    });
}

/**
 * Writes the stream described by `options` to `output`, honouring
 * backpressure. Resolves when `count` outputs are written, or quietly when
 * the reader closes the pipe (EPIPE), which is how `| head -c N` ends an
 * endless stream.
 */
export async function writeRng(options: RngOptions, output: Writable): Promise<void> {
  const name = checkGeneratorName(options.generator, '--generator');
  const seed = parseSeed(options.seed);
  const count = options.count === undefined ? Infinity : parseCount(options.count);
  const format = oneOf('--format', options.format, FORMATS);
  const rng = createGenerator(name, seed);

  const pipe = watchPipe(output);
  try {
    let remaining = count;
    while (remaining > 0 && !pipe.closed) {
      const size = Math.min(remaining, format === 'binary' ? BINARY_CHUNK_WORDS : TEXT_CHUNK_VALUES);
      const chunk = format === 'binary' ? binaryChunk(rng, size) : textChunk(rng, size, format);
      remaining -= size;

      // Writes to a pipe are synchronous on Linux and report EPIPE on a later
      // tick, so yield after every chunk, and wait for 'drain' when asked to.
      if (output.write(chunk)) {
        await new Promise<void>((resolve) => setImmediate(resolve));
      } else {
        await Promise.race([once(output, 'drain'), pipe.ended]);
      }
      if (pipe.error !== undefined) throw pipe.error;
    }
  } finally {
    pipe.dispose();
  }
}

function parseSeed(text: string): bigint {
  if (!/^\d+$/.test(text)) {
    throw new InvalidArgumentError('--seed', 'a non-negative decimal integer', text);
  }
  return BigInt(text);
}

function parseCount(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw new InvalidArgumentError('-n', 'a non-negative integer no larger than 2^53 - 1', text, 'Omit -n for an endless stream');
  }
  return value;
}

function binaryChunk(rng: BitGenerator, size: number): Buffer {
  const words = rng.fillUint32(new Uint32Array(size));
  const bytes = Buffer.from(words.buffer, words.byteOffset, words.byteLength);
  // Typed arrays use the host byte order; the format is little-endian.
  if (endianness() === 'BE') bytes.swap32();
  return bytes;
}

function textChunk(rng: BitGenerator, size: number, format: Exclude<RngFormat, 'binary'>): string {
  const lines = new Array<string>(size);
  if (format === 'u32') {
    const words = rng.fillUint32(new Uint32Array(size));
    for (let i = 0; i < size; i++) lines[i] = String(words[i]);
  } else {
    const doubles = rng.fillDouble(new Float64Array(size));
    for (let i = 0; i < size; i++) lines[i] = doubles[i].toPrecision(17);
  }
  return `${lines.join('\n')}\n`;
}

interface PipeWatch {
  /** True once the reader has closed the pipe (EPIPE) or the stream was destroyed. */
  closed: boolean;
  /** A write error other than EPIPE, rethrown by the write loop. */
  error: Error | undefined;
  /** Settles when the stream closes or fails, so a wait for 'drain' cannot hang. */
  ended: Promise<void>;
  dispose(): void;
}

/**
 * Watches `output` for the reader going away. EPIPE ends the output quietly.
 * The error listener stays attached after `dispose`, because writes already
 * queued can still fail with EPIPE after the loop has returned. Other errors
 * after `dispose` are rethrown, as an unhandled 'error' event would be.
 */
function watchPipe(output: Writable): PipeWatch {
  let settle: () => void = () => {};
  let active = true;
  const watch: PipeWatch = {
    closed: false,
    error: undefined,
    ended: new Promise<void>((resolve) => {
      settle = resolve;
    }),
    dispose: () => {
      active = false;
      output.off('close', onClose);
    },
  };

  function onError(error: NodeJS.ErrnoException): void {
    if (error.code === 'EPIPE') {
      watch.closed = true;
    } else if (active) {
      watch.error = error;
    } else {
      throw error;
    }
    settle();
  }
  function onClose(): void {
    watch.closed = true;
    settle();
  }

  output.on('error', onError);
  output.on('close', onClose);
  return watch;
}
