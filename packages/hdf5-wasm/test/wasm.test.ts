/** What is specific to the h5wasm backend: its private in-memory filesystem, shared init, limits. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isIcepickleError } from '@icepickle/core';
import { storageFixtures } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';
import { loadH5wasm, memfs } from '../src/h5wasm-module.js';
import { hdf5Wasm } from '../src/node.js';
import { addressFromReference, describeStorage, readSuperblock } from '../src/object-header.js';

const fixture = (name: string) => join(storageFixtures, name);

async function memfsEntries(): Promise<string[]> {
  const { module } = await loadH5wasm();
  return memfs(module)
    .readdir('/')
    .filter((n) => n.startsWith('icepickle-'));
}

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'resolved';
  } catch (error) {
    return isIcepickleError(error) ? error.code : `not an IcepickleError: ${String(error)}`;
  }
}

describe('hdf5-wasm: isolation', () => {
  it('runs HDF5 on an in-memory filesystem that has no host files in it', async () => {
    const { module } = await loadH5wasm();
    const root = memfs(module).readdir('/');
    expect(root).not.toContain('etc');
    expect(root).not.toContain('work');
    // h5wasm's own File cannot even see a host path
    const { lib } = await loadH5wasm();
    expect(() => new lib.File('/etc/passwd', 'r')).toThrow();
  });

  it('removes its MEMFS copy on close, after failed opens, and after writes', async () => {
    const backend = hdf5Wasm();
    const before = await memfsEntries();
    const f = await backend.open(fixture('dtypes.h5'));
    expect((await memfsEntries()).length).toBe(before.length + 1);
    await f.close();
    for (const bad of ['truncated.h5', 'not-hdf5.h5', 'empty.h5'])
      expect(await codeOf(() => backend.open(fixture(bad)))).toBe('NOT_HDF5');
    await backend.write(undefined, {
      datasets: [{ path: '/x', array: { dtype: 'float64', shape: [1], data: Float64Array.of(1) } }],
    });
    expect(
      await codeOf(() =>
        backend.write(undefined, {
          attrs: { flag: true },
          datasets: [{ path: '/x', array: { dtype: 'float64', shape: [1], data: Float64Array.of(1) } }],
        }),
      ),
    ).toBe('NOT_SUPPORTED');
    expect(await memfsEntries()).toEqual(before);
  });

  it('keeps a private copy of the bytes it is given', async () => {
    const bytes = new Uint8Array(readFileSync(fixture('dtypes.h5')));
    const f = await hdf5Wasm().open(bytes);
    bytes.fill(0);
    expect(Array.from((await f.read('/float64', { rows: [0, 1] })).data as Float64Array)).toEqual([
      0.25, 1.2490234375, 2.248046875, 3.2470703125,
    ]);
    await f.close();
  });

  it('opens a view into a larger buffer (byteOffset honoured)', async () => {
    const file = readFileSync(fixture('dtypes.h5'));
    const big = new Uint8Array(file.length + 100);
    big.set(file, 37);
    const f = await hdf5Wasm().open(big.subarray(37, 37 + file.length));
    expect(f.list().length).toBe(14);
    await f.close();
  });
});

describe('hdf5-wasm: initialisation', () => {
  it('shares one initialisation between concurrent callers and backends', async () => {
    expect(loadH5wasm()).toBe(loadH5wasm());
    const [a, b] = await Promise.all([hdf5Wasm().open(fixture('links.h5')), hdf5Wasm().open(fixture('links.h5'))]);
    expect(a.list()).toEqual(b.list());
    await Promise.all([a.close(), b.close()]);
  });

  it('accepts an injected library, and reports one that fails as BACKEND_UNAVAILABLE', async () => {
    const injected = hdf5Wasm({ lib: () => import('h5wasm') });
    const f = await injected.open(fixture('dtypes.h5'));
    expect(f.list().length).toBe(14);
    await f.close();
    const broken = hdf5Wasm({ lib: () => Promise.reject(new Error('no wasm here')) });
    let error: unknown;
    try {
      await broken.open(fixture('dtypes.h5'));
    } catch (e) {
      error = e;
    }
    expect(isIcepickleError(error, 'BACKEND_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toMatch(/Possible solutions/);
  });
});

describe('hdf5-wasm: when HDF5 crashes inside wasm', () => {
  // A bit-flipped file (found by fuzzing) on which HDF5 2.0 in h5wasm 0.10.3 calls a null function
  // pointer while converting /big_endian: the wasm instance traps and its memory is no longer trusted.
  const trap = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'hdf5-trap.h5');

  it('answers with a typed error, restarts h5wasm, and moves files opened before to the new instance', async () => {
    const backend = hdf5Wasm();
    const innocent = await backend.open(fixture('dtypes.h5'));
    const before = await loadH5wasm(undefined);
    const bad = await backend.open(trap);
    let crash: unknown;
    try {
      await bad.read('/big_endian');
    } catch (error) {
      crash = error;
    }
    expect(isIcepickleError(crash, 'READ_FAILED')).toBe(true);
    expect((crash as Error).message).toMatch(/HDF5 crashed/);
    expect(before.crashed).toBe(true);
    await bad.close();
    // the file opened before the crash is reopened on a fresh instance, with the right values
    expect(Array.from((await innocent.read('/utf8_vlen')).data as string[])).toEqual([
      'setosa',
      'versicolor',
      'virginica',
      'naïve ☃',
    ]);
    expect((await innocent.read('/float64', { rows: [2, 3], cols: [1] })).data).toEqual(
      Float64Array.of(201.2509765625),
    );
    await innocent.close();
    const after = await loadH5wasm(undefined);
    expect(after).not.toBe(before);
    expect(after.crashed).toBeUndefined();
    const next = await backend.open(fixture('layouts.h5'));
    expect(Array.from((await next.read('/gzip', { rows: [0, 1], cols: [0] })).data as Float64Array)).toEqual([0.25]);
    await next.close();
  });
});

describe('hdf5-wasm: limits', () => {
  it('stops listing past maxObjects with LIMIT_EXCEEDED', async () => {
    expect(await codeOf(() => hdf5Wasm().open(fixture('dtypes.h5'), { maxObjects: 5 }))).toBe('LIMIT_EXCEEDED');
    const f = await hdf5Wasm().open(fixture('dtypes.h5'), { maxObjects: 14 });
    await f.close();
  });

  it('uses the label in messages', async () => {
    try {
      await hdf5Wasm().open(new Uint8Array(4), { label: 'upload.h5' });
    } catch (e) {
      expect((e as Error).message).toBe(
        '[icepickle] [hdf5-wasm] upload.h5: no HDF5 signature found; this is not an HDF5 file (icepickle never falls back to pickle or any other format)',
      );
      expect((e as { file?: string }).file).toBe('upload.h5');
    }
    expect.assertions(2);
  });
});

describe('hdf5-wasm: object header reader', () => {
  it('finds no superblock in non-HDF5 bytes and never throws on garbage addresses', () => {
    expect(readSuperblock(new Uint8Array(1000))).toBeUndefined();
    const bytes = new Uint8Array(readFileSync(fixture('layouts.h5')));
    const sb = readSuperblock(bytes)!;
    expect(sb).toEqual({ baseAddress: 0, sizeOfOffsets: 8, sizeOfLengths: 8 });
    for (const address of [0, 1, 7, 96, bytes.length - 3, bytes.length + 10, 2 ** 52]) {
      expect(() => describeStorage(bytes, sb, address)).not.toThrow();
    }
  });

  it('finds where contiguous data of plain numeric types sits (read without HDF5), and only for those', async () => {
    const { lib, module } = await loadH5wasm();
    const direct = (file: string, path: string) => {
      const bytes = new Uint8Array(readFileSync(fixture(file)));
      memfs(module).writeFile('/direct-check.h5', bytes);
      const h5 = new lib.File('/direct-check.h5', 'r');
      try {
        const address = addressFromReference(module.create_object_reference(h5.file_id, path))!;
        return describeStorage(bytes, readSuperblock(bytes)!, address)?.contiguous !== undefined;
      } finally {
        h5.close();
        memfs(module).unlink('/direct-check.h5');
      }
    };
    for (const path of ['/float64', '/float32', '/int64', '/int32', '/uint8', '/bool', '/scalar_f64'])
      expect(direct('dtypes.h5', path), path).toBe(true);
    for (const path of ['/utf8_vlen', '/ascii_fixed']) expect(direct('dtypes.h5', path), path).toBe(false);
    for (const path of ['/big_endian', '/big_endian_i4', '/uint64', '/int8'])
      expect(direct('more-types.h5', path), path).toBe(true);
    for (const path of ['/float16', '/compound', '/reference', '/empty'])
      expect(direct('more-types.h5', path), path).toBe(false);
    for (const path of ['/chunked', '/compact']) expect(direct('layouts.h5', path), path).toBe(false);
    expect(direct('latest.h5', '/contiguous')).toBe(true);
    expect(direct('latest.h5', '/outside')).toBe(false);
  });

  it('survives bit flips and truncations: a typed error or a file that reads, never anything else', async () => {
    const backend = hdf5Wasm();
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const outcomes = new Map<string, number>();
    for (const name of ['layouts.h5', 'dtypes.h5']) {
      const original = new Uint8Array(readFileSync(fixture(name)));
      for (let trial = 0; trial < 120; trial++) {
        const bytes = original.slice(0, trial % 10 === 0 ? Math.floor(random() * original.length) : original.length);
        const flips = 1 + Math.floor(random() * 5);
        for (let k = 0; k < flips; k++) {
          const at = Math.floor(random() * bytes.length);
          bytes[at] = bytes[at]! ^ (1 << Math.floor(random() * 8));
        }
        let outcome: string;
        try {
          const f = await backend.open(bytes);
          for (const node of f.list()) {
            if (node.kind !== 'dataset') continue;
            try {
              await f.read(node.path);
            } catch (error) {
              if (!isIcepickleError(error)) throw error;
            }
          }
          await f.close();
          outcome = 'opened';
        } catch (error) {
          if (!isIcepickleError(error)) throw error;
          outcome = error.code;
        }
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    }
    // every case ended in one of these (anything else threw above); both kinds must occur
    expect(outcomes.get('opened')).toBeGreaterThan(0);
    expect(outcomes.get('NOT_HDF5')).toBeGreaterThan(0);
    // and the backend still reads a good file correctly afterwards
    const f = await backend.open(fixture('dtypes.h5'));
    expect((await f.read('/utf8_vlen', { rows: [0, 1] })).data).toEqual(['setosa']);
    await f.close();
  });
});

describe('hdf5-wasm: thousands of damaged files in one instance', () => {
  // h5wasm throws HDF5's errors as JavaScript exceptions out of HDF5's error callback. Each left ~1 KB of
  // the wasm shadow stack and an open tmpfile() stream behind, and after ~2,000 errors one instance
  // trapped (or hung: found by fuzzing). settle() undoes both before each use of the instance.
  it('stays on one instance, its stack pointer back at rest and no streams left open', async () => {
    const backend = hdf5Wasm();
    const good = new Uint8Array(readFileSync(fixture('layouts.h5')));
    await (await backend.open(good)).close();
    const loaded = await loadH5wasm();
    const stack = loaded.stack!;
    expect(stack, "h5wasm's stack pointer was found").toBeDefined();
    const truncated = good.slice(0, 1024);
    const codes = new Set<string>();
    for (let i = 0; i < 2500; i++) codes.add(await codeOf(() => backend.open(truncated)));
    expect([...codes]).toEqual(['NOT_HDF5']);
    expect(loaded.crashed).toBeUndefined();
    expect(await loadH5wasm()).toBe(loaded);
    const f = await backend.open(good);
    expect(Array.from((await f.read('/gzip', { rows: [0, 1], cols: [0] })).data as Float64Array)).toEqual([0.25]);
    await f.close();
    expect(stack.pointer.value).toBe(stack.resting);
    expect(memfs(loaded.module).streams.filter(Boolean).length).toBeLessThanOrEqual(3);
  });

  it('in Node, replaces an instance after 5,000 HDF5 errors, before what they leave fills its heap, and empties the old one', async () => {
    const backend = hdf5Wasm();
    const good = new Uint8Array(readFileSync(fixture('layouts.h5')));
    const before = await backend.open(good);
    const first = await loadH5wasm();
    for (let i = 0; i < 5000; i++) await codeOf(() => backend.open(good.slice(0, 1024)));
    const next = await backend.open(good);
    expect(await loadH5wasm()).not.toBe(first);
    expect(first.crashed).toBe(true);
    // nothing of the old instance stays reachable through its module object: its memory can be freed
    expect(Reflect.ownKeys(first.module)).toEqual([]);
    // a file opened before the switch moves to the new instance on its next read
    for (const f of [before, next]) {
      expect(Array.from((await f.read('/gzip', { rows: [0, 1], cols: [0] })).data as Float64Array)).toEqual([0.25]);
      await f.close();
    }
  });
});
