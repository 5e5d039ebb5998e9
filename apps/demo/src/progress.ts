/** A one-line progress bar on a terminal; silent (one line at the end) when output is piped. */
export class ProgressBar {
  private readonly started = performance.now();
  private lastDraw = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number): void {
    if (!this.stream.isTTY) return;
    const now = performance.now();
    if (now - this.lastDraw < 50 && done < this.total) return;
    this.lastDraw = now;
    const width = 24;
    const filled = Math.round((done / this.total) * width);
    const elapsed = (now - this.started) / 1000;
    const eta = done > 0 ? (elapsed / done) * (this.total - done) : 0;
    this.stream.write(
      `\r  ${this.label.padEnd(28)} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${this.total}  ${eta > 0.5 ? `eta ${eta.toFixed(1)}s` : ''}   `,
    );
  }

  done(): number {
    const seconds = (performance.now() - this.started) / 1000;
    if (this.stream.isTTY) this.stream.write('\r\x1b[2K');
    return seconds;
  }
}

/** Runs `fn` over `items` in batches, drawing a bar. */
export function withProgress<T>(
  label: string,
  items: readonly T[],
  batch: number,
  fn: (slice: readonly T[], start: number) => void,
): number {
  const bar = new ProgressBar(label, items.length);
  for (let start = 0; start < items.length; start += batch) {
    fn(items.slice(start, start + batch), start);
    bar.update(Math.min(items.length, start + batch));
  }
  return bar.done();
}
