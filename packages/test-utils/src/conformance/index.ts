/**
 * The storage backend conformance suite: every promise of core's storage contract
 * (packages/core/src/storage/types.ts), checked against files written by real h5py
 * (fixtures/storage, made by fixtures/generate_storage.py) and scikit-learn's model files, and every
 * file a backend writes is read back by h5py (/usr/bin/python3). Every backend runs it unchanged, so
 * they answer the same files with the same values and the same error codes.
 *
 * Filters a backend must decode: deflate (1), shuffle (2), fletcher32 (3) — the strict profile's
 * allowlist. Anything else is UNSUPPORTED_FILTER on read, never garbage.
 *
 * One file per concern: list.ts, attrs.ts, read.ts (with the types outside the DType set),
 * refusals.ts, writer.ts (createWriter), write.ts; suite.ts holds what they share. same-outcome.ts
 * compares backends with each other (test/same-outcome.test.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StorageBackend, StoredFile } from '@icepickle/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attrsTests } from './attrs.js';
import { listTests } from './list.js';
import { readTests, typesTests } from './read.js';
import { refusalTests } from './refusals.js';
import { type ConformanceOptions, type Expected, type Suite, storageFixtures } from './suite.js';
import { writeTests } from './write.js';
import { writerTests } from './writer.js';

export { readWithH5py } from './h5py.js';
export { type FileOutcome, type PathOutcome, outcomeOf, sameOutcome } from './same-outcome.js';
export { type ConformanceOptions, type OptionalWrite, storageFixtures } from './suite.js';

export function testBackendConformance(
  name: string,
  makeBackend: () => StorageBackend | Promise<StorageBackend>,
  options: ConformanceOptions = {},
): void {
  describe(`storage backend conformance: ${name}`, () => {
    const s = createSuite(makeBackend, options);
    it('has a name', () => {
      expect(typeof s.backend.name).toBe('string');
      expect(s.backend.name.length).toBeGreaterThan(0);
    });

    it('declares the optional writes it lacks in capabilities', () => {
      expect(s.backend.capabilities?.shuffle !== false).toBe(!s.unsupported.has('shuffle'));
      expect(s.backend.capabilities?.bool !== false).toBe(!s.unsupported.has('bool'));
    });

    listTests(s);
    typesTests(s);
    attrsTests(s);
    readTests(s);
    refusalTests(s);
    writerTests(s);
    writeTests(s);
  });
}

/** The shared state, with the hooks that make and clean it up (call inside the suite's describe). */
function createSuite(makeBackend: () => StorageBackend | Promise<StorageBackend>, options: ConformanceOptions): Suite {
  let backend: StorageBackend | undefined;
  let scratch: string | undefined;
  const opened: StoredFile[] = [];
  const supportsPaths = options.supportsPaths ?? true;
  const fixture = (file: string) => join(storageFixtures, file);
  const track = (f: StoredFile) => {
    opened.push(f);
    return f;
  };
  const s: Suite = {
    get backend() {
      if (backend === undefined) throw new Error('the conformance suite runs its tests after beforeAll');
      return backend;
    },
    get scratch() {
      if (scratch === undefined) throw new Error('the conformance suite runs its tests after beforeAll');
      return scratch;
    },
    supportsPaths,
    writesHdf5: options.writesHdf5 ?? true,
    unsupported: new Set(options.unsupportedWrites ?? []),
    expected: JSON.parse(readFileSync(join(storageFixtures, 'expected.json'), 'utf8')) as Expected,
    opened,
    fixture,
    open: async (file) =>
      track(
        supportsPaths
          ? await s.backend.open(fixture(file))
          : await s.backend.open(new Uint8Array(readFileSync(fixture(file))), { label: file }),
      ),
    openBytes: async (bytes) => track(await s.backend.open(bytes)),
  };
  beforeAll(async () => {
    backend = await makeBackend();
    scratch = mkdtempSync(join(tmpdir(), 'icepickle-conformance-'));
  });
  afterAll(async () => {
    for (const f of opened) await f.close();
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });
  return s;
}
