/**
 * Nothing outside the model file is ever opened: links, external storage and virtual datasets are
 * described, never followed. Their targets are FIFOs here, so any attempt to open one would block
 * (no writer) and the test would time out instead of passing by luck.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetInfo, StoredFile } from '@icepickle/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hdf5Node } from '../src/index.js';
import { makeCases, nativeAndH5py } from './helpers.js';

function within<T>(p: Promise<T>, ms = 5000): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`still running after ${ms} ms: something opened a FIFO`)), ms),
    ),
  ]);
}

describe.skipIf(!nativeAndH5py())('hdf5-node never reaches outside the file', () => {
  let dir: string;
  const files: StoredFile[] = [];
  beforeAll(() => {
    ({ dir } = makeCases());
    for (const target of ['secret.bin', 'other.h5', 'vsource.h5']) {
      rmSync(join(dir, target));
      execFileSync('mkfifo', [join(dir, target)]);
    }
  });
  afterAll(async () => {
    for (const f of files) await f.close();
  });

  for (const fromBytes of [false, true]) {
    const how = fromBytes ? 'bytes' : 'a path';
    const open = async (name: string) => {
      const f = await within(hdf5Node().open(fromBytes ? readFileSync(join(dir, name)) : join(dir, name)));
      files.push(f);
      return f;
    };

    test(`soft and external links are listed with their targets, never followed (${how})`, async () => {
      const f = await open('links.h5');
      expect(f.list().map((n) => [n.kind, n.path, 'target' in n ? n.target : undefined])).toEqual([
        ['dataset', '/data', undefined],
        ['external-link', '/ext', 'other.h5:/data'],
        ['external-link', '/extgroup', 'other.h5:/'],
        ['group', '/g', undefined],
        ['dataset', '/g/again', undefined],
        ['dataset', '/g/inner', undefined],
        ['group', '/g/loop', undefined], // a hard link back to the root: listed, not walked twice
        ['soft-link', '/g/soft_group', '/g'],
        ['soft-link', '/soft', '/data'],
      ]);
      for (const path of ['/soft', '/ext', '/extgroup/data', '/g/soft_group/inner']) {
        await expect(within(f.read(path)), path).rejects.toMatchObject({ code: 'UNSAFE_FILE' });
      }
      expect(() => f.attrs('/extgroup/data')).toThrow(expect.objectContaining({ code: 'UNSAFE_FILE' }));
      expect(Array.from((await within(f.read('/g/again'))).data as Float64Array)).toEqual([1, 2]);
    });

    test(`external storage is flagged and refused (${how})`, async () => {
      const f = await open('external.h5');
      const coef = f.list().find((n) => n.path === '/coef') as DatasetInfo;
      expect(coef).toMatchObject({ external: true, layout: 'contiguous', shape: [3] });
      await expect(within(f.read('/coef'))).rejects.toMatchObject({ code: 'UNSAFE_FILE', object: '/coef' });
      await expect(within(f.read('/coef', { rows: [0, 1] }))).rejects.toMatchObject({ code: 'UNSAFE_FILE' });
      expect(Array.from((await within(f.read('/fine'))).data as Float64Array)).toEqual([1]);
    });

    test(`chunks that do not decode to exactly one chunk are refused before libhdf5 copies them (${how})`, async () => {
      const f = await open('chunks.h5');
      for (const path of ['/bomb', '/short', '/raw_short']) {
        const error = await within(f.read(path)).catch((e: unknown) => e);
        expect(error, path).toMatchObject({ code: 'READ_FAILED', object: path });
        expect((error as Error).message).toMatch(/the file is damaged \(object \/[a-z_]+\): (a )?chunk/);
      }
      expect(Array.from((await within(f.read('/good'))).data as Float64Array)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    test(`virtual datasets are described and refused (${how})`, async () => {
      const f = await open('virtual.h5');
      expect(f.list()).toMatchObject([
        { kind: 'dataset', path: '/coef', layout: 'virtual', shape: [4], dtype: 'float64' },
      ]);
      await expect(within(f.read('/coef'))).rejects.toMatchObject({ code: 'UNSAFE_FILE' });
    });
  }
});
