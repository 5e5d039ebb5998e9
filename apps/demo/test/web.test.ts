/**
 * The web page in headless Chromium (Debian's, driven by playwright-core): the built static files are
 * served from 127.0.0.1; the bundled pipeline and its metadata (read from the file), a clearly positive
 * and a clearly negative review, predict as in Node; a HashingVectorizer + SGDClassifier pipeline dropped
 * in, corrected (offline) and downloaded — the download is read by h5py and checked against
 * scikit-learn's own partial_fit — and bad drops. Any console error or failed request fails the run.
 * Screenshots: apps/demo/test-results/. Needs `turbo run build` (apps/demo's build makes dist/web).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pipeline, SGDClassifier, readMetadata } from '@icepickle/core';
import { HashingVectorizer, savePipeline } from '@icepickle/featurizers';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { fixturePath, hasSklearn, python } from '@icepickle/test-utils';
import { spawnSync } from 'node:child_process';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoModel } from '../web/src/demo-model.js';
import { parseReviews } from '../src/csv.js';
import { imdbCsv } from '../src/paths.js';
import { type WebModelMetadata, asWebModelMetadata } from '../src/web-model-metadata.js';
import { serveRangesHere } from '../../../bench/lib/range-server.mjs';

const demoDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const webDist = join(demoDir, 'dist', 'web');
const shots = join(demoDir, 'test-results');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const REVIEW = 'A dull, boring plot and terrible acting, but the music was wonderful and I loved the ending.';
const POSITIVE = 'This movie was an absolute masterpiece, the acting was superb and I loved every minute.';
const NEGATIVE = 'A dull, boring plot and terrible acting. I wasted two hours and regret every minute of it.';

const haveChromium = existsSync(CHROMIUM);
if (process.env.CI && !haveChromium)
  throw new Error(`Chromium is required under CI=true: apt-get install -y chromium (${CHROMIUM})`);

/** The dropped SGD pipeline's partial_fit on the review in scikit-learn, against the page's download (h5py reads both). */
const DOWNLOAD_CHECK_PY = `
import json, sys, h5py, numpy as np
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import SGDClassifier
d = json.load(sys.stdin)
def read(path):
    with h5py.File(path, 'r') as f:
        e = f['estimator']
        t = e['icepickle/state/t_'][()] if 'icepickle/state/t_' in e else None
        meta = json.loads(f.attrs['metadata']) if 'metadata' in f.attrs else None
        return e['coef'][()], e['intercept'][()], e['classes'][()], meta, t
coef0, b0, classes0, _, t0 = read(d['dropped'])
coef, b, classes, meta, _ = read(d['downloaded'])
# Python icepickle's load_coefficients: set the three attributes, then fine-tune. Our files also keep
# the SGD step counter (icepickle/state/t_), so the page continues where training stopped: do the same.
clf = SGDClassifier(loss='log_loss')
clf.coef_, clf.intercept_, clf.classes_ = coef0.copy(), b0.copy(), classes0
if t0 is not None:
    clf.t_ = float(t0)
X = HashingVectorizer(n_features=2**18, ngram_range=(1, 2)).transform([d['review']])
clf.partial_fit(X, [d['label']], classes=[0, 1])
print(json.dumps({'shape': list(coef.shape), 'classes': classes.tolist(), 'meta': meta,
  'max_coef_diff': float(np.max(np.abs(clf.coef_ - coef))), 'max_coef': float(np.max(np.abs(coef))),
  'intercept_diff': float(abs(clf.intercept_[0] - b[0])), 'changed': float(np.max(np.abs(coef - coef0))),
  'proba': clf.predict_proba(X)[0].tolist()}))
`;

function partialFitInPython(dropped: string, file: string, corrected: 0 | 1) {
  const r = spawnSync(python, ['-c', DOWNLOAD_CHECK_PY], {
    input: JSON.stringify({ dropped, downloaded: file, review: REVIEW, label: corrected }),
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

/** A LogisticRegression trained by scikit-learn, saved as Python icepickle's save_coefficients does. */
const PYTHON_MODEL_PY = `
import csv, json, sys, h5py
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import LogisticRegression
d = json.load(sys.stdin)
with open(d['csv'], newline='', encoding='utf-8') as f:
    rows = list(csv.DictReader(f))
hv = HashingVectorizer(n_features=2**18, ngram_range=(1, 2))
model = LogisticRegression(max_iter=200).fit(hv.transform([r['text'] for r in rows]), [int(r['label']) for r in rows])
# Python icepickle's save_coefficients: three datasets, nothing else
with h5py.File(d['out'], 'w') as hf:
    hf.create_dataset('coef', data=model.coef_)
    hf.create_dataset('intercept', data=model.intercept_)
    hf.create_dataset('classes', data=model.classes_)
print(json.dumps(model.predict_proba(hv.transform([d['review']]))[0].tolist()))
`;

function trainPythonModel(file: string): [number, number] {
  const r = spawnSync(python, ['-c', PYTHON_MODEL_PY], {
    input: JSON.stringify({ csv: imdbCsv, out: file, review: REVIEW }),
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as [number, number];
}

/** What the page's correction test drops in: HashingVectorizer + SGDClassifier on rows 0-799, as a pipeline file. */
async function sgdPipelineFile(dir: string): Promise<string> {
  const reviews = parseReviews(readFileSync(imdbCsv, 'utf8')).slice(0, 800);
  const pipeline = new Pipeline([
    ['hashingvectorizer', new HashingVectorizer({ nFeatures: 2 ** 18, ngramRange: [1, 2] })],
    ['sgdclassifier', new SGDClassifier({ loss: 'log_loss', shuffle: false, maxIter: 20, tol: null })],
  ]);
  pipeline.fit(
    reviews.map((r) => r.text),
    reviews.map((r) => r.label),
  );
  const file = join(dir, 'sgd-pipeline.h5');
  await savePipeline(pipeline, file, { backend: hdf5Wasm() });
  return file;
}

// One browser page for the whole file: the tests run in order on it.
let context: BrowserContext;
let page: Page;
let server: Awaited<ReturnType<typeof serveRangesHere>>;
let profile: string;
let work: string;
let meta: WebModelMetadata;
const pageErrors: string[] = [];
const consoleErrors: string[] = [];
const failedRequests: string[] = [];

const message = () => page.getByTestId('message').textContent();
const status = () => page.getByTestId('model-status').textContent();
const idle = () => page.waitForSelector('body[data-busy="false"]');
const predictOnPage = async (text: string) => {
  await page.getByTestId('review').fill(text);
  await page.getByTestId('predict').click();
  await idle();
  return {
    label: (await page.getByTestId('label').textContent())!,
    shown: (await page.getByTestId('probability').textContent())!,
    probability: Number(await page.getByTestId('probability').getAttribute('data-value')),
  };
};

/** The bundled pipeline: its metadata, the two clear reviews, the explanation. */
function bundledModelTests(): void {
  it('loads the bundled pipeline through hdf5-wasm and shows its metadata, read from the file', async () => {
    expect(meta.metrics.cvAccuracy).toBeGreaterThanOrEqual(0.8);
    expect(await status()).toMatch(/^bundled model: .* over [\d,]+ features\.$/);
    expect(await status()).toContain(meta.chosen.pipeline);
    const note = await page.getByTestId('data-note').textContent();
    expect(note).toMatch(/Trained on only 1,000 movie reviews \(524 positive, 476 negative\): a very small data set/);
    const details = (await page.getByTestId('model-meta').textContent())!;
    expect(details).toContain('datasets/imdb_subset.csv');
    expect(details).toContain(`${(meta.metrics.cvAccuracy * 100).toFixed(1)}%`);
    expect(details).toContain(meta.trainedAt.slice(0, 10));
    for (const [key, value] of Object.entries(meta.chosen.params))
      expect(details).toContain(`${key}=${JSON.stringify(value)}`);
    expect(details).toContain('GridSearchCV');
    const icon = await page.locator('link[rel="icon"]').getAttribute('href');
    expect(icon).toMatch(/favicon.*\.svg$/);
    const served = await page.evaluate(async (href) => (await fetch(href)).status, icon!);
    expect(served).toBe(200);
    await page.screenshot({ path: join(shots, 'web-1-loaded.png'), fullPage: true });
  });

  it('says so when the review is empty', async () => {
    await page.getByTestId('review').fill('   ');
    await page.getByTestId('predict').click();
    await idle();
    expect(await message()).toMatch(/text is empty/);
  });

  it('calls a clearly positive review positive, with its probability shown', async () => {
    const p = await predictOnPage(POSITIVE);
    expect(p.label).toBe('positive');
    expect(p.probability).toBeGreaterThan(0.5);
    expect(p.shown).toBe(p.probability.toFixed(3));
    await page.screenshot({ path: join(shots, 'web-2-positive.png'), fullPage: true });
  });

  it('calls a clearly negative review negative, with its probability shown', async () => {
    const p = await predictOnPage(NEGATIVE);
    expect(p.label).toBe('negative');
    expect(p.probability).toBeGreaterThan(0.5);
    expect(p.shown).toBe(p.probability.toFixed(3));
    await page.screenshot({ path: join(shots, 'web-3-negative.png'), fullPage: true });
  });

  it('predicts a label, its probability and the terms that pushed it — as the same pipeline in Node does', async () => {
    const { label, probability } = await predictOnPage(REVIEW);
    expect(await page.getByTestId('message').isHidden()).toBe(true);
    const bars = await page.locator('#bars li').evaluateAll((lis) =>
      lis.map((li) => ({
        term: (li as HTMLElement).dataset.term!,
        contribution: Number((li as HTMLElement).dataset.contribution),
      })),
    );
    const node = new DemoModel(hdf5Wasm());
    await node.load(readFileSync(join(webDist, 'model.h5')), 'model.h5');
    const expected = node.predict(REVIEW);
    expect(label).toBe(expected.labelName);
    expect(probability).toBeCloseTo(expected.probability, 12);
    expect(bars.length).toBe(12);
    expect(bars.map((b) => b.term)).toEqual(expected.explanation.contributions.slice(0, 12).map((c) => c.term));
    bars.forEach((b, i) => expect(b.contribution).toBeCloseTo(expected.explanation.contributions[i]!.contribution, 12));
    // the shares add up to the decision function: logit of P(positive)
    const p1 = label === 'positive' ? probability : 1 - probability;
    expect(expected.explanation.decision).toBeCloseTo(Math.log(p1 / (1 - p1)), 9);
    // LogisticRegression learns from all the data at once: no corrections offered
    expect(await page.getByTestId('correct').isHidden()).toBe(!node.canLearn);
    expect(await page.getByTestId('learn-note').isVisible()).toBe(!node.canLearn);
    if (!node.canLearn) expect(await page.getByTestId('learn-note').textContent()).toMatch(/cannot be corrected here/);
  });
}

/** Files dropped on the page: a model that learns from corrections, and files it refuses or reads from Python. */
function droppedFileTests(): void {
  let predicted: { label: string; probability: number };
  let dropped: string;
  it('loads a dropped HashingVectorizer + SGDClassifier pipeline file', async () => {
    dropped = await sgdPipelineFile(work);
    await page.getByTestId('file-input').setInputFiles(dropped);
    await page.waitForFunction(() =>
      /sgd-pipeline\.h5/.test(document.getElementById('model-status')!.textContent ?? ''),
    );
    await idle();
    expect(await status()).toBe('sgd-pipeline.h5: HashingVectorizer + SGDClassifier over 262,144 features.');
    expect(await page.getByTestId('data-note').isHidden()).toBe(true);
    expect(await page.getByTestId('correct').isVisible()).toBe(true);
    expect(await page.getByTestId('learn-note').isHidden()).toBe(true);
    predicted = await predictOnPage(REVIEW);
  });

  let corrected: 0 | 1;
  it('learns from a correction with partialFit in the page, offline', async () => {
    await context.setOffline(true); // everything it needs is loaded
    corrected = predicted.label === 'positive' ? 0 : 1;
    await page.getByTestId(corrected === 1 ? 'correct-positive' : 'correct-negative').click();
    await idle();
    expect(await message()).toMatch(/Learned from your correction/);
    const label = await page.getByTestId('label').textContent();
    const probability = Number(await page.getByTestId('probability').getAttribute('data-value'));
    const pCorrected = label === predicted.label ? 1 - probability : probability;
    expect(pCorrected).toBeGreaterThan(1 - predicted.probability); // moved towards the right answer
    expect(await status()).toMatch(/1 correction made here/);
    await page.screenshot({ path: join(shots, 'web-4-corrected.png'), fullPage: true });
  });

  it('downloads an .h5 that h5py reads and that equals scikit-learn’s partial_fit of the dropped model', async () => {
    if (!hasSklearn()) return;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
    await idle();
    expect(download.suggestedFilename()).toBe('model.h5');
    const file = join(shots, 'downloaded-model.h5');
    await download.saveAs(file);
    await context.setOffline(false);
    const out = partialFitInPython(dropped, file, corrected);
    expect(out.shape).toEqual([1, 2 ** 18]);
    expect(out.classes).toEqual([0, 1]);
    expect(out.meta.corrections_in_browser).toBe(1);
    expect(out.changed).toBeGreaterThan(0);
    expect(out.max_coef_diff).toBeLessThan(1e-12 * Math.max(1, out.max_coef));
    expect(out.intercept_diff).toBeLessThan(1e-12);
    const shown = Number(await page.getByTestId('probability').getAttribute('data-value'));
    const label = await page.getByTestId('label').textContent();
    expect(shown).toBeCloseTo(out.proba[label === 'positive' ? 1 : 0], 10);
  }, 90_000);

  it('refuses a model with the wrong feature count (Python-written, 2**16) and keeps the current one', async () => {
    const before = await status();
    const base64 = readFileSync(fixturePath('finetune/pretrained.h5')).toString('base64');
    const dataTransfer = await page.evaluateHandle((b64) => {
      const dt = new DataTransfer();
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], 'pretrained.h5', { type: 'application/x-hdf5' }));
      return dt;
    }, base64);
    await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer });
    await page.waitForFunction(() => !document.getElementById('message')!.hidden);
    await idle();
    const text = await message();
    expect(text).toMatch(/“pretrained\.h5” expects 65,536 features, but this page hashes reviews into 262,144/);
    expect(text).toMatch(/previous model is still loaded/);
    expect(await status()).toBe(before);
    await page.screenshot({ path: join(shots, 'web-5-wrong-features.png'), fullPage: true });
  });

  it('refuses a file that is not a model and keeps the current one', async () => {
    const before = await status();
    const junk = join(mkdtempSync(join(tmpdir(), 'icepickle-junk-')), 'notes.h5');
    writeFileSync(junk, 'this is a text file, not HDF5\n');
    await page.getByTestId('file-input').setInputFiles(junk);
    await page.waitForFunction(() => /notes\.h5/.test(document.getElementById('message')!.textContent ?? ''));
    await idle();
    expect(await message()).toMatch(
      /“notes\.h5” is not an icepickle model this page can read .*previous model is still loaded/s,
    );
    expect(await status()).toBe(before);
    // and it still predicts with the kept model
    await page.getByTestId('predict').click();
    await idle();
    expect(['positive', 'negative']).toContain(await page.getByTestId('label').textContent());
    await page.screenshot({ path: join(shots, 'web-6-not-a-model.png'), fullPage: true });
  });

  it('loads a model written by Python (scikit-learn + icepickle’s save_coefficients) and predicts as scikit-learn', async () => {
    if (!hasSklearn()) return;
    const dir = mkdtempSync(join(tmpdir(), 'icepickle-py-'));
    const file = join(dir, 'python-model.h5');
    const [p0, p1] = trainPythonModel(file);
    await page.getByTestId('file-input').setInputFiles(file);
    await page.waitForFunction(() =>
      /python-model\.h5/.test(document.getElementById('model-status')!.textContent ?? ''),
    );
    await idle();
    expect(await message()).toBe('Loaded “python-model.h5”.');
    await page.getByTestId('review').fill(REVIEW);
    await page.getByTestId('predict').click();
    await idle();
    const label = await page.getByTestId('label').textContent();
    expect(label).toBe(p1 > 0.5 ? 'positive' : 'negative');
    expect(Number(await page.getByTestId('probability').getAttribute('data-value'))).toBeCloseTo(p1 > 0.5 ? p1 : p0, 9);
    await page.screenshot({ path: join(shots, 'web-7-python-model.png'), fullPage: true });
    rmSync(dir, { recursive: true, force: true });
  }, 90_000);

  it('raised no uncaught errors, logged no console errors and had no failed request (a favicon included)', () => {
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(failedRequests).toEqual([]);
  });
}

describe.runIf(haveChromium)('web page in Chromium', () => {
  beforeAll(async () => {
    if (!existsSync(join(webDist, 'index.html')) || !existsSync(join(webDist, 'model.h5'))) {
      throw new Error('apps/demo/dist/web is missing: run `pnpm exec turbo run build` first');
    }
    meta = asWebModelMetadata(
      (await readMetadata(readFileSync(join(webDist, 'model.h5')), { backend: hdf5Wasm() })).user,
    )!;
    mkdirSync(shots, { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'icepickle-web-'));
    server = await serveRangesHere(webDist);
    profile = mkdtempSync(join(tmpdir(), 'icepickle-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      acceptDownloads: true,
      viewport: { width: 900, height: 1100 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${m.text()} (${m.location().url})`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) failedRequests.push(`${r.status()} ${r.url()}`);
    });
    page.on('requestfailed', (r) => {
      if (!r.url().startsWith('blob:')) failedRequests.push(`failed ${r.url()}: ${r.failure()?.errorText}`);
    });
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    if (work) rmSync(work, { recursive: true, force: true });
  });

  describe('the bundled model', bundledModelTests);
  describe('dropped files', droppedFileTests);
});
