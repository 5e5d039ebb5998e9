/**
 * Node predicts over HTTP Range requests (issue 17, part 3), against a local server that honours Range:
 * hdf5-js over httpSource answers exactly as over fileSource, fetching only the columns it needs. And
 * contiguous files written by h5py over a range source (the rule of packages/hdf5-js/src/range-budget.ts):
 * a small one reads within the source's budget; a big one (2.27 GB declared, sparse on disk) is refused
 * before anything but its metadata is fetched, with LIMIT_EXCEEDED naming `icepickle convert`.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogisticRegression, isIcepickleError, loadCoefficients, openLinearModel } from '@icepickle/core';
import { HashingVectorizer } from '@icepickle/featurizers';
import * as hdf5JsEntry from '@icepickle/hdf5-js';
import { hdf5Js, httpSource } from '@icepickle/hdf5-js';
import type * as Hdf5JsNode from '../../../packages/hdf5-js/src/node.js';
import { hasSklearn, runPythonCode } from '@icepickle/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseReviews } from '../src/csv.js';
import { imdbCsv } from '../src/paths.js';
import { ROWS, expectedDecisions, writeBigModel } from './edge/big-model.js';
import { serveRangesHere } from '../../../bench/lib/range-server.mjs';

// the Node entry, which vitest resolves ("node" condition); tsc here sees the browser entry's types
const { fileSource } = hdf5JsEntry as unknown as typeof Hdf5JsNode;

const CHUNKED_COLS = 20_000;
const SMALL_COLS = 2_000;
const BIG_COLS = 505_938;
/** Reader settings for lazy reads over ranges: 16 KiB blocks merged only when adjacent (see worker/src/lazy-r2.ts). */
const LAZY = { reader: { blockSize: 16 * 1024, mergeGap: 1 } };

/** Python icepickle's save_coefficients shape, contiguous as h5py writes it; big: declared, sparse on disk. */
const CONTIGUOUS_PY = `
import h5py, json, sys, numpy as np
d = json.load(sys.stdin)
rows = d['rows']
with h5py.File(d['small'], 'w') as f:
    r = np.arange(rows, dtype=np.int64)[:, None]; c = np.arange(d['small_cols'], dtype=np.int64)[None, :]
    f.create_dataset('coef', data=((r * 7919 + c * 104729) % 4093 - 2046) / 1024.0)
    f.create_dataset('intercept', data=(np.arange(rows) % 17) / 64.0 - 0.125)
    f.create_dataset('classes', data=np.arange(rows, dtype=np.int64))
with h5py.File(d['big'], 'w') as f:
    ds = f.create_dataset('coef', shape=(rows, d['big_cols']), dtype='<f8')
    ds[0, 0] = 1.0  # allocates the whole contiguous block; the rest stays a hole in the file
    f.create_dataset('intercept', data=np.zeros(rows))
    f.create_dataset('classes', data=np.arange(rows, dtype=np.int64))
print(json.dumps({'ok': True}))
`;

async function codeAndDetail(run: () => Promise<unknown>): Promise<{ code: string; detail: string }> {
  try {
    await run();
    return { code: 'resolved', detail: '' };
  } catch (error) {
    return isIcepickleError(error) ? { code: error.code, detail: error.detail } : { code: String(error), detail: '' };
  }
}

describe('hdf5-js over HTTP Range requests', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof serveRangesHere>>;
  const reviews = parseReviews(readFileSync(imdbCsv, 'utf8'))
    .slice(100, 108)
    .map((r) => r.text);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'icepickle-http-'));
    await writeBigModel(join(dir, 'chunked.h5'), CHUNKED_COLS, 'column-chunked');
    if (hasSklearn()) {
      runPythonCode(CONTIGUOUS_PY, {
        rows: ROWS,
        small: join(dir, 'small-contiguous.h5'),
        small_cols: SMALL_COLS,
        big: join(dir, 'big-contiguous.h5'),
        big_cols: BIG_COLS,
      });
    }
    server = await serveRangesHere(dir);
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('predicts a column-chunked model exactly as over fileSource, fetching only the chunks it touches', async () => {
    const X = new HashingVectorizer({ nFeatures: CHUNKED_COLS, ngramRange: [1, 2] }).transform(reviews);
    const local = await openLinearModel(await fileSource(join(dir, 'chunked.h5')), { backend: hdf5Js() });
    const fromFile = (await local.decisionFunction(X)) as number[][];
    await local.close();
    const sent = server.stats.bytes;
    const remote = await openLinearModel(await httpSource(`${server.url}chunked.h5`), { backend: hdf5Js(LAZY) });
    const overHttp: number[][] = [];
    for (let i = 0; i < reviews.length; i++)
      overHttp.push(...((await remote.decisionFunction(X.sliceRows(i, i + 1))) as number[][]));
    expect(await remote.predict(X)).toEqual(overHttp.map((row) => row.indexOf(Math.max(...row))));
    await remote.close();
    expect(overHttp).toEqual(fromFile);
    expect(overHttp).toEqual(expectedDecisions(X));
    // what it fetched is what the touched chunks hold, up to the reader's 16 KiB block rounding (+ metadata)
    const fetched = server.stats.bytes - sent;
    const chunkCols = Math.floor((16 * 1024) / (ROWS * 8)); // core's column-chunked default: 16 KiB chunks
    let chunks = 0;
    for (let i = 0; i < X.shape[0]; i++) {
      const row = Array.from(X.indices.subarray(X.indptr[i], X.indptr[i + 1]));
      chunks += new Set(row.map((j) => Math.floor(j / chunkCols))).size;
    }
    const chunkBytes = ROWS * chunkCols * 8;
    console.log(
      `${reviews.length} reviews over HTTP, one at a time: ${(fetched / 2 ** 20).toFixed(1)} MiB fetched for ${chunks} touched chunks (${((chunks * chunkBytes) / 2 ** 20).toFixed(1)} MiB)`,
    );
    expect(fetched).toBeLessThan(2.5 * chunks * chunkBytes + 2 ** 20);
    expect(fetched).toBeLessThan(statSync(join(dir, 'chunked.h5')).size);
  }, 180_000);

  it('reads a small contiguous (h5py-written) model over ranges, lazily and whole', async () => {
    if (!hasSklearn()) return;
    const url = `${server.url}small-contiguous.h5`;
    const X = new HashingVectorizer({ nFeatures: SMALL_COLS, ngramRange: [1, 2] }).transform(reviews);
    const lazy = await openLinearModel(await httpSource(url), { backend: hdf5Js(), estimator: 'SGDClassifier' });
    expect(await lazy.decisionFunction(X)).toEqual(expectedDecisions(X));
    await lazy.close();
    const whole = await loadCoefficients(new LogisticRegression(), await httpSource(url), { backend: hdf5Js() });
    expect(whole.decisionFunction(X)).toEqual(expectedDecisions(X));
    // the rule is the budget: the same file over a source with a smaller one is refused
    const tight = await codeAndDetail(async () =>
      openLinearModel(await httpSource(url, undefined, { rangeBudget: 2 ** 20 }), { backend: hdf5Js() }),
    );
    expect(tight.code).toBe('LIMIT_EXCEEDED');
  });

  it('refuses a big contiguous (h5py-written) model over ranges, naming icepickle convert, before fetching its data', async () => {
    if (!hasSklearn()) return;
    expect(statSync(join(dir, 'big-contiguous.h5')).size).toBeGreaterThan(ROWS * BIG_COLS * 8);
    const sent = server.stats.bytes;
    const refused = await codeAndDetail(async () =>
      openLinearModel(await httpSource(`${server.url}big-contiguous.h5`), {
        backend: hdf5Js(),
        estimator: 'SGDClassifier',
      }),
    );
    expect(refused.code).toBe('LIMIT_EXCEEDED');
    expect(refused.detail).toContain('icepickle convert --layout column-chunked');
    expect(refused.detail).toContain('/coef');
    expect(server.stats.bytes - sent).toBeLessThan(2 ** 20);
  });
});
