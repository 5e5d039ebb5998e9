/** Conformance, createWriter(): streamed datasets block by block, bad specs refused, abort leaves the target. */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeOf, type Suite } from './suite.js';

export function writerTests(s: Suite): void {
  describe('createWriter() (streaming writes, where the backend has it)', () => {
    streamsBlocks(s);
    refusesBadStreamsAndAborts(s);
  });
}

const dirOf = (s: Suite) => {
  const d = join(s.scratch, 'stream');
  mkdirSync(d, { recursive: true });
  return d;
};

function streamsBlocks(s: Suite): void {
  it('fills a chunked, gzipped (and shuffled where it can) dataset block by block and a float32 one; whole datasets and attributes as write() does', async () => {
    if (!s.backend.createWriter) return;
    const dir = dirOf(s);
    const shuffle = s.backend.capabilities?.shuffle !== false;
    const path = join(dir, 'streamed.h5');
    const writer = await s.backend.createWriter(path, {
      attrs: { kind: 'test', n: 3 },
      datasets: [{ path: '/meta/labels', array: { dtype: 'utf8', shape: [2], data: ['a', 'b'] } }],
      streamed: [
        {
          path: '/g/values',
          dtype: 'float64',
          shape: [4, 10],
          chunks: [4, 3],
          gzip: 5,
          ...(shuffle ? { shuffle: true } : {}),
          attrs: { unit: 'm' },
        },
        { path: '/small', dtype: 'float32', shape: [6] },
      ],
    });
    // temp files on disk, for backends that write to the filesystem
    if (s.supportsPaths) expect(readdirSync(dir).filter((f) => f.startsWith('.streamed.h5.'))).toHaveLength(1);
    for (let c = 0; c < 10; c += 4) {
      const w = Math.min(4, 10 - c);
      await writer.write(
        '/g/values',
        [0, c],
        [4, w],
        Float64Array.from({ length: 4 * w }, (_, i) => Math.floor(i / w) * 100 + c + (i % w)),
      );
    }
    await writer.write('small', [2], [4], Float32Array.of(0.5, 1.5, 2.5, 3.5));
    expect(await codeOf(() => writer.write('/nope', [0], [1], new Float64Array(1)))).toBe('INVALID_INPUT');
    expect(await codeOf(() => writer.write('/g/values', [0, 8], [4, 3], new Float64Array(12)))).toBe('INVALID_INPUT');
    expect(await codeOf(() => writer.write('/g/values', [0, 0], [4, 1], new Float32Array(4)))).toBe('INVALID_INPUT');
    expect(await codeOf(() => writer.write('/g/values', [0, 0], [4, 1], new Float64Array(5)))).toBe('SHAPE_MISMATCH');
    await writer.close();
    expect(await codeOf(() => writer.write('/small', [0], [1], new Float32Array(1)))).toBe('CLOSED');
    if (s.supportsPaths) expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);

    const file = await s.backend.open(path);
    s.opened.push(file);
    const values = file.list().find((n) => n.path === '/g/values');
    expect(values).toMatchObject({
      dtype: 'float64',
      shape: [4, 10],
      layout: 'chunked',
      chunks: [4, 3],
      filters: shuffle ? [{ id: 2 }, { id: 1 }] : [{ id: 1 }],
    });
    expect(Array.from((await file.read('/g/values')).data as Float64Array)).toEqual(
      Array.from({ length: 40 }, (_, i) => Math.floor(i / 10) * 100 + (i % 10)),
    );
    expect(Array.from((await file.read('/small')).data as Float32Array)).toEqual([0, 0, 0.5, 1.5, 2.5, 3.5]);
    expect((await file.read('/meta/labels')).data).toEqual(['a', 'b']);
    expect(file.attrs('/')).toEqual({ kind: 'test', n: 3 });
    expect(file.attrs('/g/values')).toEqual({ unit: 'm' });
  });
}

function refusesBadStreamsAndAborts(s: Suite): void {
  it('refuses bad specs before creating a file; abort() removes the temp file and leaves the target alone', async () => {
    if (!s.backend.createWriter) return;
    const dir = dirOf(s);
    const path = join(dir, 'refused.h5');
    const create = (spec: object) => codeOf(() => s.backend.createWriter!(path, spec as never));
    expect(await create({ datasets: [], streamed: [] })).toBe('INVALID_INPUT');
    expect(await create({ datasets: [], streamed: [{ path: '/x', dtype: 'int32', shape: [2] }] })).toBe(
      'INVALID_INPUT',
    );
    expect(await create({ datasets: [], streamed: [{ path: '/x', dtype: 'float64', shape: [2], gzip: 4 }] })).toBe(
      'INVALID_INPUT',
    );
    expect(
      await create({
        datasets: [{ path: '/x', array: { dtype: 'float64', shape: [1], data: Float64Array.of(1) } }],
        streamed: [{ path: '/x', dtype: 'float64', shape: [2] }],
      }),
    ).toBe('INVALID_INPUT');
    if (s.backend.capabilities?.shuffle === false)
      expect(
        await create({
          datasets: [],
          streamed: [{ path: '/x', dtype: 'float64', shape: [2], chunks: [2], shuffle: true }],
        }),
      ).toBe('NOT_SUPPORTED');
    if (s.supportsPaths) expect(readdirSync(dir).filter((f) => f.includes('refused'))).toEqual([]);
    await s.backend.write(path, {
      datasets: [{ path: '/old', array: { dtype: 'float64', shape: [1], data: Float64Array.of(42) } }],
    });
    const writer = await s.backend.createWriter(path, {
      datasets: [],
      streamed: [{ path: '/new', dtype: 'float64', shape: [2] }],
    });
    await writer.write('/new', [0], [2], Float64Array.of(1, 2));
    await writer.abort();
    await writer.abort();
    expect(await codeOf(() => writer.close())).toBe('CLOSED');
    if (s.supportsPaths) expect(readdirSync(dir).filter((f) => f.includes('refused'))).toEqual(['refused.h5']);
    const file = await s.backend.open(path);
    s.opened.push(file);
    expect(file.list().map((n) => n.path)).toEqual(['/old']);
  });
}
