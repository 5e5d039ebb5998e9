/**
 * written-headers.ts finds object headers in a file's bytes through hdf5-js's walker and adds where each
 * message and each checksummed chunk lies. Checked against libhdf5 (h5py's H5Oget_info: header version,
 * message count, the message types present, the header's total size) and against the stored checksums,
 * on a file h5wasm writes (version 2 headers) and on h5py fixtures: version 1 headers behind a 512-byte
 * user block with continuation blocks, and version 2 headers with continuation ("OCHK") chunks.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lookup3 } from '@icepickle/hdf5-js/internal';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { hasSklearn, runPythonCode, storageFixtures } from '@icepickle/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { type WrittenHeader, writtenHeaders } from '../src/written-headers.js';

const dir = mkdtempSync(join(tmpdir(), 'icepickle-wasm-headers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface HeaderInfo {
  path: string;
  addr: number;
  version: number;
  nmesgs: number;
  present: number;
  total: number;
}

/** libhdf5's view of each object's header (addresses relative to the superblock, as h5wasm's references). */
function headerInfo(file: string, paths: string[]): HeaderInfo[] {
  return runPythonCode<HeaderInfo[]>(
    String.raw`
import h5py, json, sys
file, paths = json.load(sys.stdin)
f = h5py.File(file, "r")
out = []
for p in paths:
    i = h5py.h5o.get_info(f[p].id)
    out.append({"path": p, "addr": i.addr, "version": i.hdr.version, "nmesgs": i.hdr.nmesgs,
                "present": i.hdr.mesg.present, "total": i.hdr.space.total})
print(json.dumps(out))`,
    [file, paths],
  );
}

function u32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

function checkHeader(bytes: Uint8Array, header: WrittenHeader, info: HeaderInfo): void {
  expect(header.v2, info.path).toBe(info.version === 2);
  expect(header.messages.length, info.path).toBe(info.nmesgs);
  expect(header.messages.reduce((mask, m) => mask | (1 << m.type), 0)).toBe(info.present);
  for (const m of header.messages) {
    // the type and flags stand where the prefix says, before the data
    const h = m.start - header.prefix;
    expect(header.v2 ? bytes[h] : bytes[h]! | (bytes[h + 1]! << 8)).toBe(m.type);
    expect(bytes[h + (header.v2 ? 3 : 4)]).toBe(m.flags);
  }
  if (!header.v2) {
    expect(header.chunks).toEqual([]);
    return;
  }
  let total = 0;
  for (const { from, end } of header.chunks) {
    expect(lookup3(bytes.subarray(from, end)), `${info.path} chunk at ${from}`).toBe(u32(bytes, end));
    total += end + 4 - from;
  }
  expect(total, info.path).toBe(info.total);
}

/** Checks each object's header; `chunks`: the most checksummed chunks one of them has. */
async function checkFile(path: string, objects: string[], chunks: number): Promise<void> {
  const bytes = new Uint8Array(readFileSync(path));
  const file = await writtenHeaders(bytes);
  let seen = 0;
  for (const info of headerInfo(path, objects)) {
    const header = await file.header(info.addr);
    checkHeader(bytes, header, info);
    seen = Math.max(seen, header.chunks.length);
  }
  expect(seen).toBe(chunks);
}

describe('object headers located in the bytes (written-headers.ts)', () => {
  it('h5py, version 1 headers behind a user block, with continuation blocks', async () => {
    if (!hasSklearn()) return;
    await checkFile(join(storageFixtures, 'userblock.h5'), ['/', 'data', 'chunked'], 0);
  });

  it("h5py, version 2 headers (libver 'latest')", async () => {
    if (!hasSklearn()) return;
    await checkFile(join(storageFixtures, 'latest.h5'), ['/', 'contiguous', 'chunked', 'compact'], 1);
  });

  it('h5wasm, version 2 headers with continuation chunks', async () => {
    if (!hasSklearn()) return;
    const attrs = Object.fromEntries(Array.from({ length: 6 }, (_v, i) => [`attribute_${i}`, 'x'.repeat(40)]));
    const bytes = (await hdf5Wasm().write(undefined, {
      attrs,
      datasets: [
        { path: '/flags', array: { dtype: 'bool', shape: [3], data: Uint8Array.of(1, 0, 1) }, attrs },
        { path: '/g/x', array: { dtype: 'float64', shape: [2], data: Float64Array.of(1, 2) }, attrs },
      ],
    }))!;
    const path = join(dir, 'attrs.h5');
    writeFileSync(path, bytes);
    await checkFile(path, ['/', 'flags', 'g', 'g/x'], 3); // the bool dataset's header, patched and re-sealed
  });
});
