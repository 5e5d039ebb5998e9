import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { SGDClassifier, loadCoefficients, readMetadata } from '@icepickle/core';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { hasSklearn, runPythonCode } from '@icepickle/test-utils';
import { fixturesReport } from '../src/fixtures-report.js';
import { modelReport } from '../src/model-report.js';
import { trainReport } from '../src/train-report.js';

const out = mkdtempSync(join(tmpdir(), 'icepickle-demo-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the demo main job', () => {
  it('reproduces every Python fixture, then trains, saves, reloads and fine-tunes', async () => {
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
    const backend = hdf5Wasm();
    try {
      expect(await fixturesReport(backend)).toBe(true);
      await trainReport({ backend, outDir: out, nFeatures: 2 ** 16 });
      await modelReport(join(out, 'model.h5'), backend);
    } finally {
      log.mockRestore();
    }
    const text = lines.join('\n');
    expect(text).toMatch(/accuracy on the other 200 = \d+\.\d%/);
    expect(text).toMatch(/predictions identical to the trained model/);
    expect(text).toMatch(/fine-tuned with 3 × partialFit/);
    expect(existsSync(join(out, 'model.h5'))).toBe(true);
    const meta = await readMetadata(join(out, 'model.h5'), { backend });
    expect(meta.estimator).toBe('SGDClassifier');
    expect(meta.user).toMatchObject({ vectorizer: { HashingVectorizer: { nFeatures: 2 ** 16, ngramRange: [1, 2] } } });
    const model = await loadCoefficients(new SGDClassifier(), join(out, 'model-finetuned.h5'), { backend });
    expect(model.nFeaturesIn_).toBe(2 ** 16);
    if (hasSklearn()) {
      const shape = runPythonCode<number[]>(
        `import h5py, json\nprint(json.dumps(list(h5py.File(${JSON.stringify(join(out, 'model-finetuned.h5'))}, "r")["coef"].shape)))`,
      );
      expect(shape).toEqual([1, 2 ** 16]);
    }
  });
});
