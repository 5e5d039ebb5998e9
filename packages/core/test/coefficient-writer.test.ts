import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type CoefLayout,
  type DatasetInfo,
  type LinearModel,
  SGDClassifier,
  SGDRegressor,
  type StorageBackend,
  createCoefficientWriter,
  isIcepickleError,
  loadCoefficients,
  openLinearModel,
  saveCoefficients,
} from '@icepickle/core';
import { hdf5Node } from '@icepickle/hdf5-node';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { hasSklearn, repoRoot, runPythonCode } from '@icepickle/test-utils';

const dir = mkdtempSync(join(tmpdir(), 'icepickle-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const here = dirname(fileURLToPath(import.meta.url));

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** A 3-class model over 1,000 features, a third of the coefficients zero. */
function model(): SGDClassifier {
  const r = lcg(11);
  const coef = Float64Array.from({ length: 3 * 1000 }, () => (r() < 0.33 ? 0 : r() * 4 - 2));
  return new SGDClassifier({ alpha: 0.001, loss: 'log_loss' }).setCoefficients({
    coef,
    coefShape: [3, 1000],
    intercept: Float64Array.of(0.5, -1.25, 2),
    interceptShape: [3],
    classes: [3, 7, 11],
  });
}

/** Columns [c, c + width) of a row-major rows × cols matrix, row-major. */
function columns(coef: Float64Array, rows: number, cols: number, c: number, width: number): Float64Array {
  const out = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) out.set(coef.subarray(r * cols + c, r * cols + c + width), r * width);
  return out;
}

async function streamByColumns(
  m: LinearModel<object>,
  path: string,
  backend: StorageBackend,
  layout: CoefLayout,
  width = 7,
): Promise<void> {
  const c = m.getCoefficients();
  const rows = c.coefShape.length === 2 ? c.coefShape[0]! : 1;
  const cols = c.coefShape[c.coefShape.length - 1]!;
  const writer = await createCoefficientWriter(path, {
    backend,
    estimator: m,
    coefShape: c.coefShape as [number, number],
    intercept: c.intercept,
    interceptShape: c.interceptShape,
    ...(c.classes ? { classes: c.classes } : {}),
    layout,
    metadata: { run: 1 },
  });
  for (let start = 0; start < cols; start += width)
    await writer.writeColumns(start, columns(c.coef, rows, cols, start, Math.min(width, cols - start)));
  await writer.close();
}

/** What a file holds besides values: each dataset's dtype, shape, chunks, filters; root attributes but created_at. */
async function structure(path: string, backend: StorageBackend) {
  const file = await backend.open(path);
  try {
    const datasets = file
      .list()
      .filter((n): n is DatasetInfo => n.kind === 'dataset')
      .map((d) => ({
        path: d.path,
        dtype: d.dtype,
        shape: d.shape,
        layout: d.layout,
        chunks: d.chunks,
        filters: d.filters.map((f) => f.id),
      }));
    const { created_at: _created, ...attrs } = file.attrs('/');
    return { datasets, attrs };
  } finally {
    await file.close();
  }
}

const layouts: CoefLayout[] = ['contiguous', 'column-chunked', 'float32', 'gzip'];
const backends: Array<[string, StorageBackend]> = [
  ['hdf5-node', hdf5Node()],
  ['hdf5-wasm', hdf5Wasm()],
];

for (const [name, backend] of backends) {
  describe(`createCoefficientWriter on ${name}: the files it writes`, () => {
    it('3 × 1000 in blocks of 7 columns gives, in every layout, the file saveCoefficients writes', async () => {
      const m = model();
      for (const layout of layouts) {
        const streamed = join(dir, `${name}-${layout}-streamed.h5`);
        const saved = join(dir, `${name}-${layout}-saved.h5`);
        await streamByColumns(m, streamed, backend, layout);
        await saveCoefficients(m, saved, { backend, layout, metadata: { run: 1 } });
        expect(await structure(streamed, backend), layout).toEqual(await structure(saved, backend));
        const a = await loadCoefficients(new SGDClassifier(), streamed, { backend });
        const b = await loadCoefficients(new SGDClassifier(), saved, { backend });
        expect(a.coef_, layout).toEqual(b.coef_);
        expect(a.intercept_).toEqual([0.5, -1.25, 2]);
        expect(a.classes_).toEqual([3, 7, 11]);
        if (layout !== 'float32') expect(a.coef_).toEqual(m.coef_);
        const lazy = await openLinearModel(streamed, { backend });
        expect(await lazy.decisionFunction([Array.from({ length: 1000 }, (_, j) => (j % 13) / 13)])).toEqual(
          b.decisionFunction([Array.from({ length: 1000 }, (_, j) => (j % 13) / 13)]),
        );
        await lazy.close();
      }
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    });

    it('writeRows in uneven blocks, a binary classifier, string classes', async () => {
      const r = lcg(5);
      const coef = Float64Array.from({ length: 5 * 300 }, () => r() - 0.5);
      const classes = ['ant', 'bee', 'cat', 'dog', 'eel'];
      const path = join(dir, `${name}-rows.h5`);
      const writer = await createCoefficientWriter(path, {
        backend,
        estimator: 'SGDClassifier',
        coefShape: [5, 300],
        intercept: [1, 2, 3, 4, 5],
        classes,
        layout: 'contiguous',
      });
      await writer.writeRows(3, coef.slice(3 * 300));
      await writer.writeRows(0, coef.slice(0, 2 * 300));
      await writer.writeRows(2, coef.slice(2 * 300, 3 * 300));
      expect(writer.written).toBe(5);
      await writer.close();
      const back = await loadCoefficients(new SGDClassifier(), path, { backend });
      expect((back.coef_ as number[][]).flat()).toEqual(Array.from(coef));
      expect(back.classes_).toEqual(classes);

      const binary = join(dir, `${name}-binary.h5`);
      const w2 = await createCoefficientWriter(binary, {
        backend,
        estimator: 'SGDClassifier',
        coefShape: [1, 10],
        intercept: [0.25],
        classes: [-1, 1],
        layout: 'gzip',
      });
      await w2.writeColumns(
        0,
        Float64Array.from({ length: 10 }, (_, i) => i / 4),
      );
      await w2.close();
      const b2 = await loadCoefficients(new SGDClassifier(), binary, { backend });
      expect(b2.coef_).toEqual([[0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.25]]);
      expect(b2.predict([[1, 0, 0, 0, 0, 0, 0, 0, 0, 0]])).toEqual([1]);
    });

    it('a 1-D regressor coef, streamed by columns, equals its saveCoefficients file', async () => {
      const coef = Float64Array.from({ length: 50 }, (_, i) => Math.sin(i));
      const m = new SGDRegressor().setCoefficients({
        coef,
        coefShape: [50],
        intercept: Float64Array.of(0.75),
        interceptShape: [1],
      });
      const streamed = join(dir, `${name}-reg-streamed.h5`);
      const saved = join(dir, `${name}-reg-saved.h5`);
      await streamByColumns(m, streamed, backend, 'column-chunked', 9);
      await saveCoefficients(m, saved, { backend, layout: 'column-chunked', metadata: { run: 1 } });
      // saveCoefficients adds SGD training state (t_, ...); a streamed file has none, like a Python file
      const s = await structure(saved, backend);
      expect(await structure(streamed, backend)).toEqual({
        ...s,
        datasets: s.datasets.filter((d) => !d.path.startsWith('/icepickle/')),
      });
      expect((await loadCoefficients(new SGDRegressor(), streamed, { backend })).coef_).toEqual(Array.from(coef));
    });
  });

  describe(`createCoefficientWriter on ${name}: refusals, abort, kills`, () => {
    it('refuses bad blocks with typed errors and names what is missing at close', async () => {
      const path = join(dir, `${name}-errors.h5`);
      const w = await createCoefficientWriter(path, {
        backend,
        estimator: 'SGDClassifier',
        coefShape: [2, 10],
        intercept: [0, 0],
        classes: [0, 1],
        layout: 'column-chunked',
      });
      const code = async (p: Promise<unknown>) =>
        p.then(
          () => 'ok',
          (e: unknown) => (isIcepickleError(e) ? e.code : String(e)),
        );
      expect(await code(w.writeColumns(10, new Float64Array(2)))).toBe('INVALID_INPUT'); // start out of range
      expect(await code(w.writeColumns(8, new Float64Array(6)))).toBe('INVALID_INPUT'); // runs past the end
      expect(await code(w.writeColumns(0, new Float64Array(3)))).toBe('SHAPE_MISMATCH'); // not rows × width
      expect(await code(w.writeColumns(0, [1, 2] as unknown as Float64Array))).toBe('INVALID_INPUT');
      expect(await code(w.writeColumns(0, Float64Array.of(1, Number.NaN)))).toBe('NON_FINITE');
      expect(await code(w.writeColumns(2, new Float64Array(4).fill(1)))).toBe('ok'); // columns 2, 3
      expect(await code(w.writeColumns(3, new Float64Array(2)))).toBe('INVALID_INPUT'); // duplicate column 3
      expect(await code(w.writeRows(0, new Float64Array(10)))).toBe('INVALID_INPUT'); // mixing axes
      const missing = await w.close().catch((e: unknown) => e);
      expect(isIcepickleError(missing, 'INVALID_INPUT') && (missing as Error).message).toMatch(
        /columns \[0, 2\) of coef were never written \(2 of 10/,
      );
      expect(existsSync(path)).toBe(false);
      await w.writeColumns(0, Float64Array.of(1, 1, 2, 2));
      await w.writeColumns(4, new Float64Array(12).fill(3));
      await w.close();
      expect(await code(w.writeColumns(0, new Float64Array(2)))).toBe('CLOSED');
      const back = await loadCoefficients(new SGDClassifier(), path, { backend });
      expect(back.coef_).toEqual([
        [1, 1, 1, 1, 3, 3, 3, 3, 3, 3],
        [2, 2, 1, 1, 3, 3, 3, 3, 3, 3],
      ]);
    });

    it('refuses what cannot be streamed before creating anything', async () => {
      const path = join(dir, `${name}-refused.h5`);
      const codeOf = (p: Promise<unknown>) =>
        p.then(
          () => 'ok',
          (e: unknown) => (isIcepickleError(e) ? e.code : String(e)),
        );
      const base = {
        backend,
        estimator: 'SGDClassifier' as const,
        coefShape: [3, 10] as [number, number],
        intercept: [0, 0, 0],
        classes: [1, 2, 3],
      };
      expect(await codeOf(createCoefficientWriter(path, { ...base, layout: 'sparse' }))).toBe('NOT_SUPPORTED');
      expect(await codeOf(createCoefficientWriter(path, { ...base, classes: [1, 2] }))).toBe('INVALID_SHAPE');
      expect(await codeOf(createCoefficientWriter(path, { ...base, coefShape: [3, 0] }))).toBe('INVALID_SHAPE');
      expect(await codeOf(createCoefficientWriter(path, { ...base, intercept: [0, Number.NaN, 0] }))).toBe(
        'NON_FINITE',
      );
      expect(
        await codeOf(createCoefficientWriter(path, { ...base, backend: { ...backend, createWriter: undefined } })),
      ).toBe('NOT_SUPPORTED');
      expect(readdirSync(dir).filter((f) => f.includes('refused'))).toEqual([]);
    });

    it('abort() and a failed writer leave the previous file as it was and no temp file', async () => {
      const path = join(dir, `${name}-previous.h5`);
      const m = model();
      await saveCoefficients(m, path, { backend });
      const writer = await createCoefficientWriter(path, {
        backend,
        estimator: 'SGDClassifier',
        coefShape: [3, 1000],
        intercept: [0, 0, 0],
        classes: [3, 7, 11],
      });
      await writer.writeColumns(0, new Float64Array(300));
      expect(readdirSync(dir).filter((f) => f.startsWith(`.${name}-previous.h5.`))).toHaveLength(1);
      await writer.abort();
      await writer.abort();
      expect((await loadCoefficients(new SGDClassifier(), path, { backend })).coef_).toEqual(m.coef_);
      expect(readdirSync(dir).filter((f) => f.startsWith(`.${name}-previous.h5.`))).toEqual([]);
    });

    for (const mode of ['wait', 'exit'] as const) {
      it(`a writer ${mode === 'wait' ? 'killed with SIGKILL' : 'whose process exits'} midway leaves the previous file intact`, {
        timeout: 60_000,
      }, async () => {
        const path = join(dir, `${name}-kill-${mode}.h5`);
        const m = model();
        await saveCoefficients(m, path, { backend });
        const register = join(here, '..', '..', 'test-utils', 'src', 'ts-register.mjs');
        const child = spawn(
          process.execPath,
          [
            '--conditions=@icepickle/source',
            '--import',
            register,
            join(here, 'fixtures', 'stream-kill', 'child.mjs'),
            path,
            name === 'hdf5-node' ? 'native' : 'wasm',
            mode,
          ],
          { stdio: ['ignore', 'pipe', 'inherit'] },
        );
        await new Promise<void>((resolve) => {
          child.stdout.on('data', (d: Buffer) => {
            if (d.toString().includes('half') && mode === 'wait') child.kill('SIGKILL');
          });
          child.on('exit', () => resolve());
        });
        expect((await loadCoefficients(new SGDClassifier(), path, { backend })).coef_).toEqual(m.coef_);
        const temps = readdirSync(dir).filter((f) => f.startsWith(`.${name}-kill-${mode}.h5.`));
        // SIGKILL leaves the hidden temp file (nothing can run); a normal exit removes it
        expect(temps).toHaveLength(mode === 'wait' ? 1 : 0);
        for (const t of temps) rmSync(join(dir, t));
      });
    }
  });
}

describe.runIf(hasSklearn())('streamed files in h5py and Python icepickle (run with the tests above)', () => {
  it('h5py reads the same coef, intercept, classes (and chunks, filters) from streamed and saved files', () => {
    const pairs = backends.flatMap(([name]) =>
      layouts.map((layout) => [join(dir, `${name}-${layout}-streamed.h5`), join(dir, `${name}-${layout}-saved.h5`)]),
    );
    for (const [a, b] of pairs) expect(existsSync(a!) && existsSync(b!)).toBe(true);
    const result = runPythonCode<Array<{ same: boolean; coefShape: number[]; classes: number[] }>>(
      `
import h5py, json, sys, numpy as np
sys.path.insert(0, ${JSON.stringify(join(repoRoot, 'python'))})
from icepickle_reader import build_estimator
X = np.arange(2000).reshape(2, 1000) % 13 / 13
out = []
for a, b in json.load(sys.stdin):
    with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
        same = all(np.array_equal(fa[k][()], fb[k][()]) and fa[k].dtype == fb[k].dtype and fa[k].chunks == fb[k].chunks
                   and fa[k].compression == fb[k].compression and fa[k].shuffle == fb[k].shuffle and fa[k].maxshape == fb[k].maxshape
                   for k in ("coef", "intercept", "classes"))
        same = same and sorted(fa.keys()) == sorted(fb.keys()) and fa.attrs["coef_layout"] == fb.attrs["coef_layout"]
        out.append({"same": bool(same), "coefShape": list(fa["coef"].shape), "classes": fa["classes"][()].tolist()})
    ma, mb = build_estimator(a), build_estimator(b)
    out[-1]["estimator"] = type(ma).__name__
    out[-1]["samePredictions"] = bool(np.array_equal(ma.decision_function(X), mb.decision_function(X)) and np.array_equal(ma.predict(X), mb.predict(X)))
print(json.dumps(out))`,
      pairs,
    );
    expect(result).toHaveLength(8);
    for (const r of result)
      expect(r).toEqual({
        same: true,
        coefShape: [3, 1000],
        classes: [3, 7, 11],
        estimator: 'SGDClassifier',
        samePredictions: true,
      });
  });
});
