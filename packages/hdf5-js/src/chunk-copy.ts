/**
 * Copies the selected elements of one chunk into the output: per axis, the output positions that fall
 * in this chunk and their offsets inside it; along the last axis, runs that are consecutive in both
 * are copied as one block.
 */

/** One axis of a selection inside one chunk: output positions and in-chunk offsets, paired. */
export interface AxisPick {
  out: number[];
  inChunk: number[];
}

/**
 * Dataset indices selected on one axis (in output order) grouped by the chunk coordinate they fall in.
 * Indices in ascending order (a lazy model's sorted columns, a row range) are grouped run by run into
 * arrays of their exact size: no Map lookup and no array regrown per index.
 */
export function groupByChunk(indices: ArrayLike<number>, chunk: number): Map<number, AxisPick> {
  const groups = new Map<number, AxisPick>();
  let ascending = true;
  for (let o = 1; o < indices.length && ascending; o++) ascending = indices[o - 1]! <= indices[o]!;
  if (ascending) {
    for (let start = 0; start < indices.length; ) {
      const c = Math.floor(indices[start]! / chunk);
      let end = start + 1;
      while (end < indices.length && Math.floor(indices[end]! / chunk) === c) end++;
      const g: AxisPick = { out: new Array<number>(end - start), inChunk: new Array<number>(end - start) };
      for (let o = start; o < end; o++) {
        g.out[o - start] = o;
        g.inChunk[o - start] = indices[o]! - c * chunk;
      }
      groups.set(c, g);
      start = end;
    }
    return groups;
  }
  for (let o = 0; o < indices.length; o++) {
    const i = indices[o]!;
    const c = Math.floor(i / chunk);
    let g = groups.get(c);
    if (!g) {
      g = { out: [], inChunk: [] };
      groups.set(c, g);
    }
    g.out.push(o);
    g.inChunk.push(i - c * chunk);
  }
  return groups;
}

interface Run {
  out: number;
  inChunk: number;
  length: number;
}

/** Runs up to this many bytes are copied in a loop rather than through a subarray view. */
const SHORT_RUN_BYTES = 64;

function runsOf(pick: AxisPick): Run[] {
  const runs: Run[] = [];
  for (let k = 0; k < pick.out.length; k++) {
    const last = runs[runs.length - 1];
    if (last && pick.out[k] === last.out + last.length && pick.inChunk[k] === last.inChunk + last.length) last.length++;
    else runs.push({ out: pick.out[k]!, inChunk: pick.inChunk[k]!, length: 1 });
  }
  return runs;
}

function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    s[d] = acc;
    acc *= shape[d]!;
  }
  return s;
}

/** Copies the elements `picks` select from one chunk (undefined: the fill value) into the output. */
export type ChunkCopier = (chunk: Uint8Array | undefined, picks: readonly AxisPick[]) => void;

/**
 * copyChunk for every chunk of one read: the strides and the output's word view are made once, and the
 * chunk's word view once per buffer (a read's chunks come through one reused scratch), so copying a
 * lazy prediction's hundreds of chunks allocates next to nothing.
 */
export function chunkCopier(
  out: Uint8Array,
  outShape: readonly number[],
  chunkShape: readonly number[],
  itemSize: number,
  fill: Uint8Array | undefined,
): ChunkCopier {
  const os = strides(outShape);
  const cs = strides(chunkShape);
  const out32 = words(out, itemSize);
  let lastChunk: Uint8Array | undefined;
  let lastWords: Uint32Array | undefined;
  return (chunk, picks) => {
    if (chunk !== lastChunk) {
      lastChunk = chunk;
      lastWords = chunk && words(chunk, itemSize);
    }
    copyWith(out, outShape.length, chunk, picks, itemSize, fill, os, cs, out32, lastWords);
  };
}

/**
 * Copies from `chunk` (row-major over `chunkShape`, elements of `itemSize` bytes; undefined means the
 * fill value `fill`) into `out` (row-major over `outShape`) the elements `picks` select.
 */
export function copyChunk(
  out: Uint8Array,
  outShape: readonly number[],
  chunk: Uint8Array | undefined,
  chunkShape: readonly number[],
  picks: readonly AxisPick[],
  itemSize: number,
  fill: Uint8Array | undefined,
): void {
  chunkCopier(out, outShape, chunkShape, itemSize, fill)(chunk, picks);
}

function copyWith(
  out: Uint8Array,
  rank: number,
  chunk: Uint8Array | undefined,
  picks: readonly AxisPick[],
  itemSize: number,
  fill: Uint8Array | undefined,
  os: readonly number[],
  cs: readonly number[],
  out32: Uint32Array | undefined,
  chunk32: Uint32Array | undefined,
): void {
  if (rank === 0) {
    if (chunk) out.set(chunk.subarray(0, itemSize));
    else if (fill) out.set(fill.subarray(0, itemSize));
    return;
  }
  const runs = runsOf(picks[rank - 1]!);
  if (rank === 2 && out32 && chunk32) {
    copyWords2d(out32, chunk32, picks, runs, os[0]!, cs[0]!, itemSize >> 2);
    return;
  }
  const copyRuns = (outAt: number, inAt: number): void => {
    for (const r of runs) {
      const o = (outAt + r.out) * itemSize;
      if (chunk) {
        const i = (inAt + r.inChunk) * itemSize;
        const n = r.length * itemSize;
        // short runs (one column of a column-chunked coef: one element per row) copy word by word: a
        // subarray view per element costs more than the copy, and feeds the garbage collector
        if (n > SHORT_RUN_BYTES) out.set(chunk.subarray(i, i + n), o);
        else if (out32 && chunk32) for (let w = 0; w < n >> 2; w++) out32[(o >> 2) + w] = chunk32[(i >> 2) + w]!;
        else for (let b = 0; b < n; b++) out[o + b] = chunk[i + b]!;
      } else if (fill) {
        for (let k = 0; k < r.length; k++) out.set(fill.subarray(0, itemSize), o + k * itemSize);
      }
    }
  };
  const visit = (d: number, outAt: number, inAt: number): void => {
    const p = picks[d]!;
    if (d === rank - 2)
      for (let k = 0; k < p.out.length; k++) copyRuns(outAt + p.out[k]! * os[d]!, inAt + p.inChunk[k]! * cs[d]!);
    else for (let k = 0; k < p.out.length; k++) visit(d + 1, outAt + p.out[k]! * os[d]!, inAt + p.inChunk[k]! * cs[d]!);
  };
  if (rank === 1) copyRuns(0, 0);
  else visit(0, 0, 0);
}

/**
 * copyChunk for 2-D data of whole words (float64, int32...), one row of the chunk at a time: the path of
 * every lazy prediction over a column-chunked coef (n_outputs rows of a few columns per chunk).
 */
function copyWords2d(
  out: Uint32Array,
  chunk: Uint32Array,
  picks: readonly AxisPick[],
  runs: readonly Run[],
  outRow: number,
  chunkRow: number,
  wordsPerItem: number,
): void {
  const rows = picks[0]!;
  for (let k = 0; k < rows.out.length; k++) {
    const o = rows.out[k]! * outRow;
    const i = rows.inChunk[k]! * chunkRow;
    for (let r = 0; r < runs.length; r++) {
      const run = runs[r]!;
      const from = (i + run.inChunk) * wordsPerItem;
      const n = run.length * wordsPerItem;
      if (n * 4 > SHORT_RUN_BYTES) out.set(chunk.subarray(from, from + n), (o + run.out) * wordsPerItem);
      else for (let w = 0, to = (o + run.out) * wordsPerItem; w < n; w++) out[to + w] = chunk[from + w]!;
    }
  }
}

/** A 32-bit view of `bytes` when its elements are whole aligned words (copied bit for bit, NaNs too), else undefined. */
function words(bytes: Uint8Array, itemSize: number): Uint32Array | undefined {
  if (itemSize % 4 !== 0 || bytes.byteOffset % 4 !== 0) return undefined;
  return new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
}
