import { staleTempFiles, tempFileName, tempFileWriter } from '@icepickle/core/backend-kit';
import { describe, expect, it } from 'vitest';

describe('temp file names of saves', () => {
  it('carry the writer (pid and start stamp) and are recognised only for their own target', () => {
    const name = tempFileName('model.h5', { pid: 4242, stamp: 'lq2x9a' }, 'a1b2c3d4e5f6');
    expect(name).toBe('.model.h5.4242-lq2x9a.a1b2c3d4e5f6.tmp');
    expect(tempFileWriter('model.h5', name)).toEqual({ pid: 4242, stamp: 'lq2x9a' });
    // names written before stamps: identity by pid alone
    expect(tempFileWriter('model.h5', '.model.h5.4242.a1b2c3d4e5f6.tmp')).toEqual({ pid: 4242 });
    for (const other of [
      '.model.h5.4242-lq2x9a.a1b2c3d4e5f6.tmp'.replace('model', 'other'),
      '.model.h5.tmp',
      'model.h5',
      '.model.h5.abc.a1b2.tmp',
      '.model.h5.4242-lq2x9a.a1b2c3d4e5f6.tmp.bak',
      '.model.h5.x.4242.a1b2.tmp',
    ])
      expect(tempFileWriter('model.h5', other)).toBeUndefined();
  });

  it('are stale only when their writer is gone', () => {
    const names = ['.m.h5.1-a.ff.tmp', '.m.h5.2-b.ff.tmp', '.m.h5.3.ff.tmp', 'm.h5', '.n.h5.1-a.ff.tmp'];
    expect(staleTempFiles('m.h5', names, (w) => w.pid === 2)).toEqual(['.m.h5.1-a.ff.tmp', '.m.h5.3.ff.tmp']);
  });
});
