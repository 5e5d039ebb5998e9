/**
 * What this backend lists (hdf5-js reads it from the file's bytes): links of every kind in old-style,
 * compact and dense groups, near the root and deep down, as h5py lists them; deep nesting in linear
 * time; declared attribute sizes refused before an attribute is decoded, in headers and dense storage.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type NodeInfo, isIcepickleError } from '@icepickle/core';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { hasSklearn, repoRoot, runPythonCode } from '@icepickle/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';

const dir = join(repoRoot, '.tmp', 'hdf5-wasm-listing');
const hostile = join(repoRoot, 'packages', 'test-utils', 'fixtures', 'hostile');

/** Links of every kind at depth 1 and at depth 20 (past the cross-check depth), in every group storage. */
const WRITE = String.raw`
import h5py, json, sys, numpy as np
d = json.load(sys.stdin)
out = {}
def fill(g):
    g.create_dataset("data", data=np.arange(6.0).reshape(2, 3))
    g["soft"] = h5py.SoftLink("/nowhere/at/all")
    g.create_group("sub").attrs["n"] = 3
    g["again"] = g["sub"]  # a second hard link to the same group
for libver, dense in [("earliest", False), ("latest", False), ("latest", True)]:
    name = f"{d['dir']}/links-{libver}{'-dense' if dense else ''}.h5"
    with h5py.File(name, "w", libver=libver) as f:
        for top in [f, f.require_group("/".join(["deep"] * 20))]:
            fill(top)
            if libver == "latest":
                top["ext"] = h5py.ExternalLink("other.h5", "/x")
            if dense:
                for i in range(12):
                    top.create_dataset(f"d{i:02}", data=[i])
    with h5py.File(name, "r") as f:
        items = []
        def visit(path):
            g = f[path] if path != "/" else f
            for k in sorted(g.keys(), key=lambda s: s.encode()):
                p = f"{path.rstrip('/')}/{k}"
                link = g.get(k, getlink=True)
                if isinstance(link, h5py.SoftLink): items.append([p, "soft-link", link.path])
                elif isinstance(link, h5py.ExternalLink): items.append([p, "external-link", f"{link.filename}:{link.path}"])
                elif isinstance(g[k], h5py.Group):
                    items.append([p, "group", ""])
                    if k != "again": visit(p)
                else: items.append([p, "dataset", ""])
        visit("/")
        out[name] = items
print(json.dumps(out))
`;

function describeNodes(nodes: readonly NodeInfo[]): string[][] {
  return nodes.map((n) => [n.path, n.kind, n.kind === 'group' || n.kind === 'dataset' ? '' : n.target]);
}

describe.runIf(hasSklearn())('links read from the bytes', () => {
  let expected: Record<string, string[][]>;
  beforeAll(() => {
    mkdirSync(dir, { recursive: true });
    expected = runPythonCode<Record<string, string[][]>>(WRITE, { dir });
  }, 60_000);

  it.each(['links-earliest.h5', 'links-latest.h5', 'links-latest-dense.h5'])(
    '%s: every link, near the root and 20 groups down, as h5py sees it',
    async (name) => {
      const file = await hdf5Wasm().open(join(dir, name));
      try {
        const want = expected[join(dir, name)]!;
        expect(want.length).toBeGreaterThan(10);
        expect(describeNodes(file.list())).toEqual(want);
        expect(file.attrs('/sub')).toEqual({ n: 3 });
        expect(file.attrs(`/${Array(20).fill('deep').join('/')}/sub`)).toEqual({ n: 3 });
        const deep = `/${Array(20).fill('deep').join('/')}/data`;
        expect(Array.from((await file.read(deep)).data as Float64Array)).toEqual([0, 1, 2, 3, 4, 5]);
      } finally {
        await file.close();
      }
    },
  );
});

describe('deep nesting', () => {
  it('lists 1,000 nested groups in linear time', async () => {
    const t0 = performance.now();
    const file = await hdf5Wasm().open(join(hostile, 'deep-nesting.h5'));
    const ms = performance.now() - t0;
    try {
      const groups = file.list().filter((n) => n.kind === 'group');
      expect(groups.length).toBe(1000);
      expect(groups[999]!.path).toBe(`/${Array(1000).fill('g').join('/')}`);
      expect(ms).toBeLessThan(15_000); // minutes when h5wasm listed them; seconds on a loaded 2-core machine
    } finally {
      await file.close();
    }
  });
});

const ATTRS = String.raw`
import h5py, json, struct, sys, numpy as np
d = json.load(sys.stdin)
for name, n in [("attr-dense-over", (1 << 17) + 1), ("attr-dense-at", 1 << 17)]:
    # over 64 KiB: libver "latest" keeps it in dense storage (a fractal heap), not in the header
    with h5py.File(f"{d['dir']}/{name}.h5", "w", libver="latest") as f:
        f.create_group("g").attrs["big"] = np.zeros(n)
# in the header: 3 values written, the dataspace patched to declare one more than 1 MiB of float64
name = f"{d['dir']}/attr-header-over.h5"
with h5py.File(name, "w") as f:
    f.create_group("g").attrs["big"] = np.zeros(3)
data = bytearray(open(name, "rb").read())
at = data.find(b"big\0")
version, _, name_size, type_size, space_size = struct.unpack_from("<BBHHH", data, at - 8)
space = at + (name_size + 7) // 8 * 8 + (type_size + 7) // 8 * 8
assert version == 1 and data[space] == 1 and data[space + 1] == 1
struct.pack_into("<Q", data, space + 8, (1 << 17) + 1)
open(name, "wb").write(data)
print("null")
`;

describe.runIf(hasSklearn())('declared attribute sizes', () => {
  beforeAll(() => {
    mkdirSync(dir, { recursive: true });
    runPythonCode(ATTRS, { dir });
  }, 60_000);

  it('refuses a 2^40-element attribute from its declared size', async () => {
    const error = await hdf5Wasm()
      .open(join(hostile, 'huge-attribute.h5'))
      .catch((e: unknown) => e);
    expect(isIcepickleError(error, 'LIMIT_EXCEEDED')).toBe(true);
    expect((error as Error).message).toContain(
      `attribute "hugeattr" declares ${2 ** 40 * 8} bytes, more than the limit of 1048576 [rule: max-attribute-bytes]`,
    );
    expect((error as { object?: string }).object).toBe('/');
  });

  it.each([
    ['attr-header-over.h5', true], // in the header: checked from its message before it is decoded
    ['attr-dense-over.h5', true], // in a fractal heap, as a huge object: checked the same way
    ['attr-dense-at.h5', false],
  ])("%s: refused past core's 1 MiB maxAttributeBytes, read at the limit", async (name, refused) => {
    const opened = hdf5Wasm().open(join(dir, name));
    if (refused) {
      const error = await opened.catch((e: unknown) => e);
      expect(isIcepickleError(error, 'LIMIT_EXCEEDED')).toBe(true);
      expect((error as Error).message).toContain(
        `attribute "big" declares ${((1 << 17) + 1) * 8} bytes, more than the limit of 1048576 [rule: max-attribute-bytes]`,
      );
      expect((error as { object?: string }).object).toBe('/g');
    } else {
      const file = await opened;
      expect((file.attrs('/g').big as number[]).length).toBe(1 << 17);
      await file.close();
    }
  });
});
