/** Checks a FileToWrite before any file is created, and shapes it for the addon. */
import type { AttrValue, FileToWrite, StoredArray } from '@icepickle/core';
import { typedArrayConstructor } from '@icepickle/core/backend-kit';
import type { NativeWriteSpec } from './binding.js';
import { fail } from './errors.js';
import { normalise } from './stored-file.js';

function isDims(v: unknown, positive: boolean): v is number[] {
  return Array.isArray(v) && v.every((d) => Number.isSafeInteger(d) && (positive ? d > 0 : d >= 0));
}

function checkAttrs(
  attrs: Record<string, AttrValue> | undefined,
  where: string,
  label: string,
): Record<string, AttrValue> | undefined {
  if (attrs === undefined) return undefined;
  if (typeof attrs !== 'object' || attrs === null)
    throw fail('INVALID_INPUT', label, `attributes of ${where} must be an object`, { object: where });
  for (const [name, value] of Object.entries(attrs)) {
    const bad = () =>
      fail(
        'INVALID_INPUT',
        label,
        `attribute "${name}" of ${where}: ${describeValue(value)} is not a string, number, boolean, bigint or an array of one of those`,
        { object: where },
      );
    if (name.length === 0)
      throw fail('INVALID_INPUT', label, `an attribute of ${where} has an empty name`, { object: where });
    if (['string', 'number', 'boolean'].includes(typeof value)) continue;
    if (typeof value === 'bigint') {
      if (value < -(2n ** 63n) || value >= 2n ** 63n)
        throw fail('INVALID_INPUT', label, `attribute "${name}" of ${where}: ${value} does not fit int64`, {
          object: where,
        });
      continue;
    }
    if (!Array.isArray(value)) throw bad();
    const kinds = new Set(value.map((v) => typeof v));
    if (kinds.size > 1 || (kinds.size === 1 && !['string', 'number', 'bigint'].includes([...kinds][0]!))) throw bad();
    if (kinds.has('bigint') && value.some((v) => (v as bigint) < -(2n ** 63n) || (v as bigint) >= 2n ** 63n)) {
      throw fail('INVALID_INPUT', label, `attribute "${name}" of ${where}: a value does not fit int64`, {
        object: where,
      });
    }
  }
  return attrs;
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a mixed or nested array';
  return `a value of type ${typeof v}`;
}

export function toNativeSpec(file: FileToWrite, label: string): NativeWriteSpec {
  if (typeof file !== 'object' || file === null || !Array.isArray(file.datasets)) {
    throw fail('INVALID_INPUT', label, 'expected { datasets: [...], groups?, attrs? }');
  }
  const spec: NativeWriteSpec = { groups: [], datasets: [] };
  const rootAttrs = checkAttrs(file.attrs, '/', label);
  if (rootAttrs) spec.attrs = rootAttrs;
  const seen = new Set<string>();
  for (const g of file.groups ?? []) {
    const path = normalise(g.path);
    const attrs = checkAttrs(g.attrs, path, label);
    spec.groups.push(attrs ? { path, attrs } : { path });
  }
  for (const d of file.datasets) {
    const path = normalise(d.path ?? '');
    const bad = (what: string) => fail('INVALID_INPUT', label, `dataset "${path}": ${what}`, { object: path });
    if (path === '/') throw bad('a dataset needs a name');
    if (seen.has(path)) throw bad('written twice');
    seen.add(path);
    const { dtype, shape, data } = (d.array ?? {}) as Partial<StoredArray> as StoredArray;
    if (!isDims(shape, false))
      throw bad(`shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
    const n = shape.reduce((a, b) => a * b, 1);
    if (dtype === 'utf8') {
      if (!Array.isArray(data) || !data.every((s) => typeof s === 'string'))
        throw bad('utf8 data must be an array of strings');
    } else {
      const ctor = typedArrayConstructor(dtype);
      if (!ctor) throw bad(`cannot write dtype ${String(dtype)}`);
      if (!(data instanceof ctor))
        throw bad(`${dtype} data must be a ${ctor.name}, got ${data?.constructor?.name ?? typeof data}`);
    }
    if (data.length !== n) throw bad(`shape [${shape.join(', ')}] needs ${n} values, got ${data.length}`);
    const out: NativeWriteSpec['datasets'][number] = {
      path,
      dtype,
      shape: [...shape],
      data: data as NativeWriteSpec['datasets'][number]['data'],
    };
    if (d.chunks !== undefined) {
      if (!isDims(d.chunks, true) || d.chunks.length !== shape.length || shape.length === 0) {
        throw bad(`chunks must be ${shape.length} positive integers (one per axis), got ${JSON.stringify(d.chunks)}`);
      }
      out.chunks = [...d.chunks];
    }
    Object.assign(out, checkFilters(d, out.chunks !== undefined, bad));
    const attrs = checkAttrs(d.attrs, path, label);
    if (attrs) out.attrs = attrs;
    spec.datasets.push(out);
  }
  // A dataset cannot hold children: refuse a dataset or group below (or at) a dataset's path.
  const datasetPaths = new Set(spec.datasets.map((d) => d.path));
  for (const path of [...spec.datasets.map((d) => d.path), ...spec.groups.map((g) => g.path)]) {
    const parts = path.split('/').filter(Boolean);
    for (let i = 1; i < parts.length; i++) {
      const parent = `/${parts.slice(0, i).join('/')}`;
      if (datasetPaths.has(parent))
        throw fail('INVALID_INPUT', label, `"${path}" would be inside dataset "${parent}"`, { object: path });
    }
  }
  for (const g of spec.groups) {
    if (datasetPaths.has(g.path))
      throw fail('INVALID_INPUT', label, `"${g.path}" is written both as a group and as a dataset`, { object: g.path });
  }
  return spec;
}

/** gzip level and shuffle of a dataset to write (both need chunks), for whole and streamed writes. */
export function checkFilters(
  d: { gzip?: number; shuffle?: boolean },
  chunked: boolean,
  bad: (what: string) => Error,
): { gzip?: number; shuffle?: true } {
  const out: { gzip?: number; shuffle?: true } = {};
  if (d.gzip !== undefined) {
    if (!Number.isInteger(d.gzip) || d.gzip < 0 || d.gzip > 9) throw bad(`gzip must be a level 0-9, got ${d.gzip}`);
    out.gzip = d.gzip;
  }
  if (d.shuffle) out.shuffle = true;
  if ((out.gzip !== undefined || out.shuffle) && !chunked) throw bad('gzip and shuffle need a chunk shape (chunks)');
  return out;
}
