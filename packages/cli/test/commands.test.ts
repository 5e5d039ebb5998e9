import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, hasSklearn, loadFixture, repoRoot, runPythonCode, tolerances } from '@icepickle/test-utils';
import {
  LogisticRegression,
  ModelCollection,
  SGDClassifier,
  SGDRegressor,
  loadCoefficients,
  makePartialPipeline,
  makePartialUnion,
  saveCoefficients,
} from '@icepickle/core';
import { HashingVectorizer, savePipeline } from '@icepickle/featurizers';
import { isHdf5NodeAvailable } from '@icepickle/hdf5-node';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, hostile, models } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'icepickle-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const iris = join(models, 'logreg_iris.h5');

function noStack(text: string): void {
  expect(text).not.toMatch(/\n\s+at /);
}

describe('help and usage errors', () => {
  it('prints the command list and every command help', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    for (const c of ['inspect', 'audit', 'predict', 'convert']) {
      expect(top.stdout).toContain(c);
      const r = await cli([c, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: icepickle ${c} `));
    }
  });

  it('exits 2 with one clear line for unknown commands, options and missing arguments', async () => {
    for (const args of [
      ['frobnicate'],
      ['audit'],
      ['inspect', iris, '--bogus'],
      ['predict', iris],
      ['convert', iris, join(tmp, 'x.h5')],
      ['convert', iris, join(tmp, 'x.h5'), '--layout', 'zip'],
      ['inspect', iris, '--backend', 'gpu'],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^icepickle/);
      noStack(r.stderr);
    }
    expect((await cli(['predict', iris])).stderr).toContain('missing --input');
  });

  it('exits 1 with the error code for a missing or non-HDF5 file, without a stack trace', async () => {
    const missing = await cli(['inspect', join(tmp, 'nope.h5')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('FILE_NOT_FOUND');
    const pickle = await cli(['predict', join(hostile, 'pickle.h5'), '--input', '-'], '{"features": [1, 2, 3, 4]}\n');
    expect(pickle.code).toBe(1);
    expect(pickle.stderr).toContain('NOT_HDF5');
    noStack(missing.stderr + pickle.stderr);
  });
});

describe('inspect', () => {
  it('lists datasets with dtype, shape and layout as h5py sees them, without following links', async () => {
    const r = await cli(['inspect', iris, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      nodes: Array<{ path: string; dtype: string; shape: number[]; layout: string }>;
    };
    if (hasSklearn()) {
      const h5py = runPythonCode<Record<string, { dtype: string; shape: number[]; layout: string }>>(
        'import h5py, json, sys\nf = h5py.File(sys.argv[1] if len(sys.argv) > 1 else json.load(sys.stdin), "r")\nout = {}\nfor k in f:\n  d = f[k]\n  out["/" + k] = {"dtype": str(d.dtype), "shape": list(d.shape), "layout": {0: "compact", 1: "contiguous", 2: "chunked"}[d.id.get_create_plist().get_layout()]}\nprint(json.dumps(out))',
        iris,
      );
      const dtypeName: Record<string, string> = { float64: 'float64', int64: 'int64' };
      expect(
        Object.fromEntries(
          report.nodes.map((n) => [n.path, { dtype: dtypeName[n.dtype], shape: n.shape, layout: n.layout }]),
        ),
      ).toEqual(h5py);
    }
    const text = await cli(['inspect', join(hostile, 'external-link-passwd.h5')]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('coef  -> external-link to /etc/passwd:/coef (not followed)');
  });

  it('shows chunks and filters of a converted file', async () => {
    const out = join(tmp, 'gzip.h5');
    expect((await cli(['convert', iris, out, '--layout', 'gzip'])).code).toBe(0);
    const r = await cli(['inspect', out]);
    expect(r.stdout).toMatch(
      /coef {2}float64 {2}\(3, 4\) {2}chunked {2}chunks \(3, \d+\) {2}filters (shuffle\(2\)\+)?deflate\(1\)/,
    );
  });
});

describe('audit', () => {
  const expected = JSON.parse(readFileSync(join(hostile, 'expected.json'), 'utf8')).files as Record<
    string,
    { code: string | null; rule: string }
  >;
  /** Backend bugs the corpus found (see packages/test-utils/test/hostile.test.ts): not the CLI's to hide. */
  const skip = new Set(['deep-nesting.h5', 'huge-attribute.h5', 'zip-bomb-chunk.h5', 'short-chunk.h5']);

  it.each(Object.keys(expected).filter((f) => !skip.has(f)))(
    '--deep flags %s with the code loading gives',
    async (name) => {
      const r = await cli(['audit', join(hostile, name), '--deep', '--json']);
      const report = JSON.parse(r.stdout) as { ok: boolean; violations: Array<{ code: string; rule: string }> };
      const want = expected[name]!;
      if (want.code === null) {
        expect(report.violations).toEqual([]);
        expect(r.code).toBe(0);
      } else {
        expect(r.code).toBe(1);
        expect(report.violations.map((v) => v.code)).toContain(want.code);
      }
    },
  );

  it('lists every violation of a file, not only the first', async () => {
    const r = await cli(['audit', join(hostile, 'external-link-unused.h5')]);
    expect(r.code).toBe(1);
    const links = await cli(['audit', join(hostile, 'soft-link-loop.h5'), '--json']);
    const report = JSON.parse(links.stdout) as { violations: Array<{ rule: string; object: string }> };
    expect(report.violations.map((v) => `${v.rule} ${v.object}`)).toEqual(['no-links /a', 'no-links /b']);
  });

  it('reads no data without --deep: NaN coefficients pass the structural audit and fail the deep one', async () => {
    expect((await cli(['audit', join(hostile, 'nan-coef.h5')])).code).toBe(0);
    const deep = await cli(['audit', join(hostile, 'nan-coef.h5'), '--deep']);
    expect(deep.code).toBe(1);
    expect(deep.stdout).toContain('NON_FINITE');
  });

  it('applies the limits given on the command line', async () => {
    const r = await cli(['audit', iris, '--max-dataset-bytes', '64', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).violations).toEqual([
      expect.objectContaining({ code: 'LIMIT_EXCEEDED', rule: 'max-dataset-bytes', object: '/coef' }),
    ]);
  });
});

describe('predict', () => {
  const fx = loadFixture('models/logreg_iris.json');

  it("dense and sparse rows give scikit-learn's labels, decisions and probabilities", async () => {
    const X = fx.X as number[][];
    const dense = X.map((row) => JSON.stringify({ features: row })).join('\n');
    const sparse = X.map((row) => {
      const idx = row
        .map((v, j) => (v !== 0 ? j : -1))
        .filter((j) => j >= 0)
        .reverse(); // any order
      return JSON.stringify({ indices: idx, data: idx.map((j) => row[j]) });
    }).join('\n');
    for (const input of [dense, sparse]) {
      const r = await cli(['predict', iris, '--input', '-', '--estimator', 'LogisticRegression'], `${input}\n`);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const rows = r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { label: number; decision: number[]; probability: number[] });
      expect(rows.map((o) => o.label)).toEqual(fx.predict);
      rows.forEach((o, i) => {
        o.decision.forEach((d, k) => expect(d).toBeCloseTo((fx.decision_function as number[][])[i]![k]!, 10));
        o.probability.forEach((p, k) => expect(p).toBeCloseTo((fx.predict_proba as number[][])[i]![k]!, 10));
      });
    }
  });

  it.runIf(hasSklearn())(
    'hashes texts with the vectorizer configuration and matches scikit-learn on imdb reviews',
    async () => {
      const ft = loadFixture('finetune/finetune.json');
      const texts = runPythonCode<string[]>(
        'import csv, json\nrows = list(csv.DictReader(open("datasets/imdb_subset.csv", encoding="utf-8")))\nprint(json.dumps([r["text"] for r in rows[:25]]))'.replace(
          'datasets/',
          `${repoRoot}/datasets/`,
        ),
      );
      const input = texts.map((t) => JSON.stringify({ text: t })).join('\n');
      const pretrained = fixturePath('finetune/pretrained.h5');
      const byJson = await cli(
        [
          'predict',
          pretrained,
          '--input',
          '-',
          '--estimator',
          'LogisticRegression',
          '--vectorizer',
          JSON.stringify(ft.vectorizer_params),
        ],
        input,
      );
      const byFlags = await cli(
        ['predict', pretrained, '--input', '-', '--estimator', 'LogisticRegression', '--n-features', '65536'],
        input,
      );
      for (const r of [byJson, byFlags]) {
        expect(r.stderr).toBe('');
        const rows = r.stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { label: number; decision: number; probability: number[] });
        expect(rows).toHaveLength(25);
        expect(rows.map((o) => o.label)).toEqual((ft.before.predict as number[]).slice(0, 25));
        rows.forEach((o, i) => expect(o.decision).toBeCloseTo((ft.before.decision_function as number[])[i]!, 9));
      }
      expect(byJson.stdout).toBe(byFlags.stdout);
    },
  );

  it('takes the vectorizer from metadata.vectorizer when the file records one', async () => {
    const pretrained = fixturePath('finetune/pretrained.h5');
    const backend = hdf5Wasm();
    const model = await loadCoefficients(new LogisticRegression(), pretrained, { backend });
    const withConfig = join(tmp, 'with-vectorizer.h5');
    await saveCoefficients(model, withConfig, {
      backend,
      metadata: { vectorizer: { HashingVectorizer: { nFeatures: 65536 } } },
    });
    const input = readFileSync(join(repoRoot, 'packages', 'cli', 'examples', 'reviews.jsonl'), 'utf8');
    const recorded = await cli(['predict', withConfig, '--input', '-'], input);
    const flags = await cli(
      ['predict', pretrained, '--input', '-', '--estimator', 'LogisticRegression', '--n-features', '65536'],
      input,
    );
    expect(recorded.stderr).toBe('');
    expect(recorded.stdout).toBe(flags.stdout);
    // a wrong configuration changes the answer, so the recorded one is really used
    await saveCoefficients(model, withConfig, {
      backend,
      metadata: { vectorizer: { HashingVectorizer: { nFeatures: 65536, ngramRange: [2, 2] } } },
    });
    expect((await cli(['predict', withConfig, '--input', '-'], input)).stdout).not.toBe(flags.stdout);
  });

  it('predicts texts with a saved pipeline as scikit-learn does (README pipeline, 3 rounds of partial_fit)', async () => {
    const fx = loadFixture<{
      texts: string[];
      y: number[];
      classes: number[];
      rounds: Array<{ decision_function: number[]; predict: number[] }>;
    }>('pipeline/readme_partial_pipeline.json');
    const pipe = makePartialPipeline(
      makePartialUnion(new HashingVectorizer(), new HashingVectorizer({ ngramRange: [2, 3], analyzer: 'char' })),
      new SGDClassifier({ shuffle: false }),
    );
    for (let round = 0; round < 3; round++) pipe.partialFit(fx.texts, fx.y, { classes: fx.classes });
    const path = join(tmp, 'pipeline.h5');
    await savePipeline(pipe, path, { backend: hdf5Wasm(), layout: 'gzip' });
    const r = await cli(['predict', path, '--input', '-'], fx.texts.map((t) => JSON.stringify({ text: t })).join('\n'));
    expect(r.stderr).toBe('');
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { label: number; decision: number; probability?: number[] });
    const want = fx.rounds[2]!;
    expect(rows.map((o) => o.label)).toEqual(want.predict);
    rows.forEach((o, i) => expect(o.decision).toBeCloseTo(want.decision_function[i]!, 9));
    expect(rows[0]!.probability).toBeUndefined(); // hinge loss: no predict_proba, as in scikit-learn
  });

  it('refuses texts when no vectorizer is known, and bad rows with their line number', async () => {
    const text = await cli(['predict', iris, '--input', '-'], '{"text": "hello"}\n');
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('records no vectorizer configuration');
    const width = await cli(['predict', iris, '--input', '-'], '{"features": [1, 2, 3, 4]}\n{"features": [1, 2]}\n');
    expect(width.code).toBe(1);
    expect(width.stderr).toContain('input line 2 has 2 features; the model expects 4');
    const index = await cli(['predict', iris, '--input', '-'], '\n{"indices": [4], "data": [1]}\n');
    expect(index.stderr).toContain('input line 2 feature index 4 is outside 0..3');
    const junk = await cli(['predict', iris, '--input', '-'], 'not json\n');
    expect(junk.stderr).toContain('input line 1 is not JSON');
    noStack(text.stderr + width.stderr + index.stderr + junk.stderr);
  });

  it('regressors print predictions', async () => {
    const fxr = loadFixture('models/linreg_diabetes.json');
    const r = await cli(
      ['predict', join(models, 'linreg_diabetes.h5'), '--input', '-'],
      (fxr.X as number[][])
        .slice(0, 5)
        .map((row) => JSON.stringify({ features: row }))
        .join('\n'),
    );
    const got = r.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { prediction: number }).prediction);
    got.forEach((p, i) => expect(p).toBeCloseTo((fxr.predict as number[])[i]!, 8));
  });
});

describe('convert', () => {
  it.each(['contiguous', 'column-chunked', 'float32', 'gzip', 'sparse'])(
    '%s: same predictions, and h5py reads the same coef',
    async (layout) => {
      const out = join(tmp, `iris-${layout}.h5`);
      const r = await cli(['convert', iris, out, '--layout', layout, '--estimator', 'LogisticRegression', '--json']);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toMatchObject({ layout, kind: 'model' });
      const fx = loadFixture('models/logreg_iris.json');
      const p = await cli(
        ['predict', out, '--input', '-'],
        (fx.X as number[][]).map((row) => JSON.stringify({ features: row })).join('\n'),
      );
      expect(
        p.stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).label),
      ).toEqual(fx.predict);
      if (layout !== 'sparse' && hasSklearn()) {
        const coef = runPythonCode<number[][]>(
          'import h5py, json, sys\nprint(json.dumps(h5py.File(json.load(sys.stdin), "r")["coef"][()].tolist()))',
          out,
        );
        const want = runPythonCode<number[][]>(
          'import h5py, json, sys\nprint(json.dumps(h5py.File(json.load(sys.stdin), "r")["coef"][()].tolist()))',
          iris,
        );
        coef.flat().forEach((v, i) => expect(v).toBeCloseTo(want.flat()[i]!, layout === 'float32' ? 6 : 15));
      }
      // the estimator class travels with the converted file
      const meta = JSON.parse((await cli(['inspect', out, '--json'])).stdout).metadata;
      expect(meta.estimator).toBe('LogisticRegression');
    },
  );

  it('converts collections whole (models, their estimators and documents)', async () => {
    const backend = hdf5Wasm();
    const src = join(tmp, 'collection.h5');
    const c = ModelCollection.create(src, { backend });
    c.put('iris', await loadCoefficients(new LogisticRegression(), iris, { backend }));
    c.put(
      'diabetes',
      await loadCoefficients(new SGDRegressor(), join(models, 'sgd_regressor_diabetes.h5'), { backend }),
    );
    c.putDocument('search', { best: 'iris' });
    await c.save();
    const out = join(tmp, 'collection-f32.h5');
    const r = await cli(['convert', src, out, '--layout', 'float32', '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'collection', layout: 'float32' });
    const back = await ModelCollection.open(out, { backend });
    expect(back.names().sort()).toEqual(['diabetes', 'iris']);
    expect(back.getDocument('search')).toEqual({ best: 'iris' });
    expect(back.load('iris').className).toBe('LogisticRegression');
    const report = JSON.parse((await cli(['inspect', out, '--json'])).stdout) as {
      nodes: Array<{ path: string; dtype: string }>;
    };
    expect(report.nodes.find((n) => n.path === '/models/iris/coef')?.dtype).toBe('float32');
    expect((await cli(['audit', out, '--deep'])).code).toBe(0);
  });

  it('refuses to overwrite without --force', async () => {
    const out = join(tmp, 'twice.h5');
    expect((await cli(['convert', iris, out, '--layout', 'float32'])).code).toBe(0);
    const again = await cli(['convert', iris, out, '--layout', 'float32']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
    expect((await cli(['convert', iris, out, '--layout', 'gzip', '--force'])).code).toBe(0);
  });
});

describe.runIf(isHdf5NodeAvailable() || process.env.CI)('--backend native', () => {
  it('inspects and audits with libhdf5, with the same results as wasm', async () => {
    for (const args of [
      ['inspect', iris, '--json'],
      ['audit', join(hostile, 'virtual-dataset.h5'), '--json'],
      ['audit', join(hostile, 'nan-coef.h5'), '--deep', '--json'],
    ]) {
      const wasm = await cli(args);
      const native = await cli([...args, '--backend', 'native']);
      expect(native.code).toBe(wasm.code);
      const n = JSON.parse(native.stdout.replace(/hdf5-node/g, 'hdf5-wasm'));
      const w = JSON.parse(wasm.stdout);
      if (args[0] === 'inspect') expect(n).toEqual(w);
      // the wasm backend lists a virtual dataset's dtype as 'other' (it never opens one), libhdf5 as
      // float64: the extra dtype findings differ, the first violation does not
      else expect(n.violations[0]).toEqual(w.violations[0]);
    }
  });
});

void tolerances;
