/** The page: wires DemoModel to the DOM. No framework; every state change goes through render(). */
import { hdf5Wasm } from '@icepickle/hdf5-wasm';
import type { WebModelMetadata } from '../../src/web-model-metadata.js';
import { DemoModel, type Prediction, UserError } from './demo-model.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const ui = {
  status: $('model-status'),
  dataNote: $('data-note'),
  meta: $<HTMLDListElement>('model-meta'),
  correctRow: $('correct'),
  learnNote: $('learn-note'),
  barsHint: $('bars-hint'),
  drop: $('drop-zone'),
  file: $<HTMLInputElement>('file-input'),
  review: $<HTMLTextAreaElement>('review'),
  predict: $<HTMLButtonElement>('predict'),
  download: $<HTMLButtonElement>('download'),
  message: $('message'),
  result: $('result'),
  label: $('label'),
  probability: $('probability'),
  bars: $('bars'),
  correctPositive: $<HTMLButtonElement>('correct-positive'),
  correctNegative: $<HTMLButtonElement>('correct-negative'),
};

const backend = hdf5Wasm();
const demo = new DemoModel(backend);
const BARS = 12;

function say(text: string, ok = false): void {
  ui.message.textContent = text;
  ui.message.className = ok ? 'ok' : '';
  ui.message.hidden = text === '';
}

function describeModel(): void {
  const fixes = demo.corrections
    ? `, ${demo.corrections} correction${demo.corrections === 1 ? '' : 's'} made here`
    : '';
  ui.status.textContent = `${demo.source}: ${demo.description} over ${demo.nFeatures.toLocaleString('en')} features${fixes}.`;
  ui.correctRow.hidden = !demo.canLearn;
  ui.learnNote.hidden = demo.canLearn;
  ui.learnNote.textContent = `${demo.description.split(' + ').at(-1)} learns from all its data at once, so it cannot be corrected here; a model ending in SGDClassifier (drop one) learns from your corrections.`;
  ui.barsHint.textContent = demo.description.startsWith('HashingVectorizer')
    ? `Each word and word pair is hashed to one of ${demo.nFeatures.toLocaleString('en')} columns; its bar is coefficient × count / length. Right = positive.`
    : 'Each bar is a term of the vocabulary: its coefficient × its TF-IDF weight in your review. Right = positive.';
  showMetadata(demo.metadata);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The bundled model's own record (read from the file): its data, date, how it was chosen, how well it does. */
function showMetadata(meta: WebModelMetadata | undefined): void {
  ui.dataNote.hidden = ui.meta.hidden = meta === undefined;
  if (!meta) return;
  const { data, metrics, chosen, search } = meta;
  ui.dataNote.textContent =
    `Trained on only ${data.reviews.toLocaleString('en')} movie reviews (${data.positive} positive, ${data.negative} negative): ` +
    'a very small data set, so it gets plenty of reviews wrong — about 1 in 6 in cross-validation — ' +
    'and knows little about words it has rarely seen. Correct it, or drop your own model.';
  const rows: [string, string][] = [
    ['Data', `${data.file}: ${data.reviews.toLocaleString('en')} ${data.description}`],
    [
      'Trained',
      new Date(meta.trainedAt)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC'),
    ],
    [
      'Accuracy',
      `${pct(metrics.cvAccuracy)} (${search.cv} cross-validation; folds ${metrics.cvAccuracyFolds.map(pct).join(', ')})`,
    ],
    ['Pipeline', chosen.pipeline],
    [
      'Chosen parameters',
      Object.entries(chosen.params)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(', '),
    ],
    [
      'Chosen by',
      `${search.method}, best ${search.scoring} of ${search.families.map((f) => `${f.pipeline} (${f.candidates} candidates, best ${pct(f.bestScore)})`).join('; ')}`,
    ],
  ];
  ui.meta.replaceChildren(
    ...rows.flatMap(([term, value]) => [
      Object.assign(document.createElement('dt'), { textContent: term }),
      Object.assign(document.createElement('dd'), { textContent: value, title: value }),
    ]),
  );
  ui.meta.dataset.cvAccuracy = String(metrics.cvAccuracy);
}

function showPrediction(p: Prediction): void {
  ui.result.hidden = false;
  ui.label.textContent = p.labelName;
  ui.label.className = p.labelName;
  ui.probability.textContent = p.probability.toFixed(3);
  ui.probability.dataset.value = String(p.probability); // full precision, for tests and tools
  const top = p.explanation.contributions.slice(0, BARS);
  const max = Math.max(1e-12, ...top.map((c) => Math.abs(c.contribution)));
  ui.bars.replaceChildren(
    ...top.map((c) => {
      const li = document.createElement('li');
      li.dataset.term = c.term;
      li.dataset.contribution = String(c.contribution);
      const term = Object.assign(document.createElement('span'), {
        className: 'term',
        // quoted: character n-grams start or end with a space
        textContent: (c.count ?? 1) > 1 ? `${JSON.stringify(c.term)} ×${c.count}` : JSON.stringify(c.term),
        title: `column ${c.column}, sign ${c.sign}, weight ${c.weight.toFixed(4)}`,
      });
      const neg = Object.assign(document.createElement('span'), { className: 'neg' });
      const pos = Object.assign(document.createElement('span'), { className: 'pos' });
      const width = `${((Math.abs(c.contribution) / max) * 100).toFixed(1)}%`;
      neg.style.width = c.contribution < 0 ? width : '0';
      pos.style.width = c.contribution < 0 ? '0' : width;
      const value = Object.assign(document.createElement('span'), {
        className: 'value',
        textContent: (c.contribution >= 0 ? '+' : '') + c.contribution.toFixed(3),
      });
      li.append(term, neg, pos, value);
      return li;
    }),
  );
}

/** Runs an action, turning UserErrors (and anything unexpected) into the message line. */
async function act(action: () => unknown | Promise<unknown>): Promise<void> {
  document.body.dataset.busy = 'true';
  try {
    await action();
  } catch (error) {
    say(
      error instanceof UserError
        ? error.message
        : `Something went wrong: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    document.body.dataset.busy = 'false';
  }
}

function predict(): void {
  say('');
  showPrediction(demo.predict(ui.review.value));
}

function correct(label: 0 | 1): void {
  say('');
  const before = demo.predict(ui.review.value);
  const after = demo.correct(ui.review.value, label);
  showPrediction(after);
  describeModel();
  const p = (x: Prediction) => (x.label === label ? x.probability : 1 - x.probability).toFixed(3);
  say(
    `Learned from your correction (one partialFit step): P(${label === 1 ? 'positive' : 'negative'}) ${p(before)} → ${p(after)}.`,
    true,
  );
}

async function loadFile(file: File): Promise<void> {
  say('');
  await demo.load(new Uint8Array(await file.arrayBuffer()), file.name);
  describeModel();
  say(`Loaded “${file.name}”.`, true);
  if (ui.review.value.trim() !== '') showPrediction(demo.predict(ui.review.value));
}

async function download(): Promise<void> {
  const bytes = await demo.save();
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/x-hdf5' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: 'model.h5' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

ui.predict.addEventListener('click', () => act(predict));
ui.review.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void act(predict);
});
ui.correctPositive.addEventListener('click', () => act(() => correct(1)));
ui.correctNegative.addEventListener('click', () => act(() => correct(0)));
ui.download.addEventListener('click', () => act(download));
ui.file.addEventListener('change', () => {
  const file = ui.file.files?.[0];
  ui.file.value = '';
  if (file) void act(() => loadFile(file));
});
ui.drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  ui.drop.classList.add('over');
});
ui.drop.addEventListener('dragleave', () => ui.drop.classList.remove('over'));
ui.drop.addEventListener('drop', (e) => {
  e.preventDefault();
  ui.drop.classList.remove('over');
  const file = e.dataTransfer?.files[0];
  if (file) void act(() => loadFile(file));
});

void act(async () => {
  const response = await fetch(new URL('model.h5', document.baseURI));
  if (!response.ok)
    throw new UserError(
      `The bundled model could not be fetched (HTTP ${response.status}). Drop an icepickle .h5 file to start.`,
    );
  await demo.load(new Uint8Array(await response.arrayBuffer()), 'bundled model');
  describeModel();
  // HDF5's writer (h5wasm and its .wasm) would load at the first save: load it now, so that corrections can
  // still be downloaded after the connection drops. A failure here is retried by that save.
  await backend.preload().catch(() => undefined);
  document.body.dataset.ready = 'true';
});
