/** Features given as strings (custom analyzers), hashed as UTF-8. */
import { encodeUtf8Scratch, murmurhash3Bytes, scratchBytes } from '../murmurhash3.js';
import type { RowAccumulator } from './row-accumulator.js';

/** Hashes arbitrary string features (custom analyzers). */
export function hashStrings(features: readonly string[], acc: RowAccumulator): void {
  for (const feature of features) {
    const n = encodeUtf8Scratch(feature, 'HashingVectorizer');
    acc.addHash(murmurhash3Bytes(scratchBytes(), 0, n));
  }
}
