import { IcepickleError } from '../errors.js';
import type { AttrValue } from '../storage/types.js';
import { ATTR, FORMAT_NAME, FORMAT_VERSION } from './keys.js';

/** What our attributes say about a model; every field is optional (Python files have none). */
export interface ModelMetadata {
  /** 'icepickle' when written by this library (absent in Python icepickle files). */
  format?: string;
  /** The version of our attribute layout (semver). */
  formatVersion?: string;
  /** What wrote the file. */
  producer?: string;
  /** Its version. */
  producerVersion?: string;
  /** The estimator's class name. */
  estimator?: string;
  /** scikit-learn names. */
  params?: Record<string, unknown>;
  /** Our camelCase names. */
  paramsCamel?: Record<string, unknown>;
  /** The number of features. */
  nFeaturesIn?: number;
  /** How the class labels are stored. */
  classDType?: string;
  /** When the file was written (ISO 8601). */
  createdAt?: string;
  /** What the user passed as `metadata` when saving. */
  user?: Record<string, unknown>;
}

/** Reads our attributes; refuses a newer major format version than this reader knows. */
export function parseMetadata(attrs: Readonly<Record<string, AttrValue>>, file: string, object = '/'): ModelMetadata {
  const str = (k: string) => (typeof attrs[k] === 'string' ? (attrs[k] as string) : undefined);
  const json = (k: string): Record<string, unknown> | undefined => {
    const s = str(k);
    if (s === undefined) return undefined;
    try {
      const v = JSON.parse(s) as unknown;
      return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    } catch (cause) {
      throw new IcepickleError('INVALID_INPUT', {
        scope: 'load',
        file,
        detail: `attribute "${k}" of "${object}" is not valid JSON`,
        cause,
        object,
      });
    }
  };
  const meta: ModelMetadata = {
    format: str(ATTR.format),
    formatVersion: str(ATTR.formatVersion),
    producer: str(ATTR.producer),
    producerVersion: str(ATTR.producerVersion),
    estimator: str(ATTR.estimator),
    params: json(ATTR.params),
    paramsCamel: json(ATTR.paramsCamel),
    nFeaturesIn:
      typeof attrs[ATTR.nFeaturesIn] === 'number'
        ? (attrs[ATTR.nFeaturesIn] as number)
        : typeof attrs[ATTR.nFeaturesIn] === 'bigint'
          ? Number(attrs[ATTR.nFeaturesIn])
          : undefined,
    classDType: str(ATTR.classDType),
    createdAt: str(ATTR.createdAt),
    user: json(ATTR.metadata),
  };
  if (meta.format !== undefined && meta.format !== FORMAT_NAME) {
    throw new IcepickleError('UNSUPPORTED_VERSION', {
      scope: 'load',
      file,
      detail: `attribute "${ATTR.format}" is "${meta.format}", not "${FORMAT_NAME}"`,
      object,
    });
  }
  if (meta.formatVersion !== undefined) {
    const major = Number(meta.formatVersion.split('.')[0]);
    const ours = Number(FORMAT_VERSION.split('.')[0]);
    if (!Number.isInteger(major) || major > ours) {
      throw new IcepickleError('UNSUPPORTED_VERSION', {
        scope: 'load',
        file,
        detail: `the file uses icepickle format ${meta.formatVersion}; this version of @icepickle/core reads ${ours}.x and older — upgrade @icepickle/core`,
        object,
      });
    }
  }
  return meta;
}
