/** Bounds checked against what a file *declares*, before anything is allocated or read. */
export interface LoadLimits {
  /**
   * Largest single dataset, in bytes (declared elements × item size).
   * @defaultValue 2 ** 31 (2 GiB)
   */
  maxDatasetBytes: number;
  /**
   * All datasets of the file together, in bytes.
   * @defaultValue 2 ** 31 (2 GiB)
   */
  maxTotalBytes: number;
  /**
   * Objects (groups, datasets, links) in the file.
   * @defaultValue 10000
   */
  maxObjects: number;
  /**
   * Attributes per object and bytes per attribute value, as listed by the backend.
   * @defaultValue 2 ** 20 (1 MiB)
   */
  maxAttributeBytes: number;
  /**
   * Pipelines: terms in one vectorizer's vocabulary (and stop words).
   * @defaultValue 10000000
   */
  maxVocabularySize: number;
  /**
   * Pipelines: UTF-16 code units in one vocabulary term or stop word.
   * @defaultValue 4096
   */
  maxTermLength: number;
  /**
   * Pipelines: steps in a pipeline, counting every part of every union.
   * @defaultValue 64
   */
  maxSteps: number;
  /**
   * Pipelines: unions inside unions (a flat pipeline has depth 0).
   * @defaultValue 4
   */
  maxNestingDepth: number;
  /**
   * Pipelines: the largest n of a vectorizer's ngram_range, refused at load above it.
   * @defaultValue 64
   */
  maxNgramSize: number;
  /**
   * Pipelines: document length (UTF-16 code units, or bytes) × the n-gram work factors of the pipeline's
   * vectorizers, summed (min_n + … + max_n each: the characters of n-grams produced per character) for any one document
   * given to a loaded pipeline; a longer document is refused (LIMIT_EXCEEDED) before it is analysed.
   * @defaultValue 2 ** 27
   */
  maxNgramWork: number;
  /**
   * The memory rule: no dataset (read whole, densified, or filled from a fill value) may declare more
   * than `maxExpansion` × the bytes the file stores + `expansionBaseBytes`, checked from the listing
   * before anything is allocated or read (rule max-expansion; issue 18).
   * @defaultValue 256
   */
  maxExpansion: number;
  /**
   * The memory rule's allowance for any file, however small.
   * @defaultValue 64 * 2 ** 20 (64 MiB)
   */
  expansionBaseBytes: number;
}

/** The limits every load applies unless told otherwise. */
export const defaultLoadLimits: LoadLimits = {
  maxDatasetBytes: 2 ** 31,
  maxTotalBytes: 2 ** 31,
  maxObjects: 10_000,
  maxAttributeBytes: 1 << 20,
  maxVocabularySize: 10_000_000,
  maxTermLength: 4096,
  maxSteps: 64,
  maxNestingDepth: 4,
  maxNgramSize: 64,
  maxNgramWork: 2 ** 27,
  maxExpansion: 256,
  expansionBaseBytes: 64 * 2 ** 20,
};

/** The most bytes the memory rule lets a load allocate for a file storing `storedBytes` (Infinity when unknown). */
export function expansionBound(storedBytes: number | undefined, limits: Partial<LoadLimits> = {}): number {
  if (storedBytes === undefined) return Number.POSITIVE_INFINITY;
  const lim = { ...defaultLoadLimits, ...limits };
  return lim.maxExpansion * storedBytes + lim.expansionBaseBytes;
}
