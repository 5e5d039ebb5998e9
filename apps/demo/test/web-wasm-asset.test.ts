/**
 * The Vite-built pages in headless Chromium (Debian's, driven by playwright-core), served by a static
 * server that honours Range (issue 17, part 4):
 * - the demo page gets HDF5's WebAssembly as a separate asset (`assets/hdf5-<hash>.wasm`, application/wasm),
 *   not as base64 inside its JavaScript;
 * - url.html opens a model by URL lazily through hdf5-js (Range requests, no wasm at all) and predicts as
 *   the same model does in Node.
 * Needs `turbo run build` (apps/demo's build makes dist/web).
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SGDClassifier, loadCoefficients } from '@icepickle/core';
import { HashingVectorizer } from '@icepickle/featurizers';
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveRangesHere } from '../../../bench/lib/range-server.mjs';

const demoDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const webDist = join(demoDir, 'dist', 'web');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];
const REVIEW = 'A wonderful, moving film with brilliant acting, though the ending dragged.';

const haveChromium = existsSync(CHROMIUM);
if (process.env.CI && !haveChromium)
  throw new Error(`Chromium is required under CI=true: apt-get install -y chromium (${CHROMIUM})`);

interface Seen {
  url: string;
  status: number;
  type: string;
  range: string | undefined;
}

describe.runIf(haveChromium)('built pages in Chromium: hdf5.wasm as an asset, a model by URL', () => {
  let context: BrowserContext;
  let server: Awaited<ReturnType<typeof serveRangesHere>>;
  let profile: string;

  beforeAll(async () => {
    for (const page of ['index.html', 'url.html', 'hashed-model.h5'])
      if (!existsSync(join(webDist, page)))
        throw new Error(`apps/demo/dist/web/${page} is missing: run \`pnpm exec turbo run build\` first`);
    server = await serveRangesHere(webDist);
    profile = mkdtempSync(join(tmpdir(), 'icepickle-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  async function visit(path: string) {
    const page = await context.newPage();
    const seen: Seen[] = [];
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('response', (r) =>
      seen.push({
        url: r.url(),
        status: r.status(),
        type: r.headers()['content-type'] ?? '',
        range: r.request().headers().range,
      }),
    );
    await page.goto(`${server.url}${path}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    return { page, seen, errors };
  }

  it('the demo page loads HDF5 as a separate .wasm asset; no JavaScript asset embeds it', async () => {
    const assets = readdirSync(join(webDist, 'assets'));
    const wasmFiles = assets.filter((f) => f.endsWith('.wasm'));
    expect(wasmFiles).toHaveLength(1);
    for (const js of assets.filter((f) => f.endsWith('.js')))
      expect(readFileSync(join(webDist, 'assets', js), 'utf8'), js).not.toMatch(/binaryDecode\('/);
    const { page, seen, errors } = await visit('index.html');
    const wasm = seen.filter((r) => r.url.endsWith('.wasm'));
    expect(wasm.map((r) => [r.url.split('/').pop(), r.status, r.type])).toEqual([
      [wasmFiles[0], 200, 'application/wasm'],
    ]);
    expect(await page.getByTestId('model-status').textContent()).toMatch(
      /TfidfVectorizer \+ LogisticRegression over [\d,]+ features/,
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it('url.html opens the model by URL over Range requests, without wasm, and predicts as Node does', async () => {
    const { page, seen, errors } = await visit('url.html');
    await page.getByTestId('model-url').fill('./hashed-model.h5');
    await page.getByTestId('open').click();
    await page.waitForFunction(() => document.body.dataset.busy === 'false' && document.body.dataset.ready === 'true');
    await page.waitForFunction(
      () =>
        /hashed features/.test(document.getElementById('model-status')!.textContent ?? '') ||
        !document.getElementById('message')!.hidden,
    );
    expect(await page.getByTestId('message').isHidden(), (await page.getByTestId('message').textContent()) ?? '').toBe(
      true,
    );
    await page.getByTestId('review').fill(REVIEW);
    await page.getByTestId('predict').click();
    await page.waitForFunction(() => !document.getElementById('result')!.hidden);
    const label = await page.getByTestId('label').textContent();
    const probability = Number(await page.getByTestId('probability').getAttribute('data-value'));

    const model = await loadCoefficients(new SGDClassifier({ loss: 'log_loss' }), join(webDist, 'hashed-model.h5'), {
      backend: hdf5Wasm(),
    });
    const p1 = model.predictProba(
      new HashingVectorizer({ nFeatures: 2 ** 18, ngramRange: [1, 2] }).transform([REVIEW]),
    )[0]![1]!;
    expect(label).toBe(p1 > 0.5 ? 'positive' : 'negative');
    expect(probability).toBeCloseTo(p1 > 0.5 ? p1 : 1 - p1, 12);

    const modelRequests = seen.filter((r) => r.url.endsWith('/hashed-model.h5'));
    expect(modelRequests.length).toBeGreaterThan(1);
    for (const r of modelRequests.filter((m) => m.status !== 200)) {
      expect(r.status).toBe(206);
      expect(r.range).toMatch(/^bytes=\d+-\d+$/);
    }
    expect(modelRequests.filter((r) => r.status === 206).length).toBeGreaterThan(0);
    expect(seen.filter((r) => r.url.endsWith('.wasm'))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
