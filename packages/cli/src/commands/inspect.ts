import {
  type AttrValue,
  type NodeInfo,
  type StoredFile,
  declaredBytes,
  defaultLoadLimits,
  isIcepickleError,
  parseMetadata,
} from '@icepickle/core';
import { one, parse } from '../args.js';
import { chooseBackend } from '../backend.js';
import type { CliIo } from '../io.js';
import { fieldText } from '../terminal-text.js';

export const inspectHelp = `Usage: icepickle inspect <file> [--json] [--backend wasm|native]

Shows what a model file holds without reading any coefficient data: every group, dataset and link
(links are listed, never followed), each dataset's dtype, shape, storage layout, chunk shape and
filters, the attributes, and the icepickle metadata (estimator, parameters, format version).

Options:
  --json              one JSON document instead of text
  --backend <name>    wasm (default; never touches other files) or native (@icepickle/hdf5-node)
  --max-objects <n>   list at most this many objects (default ${defaultLoadLimits.maxObjects})
  -h, --help          this help

Example:
  icepickle inspect model.h5
`;

/** What `icepickle inspect` shows of a file (its `--json` output). */
export interface InspectReport {
  /** The file inspected. */
  file: string;
  /** The backend that read it. */
  backend: string;
  /** Every object in the file. */
  nodes: NodeInfo[];
  /** The attributes of each group and dataset, by path. */
  attrs: Record<string, Record<string, AttrValue>>;
  /** What the file records about its model, when it does. */
  metadata?: ReturnType<typeof parseMetadata>;
  /** Why the model's metadata could not be read, when it could not. */
  metadataError?: string;
}

export async function inspect(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('inspect', argv, { 'max-objects': { type: 'string' } });
  if (values.help) {
    io.stdout(inspectHelp);
    return 0;
  }
  const path = one('inspect', positionals, '<file>');
  const backend = await chooseBackend(values.backend);
  const maxObjects = values['max-objects'] === undefined ? defaultLoadLimits.maxObjects : Number(values['max-objects']);
  const file = await backend.open(path, { maxObjects });
  try {
    const report = describeFile(file, backend.name);
    io.stdout(values.json ? `${JSON.stringify(report, jsonReplacer, 1)}\n` : renderInspect(report));
    return 0;
  } finally {
    await file.close();
  }
}

/** The listing and attributes (answered from what open() read: no dataset is read). */
export function describeFile(file: StoredFile, backend: string): InspectReport {
  const nodes = [...file.list()];
  const attrs: Record<string, Record<string, AttrValue>> = { '/': { ...file.attrs('/') } };
  for (const n of nodes) if (n.kind === 'group' || n.kind === 'dataset') attrs[n.path] = { ...file.attrs(n.path) };
  const report: InspectReport = { file: file.label, backend, nodes, attrs };
  try {
    report.metadata = parseMetadata(attrs['/']!, file.label);
  } catch (error) {
    report.metadataError = isIcepickleError(error) ? error.message : String(error);
  }
  return report;
}

/** bigint attribute values as strings in JSON. */
function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

function formatValue(v: AttrValue): string {
  return truncate(JSON.stringify(v, jsonReplacer));
}

function truncate(s: string): string {
  return s.length > 100 ? `${s.slice(0, 97)}...` : s;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = n;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

function renderInspect(r: InspectReport): string {
  const lines: string[] = [`${fieldText(r.file)}  (${r.nodes.length} objects, backend ${r.backend})`];
  const attrLines = (path: string, indent: string) => {
    for (const [k, v] of Object.entries(r.attrs[path] ?? {}))
      lines.push(`${indent}@${fieldText(k)} = ${formatValue(v)}`);
  };
  lines.push('/');
  attrLines('/', '    ');
  for (const n of r.nodes) {
    const depth = n.path.split('/').length - 2;
    const indent = '  '.repeat(depth + 1);
    const name = fieldText(n.path.slice(n.path.lastIndexOf('/') + 1));
    if (n.kind === 'group') {
      lines.push(`${indent}${name}/`);
      attrLines(n.path, `${indent}    `);
    } else if (n.kind === 'dataset') {
      const parts = [
        `${n.dtype}${n.typeDescription ? ` [${fieldText(n.typeDescription)}]` : ''}`,
        `(${n.shape.join(', ')})`,
        n.layout,
      ];
      if (n.chunks) parts.push(`chunks (${n.chunks.join(', ')})`);
      parts.push(n.filters.length ? `filters ${n.filters.map((f) => `${f.name}(${f.id})`).join('+')}` : 'no filters');
      if (n.external) parts.push('EXTERNAL STORAGE');
      parts.push(formatBytes(declaredBytes(n)));
      lines.push(`${indent}${name}  ${parts.join('  ')}`);
      attrLines(n.path, `${indent}    `);
    } else {
      lines.push(`${indent}${name}  -> ${n.kind} to ${fieldText(n.target)} (not followed)`);
    }
  }
  if (r.metadata) {
    const m = r.metadata;
    const facts = [
      m.estimator && `estimator ${m.estimator}`,
      m.format && `format ${m.format} ${m.formatVersion ?? ''}`.trim(),
      m.producer && `written by ${m.producer} ${m.producerVersion ?? ''}`.trim(),
      m.nFeaturesIn !== undefined && `${m.nFeaturesIn} features`,
      m.createdAt && `created ${m.createdAt}`,
    ].filter(Boolean);
    lines.push(
      facts.length ? `metadata: ${fieldText(facts.join(', '))}` : 'metadata: none (a plain Python icepickle file)',
    );
    if (m.params) lines.push(`params: ${truncate(JSON.stringify(m.params))}`);
    if (m.user) lines.push(`user metadata: ${truncate(JSON.stringify(m.user))}`);
  } else if (r.metadataError) {
    lines.push(`metadata: ${fieldText(r.metadataError)}`);
  }
  return `${lines.join('\n')}\n`;
}
