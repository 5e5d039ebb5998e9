/**
 * CountVectorizer and TfidfVectorizer fitted here against scikit-learn 1.2.1 fitted live (/usr/bin/python3),
 * on the multilingual corpus and on 300 imdb reviews: feature names in order, stop_words_, idf_, and the CSR
 * of fit_transform and of transform on held-out documents. The same configs run offline against goldens in
 * vectorizers-golden.test.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasSklearn, runPythonJson } from '@icepickle/test-utils';
import { type Config, type Corpus, type RefResult, compareWithReference } from './vectorizers-compare.js';

const script = fileURLToPath(new URL('./fixtures/vectorizers_live.py', import.meta.url));
const imdb = fileURLToPath(new URL('../../../datasets/imdb_subset.csv', import.meta.url));
const read = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`./fixtures/vectorizers/${name}`, import.meta.url), 'utf8')) as T;
const CONFIGS = read<Config[]>('configs.json');
/** unicode-corpus.ts's texts to fit on; some of them and the lone-surrogate texts to transform. */
const MULTILINGUAL = read<Corpus>('multilingual.json');
const SURROGATE_DOCS = [
  ...MULTILINGUAL.transform.slice(-4),
  '\ufeffbom x\ufeffy the movie',
  'the movie caf\u00e9 \udc00\ud800 the film',
];

interface Live {
  sklearn: string;
  corpora: Record<string, Corpus>;
  results: RefResult[];
}

describe.skipIf(!hasSklearn())('vectorizers against live scikit-learn', () => {
  const live = hasSklearn()
    ? runPythonJson<Live>(script, {
        corpora: {
          multilingual: MULTILINGUAL,
          imdb: { imdb, fit: [0, 300], transform: [300, 400] },
          // fit where some documents have no UTF-8 form (the byte paths hand them to the string analyzer)
          surrogates: { fit: SURROGATE_DOCS, transform: [...SURROGATE_DOCS].reverse() },
        },
        configs: CONFIGS,
      })
    : undefined;

  it('runs scikit-learn 1.2.1 over at least 12 configs', () => {
    expect(live!.sklearn).toBe('1.2.1');
    expect(CONFIGS.length).toBeGreaterThanOrEqual(12);
    const fitted = (corpus: string) => live!.results.filter((r) => r.corpus === corpus && r.error === undefined);
    expect(fitted('multilingual').length).toBe(CONFIGS.length);
    expect(fitted('imdb').length).toBe(CONFIGS.length);
  });
  for (const corpus of ['multilingual', 'imdb', 'surrogates']) {
    for (const config of CONFIGS) {
      it(`${config.name} on ${corpus}`, () => {
        const ref = live!.results.find((r) => r.config === config.name && r.corpus === corpus)!;
        compareWithReference(config, live!.corpora[corpus]!, ref);
      });
    }
  }
});
