import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasSklearn, python } from '@icepickle/test-utils';
import { isHdf5NodeAvailable } from '../src/index.js';

export const here = dirname(fileURLToPath(import.meta.url));
export const packageRoot = join(here, '..');

/** The addon is built. Under CI=true a missing build is a failure, never a skip. */
export function nativeAvailable(): boolean {
  const ok = isHdf5NodeAvailable();
  if (!ok && process.env.CI)
    throw new Error(
      '@icepickle/hdf5-node is not built under CI=true: install libhdf5-dev pkg-config and run pnpm rebuild @icepickle/hdf5-node',
    );
  return ok;
}

/** Both the addon and h5py (for files written by, and checked against, h5py). */
export function nativeAndH5py(): boolean {
  return nativeAvailable() && hasSklearn();
}

export interface DatasetTruth {
  shape: number[];
  chunks: number[] | null;
  filters: number[];
  layout: string;
  values?: Array<number | boolean | string>;
}

export type Manifest = Record<string, Record<string, DatasetTruth>>;

/** Writes the h5py case files (test/fixtures/make-cases.py) into a fresh folder; returns it and h5py's reading. */
export function makeCases(): { dir: string; truth: Manifest } {
  const dir = mkdtempSync(join(tmpdir(), 'icepickle-hdf5-node-'));
  const stdout = execFileSync(python, [join(here, 'fixtures', 'make-cases.py'), dir], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return { dir, truth: JSON.parse(stdout) as Manifest };
}

/** Runs inline Python (with h5py) and parses its JSON output. */
export function h5py<T>(code: string, ...args: string[]): T {
  const stdout = execFileSync(python, ['-c', `import sys, json, h5py, numpy as np\n${code}`, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return JSON.parse(stdout) as T;
}
