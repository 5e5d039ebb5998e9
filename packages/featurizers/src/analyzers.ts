/**
 * scikit-learn's text analysis steps (preprocess → tokenize → stop words → n-grams), string by string.
 * These mirror sklearn/feature_extraction/text.py line for line and back `buildAnalyzer()`; the
 * vectorizer's hot path (hashing-kernel.ts, files under hashing/) does the same work on UTF-8 bytes
 * without making strings.
 * Lengths and offsets count code points, as Python does, never UTF-16 units.
 */
import {
  SPACE,
  WORD,
  flags,
  fromCodePoints,
  pythonLower,
  stripAccentsAscii,
  stripAccentsUnicode,
  toCodePoints,
} from './python-unicode.js';

/** How preprocessing removes accents: 'ascii', 'unicode' (both by NFKD), a function of your own, or `null` for none. */
export type StripAccents = 'ascii' | 'unicode' | ((doc: string) => string) | null;

/** sklearn's `_preprocess`: `str.lower()` first, then accent stripping (so NFKD can bring capitals back). */
export function preprocess(doc: string, lowercase: boolean, stripAccents: StripAccents): string {
  if (lowercase) doc = pythonLower(doc);
  if (stripAccents === 'unicode') doc = stripAccentsUnicode(doc);
  else if (stripAccents === 'ascii') doc = stripAccentsAscii(doc);
  else if (typeof stripAccents === 'function') doc = stripAccents(doc);
  return doc;
}

/** `re.findall(r"(?u)\b\w\w+\b", doc)`: maximal runs of two or more Python word characters. */
export function defaultTokenize(doc: string): string[] {
  const f = flags();
  const cps = toCodePoints(doc);
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= cps.length; i++) {
    const word = i < cps.length && (f[cps[i]!]! & WORD) !== 0;
    if (word && start < 0) start = i;
    else if (!word && start >= 0) {
      if (i - start >= 2) out.push(fromCodePoints(cps, start, i));
      start = -1;
    }
  }
  return out;
}

/** `re.sub(r"\s\s+", " ", doc)` with Python's whitespace: runs of two or more become one space. */
export function normalizeWhitespace(cps: readonly number[]): number[] {
  const f = flags();
  const out: number[] = [];
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    if ((f[c]! & SPACE) !== 0 && i + 1 < cps.length && (f[cps[i + 1]!]! & SPACE) !== 0) {
      while (i + 1 < cps.length && (f[cps[i + 1]!]! & SPACE) !== 0) i++;
      out.push(0x20);
    } else out.push(c);
  }
  return out;
}

/** sklearn's `_word_ngrams`: stop words are removed first, then unigrams, then n = 2..max windows. */
export function wordNgrams(
  tokens: readonly string[],
  ngramRange: readonly [number, number],
  stopWords: ReadonlySet<string> | null,
): string[] {
  if (stopWords) tokens = tokens.filter((w) => !stopWords.has(w));
  let [minN, maxN] = ngramRange;
  if (maxN === 1) return [...tokens];
  const out: string[] = [];
  if (minN === 1) {
    out.push(...tokens);
    minN += 1;
  }
  const n0 = tokens.length;
  for (let n = minN; n < Math.min(maxN + 1, n0 + 1); n++) {
    for (let i = 0; i < n0 - n + 1; i++) out.push(tokens.slice(i, i + n).join(' '));
  }
  return out;
}

/** sklearn's `_char_ngrams`, over code points. */
export function charNgrams(doc: string, ngramRange: readonly [number, number]): string[] {
  const cps = normalizeWhitespace(toCodePoints(doc));
  const len = cps.length;
  let [minN, maxN] = ngramRange;
  const out: string[] = [];
  if (minN === 1) {
    for (const c of cps) out.push(fromCodePoints([c]));
    minN += 1;
  }
  for (let n = minN; n < Math.min(maxN + 1, len + 1); n++) {
    for (let i = 0; i < len - n + 1; i++) out.push(fromCodePoints(cps, i, i + n));
  }
  return out;
}

/** Python's `str.split()` with no argument, over code points. */
function splitWhitespace(cps: readonly number[]): number[][] {
  const f = flags();
  const words: number[][] = [];
  let start = -1;
  for (let i = 0; i <= cps.length; i++) {
    const space = i === cps.length || (f[cps[i]!]! & SPACE) !== 0;
    if (!space && start < 0) start = i;
    else if (space && start >= 0) {
      words.push(cps.slice(start, i));
      start = -1;
    }
  }
  return words;
}

/**
 * sklearn's `_char_wb_ngrams`: each whitespace-separated word padded with one space on each side. A padded
 * word no longer than n is emitted whole, once, and the larger n are skipped (the `offset == 0` break).
 */
export function charWbNgrams(doc: string, ngramRange: readonly [number, number]): string[] {
  const [minN, maxN] = ngramRange;
  const out: string[] = [];
  for (const word of splitWhitespace(normalizeWhitespace(toCodePoints(doc)))) {
    const w = [0x20, ...word, 0x20];
    const wLen = w.length;
    for (let n = minN; n < maxN + 1; n++) {
      let offset = 0;
      out.push(fromCodePoints(w, offset, Math.min(wLen, offset + n)));
      while (offset + n < wLen) {
        offset += 1;
        out.push(fromCodePoints(w, offset, offset + n));
      }
      if (offset === 0) break;
    }
  }
  return out;
}
