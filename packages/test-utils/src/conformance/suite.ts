/**
 * What every part of the conformance suite shares: the options, the suite context (the backend under
 * test, its scratch folder, fixture openers) and small assertion helpers.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  DatasetInfo,
  IcepickleError,
  IcepickleErrorCode,
  StorageBackend,
  StoredArray,
  StoredFile,
} from '@icepickle/core';
import { expect } from 'vitest';
import { codeOf as anyCodeOf } from '../code-of.js';

/** Folder of the h5py-written files the suite reads. */
export const storageFixtures = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'storage');

/** Writes a backend may refuse with NOT_SUPPORTED (and then must refuse, never write something else). */
export type OptionalWrite = 'bool' | 'shuffle' | 'compressed-strings';

export interface ConformanceOptions {
  /** The backend opens and writes file paths (Node). Default true. Without, bytes only. */
  supportsPaths?: boolean;
  /** Writes this backend refuses with NOT_SUPPORTED; everything else must work. Default none. */
  unsupportedWrites?: readonly OptionalWrite[];
  /**
   * `write(undefined)` returns HDF5 bytes, which h5py reads. Default true; false for a backend whose
   * bytes are its own (the memory reference backend): the HDF5 signature and h5py checks are skipped.
   */
  writesHdf5?: boolean;
}

export interface Expected {
  dtypes: Record<string, { shape: number[]; values: Array<number | string> }>;
  layouts: { matrix: number[]; compact: number[] };
}

/** The suite's state, shared by its parts; `backend` and `scratch` exist once `beforeAll` has run. */
export interface Suite {
  readonly backend: StorageBackend;
  readonly scratch: string;
  readonly supportsPaths: boolean;
  readonly writesHdf5: boolean;
  readonly unsupported: ReadonlySet<OptionalWrite>;
  readonly expected: Expected;
  /** Files opened by tests, closed after the suite. */
  readonly opened: StoredFile[];
  fixture(file: string): string;
  /** Opens a fixture by path where the backend supports paths, else by bytes (labelled with its name). */
  open(file: string): Promise<StoredFile>;
  openBytes(bytes: Uint8Array): Promise<StoredFile>;
}

/** codeOf (../code-of.ts), each IcepickleError checked to be structured: scope, detail and file. */
export function codeOf(run: () => Promise<unknown>): Promise<IcepickleErrorCode | string> {
  return anyCodeOf(run, expectStructured);
}

/** Errors are data: a scope, a non-empty detail and the file they are about, never a message to parse. */
function expectStructured(error: IcepickleError): void {
  expect(typeof error.code).toBe('string');
  expect(error.detail.length, `detail of: ${error.message}`).toBeGreaterThan(0);
  expect(error.scope, `scope of: ${error.message}`).toBeTruthy();
  expect(error.file, `file of: ${error.message}`).toBeTruthy();
}

export function values(a: StoredArray): Array<number | string> {
  const data = a.data as ArrayLike<number | bigint | string>;
  return Array.from(data, (v) => (typeof v === 'bigint' ? v.toString() : v));
}

export function dataset(file: StoredFile, path: string): DatasetInfo {
  const node = file.list().find((n) => n.path === path);
  expect(node, `listed: ${path}`).toBeDefined();
  expect(node!.kind).toBe('dataset');
  return node as DatasetInfo;
}

/** Row-major gather of rows [r0, r1) and columns `cols` from a row-major matrix with `width` columns. */
export function gather(
  matrix: readonly number[],
  width: number,
  rows: readonly [number, number],
  cols?: readonly number[],
): number[] {
  const out: number[] = [];
  for (let i = rows[0]; i < rows[1]; i++) {
    for (const j of cols ?? Array.from({ length: width }, (_, k) => k)) out.push(matrix[i * width + j]!);
  }
  return out;
}

export const DATA_CTOR: Record<string, string> = {
  float64: 'Float64Array',
  float32: 'Float32Array',
  int64: 'BigInt64Array',
  int32: 'Int32Array',
  uint8: 'Uint8Array',
  bool: 'Uint8Array',
};
