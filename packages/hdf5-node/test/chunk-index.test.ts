/**
 * Column reads of unfiltered chunked datasets go through a chunk address table read once from the
 * file's v1 B-tree (native/chunk-index.cc) and one pread per chunk. The table must give exactly
 * h5py's values (including chunks never written, which read as the fill value), over a B-tree deep
 * enough to have internal nodes; a damaged index must be READ_FAILED, never wrong numbers or a crash.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPythonCode } from '@icepickle/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { hdf5Node } from '../src/index.js';
import { nativeAndH5py } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'icepickle-chunk-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROWS = 4;
const COLS = 3000;
const K = 3; // chunk (4, 3): 1,000 chunks, so the B-tree has internal nodes (64 entries per leaf)

const PY = String.raw`
import h5py, numpy as np, json, sys
req = json.load(sys.stdin)
with h5py.File(req["path"], "w") as f:
    ds = f.create_dataset("coef", shape=(${ROWS}, ${COLS}), dtype="<f8", chunks=(${ROWS}, ${K}), fillvalue=-7.5)
    values = np.arange(${ROWS} * ${COLS}, dtype="<f8").reshape(${ROWS}, ${COLS}) / 8
    ds[:, :2400] = values[:, :2400]  # chunks 800.. never written
cols = req["cols"]
with h5py.File(req["path"], "r") as f:
    print(json.dumps(f["coef"][:, sorted(set(cols))].tolist()))
`;

describe.runIf(nativeAndH5py())('chunk address table (hdf5-node)', () => {
  const path = join(dir, 'chunked.h5');
  const cols = [2999, 0, 5, 1500, 2398, 2399, 2400, 2401, 1, 2, 3, 1500, 777];
  const sorted = [...new Set(cols)].sort((a, b) => a - b);
  const truth = runPythonCode<number[][]>(PY, { path, cols });
  const backend = hdf5Node();

  it('reads any column list exactly as h5py (never-written chunks give the fill value)', async () => {
    const file = await backend.open(path);
    const read = await file.read('/coef', { cols });
    expect(read.shape).toEqual([ROWS, cols.length]);
    const data = read.data as Float64Array;
    for (let r = 0; r < ROWS; r++) {
      cols.forEach((c, k) => expect(data[r * cols.length + k]).toBe(truth[r]![sorted.indexOf(c)]));
    }
    // rows too
    const rows = await file.read('/coef', { rows: [1, 3], cols: [4, 2999] });
    expect(Array.from(rows.data as Float64Array)).toEqual([(1 * COLS + 4) / 8, -7.5, (2 * COLS + 4) / 8, -7.5]);
    await file.close();
  });

  /** The leaf entries of the chunk B-tree: offsets of the 'TREE' type-1 level-0 nodes in the file. */
  function leafNodes(bytes: Buffer): number[] {
    const out: number[] = [];
    for (let at = bytes.indexOf('TREE'); at >= 0; at = bytes.indexOf('TREE', at + 4))
      if (bytes[at + 4] === 1 && bytes[at + 5] === 0) out.push(at);
    return out;
  }
  const keySize = 8 + 8 * 3; // chunk size, filter mask, 2 offsets + the element offset

  for (const [name, damage] of [
    [
      'a chunk address past the end of the file',
      (b: Buffer, leaf: number) => b.writeBigUInt64LE(BigInt(b.length + 4096), leaf + 24 + keySize),
    ],
    [
      'an undefined chunk address',
      (b: Buffer, leaf: number) => b.writeBigUInt64LE(0xffffffffffffffffn, leaf + 24 + keySize),
    ],
    ['a chunk offset off the grid', (b: Buffer, leaf: number) => b.writeBigUInt64LE(1n, leaf + 24 + 8 + 8)],
    ['a node that is not a chunk B-tree node', (b: Buffer, leaf: number) => b.write('XXXX', leaf)],
  ] as const) {
    it(`${name}: READ_FAILED, not wrong values`, async () => {
      const copy = join(dir, `${name.replace(/\W+/g, '-')}.h5`);
      copyFileSync(path, copy);
      const bytes = readFileSync(copy);
      const leaves = leafNodes(bytes);
      expect(leaves.length).toBeGreaterThan(1);
      damage(bytes, leaves[0]!);
      writeFileSync(copy, bytes);
      const file = await backend.open(copy).catch((e: { code: string }) => e);
      if ('code' in file && !('read' in file)) {
        expect(file.code).toBe('READ_FAILED');
        return;
      }
      const outcome = await (file as Awaited<ReturnType<typeof backend.open>>).read('/coef', { cols: [0, 1500] }).then(
        () => 'read',
        (e: { code: string; message: string }) => `${e.code}: ${e.message}`,
      );
      expect(outcome).toMatch(/^READ_FAILED: .*chunk/);
    });
  }
});
