/** The "open a model by URL" page: wires UrlModel to the DOM. */
import { UrlModel, explainFailure } from './url-model.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const ui = {
  form: $<HTMLFormElement>('open-form'),
  url: $<HTMLInputElement>('model-url'),
  status: $('model-status'),
  review: $<HTMLTextAreaElement>('review'),
  predict: $<HTMLButtonElement>('predict'),
  message: $('message'),
  result: $('result'),
  label: $('label'),
  probability: $('probability'),
  fetched: $('fetched'),
};

let current: UrlModel | undefined;
const mib = (n: number) => `${(n / 2 ** 20).toFixed(2)} MiB`;

function say(text: string): void {
  ui.message.textContent = text;
  ui.message.hidden = text === '';
}

async function busy(work: () => Promise<void>): Promise<void> {
  document.body.dataset.busy = 'true';
  try {
    await work();
  } catch (error) {
    say(explainFailure(error));
  } finally {
    document.body.dataset.busy = 'false';
  }
}

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  void busy(async () => {
    say('');
    const opened = await UrlModel.open(ui.url.value.trim());
    await current?.close();
    current = opened;
    ui.status.textContent = `${opened.url}: ${opened.nFeatures.toLocaleString('en')} hashed features, ${mib(opened.fileBytes)} on the server.`;
    ui.predict.disabled = false;
  });
});

ui.predict.addEventListener('click', () => {
  void busy(async () => {
    say('');
    if (!current) return say('Open a model first.');
    if (ui.review.value.trim() === '') return say('The review is empty.');
    const p = await current.predict(ui.review.value);
    ui.result.hidden = false;
    ui.label.textContent = p.label;
    ui.probability.textContent = p.probability.toFixed(3);
    ui.probability.dataset.value = String(p.probability);
    ui.fetched.dataset.bytes = String(p.bytesRead);
    ui.fetched.textContent = `Coefficients fetched so far: ${mib(p.bytesRead)} of ${mib(p.fileBytes)}.`;
  });
});

document.body.dataset.busy = 'false';
document.body.dataset.ready = 'true';
