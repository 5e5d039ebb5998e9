/** What is specific to the h5wasm backend: its private in-memory filesystem, shared init, limits. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isIcepickleError } from '@icepickle/core';
import { storageFixtures, codeOf } from '@icepickle/test-utils';
import { describe, expect, it } from 'vitest';
import { loadH5wasm, memfs } from '../src/h5wasm-module.js';
import { hdf5Wasm } from '../src/node.js';

const fixture = (name: string) => join(storageFixtures, name);

async function memfsEntries(): Promise<string[]> {
  const { module } = await loadH5wasm();
  return memfs(module)
    .readdir('/')
    .filter((n) => n.startsWith('icepickle-'));
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

  it('never hands a file it opens to h5wasm (hdf5-js reads it), and leaves no MEMFS copy after writes', async () => {
    const backend = hdf5Wasm();
    const before = await memfsEntries();
    const f = await backend.open(fixture('dtypes.h5'));
    expect(await memfsEntries()).toEqual(before);
    expect(Array.from((await f.read('/float64', { rows: [0, 1] })).data as Float64Array)).toHaveLength(4);
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

  it('accepts an injected library, and reports one that fails as BACKEND_UNAVAILABLE when writing', async () => {
    const one = {
      datasets: [{ path: '/x', array: { dtype: 'float64' as const, shape: [1], data: Float64Array.of(1) } }],
    };
    const injected = hdf5Wasm({ lib: () => import('h5wasm') });
    const f = await injected.open((await injected.write(undefined, one))!);
    expect(f.list().length).toBe(1);
    await f.close();
    const broken = hdf5Wasm({ lib: () => Promise.reject(new Error('no wasm here')) });
    // opening needs no h5wasm at all: hdf5-js reads
    await (await broken.open(fixture('dtypes.h5'))).close();
    let error: unknown;
    try {
      await broken.write(undefined, one);
    } catch (e) {
      error = e;
    }
    expect(isIcepickleError(error, 'BACKEND_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).not.toContain('\n');
    expect(((error as Error).cause as Error).message).toMatch(/Possible solutions/);
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
        '[icepickle] [hdf5-js] upload.h5: no HDF5 signature found; this is not an HDF5 file (icepickle never falls back to pickle or any other format)',
      );
      expect((e as { file?: string }).file).toBe('upload.h5');
    }
    expect.assertions(2);
  });
});

describe('hdf5-wasm: damaged files', () => {
  // A bit-flipped file (found by fuzzing) on which HDF5 2.0 in h5wasm 0.10.3 called a null function
  // pointer converting /big_endian, trapping the wasm instance. Reads are hdf5-js's now: h5wasm never sees it.
  it('reads the file that trapped h5wasm without h5wasm: a typed outcome, no instance harmed', async () => {
    const trap = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'hdf5-trap.h5');
    const outcome = await hdf5Wasm()
      .open(trap)
      .then(async (f) => {
        try {
          return `read ${(await f.read('/big_endian')).shape}`;
        } finally {
          await f.close();
        }
      })
      .catch((e: unknown) => (isIcepickleError(e) ? e.code : `untyped: ${String(e)}`));
    // hdf5-js finds the root group's header damaged (HDF5 2.0 opened it, then trapped reading)
    expect(outcome).toBe('READ_FAILED');
    expect((await loadH5wasm()).crashed).toBeUndefined();
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
