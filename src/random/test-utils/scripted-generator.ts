/**
 * A BitGenerator that returns scripted 32-bit words, for tests that need
 * extreme or chosen words (all zeros, all ones, words that force a rejection).
 * Doubles are built from two words as the 32-bit generators build them.
 */
import { wordsToDouble } from '../bits.js';
import type { BitGenerator, GeneratorState } from '../types.js';

export class ScriptedGenerator implements BitGenerator {
  readonly algorithm = 'xoshiro128**' as const;
  /** Number of words handed out so far. */
  consumed = 0;

  /** Cycles through `words` forever. */
  constructor(private readonly words: readonly number[]) {
    if (words.length === 0) throw new Error('ScriptedGenerator needs at least one word');
  }

  nextUint32(): number {
    const word = this.words[this.consumed % this.words.length] >>> 0;
    this.consumed += 1;
    return word;
  }

  nextDouble(): number {
    const a = this.nextUint32();
    const b = this.nextUint32();
    return wordsToDouble(a, b);
  }

  fillUint32(out: Uint32Array): Uint32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.nextUint32();
    return out;
  }

  fillDouble(out: Float64Array): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.nextDouble();
    return out;
  }

  clone(): ScriptedGenerator {
    const copy = new ScriptedGenerator(this.words);
    copy.consumed = this.consumed;
    return copy;
  }

  getState(): GeneratorState {
    return { algorithm: this.algorithm, version: 0, consumed: this.consumed };
  }

  setState(state: GeneratorState): void {
    this.consumed = state.consumed as number;
  }

  spawn(): BitGenerator[] {
    throw new Error('ScriptedGenerator cannot spawn');
  }
}
