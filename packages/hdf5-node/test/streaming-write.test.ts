import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isIcepickleError } from '@icepickle/core';
import { hdf5Node } from '../src/index.js';
import { nativeAvailable } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'icepickle-node-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (isIcepickleError(e) ? e.code : String(e)));

describe.runIf(nativeAvailable())('hdf5-node createWriter', () => {
  it('fills a chunked, shuffled, gzipped dataset block by block and a float32 one; whole datasets and attributes as write() does', async () => {
    const backend = hdf5Node();
    const path = join(dir, 'streamed.h5');
    const writer = await backend.createWriter!(path, {
      attrs: { kind: 'test', n: 3 },
      datasets: [{ path: '/meta/labels', array: { dtype: 'utf8', shape: [2], data: ['a', 'b'] } }],
      streamed: [
        { path: '/g/values', dtype: 'float64', shape: [4, 10], chunks: [4, 3], gzip: 5, shuffle: true, attrs: { unit: 'm' } },
        { path: '/small', dtype: 'float32', shape: [6] },
      ],
    });
    expect(readdirSync(dir).filter((f) => f.startsWith('.streamed.h5.'))).toHaveLength(1);
    for (let c = 0; c < 10; c += 4) {
      const w = Math.min(4, 10 - c);
      await writer.write('/g/values', [0, c], [4, w], Float64Array.from({ length: 4 * w }, (_, i) => Math.floor(i / w) * 100 + c + (i % w)));
    }
    await writer.write('small', [2], [4], Float32Array.of(0.5, 1.5, 2.5, 3.5));
    expect(await codeOf(writer.write('/nope', [0], [1], new Float64Array(1)))).toBe('INVALID_INPUT');
    expect(await codeOf(writer.write('/g/values', [0, 8], [4, 3], new Float64Array(12)))).toBe('INVALID_INPUT');
    expect(await codeOf(writer.write('/g/values', [0, 0], [4, 1], new Float32Array(4)))).toBe('INVALID_INPUT');
    expect(await codeOf(writer.write('/g/values', [0, 0], [4, 1], new Float64Array(5)))).toBe('SHAPE_MISMATCH');
    await writer.close();
    expect(await codeOf(writer.write('/small', [0], [1], new Float32Array(1)))).toBe('CLOSED');
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);

    const file = await backend.open(path);
    const values = file.list().find((n) => n.path === '/g/values');
    expect(values).toMatchObject({ dtype: 'float64', shape: [4, 10], layout: 'chunked', chunks: [4, 3], filters: [{ id: 2 }, { id: 1 }] });
    expect(Array.from((await file.read('/g/values')).data as Float64Array)).toEqual(Array.from({ length: 40 }, (_, i) => Math.floor(i / 10) * 100 + (i % 10)));
    expect(Array.from((await file.read('/small')).data as Float32Array)).toEqual([0, 0, 0.5, 1.5, 2.5, 3.5]);
    expect((await file.read('/meta/labels')).data).toEqual(['a', 'b']);
    expect(file.attrs('/')).toEqual({ kind: 'test', n: 3 });
    expect(file.attrs('/g/values')).toEqual({ unit: 'm' });
    await file.close();
  });

  it('refuses bad specs before creating a file; abort() removes the temp file and leaves the target alone', async () => {
    const backend = hdf5Node();
    const path = join(dir, 'refused.h5');
    expect(await codeOf(backend.createWriter!(path, { datasets: [], streamed: [] }))).toBe('INVALID_INPUT');
    expect(await codeOf(backend.createWriter!(path, { datasets: [], streamed: [{ path: '/x', dtype: 'int32' as 'float64', shape: [2] }] }))).toBe('INVALID_INPUT');
    expect(await codeOf(backend.createWriter!(path, { datasets: [], streamed: [{ path: '/x', dtype: 'float64', shape: [2], gzip: 4 }] }))).toBe('INVALID_INPUT');
    expect(await codeOf(backend.createWriter!(path, { datasets: [{ path: '/x', array: { dtype: 'float64', shape: [1], data: Float64Array.of(1) } }], streamed: [{ path: '/x', dtype: 'float64', shape: [2] }] }))).toBe('INVALID_INPUT');
    expect(readdirSync(dir).filter((f) => f.includes('refused'))).toEqual([]);
    await backend.write(path, { datasets: [{ path: '/old', array: { dtype: 'float64', shape: [1], data: Float64Array.of(42) } }] });
    const writer = await backend.createWriter!(path, { datasets: [], streamed: [{ path: '/new', dtype: 'float64', shape: [2] }] });
    await writer.write('/new', [0], [2], Float64Array.of(1, 2));
    await writer.abort();
    await writer.abort();
    expect(await codeOf(writer.close())).toBe('CLOSED');
    expect(readdirSync(dir).filter((f) => f.includes('refused'))).toEqual(['refused.h5']);
    const file = await backend.open(path);
    expect(file.list().map((n) => n.path)).toEqual(['/old']);
    await file.close();
  });
});
