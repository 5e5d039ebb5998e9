/**
 * The serverless cold path (issue 17: a Worker may open a model per request): opening a small model
 * makes one read per object header and superblock, and the listing's name order is UTF-8 byte order
 * without encoding any name.
 */
import { readFileSync } from 'node:fs';
import { fixturePath } from '@icepickle/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compareNames } from '../src/listing.js';
import { BlockReader, hdf5Js } from '../src/node.js';

afterEach(() => vi.restoreAllMocks());

/** The order HDF5's name index keeps: by the names' UTF-8 bytes. */
function byUtf8Bytes(a: string, b: string): number {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

describe('compareNames', () => {
  it('orders names by their UTF-8 bytes, astral and private-use characters included', () => {
    // U+E000..U+FFFF sort before U+10000.. in UTF-8, after them in UTF-16 code units
    const alphabet = ['a', 'b', 'Z', '_', 'é', 'ß', '中', '\u{E000}', '\u{FFFD}', '\u{10000}', '😀', '\u{10FFFF}'];
    let seed = 17;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % alphabet.length;
    const names = Array.from({ length: 400 }, (_, i) =>
      Array.from({ length: 1 + (i % 4) }, () => alphabet[next()]).join(''),
    );
    const sign = (n: number) => Math.sign(n);
    for (let i = 0; i + 1 < names.length; i++) {
      const [a, b] = [names[i]!, names[i + 1]!];
      expect([a, b, sign(compareNames(a, b))]).toEqual([a, b, sign(byUtf8Bytes(a, b))]);
    }
    expect(sign(compareNames('\u{FFFD}', '😀'))).toBe(-1);
    expect(sign(compareNames('ab', 'a'))).toBe(1);
    expect(compareNames('coef', 'coef')).toBe(0);
  });
});

describe('opening a small model', () => {
  it('reads each object header, and the superblock, in one read', async () => {
    const reads = vi.spyOn(BlockReader.prototype, 'read');
    const bytes = new Uint8Array(readFileSync(fixturePath('models/logreg_breast_cancer.h5')));
    const file = await hdf5Js().open(bytes);
    const nodes = file.list().map((n) => n.path);
    expect(nodes).toEqual(['/classes', '/coef', '/intercept']);
    // superblock 1, root header 1, local heap 2, group B-tree node 2, symbol table node 1, three dataset headers
    expect(reads.mock.calls.length).toBe(10);
    for (const path of nodes) await file.read(path);
    expect(reads.mock.calls.length).toBe(13);
    await file.close();
  });
});
