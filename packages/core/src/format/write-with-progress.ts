import { type OnProgress, type ProgressOptions, type ProgressTracker, progressTracker } from '../progress/progress.js';
import type {
  DatasetToWrite,
  FileToWrite,
  StorageBackend,
  StreamedDataset,
  StreamingWriter,
} from '../storage/types.js';
import { columnBlock, streamedCoef, writeCoefInColumnBlocks } from './coef-blocks.js';
import { DATASET } from './keys.js';

/** Options of {@link writeWithProgress}: the progress callback and the size of a streamed block. */
export interface WriteProgressOptions extends ProgressOptions {
  /**
   * With `onProgress`, a path and a backend that streams (createWriter), each coef is written in blocks
   * of this many bytes; otherwise progress counts the one file (unit 'files').
   * @defaultValue 64 * 2 ** 20 (64 MiB)
   */
  blockBytes?: number;
}

/**
 * Writes `file` as `backend.write` does, reporting progress the way saveCoefficients does: with a path
 * and a backend that streams (createWriter), every dense coef (float32 / float64, one or two axes, any
 * group) is written in column blocks and progress counts their bytes as stored (unit 'bytes', phase
 * 'coef'), the total over all of them; otherwise it counts the one file (unit 'files'). The file read
 * back is the same either way, and nothing appears at `target` when the write fails.
 */
export async function writeWithProgress(
  backend: StorageBackend,
  target: string | undefined,
  file: FileToWrite,
  options: WriteProgressOptions,
): Promise<Uint8Array | undefined> {
  const coefs = file.datasets?.filter(isDenseCoef) ?? [];
  const bytes = coefs.reduce((sum, d) => sum + d.array.data.length * itemBytes(d), 0);
  if (options.onProgress === undefined) return backend.write(target, file);
  if (target === undefined || backend.createWriter === undefined || bytes === 0)
    return writeOneFile(backend, target, file, options.onProgress);
  const streamed = coefs.map((d) => streamedCoef(d, d.array.shape));
  const out = await backend.createWriter(target, {
    ...file,
    datasets: file.datasets!.filter((d) => !coefs.includes(d)),
    streamed,
  });
  const progress = progressTracker(options.onProgress, bytes, 'bytes', 'coef');
  return fillThenClose(out, progress, async () => {
    let before = 0; // bytes of the coefs already written
    for (const [i, d] of coefs.entries()) {
      const values = Float64Array.from(d.array.data as ArrayLike<number>);
      const rows = d.array.shape.length === 2 ? d.array.shape[0]! : 1;
      const cols = d.array.shape[d.array.shape.length - 1]!;
      const offset = before;
      await writeCoefInColumnBlocks(
        out,
        streamed[i] as StreamedDataset,
        (c0, c1) => columnBlock(values, rows, cols, c0, c1),
        {
          blockBytes: options.blockBytes,
          progress: progress && { update: (done: number) => progress.update(offset + done) },
          itemBytes: itemBytes(d),
        },
      );
      before += values.length * itemBytes(d);
      if (i < coefs.length - 1) progress?.update(before); // the end itself is reported after close()
    }
  });
}

/** backend.write, its progress counting the one file (unit 'files'). */
export async function writeOneFile(
  backend: StorageBackend,
  target: string | undefined,
  file: FileToWrite,
  onProgress: OnProgress | undefined,
): Promise<Uint8Array | undefined> {
  const progress = progressTracker(onProgress, 1, 'files');
  progress?.start();
  const written = await backend.write(target, file);
  progress?.finish();
  return written;
}

/**
 * Starts `progress`, runs `fill` (the streamed datasets' blocks into `out`), then close(): the file
 * appears at its target, and progress ends. On any failure, abort(): nothing appears there; rethrown.
 */
export async function fillThenClose(
  out: StreamingWriter,
  progress: ProgressTracker | undefined,
  fill: () => Promise<void>,
): Promise<undefined> {
  progress?.start();
  try {
    await fill();
    await out.close();
    progress?.finish();
  } catch (error) {
    await out.abort();
    throw error;
  }
  return undefined;
}

/** A dense coef that can be streamed: `<group>/coef`, float, one or two axes (not a sparse layout's parts). */
function isDenseCoef(d: DatasetToWrite): boolean {
  const name = d.path.slice(d.path.lastIndexOf('/') + 1);
  const { dtype, shape } = d.array;
  return (
    name === DATASET.coef &&
    (dtype === 'float64' || dtype === 'float32') &&
    (shape.length === 1 || shape.length === 2) &&
    shape.reduce((a, b) => a * b, 1) > 0
  );
}

function itemBytes(d: DatasetToWrite): number {
  return d.array.dtype === 'float32' ? 4 : 8;
}
