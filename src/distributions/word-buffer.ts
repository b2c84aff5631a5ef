/**
 * Generator words fetched in blocks, for bulk samplers that read several words
 * per draw. Per word, a function that calls `nextUint32()` four times ran
 * about 3 times slower than one that calls it twice (xoshiro128**, Node 20,
 * by CPU time), likely because V8 stops inlining the calls. A gamma draw reads
 * four or more words, and runs about 1.5 times faster on words from a block
 * that the generator filled in its own `fillUint32` loop.
 *
 * A bulk fill through a WordBuffer consumes exactly the words that the same
 * number of single draws would, because every sampler reads words in pairs
 * and each draw reads at least `wordsPerDraw` of them: a refill fetches 2
 * words for the draw in progress plus the minimum of every draw still to
 * come, and so never fetches a word that the single draws would not read.
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
  private readonly rng: BitGenerator;
  private position = 0;
  private length = 0;
  /** Minimum number of words that the draws after the current one read; set before each draw. */
  wordsAfterCurrent = 0;

  constructor(rng: BitGenerator) {
    this.rng = rng;
  }

  nextUint32(): number {
    if (this.position === this.length) this.refill();
    return sharedBlock[this.position++];
  }

  private refill(): void {
    this.length = Math.min(BLOCK_WORDS, 2 + this.wordsAfterCurrent);
    this.position = 0;
    this.rng.fillUint32(sharedBlock.subarray(0, this.length));
  }
}
