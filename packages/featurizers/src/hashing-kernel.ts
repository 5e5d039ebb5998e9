/**
 * The hot path of HashingVectorizer: analyses one preprocessed document on code points and hashes every
 * feature straight from a reused UTF-8 byte buffer (no per-feature strings), accumulating per-row counts
 * in an open-addressing table. Produces exactly what analyzers.ts + murmurhash3_32 would.
 *
 * One concept per file under hashing/; this module is the kernel's one entry point.
 */
export { hashCharNgrams, hashCharWbNgrams } from './hashing/char-ngrams.js';
export { CsrBuilder } from './hashing/csr-builder.js';
export { hashDefaultUnigrams } from './hashing/default-unigrams.js';
export { DocBuffer } from './hashing/doc-buffer.js';
export { FusedWordScanner } from './hashing/fused-word-scanner.js';
export { RowAccumulator } from './hashing/row-accumulator.js';
export { hashStrings } from './hashing/string-features.js';
export { StringTokens, TokenRanges } from './hashing/tokens.js';
export { hashWordNgrams, type NgramRange } from './hashing/word-ngrams.js';
