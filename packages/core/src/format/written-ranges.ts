/**
 * Which parts [start, end) of one axis have been written: sorted, disjoint, adjacent ranges merged, so
 * a million blocks written in order cost one entry. Used by the coefficient writer to refuse a block
 * written twice and to name what is missing at close().
 */
export class WrittenRanges {
  private starts: number[] = [];
  private ends: number[] = [];

  constructor(readonly length: number) {}

  /** The first written range that overlaps [start, end), or undefined. */
  overlap(start: number, end: number): readonly [number, number] | undefined {
    const i = this.firstEndingAfter(start);
    return i < this.starts.length && this.starts[i]! < end ? [this.starts[i]!, this.ends[i]!] : undefined;
  }

  /** Records [start, end); the caller checked overlap() first. */
  add(start: number, end: number): void {
    const i = this.firstEndingAfter(start - 1); // a range ending exactly at `start` merges
    let s = start;
    let e = end;
    let j = i;
    while (j < this.starts.length && this.starts[j]! <= end) {
      s = Math.min(s, this.starts[j]!);
      e = Math.max(e, this.ends[j]!);
      j++;
    }
    this.starts.splice(i, j - i, s);
    this.ends.splice(i, j - i, e);
  }

  /** Removes [start, end) again (a write that failed before reaching the file). */
  remove(start: number, end: number): void {
    const i = this.starts.findIndex((s, k) => s <= start && this.ends[k]! >= end);
    if (i < 0) return;
    const [s, e] = [this.starts[i]!, this.ends[i]!];
    const keep: Array<[number, number]> = [];
    if (s < start) keep.push([s, start]);
    if (end < e) keep.push([end, e]);
    this.starts.splice(i, 1, ...keep.map((r) => r[0]));
    this.ends.splice(i, 1, ...keep.map((r) => r[1]));
  }

  get written(): number {
    let n = 0;
    for (let i = 0; i < this.starts.length; i++) n += this.ends[i]! - this.starts[i]!;
    return n;
  }

  /** The first range never written, or undefined when [0, length) is complete. */
  firstGap(): readonly [number, number] | undefined {
    let at = 0;
    for (let i = 0; i < this.starts.length; i++) {
      if (this.starts[i]! > at) return [at, this.starts[i]!];
      at = this.ends[i]!;
    }
    return at < this.length ? [at, this.length] : undefined;
  }

  /** Index of the first range whose end is > x (binary search). */
  private firstEndingAfter(x: number): number {
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ends[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
