import { IcepickleError, type NamedStep, Pipeline } from '@icepickle/core';

/**
 * The characters of n-grams an analyzer with `ngram_range = [lo, hi]` may produce per character of a
 * document: one n-gram of each size per position, n characters (or tokens) each.
 */
export function ngramWorkFactor(lo: number, hi: number): number {
  return ((lo + hi) * (hi - lo + 1)) / 2;
}

/**
 * A pipeline loaded from a file. It is core's Pipeline, except that every document is measured first:
 * a document whose length × n-gram work factor exceeds `maxNgramWork` is refused (LIMIT_EXCEEDED) before
 * any step analyses it, so a file cannot make one document cost unbounded time or memory.
 */
export class LoadedPipeline extends Pipeline {
  readonly #workFactor: number;
  readonly #maxWork: number;

  constructor(steps: readonly NamedStep[], workFactor: number, maxWork: number) {
    super(steps);
    this.#workFactor = workFactor;
    this.#maxWork = maxWork;
  }

  protected override checkInput(X: unknown): unknown {
    if (this.#workFactor === 0 || X === null || typeof X !== 'object') return X;
    // iterables (generators) are read once here and handed on as an array
    const docs = Array.isArray(X) ? X : Symbol.iterator in X ? Array.from(X as Iterable<unknown>) : X;
    if (!Array.isArray(docs)) return X;
    const limit = this.#maxWork / this.#workFactor;
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i] as { length?: unknown };
      const length = typeof doc === 'string' ? doc.length : typeof doc?.length === 'number' ? doc.length : 0;
      if (length > limit) {
        throw new IcepickleError('LIMIT_EXCEEDED', {
          scope: 'Pipeline',
          detail: `document ${i} has ${length} code units; with this pipeline's n-gram ranges it may cost ${length * this.#workFactor} > maxNgramWork (${this.#maxWork}). Raise limits.maxNgramWork when loading to accept it`,
        });
      }
    }
    return docs;
  }
}
