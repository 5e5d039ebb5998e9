/**
 * Every Python-written fixture (scikit-learn models, pipelines, the storage variants, the hostile
 * corpus) read through hdf5-js and compared with what live h5py (/usr/bin/python3) reads: the same
 * objects in the same order, the same dataset values bit for bit, the same attributes. Files h5py
 * cannot open must be refused with a typed error.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AttrValue, type StoredArray, isIcepickleError } from '@icepickle/core';
import {
  hasSklearn,
  hostileCases,
  hostileDir,
  repoRoot,
  runPythonJson,
  sklearnFixtures,
  storageFixtures,
} from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';
import { hdf5Js } from '../src/node.js';

const here = dirname(fileURLToPath(import.meta.url));

function h5Files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return h5Files(path);
    return name.endsWith('.h5') ? [path] : [];
  });
}

type PyValue = number | string;
interface PyNode {
  path: string;
  kind: string;
  shape?: number[] | null;
  values?: PyValue[];
  error?: string;
}
type PyAttrs = Record<string, Record<string, { shape: number[]; values: PyValue[] } | { error: string }>>;
type PyDump = Record<string, { nodes: PyNode[]; attrs: PyAttrs } | { error: string }>;

/** Values as h5py_dump.py writes them: 64-bit integers as strings, bools as 0/1, non-finite floats as repr. */
function normalise(v: number | bigint | string | boolean, int64: boolean): PyValue {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    return int64 ? String(v) : v;
  }
  return v;
}

function arrayValues(a: StoredArray): PyValue[] {
  const int64 = a.dtype === 'int64' || a.dtype === 'uint64';
  return Array.from(a.data as ArrayLike<number | bigint | string>, (v) => normalise(v, int64));
}

/** An attribute as h5py_dump.py writes it; integers compare as strings (h5py's are 64-bit). */
function attrValues(v: AttrValue): PyValue[] {
  const items = Array.isArray(v) ? (v as Array<number | bigint | string>) : [v as number | bigint | string | boolean];
  return items.map((x) => String(typeof x === 'number' && !Number.isInteger(x) ? x : normalise(x, false)));
}

function pyAttrValues(values: PyValue[]): PyValue[] {
  return values.map((x) => String(x));
}

/**
 * Damaged or hostile files (the corpus's refused cases, the storage suite's damaged heaps): h5py may read
 * them, crash or hang; hdf5-js must either read what h5py reads or refuse with a typed error.
 */
const refusedHostile = new Set(
  Object.entries(hostileCases())
    .filter(([, c]) => c.code !== null)
    .map(([name]) => join(hostileDir, name)),
);
const mayRefuse = (file: string): boolean => refusedHostile.has(file) || /damaged-heap/.test(file);

const files = [...h5Files(sklearnFixtures), ...h5Files(storageFixtures), ...h5Files(hostileDir)].sort();

describe.runIf(hasSklearn())('hdf5-js reads what h5py reads', () => {
  const dump = runPythonJson<PyDump>(join(here, 'h5py_dump.py'), files);
  const backend = hdf5Js();

  it.each(files.map((f) => [relative(repoRoot, f), f]))('%s', async (_name, file) => {
    const expected = dump[file]!;
    if ('error' in expected) {
      const error = await backend.open(file).then(
        (f) => f.close().then(() => undefined),
        (e: unknown) => e,
      );
      // h5py could not open it: hdf5-js must refuse it with a typed error (damaged files: or read it)
      if (!(mayRefuse(file) && error === undefined))
        expect(isIcepickleError(error), `${expected.error} / ${String(error)}`).toBe(true);
      return;
    }
    try {
      await compare(file, expected);
    } catch (error) {
      if (!(mayRefuse(file) && isIcepickleError(error))) throw error;
    }
  });

  async function compare(file: string, expected: { nodes: PyNode[]; attrs: PyAttrs }): Promise<void> {
    const stored = await backend.open(file, { maxObjects: 1e6, maxAttributeBytes: 2 ** 40 });
    try {
      const listed = stored.list().map((n) => ({ path: n.path, kind: n.kind }));
      expect(listed).toEqual(expected.nodes.map((n) => ({ path: n.path, kind: n.kind })));
      for (const node of expected.nodes) {
        if (node.kind !== 'dataset') continue;
        const info = stored.list().find((n) => n.path === node.path)!;
        if (node.shape) expect(info.kind === 'dataset' && info.shape).toEqual(node.shape);
        if (node.values) expect(arrayValues(await stored.read(node.path)), node.path).toEqual(node.values);
      }
      for (const [path, attrs] of Object.entries(expected.attrs)) {
        const got = stored.attrs(path);
        const want = Object.entries(attrs).filter(([, a]) => !('error' in a));
        expect(Object.keys(got).sort(), path).toEqual(want.map(([k]) => k).sort());
        for (const [name, a] of want) {
          if ('error' in a) continue;
          expect(Array.isArray(got[name]), `${path} ${name} is an array`).toBe(a.shape.length > 0);
          expect(attrValues(got[name]!), `${path} ${name}`).toEqual(pyAttrValues(a.values));
        }
      }
    } finally {
      await stored.close();
    }
  }
});
