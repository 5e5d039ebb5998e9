/**
 * The body of a 206 multipart/byteranges answer (RFC 9110 §14.6, framing of RFC 2046 §5.1.1): parts
 * separated by `--boundary` lines, each with a Content-Range header and exactly that many bytes. Parsed
 * strictly: a part is taken by its Content-Range's length and must be followed by the next delimiter, so a
 * part longer or shorter than it claims is refused, never trusted.
 */

/** One part: the bytes of [start, end] of the file (inclusive, as in Content-Range). */
export interface BytePart {
  start: number;
  end: number;
  bytes: Uint8Array;
}

/** A multipart body that contradicts its framing; the source names the ranges it was asked for. */
export class MalformedMultipart extends Error {
  override readonly name = 'MalformedMultipart';
}

const CR = 13;
const LF = 10;
const DASH = 45;
/** RFC 2046 §5.1.1: a boundary is 1 to 70 characters. */
const MAX_BOUNDARY = 70;
/** Bytes of one part's header block; real servers send two short headers. */
const MAX_PART_HEADERS = 1024;

/** The boundary of a `multipart/byteranges; boundary=...` Content-Type, else undefined. */
export function byterangesBoundary(contentType: string | null): string | undefined {
  const m = /^\s*multipart\/byteranges\s*;(.*)$/i.exec(contentType ?? '');
  if (!m) return undefined;
  const b = /(?:^|;)\s*boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(m[1]!);
  const boundary = b?.[1] ?? b?.[2];
  return boundary && boundary.length <= MAX_BOUNDARY ? boundary : undefined;
}

/** `bytes a-b/total` → [a, b, total]; undefined when malformed (`*` totals are kept as NaN). */
export function parseContentRange(value: string | null): [number, number, number] | undefined {
  const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value?.trim() ?? '');
  if (!m) return undefined;
  const [start, end, total] = [Number(m[1]), Number(m[2]), m[3] === '*' ? Number.NaN : Number(m[3])];
  return Number.isSafeInteger(start) && Number.isSafeInteger(end) && start <= end ? [start, end, total] : undefined;
}

/** True when `needle` is at `at` in `body`. */
function isAt(body: Uint8Array, needle: Uint8Array, at: number): boolean {
  if (at + needle.length > body.length) return false;
  for (let j = 0; j < needle.length; j++) if (body[at + j] !== needle[j]) return false;
  return true;
}

/** Where `needle` starts in body[from..limit), or -1. */
function indexOf(body: Uint8Array, needle: Uint8Array, from: number, limit = body.length): number {
  const first = needle[0]!;
  for (let i = body.indexOf(first, from); i >= 0 && i + needle.length <= limit; i = body.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && body[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

const BLANK_LINE = Uint8Array.of(CR, LF, CR, LF);
const latin1 = new TextDecoder('latin1');

/** Reads the header lines after a delimiter line; returns the Content-Range value and where the data begins. */
function partHeaders(body: Uint8Array, at: number): { contentRange: string | null; dataAt: number } {
  // a part with no header at all starts its data right after the delimiter line (RFC 2046: headers optional)
  if (body[at] === CR && body[at + 1] === LF) return { contentRange: null, dataAt: at + 2 };
  const end = indexOf(body, BLANK_LINE, at, Math.min(body.length, at + MAX_PART_HEADERS));
  if (end < 0) throw new MalformedMultipart('a part header does not end');
  // one string for the block, the field found in its lower-case copy (a request's answer has dozens of parts)
  const block = latin1.decode(body.subarray(at, end));
  const lower = block.toLowerCase();
  let contentRange: string | null = null;
  for (let line = 0; line < block.length; ) {
    const next = block.indexOf('\r\n', line);
    const stop = next < 0 ? block.length : next;
    const colon = block.indexOf(':', line);
    if (colon > line && colon < stop && lower.slice(line, colon).trim() === 'content-range')
      contentRange = block.slice(colon + 1, stop);
    line = stop + 2;
  }
  return { contentRange, dataAt: end + 4 };
}

/**
 * The parts of a multipart/byteranges body of a file of `size` bytes; MalformedMultipart when the framing,
 * a Content-Range or a part's length is wrong.
 */
export function parseByteranges(body: Uint8Array, boundary: string, size: number): BytePart[] {
  const delimiter = new TextEncoder().encode(`--${boundary}`);
  // the first delimiter may follow a preamble; later ones must come right after a part's CRLF
  let at = indexOf(body, delimiter, 0);
  if (at < 0) throw new MalformedMultipart('no multipart delimiter');
  const parts: BytePart[] = [];
  for (;;) {
    at += delimiter.length;
    if (body[at] === DASH && body[at + 1] === DASH) break; // the close delimiter; an epilogue may follow
    while (body[at] === 32 || body[at] === 9) at++; // transport padding (RFC 2046 §5.1.1)
    if (body[at] !== CR || body[at + 1] !== LF) throw new MalformedMultipart('a delimiter line does not end');
    const { contentRange, dataAt } = partHeaders(body, at + 2);
    const range = parseContentRange(contentRange);
    if (!range) throw new MalformedMultipart(`a part has Content-Range "${contentRange ?? ''}"`);
    const [start, end, total] = range;
    if (total !== size || end >= size)
      throw new MalformedMultipart(`a part's Content-Range ${start}-${end}/${total} does not fit ${size} bytes`);
    const next = dataAt + end - start + 1;
    if (next + 2 + delimiter.length > body.length) throw new MalformedMultipart(`part ${start}-${end} is cut short`);
    if (body[next] !== CR || body[next + 1] !== LF || !isAt(body, delimiter, next + 2))
      throw new MalformedMultipart(`part ${start}-${end} is not as long as its Content-Range`);
    parts.push({ start, end, bytes: body.subarray(dataAt, next) });
    at = next + 2;
  }
  if (parts.length === 0) throw new MalformedMultipart('no parts');
  return parts;
}
