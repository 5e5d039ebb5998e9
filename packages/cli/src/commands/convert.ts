import { existsSync } from 'node:fs';
import {
  type CoefLayout,
  type LayoutOptions,
  ModelCollection,
  type OnProgress,
  type StorageBackend,
  coefLayouts,
  convertModelFile,
  readMetadata,
  saveCoefficients,
} from '@icepickle/core';
import { loadPipeline, savePipeline } from '@icepickle/featurizers';
import { hdf5Js } from '@icepickle/hdf5-js';
import { integer, parse } from '../args.js';
import { chooseBackend } from '../backend.js';
import type { CliIo } from '../io.js';
import { loadModel } from '../load-model.js';
import { progressBar } from '../progress-bar.js';
import { UsageError } from '../usage-error.js';

export const convertHelp = `Usage: icepickle convert <in.h5> <out.h5> --layout <layout> [options]

Rewrites a model file (a single model, a collection or a pipeline) with coef in another layout. Every
layout but sparse is the same logical coef (n_classes, n_features) to h5py and Python icepickle:
  contiguous       as Python writes it
  column-chunked   chunks of (n_classes, k): a feature's coefficients are one small read
                   (fast lazy prediction with openLinearModel)
  float32          half the size; values rounded to float32
  gzip             chunked, shuffle + deflate: smaller for mostly-zero coefficients
  sparse           CSR under coef_csr/ (single-model files; read it in Python with icepickle_reader.py)
The input is loaded with the strict profile; the output is written atomically. A single model's coef
is copied in blocks, so memory stays bounded whatever its size (every other dataset is read whole
and held to the load limits); with --estimator the model is loaded whole and saved as that class.
On a terminal, a progress bar is drawn on stderr (never with --json or when stderr is piped).

Options:
  --layout <layout>       one of ${coefLayouts.join(', ')} (required)
  --chunk-bytes <n>       target bytes per chunk (column-chunked, gzip)
  --gzip-level <0-9>      deflate level (gzip, sparse; default 4)
  --estimator <class>     save as this estimator class (loads the model whole)
  --force                 overwrite <out.h5> if it exists
  --json                  print { input, output, layout, kind } as JSON
  --backend <name>        wasm (default) or native
  -h, --help              this help

Example:
  icepickle convert model.h5 model-chunked.h5 --layout column-chunked
`;

export async function convert(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('convert', argv, {
    layout: { type: 'string' },
    'chunk-bytes': { type: 'string' },
    'gzip-level': { type: 'string' },
    estimator: { type: 'string' },
    force: { type: 'boolean' },
  });
  if (values.help) {
    io.stdout(convertHelp);
    return 0;
  }
  if (positionals.length !== 2)
    throw new UsageError(`expected <in.h5> <out.h5>, got ${positionals.length} argument(s)`, 'convert');
  const [input, output] = positionals as [string, string];
  if (values.layout === undefined) throw new UsageError(`missing --layout (${coefLayouts.join(', ')})`, 'convert');
  const layout = values.layout as CoefLayout;
  if (!coefLayouts.includes(layout))
    throw new UsageError(`--layout must be one of ${coefLayouts.join(', ')}, not "${values.layout}"`, 'convert');
  if (existsSync(output) && !values.force)
    throw new UsageError(`${output} exists; pass --force to replace it`, 'convert');
  const gzipLevel = values['gzip-level'] === undefined ? undefined : Number(values['gzip-level']);
  if (gzipLevel !== undefined && !(Number.isInteger(gzipLevel) && gzipLevel >= 0 && gzipLevel <= 9))
    throw new UsageError('--gzip-level must be 0 to 9', 'convert');
  const layoutOptions = { layout, chunkBytes: integer('convert', 'chunk-bytes', values['chunk-bytes']), gzipLevel };
  const backend = await chooseBackend(values.backend);
  // wasm copies a file into its heap (at most 2 GiB); hdf5-js reads by positional reads, so any size
  // streams (the wasm backend writes the result, as before)
  const reader = values.backend === 'native' ? backend : hdf5Js({ writer: backend });

  const file = await reader.open(input);
  const kind = file.attrs('/').icepickle_kind;
  await file.close();
  const bar = progressBar(io.progress, values.json === true, 'convert');
  try {
    if (kind === 'pipeline' || kind === 'collection') await convertWhole(input, output, kind, backend, layoutOptions);
    else if (values.estimator !== undefined) {
      const meta = await readMetadata(input, { backend });
      const model = await loadModel(input, backend, meta, values.estimator);
      await saveCoefficients(model, output, {
        backend,
        ...layoutOptions,
        ...(meta.user ? { metadata: meta.user } : {}),
        ...onProgress(bar.onProgress),
      });
    } else
      await convertModelFile(input, output, {
        backend: reader,
        targetBackend: backend,
        ...layoutOptions,
        ...onProgress(bar.onProgress),
      });
  } finally {
    bar.end();
  }
  const summary = { input, output, layout, kind: typeof kind === 'string' ? kind : 'model' };
  io.stdout(
    values.json ? `${JSON.stringify(summary)}\n` : `${input} → ${output} (${summary.kind}, coef layout ${layout})\n`,
  );
  return 0;
}

function onProgress(callback: OnProgress | undefined): { onProgress?: OnProgress } {
  return callback ? { onProgress: callback } : {};
}

/** Pipelines and collections: loaded whole and saved again with the layout. */
async function convertWhole(
  input: string,
  output: string,
  kind: 'pipeline' | 'collection',
  backend: StorageBackend,
  layoutOptions: LayoutOptions,
): Promise<void> {
  const meta = await readMetadata(input, { backend });
  if (kind === 'pipeline') {
    const pipeline = await loadPipeline(input, { backend });
    await savePipeline(pipeline, output, { backend, ...layoutOptions, ...(meta.user ? { metadata: meta.user } : {}) });
    return;
  }
  const layout = layoutOptions.layout;
  if (layout === 'sparse')
    throw new UsageError("the 'sparse' layout is for single-model files, not collections", 'convert');
  const source = await ModelCollection.open(input, { backend });
  const target = ModelCollection.create(output, { backend });
  for (const entry of source.entries()) {
    target.put(entry.name, source.load(entry.name), {
      layout,
      ...(entry.metadata.user ? { metadata: entry.metadata.user } : {}),
    });
  }
  for (const name of source.documentNames()) target.putDocument(name, source.getDocument(name));
  await target.save();
}
