/**
 * createWriter for the native backend: the file is created at a temp path next to the target with
 * everything but the streamed datasets' values; blocks go to libhdf5 as hyperslab writes on the thread
 * pool (the block is the only copy in memory); close() flushes, fsyncs and renames it over the target.
 */
import { rename, rm } from 'node:fs/promises';
import type { StreamingFileToWrite, StreamingWriter } from '@icepickle/core';
import { isIcepickleError } from '@icepickle/core';
import { checkStreamedBlock } from '@icepickle/core/backend-kit';
import { syncFile, syncFolder, tempPathFor } from './atomic-file.js';
import type { NativeBinding, NativeStreamHandle, NativeStreamingSpec } from './binding.js';
import { fail, fromNative } from './errors.js';
import { checkStreamed } from './streamed-spec.js';
import { removeTempOnExit } from './temp-files.js';
import { toNativeSpec } from './write-spec.js';

export async function createStreamingWriter(
  binding: NativeBinding,
  target: string,
  file: StreamingFileToWrite,
): Promise<StreamingWriter> {
  if (typeof target !== 'string' || target === '')
    throw fail('INVALID_INPUT', undefined, 'createWriter needs a file path');
  const label = target;
  const whole = toNativeSpec(
    {
      datasets: file.datasets,
      ...(file.attrs ? { attrs: file.attrs } : {}),
      ...(file.groups ? { groups: file.groups } : {}),
    },
    label,
  );
  const spec: NativeStreamingSpec = {
    ...whole,
    streamed: checkStreamed(
      file.streamed,
      whole.datasets.map((d) => d.path),
      label,
    ),
  };
  const { path, dir, temp } = tempPathFor(target);
  const forget = removeTempOnExit(temp);
  let handle: NativeStreamHandle;
  try {
    handle = await binding.createWriter(temp, spec);
  } catch (error) {
    forget();
    await rm(temp, { force: true }).catch(() => undefined);
    throw fromNative(error, label, 'WRITE_FAILED');
  }
  const shapes = new Map(spec.streamed.map((d) => [d.path, d]));
  let state: 'open' | 'closed' | 'aborted' = 'open';
  let pending: Promise<unknown> = Promise.resolve();

  const abort = async (): Promise<void> => {
    if (state !== 'open') return;
    state = 'aborted';
    await pending.catch(() => undefined);
    await binding.streamClose(handle).catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    forget();
  };

  return {
    async write(datasetPath, start, count, data) {
      if (state !== 'open') throw fail('CLOSED', label, `the writer is ${state}`);
      const d = checkStreamedBlock(shapes, datasetPath, start, count, data, label, 'hdf5-node');
      const run = binding.streamWrite(handle, d.path, [...start], [...count], data);
      pending = run.catch(() => undefined);
      try {
        await run;
      } catch (error) {
        throw fromNative(error, label, 'WRITE_FAILED');
      }
    },
    async close() {
      if (state !== 'open') throw fail('CLOSED', label, `the writer is ${state}`);
      state = 'closed';
      try {
        await pending;
        await binding.streamClose(handle);
        await syncFile(temp);
        await rename(temp, path);
        forget();
        await syncFolder(dir);
      } catch (error) {
        await rm(temp, { force: true }).catch(() => undefined);
        forget();
        if (isIcepickleError(error)) throw error;
        if ((error as { hdf5Stack?: string }).hdf5Stack !== undefined) throw fromNative(error, label, 'WRITE_FAILED');
        throw fail('WRITE_FAILED', label, `could not finish the file: ${(error as Error).message}`, { cause: error });
      }
    },
    abort,
  };
}
