/**
 * fillThenClose (format/write-with-progress.ts), the one place a streamed write ends: close() and the
 * progress's end after a fill, abort() and the error after a failed fill or close.
 */
import { describe, expect, it } from 'vitest';
import { fillThenClose } from '../src/format/write-with-progress.js';
import { type Progress, progressTracker } from '../src/progress/progress.js';
import type { StreamingWriter } from '../src/storage/types.js';

function recordingWriter(calls: string[], failClose = false): StreamingWriter {
  return {
    write: async () => {
      calls.push('write');
    },
    close: async () => {
      calls.push('close');
      if (failClose) throw new Error('disk full');
    },
    abort: async () => {
      calls.push('abort');
    },
  };
}

describe('fillThenClose', () => {
  it('fills, closes, then reports the end', async () => {
    const calls: string[] = [];
    const events: Progress[] = [];
    const progress = progressTracker((p) => events.push(p), 10, 'bytes', 'coef');
    const out = recordingWriter(calls);
    const result = await fillThenClose(out, progress, async () => {
      await out.write('/coef', [0], [1], new Float64Array(1));
      progress?.update(5);
    });
    expect(result).toBeUndefined();
    expect(calls).toEqual(['write', 'close']);
    expect(events.map((e) => e.done)).toEqual([0, 5, 10]);
  });

  it('aborts and rethrows when the fill or the close fails, and never reports the end', async () => {
    for (const failClose of [false, true]) {
      const calls: string[] = [];
      const events: Progress[] = [];
      const progress = progressTracker((p) => events.push(p), 10, 'bytes');
      const failure = new Error('read failed');
      const error = await fillThenClose(recordingWriter(calls, failClose), progress, async () => {
        if (!failClose) throw failure;
      }).catch((e: unknown) => e);
      expect(error).toEqual(failClose ? new Error('disk full') : failure);
      expect(calls).toEqual(failClose ? ['close', 'abort'] : ['abort']);
      expect(events.map((e) => e.done)).toEqual([0]);
    }
  });
});
