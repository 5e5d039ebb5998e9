import {
  CsrMatrix,
  IcepickleError,
  type LinearModel,
  type MatrixInput,
  type StorageBackend,
  isIcepickleError,
  progressTracker,
  readMetadata,
} from '@icepickle/core';
import { HashingVectorizer, loadPipeline } from '@icepickle/featurizers';
import { integer, one, parse } from '../args.js';
import { loadModel } from '../load-model.js';
import { chooseBackend } from '../backend.js';
import type { CliIo } from '../io.js';
import { progressBar } from '../progress-bar.js';
import { UsageError } from '../usage-error.js';

export const predictHelp = `Usage: icepickle predict <file> --input <data.jsonl | -> [options]

Loads a model (strict profile) and predicts one JSON line per input line. Each input line is one of:
  {"text": "a document"}                  hashed with the file's vectorizer configuration (a saved
                                          pipeline, or metadata.vectorizer), or with --n-features ...
  {"features": [0.5, 0, 1.25, ...]}       a dense row of n_features numbers
  {"indices": [3, 17], "data": [1, 0.5]}  a sparse row (column indices and their values)
Output lines: classifiers {"label", "decision", "probability"?} (probability per class, in the order
of the file's classes, when the estimator has predict_proba); regressors {"prediction"}.

Options:
  --input <path>          the JSON-lines file, or - for stdin (required)
  --n-features <n>        hash texts into n features (HashingVectorizer's n_features)
  --ngram-range <a,b>     with --n-features: word n-grams from a to b (default 1,1)
  --vectorizer <json>     HashingVectorizer parameters as JSON (scikit-learn or camelCase names)
  --estimator <class>     the estimator class when the file does not record it (a Python
                          icepickle file): SGDClassifier, LogisticRegression, ...
  --backend <name>        wasm (default) or native
  --json                  no progress bar (the output is JSON lines either way)
  -h, --help              this help

On a terminal, a progress bar (rows predicted) is drawn on stderr (never with --json or when stderr is
piped); when stdout is the same terminal, it is erased before each output line.

Example:
  echo '{"text": "a wonderful film"}' | icepickle predict sentiment.h5 --input -
`;

type Row =
  | { kind: 'text'; text: string }
  | { kind: 'dense'; values: number[] }
  | { kind: 'sparse'; indices: number[]; data: number[] };

interface Predictor {
  classifier: boolean;
  nFeatures: number;
  vectorizer: HashingVectorizer | undefined;
  /** A saved pipeline hashes texts itself. */
  pipeline: boolean;
  /** Predicts from a feature matrix (or texts, for a pipeline). */
  run(X: MatrixInput | string[], texts: boolean): Promise<object[]>;
}

export async function predict(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('predict', argv, {
    input: { type: 'string', short: 'i' },
    'n-features': { type: 'string' },
    'ngram-range': { type: 'string' },
    vectorizer: { type: 'string' },
    estimator: { type: 'string' },
  });
  if (values.help) {
    io.stdout(predictHelp);
    return 0;
  }
  const path = one('predict', positionals, '<file>');
  if (values.input === undefined) throw new UsageError('missing --input <data.jsonl> (use - for stdin)', 'predict');
  const backend = await chooseBackend(values.backend);
  const cliVectorizer = vectorizerFromOptions(values['n-features'], values['ngram-range'], values.vectorizer);
  const predictor = await loadPredictor(path, backend, values.estimator, cliVectorizer);
  const text = await io.readText(values.input);
  const lines = text.split('\n');
  const bar = progressBar(io.progress, values.json === true, 'predict');
  const progress = progressTracker(bar.onProgress, lines.filter((l) => l.trim() !== '').length, 'rows');
  progress?.start();
  try {
    let done = 0;
    for (let n = 0; n < lines.length; n++) {
      const line = lines[n]!.trim();
      if (line === '') continue;
      const out = await predictRow(parseRow(line, n + 1), n + 1, predictor, path);
      if (io.stdoutIsTTY) bar.clear(); // the same terminal: the line must not land after the bar
      io.stdout(`${JSON.stringify(out[0])}\n`);
      progress?.update(++done);
    }
    progress?.finish();
  } finally {
    bar.end();
  }
  return 0;
}

/** One input row's prediction (a one-element array), checked against the model's features. */
async function predictRow(row: Row, line: number, predictor: Predictor, path: string): Promise<object[]> {
  if (row.kind === 'text') {
    if (predictor.vectorizer === undefined && !predictor.pipeline) {
      throw lineError(
        line,
        `is a text, but ${path} records no vectorizer configuration: ` +
          'pass --n-features (and --ngram-range) or --vectorizer',
      );
    }
    return predictor.run(
      predictor.vectorizer ? predictor.vectorizer.transform([row.text]) : [row.text],
      predictor.vectorizer === undefined,
    );
  }
  const nFeatures = predictor.nFeatures;
  if (row.kind === 'dense') {
    if (row.values.length !== nFeatures)
      throw lineError(line, `has ${row.values.length} features; the model expects ${nFeatures}`);
    return predictor.run([row.values], false);
  }
  const bad = row.indices.findIndex((i) => !Number.isInteger(i) || i < 0 || i >= nFeatures);
  if (bad >= 0) throw lineError(line, `feature index ${row.indices[bad]} is outside 0..${nFeatures - 1}`);
  const order = row.indices.map((_, k) => k).sort((a, b) => row.indices[a]! - row.indices[b]!);
  return predictor.run(
    new CsrMatrix({
      indptr: [0, row.indices.length],
      indices: order.map((k) => row.indices[k]!),
      data: order.map((k) => row.data[k]!),
      shape: [1, nFeatures],
    }),
    false,
  );
}

function lineError(line: number, what: string): IcepickleError {
  return new IcepickleError('INVALID_INPUT', { scope: 'cli', detail: `input line ${line} ${what}` });
}

function parseRow(line: string, n: number): Row {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    throw lineError(n, 'is not JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw lineError(n, 'must be an object: {"text": ...}, {"features": [...]} or {"indices": [...], "data": [...]}');
  const o = v as Record<string, unknown>;
  const numbers = (a: unknown) => Array.isArray(a) && a.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (typeof o.text === 'string') return { kind: 'text', text: o.text };
  if (o.features !== undefined) {
    if (!numbers(o.features)) throw lineError(n, '"features" must be an array of finite numbers');
    return { kind: 'dense', values: o.features as number[] };
  }
  if (o.indices !== undefined || o.data !== undefined) {
    if (!numbers(o.indices) || !numbers(o.data) || (o.indices as number[]).length !== (o.data as number[]).length) {
      throw lineError(n, '"indices" and "data" must be arrays of numbers of the same length');
    }
    return { kind: 'sparse', indices: o.indices as number[], data: o.data as number[] };
  }
  throw lineError(n, 'has none of "text", "features", "indices"/"data"');
}

function vectorizerFromOptions(
  nFeatures: string | undefined,
  ngram: string | undefined,
  json: string | undefined,
): HashingVectorizer | undefined {
  if (json !== undefined) {
    let params: unknown;
    try {
      params = JSON.parse(json);
    } catch {
      throw new UsageError('--vectorizer must be a JSON object of HashingVectorizer parameters', 'predict');
    }
    return vectorizerFrom(params);
  }
  if (nFeatures === undefined) {
    if (ngram !== undefined) throw new UsageError('--ngram-range needs --n-features', 'predict');
    return undefined;
  }
  const n = integer('predict', 'n-features', nFeatures)!;
  let range: [number, number] = [1, 1];
  if (ngram !== undefined) {
    const m = /^(\d+),(\d+)$/.exec(ngram);
    if (!m) throw new UsageError(`--ngram-range must look like 1,2, not "${ngram}"`, 'predict');
    range = [Number(m[1]), Number(m[2])];
  }
  return new HashingVectorizer({ nFeatures: n, ngramRange: range });
}

/** `{HashingVectorizer: params}` or params, with scikit-learn (snake_case) or our camelCase names. */
function vectorizerFrom(config: unknown): HashingVectorizer {
  let params = config as Record<string, unknown>;
  if (typeof params !== 'object' || params === null || Array.isArray(params))
    throw new IcepickleError('INVALID_INPUT', {
      scope: 'cli',
      detail: 'the vectorizer configuration must be an object of HashingVectorizer parameters',
    });
  if (typeof params.HashingVectorizer === 'object' && params.HashingVectorizer !== null)
    params = params.HashingVectorizer as Record<string, unknown>;
  return Object.keys(params).some((k) => k.includes('_'))
    ? HashingVectorizer.fromSklearnParams(params)
    : new HashingVectorizer(params);
}

async function loadPredictor(
  path: string,
  backend: StorageBackend,
  estimatorName: string | undefined,
  cliVectorizer: HashingVectorizer | undefined,
): Promise<Predictor> {
  const meta = await readMetadata(path, { backend });
  const kind = await rootKind(path, backend);
  if (kind === 'pipeline') {
    const pipeline = await loadPipeline(path, { backend });
    const final = pipeline.finalEstimator as unknown as LinearModel<object>;
    const state = { proba: true };
    return {
      classifier: final.estimatorType === 'classifier',
      nFeatures: final.nFeaturesIn_,
      vectorizer: undefined,
      pipeline: true,
      run: async (X, texts) =>
        outputs(texts ? pipeline : final, X as MatrixInput, final.estimatorType === 'classifier', state),
    };
  }
  const model = await loadModel(path, backend, meta, estimatorName);
  const vectorizerConfig = meta.user?.vectorizer;
  const vectorizer = cliVectorizer ?? (vectorizerConfig === undefined ? undefined : vectorizerFrom(vectorizerConfig));
  const state = { proba: true };
  return {
    classifier: model.estimatorType === 'classifier',
    nFeatures: model.nFeaturesIn_,
    vectorizer,
    pipeline: false,
    run: async (X) => outputs(model, X as MatrixInput, model.estimatorType === 'classifier', state),
  };
}

async function rootKind(path: string, backend: StorageBackend): Promise<string | undefined> {
  const file = await backend.open(path);
  try {
    const kind = file.attrs('/').icepickle_kind;
    return typeof kind === 'string' ? kind : undefined;
  } finally {
    await file.close();
  }
}

interface Predicting {
  predict(X: unknown): unknown;
  decisionFunction(X: unknown): unknown;
  predictProba?(X: unknown): unknown;
}

/** `state.proba` turns false once the estimator says it has no probabilities (then never asked again). */
function outputs(model: unknown, X: MatrixInput | string[], classifier: boolean, state: { proba: boolean }): object[] {
  const m = model as Predicting;
  const predictions = m.predict(X) as unknown[];
  if (!classifier) return predictions.map((p) => ({ prediction: p }));
  const decisions = m.decisionFunction(X) as unknown[];
  let proba: unknown[] | undefined;
  if (typeof m.predictProba === 'function' && state.proba) {
    try {
      proba = m.predictProba(X) as unknown[];
    } catch (error) {
      if (!isIcepickleError(error)) throw error;
      state.proba = false; // e.g. SGDClassifier with hinge loss: no probabilities, as in scikit-learn
    }
  }
  return predictions.map((label, i) =>
    proba ? { label, decision: decisions[i], probability: proba[i] } : { label, decision: decisions[i] },
  );
}
