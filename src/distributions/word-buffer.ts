/**
 * Generator words fetched in blocks, for bulk samplers. Per word, a function
 * that calls `nextUint32()` four times ran about 3 times slower than one that
 * calls it twice (xoshiro128**, Node 20, by CPU time), likely because V8 stops
 * inlining the calls. A gamma draw reads four or more words, and runs about
 * 1.5 times faster on words from a block that the generator filled in its own
 * `fillUint32` loop. The normal and exponential fills read the block directly
 * in their core loops.
 *
 * A bulk fill through a WordBuffer consumes exactly the words that the same
 * number of single draws would. Every sampler reads words in pairs, and each
 * draw reads at least `wordsPerDraw` of them. A refill fetches 2 words for the
 * draw in progress plus the minimum of every draw still to come, so it never
 * fetches a word that the single draws would not read.
 */
import type { BitGenerator } from '../random/types.js';

/** Largest block fetched at once: an even number of words (32 KiB). */
const BLOCK_WORDS = 8192;

/**
 * One block shared by all buffers. Bulk fills are synchronous and never
 * nested, so only one buffer reads it at a time.
 */
const sharedBlock = new Uint32Array(BLOCK_WORDS);

export class WordBuffer {
  /** The current block of words, valid below `length`; bulk samplers read it directly. */
  readonly block: Uint32Array = sharedBlock;
  /** Index in `block` of the next unread word. */
  position = 0;
  /** Number of valid words in `block`. */
  length = 0;
  /** Minimum number of words that the draws after the current one read; set before each draw. */
  wordsAfterCurrent = 0;
  private readonly rng: Pick<BitGenerator, 'fillUint32'>;

  constructor(rng: Pick<BitGenerator, 'fillUint32'>) {
    this.rng = rng;
  }

  nextUint32(): number {
    if (this.position === this.length) this.refill();
    return sharedBlock[this.position++];
  }

  /** Replaces the block with the next 2 + wordsAfterCurrent words (at most BLOCK_WORDS) and rewinds to its start. */
  refill(): void {
    this.length = Math.min(BLOCK_WORDS, 2 + this.wordsAfterCurrent);
    this.position = 0;

    // Two call sites on purpose, for when V8 inlines the generator's fill loop here. A site that is only
    // ever passed the full block filled it in 1.05 ns per word. One site that was also passed the shorter
    // views took 1.6 ns per word (xoshiro128**, Node 20, x86-64, by CPU time).
    if (this.length === BLOCK_WORDS) this.rng.fillUint32(sharedBlock);
    else this.rng.fillUint32(sharedBlock.subarray(0, this.length));
  }
}
