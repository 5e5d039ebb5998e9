/** A dataset's header messages, gathered into what describing and reading it needs. */
import type { DatasetInfo } from '@icepickle/core';
import type { H5Context } from './context.js';
import { Cursor } from './cursor.js';
import { type Dataspace, parseDataspace } from './dataspace.js';
import { type Datatype, parseDatatype } from './datatype.js';
import { type Filter, parseFilters } from './filters.js';
import { parseFillValue, parseOldFillValue } from './fill-value.js';
import { type DataLayout, parseLayout } from './layout.js';
import { MSG, type Message } from './object-header.js';
import { decodeNumbers } from './values.js';

export interface DatasetHeader {
  space: Dataspace;
  type: Datatype;
  layout: DataLayout;
  filters: Filter[];
  fill: Uint8Array | undefined;
  external: boolean;
}

export function datasetHeader(ctx: H5Context, messages: readonly Message[]): DatasetHeader {
  const find = (type: number) => messages.find((m) => m.type === type);
  const spaceMsg = find(MSG.DATASPACE)!;
  const typeMsg = find(MSG.DATATYPE)!;
  const layoutMsg = find(MSG.LAYOUT);
  const filtersMsg = find(MSG.FILTERS);
  const fillMsg = find(MSG.FILL_VALUE);
  const oldFill = find(MSG.FILL_VALUE_OLD);
  const shared = (typeMsg.flags & 0x02) !== 0;
  const type: Datatype = shared
    ? { dtype: 'other', size: 0, littleEndian: true, description: 'committed (shared) datatype' }
    : parseDatatype(new Cursor(typeMsg.data));
  return {
    space: parseDataspace(ctx, spaceMsg.data),
    type,
    layout: layoutMsg ? parseLayout(ctx, layoutMsg.data) : { layout: 'unknown' },
    filters: filtersMsg ? parseFilters(filtersMsg.data) : [],
    fill: fillMsg ? parseFillValue(fillMsg.data) : oldFill ? parseOldFillValue(oldFill.data) : undefined,
    external: messages.some((m) => m.type === MSG.EXTERNAL_FILES),
  };
}

/** A float dataset's fill value as a number (one element of its own type), if the file sets one. */
function floatFill(h: DatasetHeader): number | undefined {
  if ((h.type.dtype !== 'float64' && h.type.dtype !== 'float32') || h.fill?.length !== h.type.size) return undefined;
  return decodeNumbers(h.type, h.fill, 1)[0] as number;
}

export function describeDataset(path: string, h: DatasetHeader): DatasetInfo {
  const info: DatasetInfo = {
    kind: 'dataset',
    path,
    dtype: h.space.empty ? 'other' : h.type.dtype,
    itemSize: h.type.size,
    shape: h.space.shape,
    layout: h.layout.layout,
    filters: h.filters.map((f) => ({ id: f.id, name: f.name })),
    external: h.external,
  };
  if (h.layout.chunked) info.chunks = [...h.layout.chunked.chunk];
  const fill = floatFill(h);
  if (fill !== undefined && fill !== 0) info.fillValue = fill;
  if (h.space.empty) info.typeDescription = `empty dataset (null dataspace) of ${h.type.description ?? h.type.dtype}`;
  else if (h.type.dtype === 'other') info.typeDescription = h.type.description ?? 'unknown type';
  return info;
}
