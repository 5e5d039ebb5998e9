/**
 * Hostile pipeline files (issue 16, item 6): each is a zoo file with one thing broken, written back through
 * the backend. Loading gives a typed error naming the step and the object, and returns nothing.
 */
import {
  type DatasetToWrite,
  type FileToWrite,
  type IcepickleErrorCode,
  type LoadLimits,
  type StoredArray,
  isIcepickleError,
} from '@icepickle/core';
import { loadPipeline } from '@icepickle/featurizers';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { fixturePath, loadFixture } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';

const backend = hdf5Wasm();
const zoo = loadFixture<{ probe_texts: string[] }>('pipeline-zoo/expected.json');

/** Everything in a file as a FileToWrite, so a test can change one thing and write it back. */
async function contents(name: string): Promise<FileToWrite & { datasets: DatasetToWrite[] }> {
  const file = await backend.open(fixturePath(`pipeline-zoo/${name}.h5`));
  try {
    const groups = [];
    const datasets: DatasetToWrite[] = [];
    for (const node of file.list()) {
      if (node.kind === 'group') groups.push({ path: node.path, attrs: { ...file.attrs(node.path) } });
      if (node.kind === 'dataset') {
        datasets.push({ path: node.path, array: await file.read(node.path), attrs: { ...file.attrs(node.path) } });
      }
    }
    return { attrs: { ...file.attrs('/') }, groups, datasets };
  } finally {
    await file.close();
  }
}

function dataset(c: FileToWrite, path: string): StoredArray {
  const found = c.datasets.find((d) => d.path === path);
  if (!found) throw new Error(`no ${path}`);
  return found.array;
}

function editSpec(c: FileToWrite, edit: (spec: any) => void): void {
  const spec = JSON.parse(c.attrs!.pipeline as string);
  edit(spec);
  c.attrs!.pipeline = JSON.stringify(spec);
}

async function refused(
  c: FileToWrite,
  code: IcepickleErrorCode,
  detail: RegExp,
  object?: string,
  limits?: Partial<LoadLimits>,
): Promise<void> {
  const bytes = await backend.write(undefined, c);
  const error = await loadPipeline(bytes!, { backend, limits }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isIcepickleError(error), String(error)).toBe(true);
  if (!isIcepickleError(error)) return;
  expect(error.code, error.message).toBe(code);
  expect(error.scope).toBe('loadPipeline');
  expect(error.detail).toMatch(detail);
  if (object !== undefined) expect(error.object).toBe(object);
}

const TFIDF = /step 'tfidfvectorizer' \(TfidfVectorizer\)/;
const SCALER = /step 'standardscaler' \(StandardScaler\)/;

describe('hostile pipeline files are refused, naming the step', () => {
  it('a term twice in the vocabulary', async () => {
    const c = await contents('tfidf_logreg_binary');
    const terms = dataset(c, '/steps/0/vocabulary_terms').data as string[];
    (terms as string[])[1] = terms[0]!;
    await refused(c, 'INVALID_INPUT', /holds the term .* twice/, '/steps/0/vocabulary_terms');
    await refused(c, 'INVALID_INPUT', TFIDF);
  });

  it('column indices that are not a permutation', async () => {
    const c = await contents('tfidf_logreg_binary');
    const columns = dataset(c, '/steps/0/vocabulary_columns').data as BigInt64Array;
    columns[0] = columns[1]!;
    await refused(c, 'INVALID_INPUT', /not a permutation/, '/steps/0/vocabulary_columns');
    columns[0] = 100000n;
    await refused(c, 'INVALID_INPUT', /not a permutation/, '/steps/0/vocabulary_columns');
  });

  it('NaN or negative idf', async () => {
    const c = await contents('tfidf_logreg_binary');
    const idf = dataset(c, '/steps/0/idf').data as Float64Array;
    idf[3] = Number.NaN;
    await refused(c, 'NON_FINITE', TFIDF, '/steps/0/idf');
    idf[3] = -1;
    await refused(c, 'INVALID_INPUT', /idf\[3\] is negative/, '/steps/0/idf');
  });

  it('an idf as long as no vocabulary', async () => {
    const c = await contents('tfidf_logreg_binary');
    const idf = dataset(c, '/steps/0/idf');
    c.datasets.find((d) => d.path === '/steps/0/idf')!.array = {
      ...idf,
      shape: [idf.shape[0]! - 1],
      data: (idf.data as Float64Array).slice(1),
    };
    await refused(c, 'INVALID_SHAPE', /idf_ has \d+ values for \d+ features/);
  });

  it('zero, negative or NaN scales and means', async () => {
    const c = await contents('standard_logreg_binary');
    const scale = dataset(c, '/steps/0/scale').data as Float64Array;
    scale[2] = 0;
    await refused(c, 'INVALID_INPUT', /scale\[2\] is zero/, '/steps/0/scale');
    scale[2] = -3;
    await refused(c, 'INVALID_INPUT', SCALER, '/steps/0/scale');
    scale[2] = 1;
    (dataset(c, '/steps/0/mean').data as Float64Array)[0] = Number.NaN;
    await refused(c, 'NON_FINITE', SCALER, '/steps/0/mean');
  });

  it('feature counts that do not chain between steps', async () => {
    const c = await contents('standard_logreg_binary');
    for (const key of ['mean', 'var', 'scale']) {
      const d = c.datasets.find((x) => x.path === `/steps/0/${key}`)!;
      d.array = { ...d.array, shape: [5], data: (d.array.data as Float64Array).slice(0, 5) };
    }
    c.groups!.find((g) => g.path === '/steps/0')!.attrs!.n_features_in = 5;
    await refused(c, 'SHAPE_MISMATCH', /step 'logisticregression' \(LogisticRegression\): it takes 6 features/);
    c.groups!.find((g) => g.path === '/steps/0')!.attrs!.n_features_in = 6;
    await refused(c, 'INVALID_SHAPE', /mean_ has 5 values for 6 features/);
  });

  it('a text vectorizer after a table step', async () => {
    const c = await contents('count_tfidftransformer_perceptron');
    editSpec(c, (spec) => {
      spec.steps[1][1].group = '/steps/0';
      spec.steps[0][1].group = '/steps/1';
      spec.steps = [spec.steps[1], spec.steps[0], spec.steps[2]];
    });
    const swap = (path: string) => path.replace(/^\/steps\/(0|1)/, (_m, i: string) => `/steps/${1 - Number(i)}`);
    for (const d of c.datasets) d.path = swap(d.path);
    for (const g of c.groups!) (g as { path: string }).path = swap(g.path);
    await refused(c, 'SHAPE_MISMATCH', /step 'countvectorizer' \(CountVectorizer\): it takes raw documents/);
  });

  it('unknown step classes and unknown parameters', async () => {
    const c = await contents('tfidf_logreg_binary');
    editSpec(c, (spec) => {
      spec.steps[0][1].class = 'FunctionTransformer';
    });
    await refused(c, 'INVALID_INPUT', /step 'tfidfvectorizer' \(FunctionTransformer\): unknown step class/);
    const d = await contents('tfidf_logreg_binary');
    editSpec(d, (spec) => {
      spec.steps[0][1].params.evil = 'import os';
    });
    await refused(d, 'INVALID_PARAMETER', TFIDF);
    const e = await contents('tfidf_logreg_binary');
    editSpec(e, (spec) => {
      spec.steps[1][1].class = 'RandomForestClassifier';
    });
    await refused(e, 'INVALID_INPUT', /unknown estimator class/);
    const f = await contents('tfidf_logreg_binary');
    const group = f.groups!.find((g) => g.path === '/estimator')!;
    group.attrs!.params = JSON.stringify({ ...JSON.parse(group.attrs!.params as string), evil: 1 });
    await refused(
      f,
      'INVALID_PARAMETER',
      /step 'logisticregression' \(LogisticRegression\): .*unknown parameter.*evil/,
    );
  });

  it('ngram_range = (1, 100000) is refused at load', async () => {
    const c = await contents('tfidf_logreg_binary');
    editSpec(c, (spec) => {
      spec.steps[0][1].params.ngram_range = [1, 100000];
    });
    await refused(c, 'LIMIT_EXCEEDED', /ngram_range \[1, 100000\] goes over maxNgramSize \(64\)/);
  });

  it('vocabulary size and term length have limits', async () => {
    const c = await contents('tfidf_logreg_binary');
    await refused(c, 'LIMIT_EXCEEDED', /over maxVocabularySize \(10\)/, '/steps/0/vocabulary_terms', {
      maxVocabularySize: 10,
    });
    await refused(c, 'LIMIT_EXCEEDED', /over maxTermLength \(3\)/, '/steps/0/vocabulary_terms', { maxTermLength: 3 });
  });

  it('the number of steps and the nesting depth have limits', async () => {
    const c = await contents('union_hashing_weighted_sgd');
    await refused(c, 'LIMIT_EXCEEDED', /more than maxSteps \(2\)/, undefined, { maxSteps: 2 });
    editSpec(c, (spec) => {
      let node = spec.steps[0][1];
      for (let depth = 0; depth < 6; depth++) {
        const inner = { class: 'FeatureUnion', group: `${node.group}/0`, transformer_list: node.transformer_list };
        node.transformer_list = [['deeper', inner]];
        node.transformer_weights = null;
        node = inner;
      }
    });
    const bytes = await backend.write(undefined, c);
    const error = await loadPipeline(bytes!, { backend }).catch((e: unknown) => e);
    expect(isIcepickleError(error, 'LIMIT_EXCEEDED') && /maxNestingDepth/.test(error.detail)).toBe(true);
  });
});

describe('a loaded pipeline bounds the work per document', () => {
  it('refuses a document over maxNgramWork before analysing it, and serves the others', async () => {
    const path = fixturePath('pipeline-zoo/tfidf_bigrams_logreg_multiclass_str.h5');
    // ngram_range (1, 2): 3 characters of n-grams per character
    const pipe = await loadPipeline(path, { backend, limits: { maxNgramWork: 3000 } });
    expect(pipe.predict(zoo.probe_texts)).toHaveLength(zoo.probe_texts.length);
    const error = (() => {
      try {
        pipe.predict(['x'.repeat(1001)]);
      } catch (e) {
        return e;
      }
    })();
    expect(isIcepickleError(error, 'LIMIT_EXCEEDED')).toBe(true);
    expect(pipe.predict(['x'.repeat(1000)])).toHaveLength(1);
  });
});
