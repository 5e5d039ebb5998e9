import {
  type DatasetInfo,
  type IcepickleErrorCode,
  ModelCollection,
  type StorageBackend,
  type StoredFile,
  type Violation,
  createEstimator,
  defaultLoadLimits,
  findViolations,
  isIcepickleError,
  loadCoefficients,
  parseMetadata,
} from '@icepickle/core';
import { loadPipeline } from '@icepickle/featurizers';
import { integer, one, parse } from '../args.js';
import { chooseBackend } from '../backend.js';
import { errorDetail } from '../error-text.js';
import type { CliIo } from '../io.js';
import { staleTempsOf } from '@icepickle/core/node';
import { fieldText } from '../terminal-text.js';
import { type ModelGroup, child, fileKind, modelGroups, nodeAt } from '../model-groups.js';

export const auditHelp = `Usage: icepickle audit <file> [--deep] [--json] [--backend wasm|native]

Checks a file against icepickle's strict loading profile and lists EVERY violation (loading stops at
the first): links (soft, external), external storage, virtual datasets, filters outside deflate /
shuffle / fletcher32, unsupported dtypes, declared sizes over the limits, too many objects; then the
model rules: coef / intercept / classes present, their dtypes, ranks and matching lengths.
Nothing but the file is opened, and without --deep no data is read.

Options:
  --deep                  also load the model(s) as loadCoefficients would: reads the data, so it
                          finds NaN/Inf coefficients and damaged or over-inflating chunks
  --max-dataset-bytes <n> limit for one dataset (default ${defaultLoadLimits.maxDatasetBytes})
  --max-total-bytes <n>   limit for all datasets together (default ${defaultLoadLimits.maxTotalBytes})
  --max-objects <n>       limit on objects in the file (default ${defaultLoadLimits.maxObjects})
  --json                  one JSON document: { file, ok, violations: [{ code, rule, object, message }] }
  --backend <name>        wasm (default) or native
  -h, --help              this help

Exit code: 0 when the file passes, 1 when it breaks any rule (or cannot be read), 2 on usage errors.

Example:
  icepickle audit downloaded-model.h5 --deep
`;

const COEF_DTYPES = new Set(['float64', 'float32']);
const CLASS_DTYPES = new Set([
  'float64',
  'float32',
  'int64',
  'int32',
  'int16',
  'int8',
  'uint64',
  'uint32',
  'uint16',
  'uint8',
  'bool',
  'utf8',
]);

/** What `icepickle audit` finds in a file (its `--json` output). */
export interface AuditReport {
  /** The file audited. */
  file: string;
  /** The backend that read it. */
  backend: string;
  /** True when the strict profile accepts the file (and, with `deep`, every dataset reads). */
  ok: boolean;
  /** Whether every dataset was also read (`--deep`). */
  deep: boolean;
  /** Every rule the file breaks. */
  violations: Violation[];
  /** Temp files next to the file left by saves killed mid-write (the next save removes them). */
  staleTempFiles: string[];
}

export async function audit(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('audit', argv, {
    deep: { type: 'boolean' },
    'max-dataset-bytes': { type: 'string' },
    'max-total-bytes': { type: 'string' },
    'max-objects': { type: 'string' },
  });
  if (values.help) {
    io.stdout(auditHelp);
    return 0;
  }
  const path = one('audit', positionals, '<file>');
  const limits = {
    ...defaultLoadLimits,
    maxDatasetBytes:
      integer('audit', 'max-dataset-bytes', values['max-dataset-bytes']) ?? defaultLoadLimits.maxDatasetBytes,
    maxTotalBytes: integer('audit', 'max-total-bytes', values['max-total-bytes']) ?? defaultLoadLimits.maxTotalBytes,
    maxObjects: integer('audit', 'max-objects', values['max-objects']) ?? defaultLoadLimits.maxObjects,
  };
  const backend = await chooseBackend(values.backend);
  const report = await auditFile(path, backend, { limits, deep: values.deep === true });
  io.stdout(values.json ? `${JSON.stringify(report, null, 1)}\n` : renderAudit(report));
  return report.ok ? 0 : 1;
}

/**
 * Checks a file against the strict profile (and with `deep`, reads every dataset), listing every violation instead of
 * stopping at the first.
 */
export async function auditFile(
  path: string,
  backend: StorageBackend,
  options: { limits: typeof defaultLoadLimits; deep: boolean },
): Promise<AuditReport> {
  const report: AuditReport = {
    file: path,
    backend: backend.name,
    ok: true,
    deep: options.deep,
    violations: [],
    staleTempFiles: staleTempsOf(path),
  };
  let file: StoredFile;
  try {
    file = await backend.open(path, {
      maxObjects: options.limits.maxObjects,
      maxAttributeBytes: options.limits.maxAttributeBytes,
    });
  } catch (error) {
    if (!isIcepickleError(error)) throw error;
    report.violations.push({
      code: error.code,
      object: error.object ?? '/',
      rule: 'open',
      message: errorDetail(error),
    });
    report.ok = false;
    return report;
  }
  let groups: ModelGroup[] = [];
  try {
    report.file = file.label;
    report.violations.push(...findViolations(file, options.limits));
    try {
      parseMetadata(file.attrs('/'), file.label);
    } catch (error) {
      if (!isIcepickleError(error)) throw error;
      report.violations.push({ code: error.code, object: '/', rule: 'metadata', message: errorDetail(error) });
    }
    groups = modelGroups(file);
    if (groups.length === 0)
      report.violations.push({
        code: 'MISSING_DATASET',
        object: '/models',
        rule: 'model-datasets',
        message: 'the collection holds no models',
      });
    for (const g of groups) report.violations.push(...modelRules(file, g));
  } finally {
    await file.close();
  }
  if (options.deep) report.violations.push(...(await deepLoad(path, backend, options.limits)));
  report.ok = report.violations.length === 0;
  return report;
}

function violation(code: IcepickleErrorCode, object: string, rule: string, message: string): Violation {
  return { code, object, rule, message };
}

/** Finds a dataset of a model group by its name in the group. */
type DatasetLookup = (name: string) => DatasetInfo | undefined;

/** coef / intercept / classes of one model group: present, allowed dtypes, ranks, matching lengths. */
export function modelRules(file: StoredFile, g: ModelGroup): Violation[] {
  const out: Violation[] = [];
  const dataset: DatasetLookup = (name) => {
    const n = nodeAt(file, child(g.group, name));
    return n?.kind === 'dataset' ? n : undefined;
  };
  // a virtual dataset is refused whole by the profile; its listed dtype says nothing about the model
  if (dataset('coef')?.layout === 'virtual' || dataset('intercept')?.layout === 'virtual') return out;
  const rows = coefRules(file, g, dataset, out);
  interceptRules(file, g, dataset('intercept'), rows, out);
  classesRules(dataset('classes'), rows, out);
  return out;
}

/** The coefficients, dense or sparse; returns their number of rows when it is known. */
function coefRules(file: StoredFile, g: ModelGroup, dataset: DatasetLookup, out: Violation[]): number | undefined {
  const coef = dataset('coef');
  const sparse = nodeAt(file, child(g.group, 'coef_csr'))?.kind === 'group';
  let rows: number | undefined;
  if (coef) {
    if (!COEF_DTYPES.has(coef.dtype))
      out.push(
        violation(
          'INVALID_DTYPE',
          coef.path,
          'coef-dtype',
          `dataset "${coef.path}" has dtype ${coef.dtype}; coefficients must be float64 or float32`,
        ),
      );
    if (coef.shape.length < 1 || coef.shape.length > 2) {
      out.push(
        violation(
          'INVALID_SHAPE',
          coef.path,
          'coef-rank',
          `dataset "${coef.path}" has rank ${coef.shape.length} (shape (${coef.shape.join(', ')})); coef must be 1-D or 2-D`,
        ),
      );
    } else {
      rows = coef.shape.length === 2 ? coef.shape[0]! : 1;
      if (rows === 0)
        out.push(violation('INVALID_SHAPE', coef.path, 'coef-rows', `dataset "${coef.path}" has no rows`));
    }
  } else if (sparse) {
    for (const part of ['data', 'indices', 'indptr']) {
      if (!dataset(`coef_csr/${part}`))
        out.push(
          violation(
            'MISSING_DATASET',
            child(g.group, `coef_csr/${part}`),
            'model-datasets',
            `the sparse layout needs "${child(g.group, `coef_csr/${part}`)}"`,
          ),
        );
    }
    const shape = file.attrs(g.group).coef_shape;
    if (Array.isArray(shape) && shape.length >= 1) rows = shape.length === 2 ? Number(shape[0]) : 1;
  } else if (!nodeAt(file, child(g.group, 'coef'))?.kind.endsWith('link')) {
    out.push(
      violation(
        'MISSING_DATASET',
        child(g.group, 'coef'),
        'model-datasets',
        `dataset "${child(g.group, 'coef')}" is missing`,
      ),
    );
  }
  return rows;
}

function interceptRules(
  file: StoredFile,
  g: ModelGroup,
  intercept: DatasetInfo | undefined,
  rows: number | undefined,
  out: Violation[],
): void {
  if (!intercept) {
    if (!nodeAt(file, child(g.group, 'intercept'))?.kind.endsWith('link'))
      out.push(
        violation(
          'MISSING_DATASET',
          child(g.group, 'intercept'),
          'model-datasets',
          `dataset "${child(g.group, 'intercept')}" is missing`,
        ),
      );
  } else {
    if (!COEF_DTYPES.has(intercept.dtype))
      out.push(
        violation(
          'INVALID_DTYPE',
          intercept.path,
          'intercept-dtype',
          `dataset "${intercept.path}" has dtype ${intercept.dtype}; expected float64 or float32`,
        ),
      );
    if (intercept.shape.length > 1)
      out.push(
        violation(
          'INVALID_SHAPE',
          intercept.path,
          'intercept-shape',
          `intercept must be a scalar or 1-D, got shape (${intercept.shape.join(', ')})`,
        ),
      );
    else if (rows !== undefined && (intercept.shape[0] ?? 1) !== rows)
      out.push(
        violation(
          'INVALID_SHAPE',
          intercept.path,
          'intercept-shape',
          `intercept has ${intercept.shape[0] ?? 1} value(s) but coef has ${rows} row(s)`,
        ),
      );
  }
}

function classesRules(classes: DatasetInfo | undefined, rows: number | undefined, out: Violation[]): void {
  if (classes) {
    if (!CLASS_DTYPES.has(classes.dtype))
      out.push(
        violation(
          'INVALID_DTYPE',
          classes.path,
          'classes-dtype',
          `dataset "${classes.path}" has dtype ${classes.dtype}; class labels must be integers, floats, bools or UTF-8 strings`,
        ),
      );
    if (classes.shape.length !== 1)
      out.push(
        violation(
          'INVALID_SHAPE',
          classes.path,
          'classes-shape',
          `classes must be 1-D, got shape (${classes.shape.join(', ')})`,
        ),
      );
    else if (
      rows !== undefined &&
      !(classes.shape[0] === rows && rows > 1) &&
      !(rows === 1 && classes.shape[0] === 2)
    ) {
      out.push(
        violation(
          'INVALID_SHAPE',
          classes.path,
          'classes-shape',
          `${classes.shape[0]} classes for ${rows} coef row(s) (one row means 2 classes)`,
        ),
      );
    }
  }
}

/** Loads every model of the file as the library would; each failure is one violation. */
async function deepLoad(path: string, backend: StorageBackend, limits: typeof defaultLoadLimits): Promise<Violation[]> {
  const out: Violation[] = [];
  const record = (error: unknown, object: string) => {
    if (!isIcepickleError(error)) throw error;
    out.push({ code: error.code, object: error.object ?? object, rule: 'load', message: errorDetail(error) });
  };
  let kind: string;
  let estimator: string;
  let hasClasses: boolean;
  try {
    const file = await backend.open(path, {
      maxObjects: limits.maxObjects,
      maxAttributeBytes: limits.maxAttributeBytes,
    });
    try {
      kind = fileKind(file);
      const meta = parseMetadata(file.attrs('/'), file.label);
      hasClasses = nodeAt(file, '/classes') !== undefined;
      estimator = meta.estimator ?? (hasClasses ? 'SGDClassifier' : 'SGDRegressor');
    } finally {
      await file.close();
    }
  } catch (error) {
    record(error, '/');
    return out;
  }
  try {
    if (kind === 'collection') {
      const collection = await ModelCollection.open(path, { backend, limits });
      for (const name of collection.names()) {
        try {
          collection.load(name);
        } catch (error) {
          record(error, `/models/${name}`);
        }
      }
    } else if (kind === 'pipeline') {
      await loadPipeline(path, { backend, limits });
    } else {
      await loadCoefficients(createEstimator(estimator), path, { backend, limits });
    }
  } catch (error) {
    record(error, '/');
  }
  return out;
}

function renderAudit(r: AuditReport): string {
  const stale = r.staleTempFiles.map(
    (name) => `stale temp file ${fieldText(name)}: its writer is gone; the next save to this file removes it\n`,
  );
  return renderViolations(r) + stale.join('');
}

function renderViolations(r: AuditReport): string {
  if (r.ok) return `${fieldText(r.file)}: passes the strict profile${r.deep ? ' (deep: every model loads)' : ''}\n`;
  const lines = [`${fieldText(r.file)}: ${r.violations.length} violation${r.violations.length === 1 ? '' : 's'}`];
  for (const v of r.violations)
    lines.push(
      `  ${v.code.padEnd(18)} ${v.rule.padEnd(20)} ${fieldText(v.object)}: ${fieldText(v.message.replace(/ \[rule: [^\]]+\]$/, ''))}`,
    );
  return `${lines.join('\n')}\n`;
}
