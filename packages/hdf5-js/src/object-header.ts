/**
 * Object headers (spec "Disk Format: Level 2A"): version 1 (8-byte aligned messages) and version 2
 * ("OHDR", checksummed), with their continuation blocks ("OCHK" in version 2), read into a flat list
 * of messages. Loops of continuations, too many blocks or messages, and checksum mismatches are
 * Damaged.
 */
import { type H5Context, readLength, requireAddress } from './context.js';
import { Cursor } from './cursor.js';
import { Damaged } from './errors.js';
import { checksumOk } from './lookup3.js';

export interface Message {
  type: number;
  flags: number;
  data: Uint8Array;
}

export const MSG = {
  DATASPACE: 0x0001,
  LINK_INFO: 0x0002,
  DATATYPE: 0x0003,
  FILL_VALUE_OLD: 0x0004,
  FILL_VALUE: 0x0005,
  LINK: 0x0006,
  EXTERNAL_FILES: 0x0007,
  LAYOUT: 0x0008,
  GROUP_INFO: 0x000a,
  FILTERS: 0x000b,
  ATTRIBUTE: 0x000c,
  CONTINUATION: 0x0010,
  SYMBOL_TABLE: 0x0011,
  ATTRIBUTE_INFO: 0x0015,
} as const;

const MAX_BLOCKS = 1024;
const MAX_MESSAGES = 65536;

export interface Block {
  at: number;
  length: number;
}

/** Where a continuation message points: the next block of the header (absolute position and length). */
export function continuation(ctx: H5Context, m: Message): Block {
  const c = new Cursor(m.data);
  const at = requireAddress(ctx, c, 'header continuation');
  return { at, length: readLength(ctx, c) };
}

function parseV1Block(ctx: H5Context, bytes: Uint8Array, out: Message[], blocks: Block[]): void {
  const c = new Cursor(bytes);
  while (c.remaining >= 8) {
    const type = c.u16();
    const size = c.u16();
    const flags = c.u8();
    c.skip(3);
    const data = c.take(size);
    const m = { type, flags, data };
    out.push(m);
    if (type === MSG.CONTINUATION) blocks.push(continuation(ctx, m));
  }
}

function parseV2Messages(ctx: H5Context, c: Cursor, end: number, tracked: boolean, out: Message[], blocks: Block[]) {
  const prefix = tracked ? 6 : 4;
  while (end - c.pos >= prefix) {
    const type = c.u8();
    const size = c.u16();
    const flags = c.u8();
    if (tracked) c.skip(2);
    if (c.pos + size > end) throw new Damaged('object header: a message runs past its block');
    const m = { type, flags, data: c.take(size) };
    out.push(m);
    if (type === MSG.CONTINUATION) blocks.push(continuation(ctx, m));
  }
}

/**
 * Bytes read at a header's start: its prefix and, in the files we read, its whole first block, so a
 * header costs one read, not three (a serverless handler opens a model per request; issue 17).
 */
const FIRST_READ = 512;

/** `length` bytes at `at`, cut from `first` (read at `start`) when it holds them. */
function within(first: Uint8Array, start: number, at: number, length: number): Uint8Array | undefined {
  const from = at - start;
  return from >= 0 && from + length <= first.length ? first.subarray(from, from + length) : undefined;
}

async function readV1(ctx: H5Context, at: number, first: Uint8Array): Promise<Message[]> {
  const head = new Cursor(within(first, at, at, 16) ?? (await ctx.reader.read(at, 16)));
  head.skip(4); // version, reserved, message count
  head.skip(4); // reference count
  const size = head.u32();
  const out: Message[] = [];
  const blocks: Block[] = [{ at: at + 16, length: size }];
  await walkBlocks(ctx, blocks, out, async (block) => {
    const bytes = within(first, at, block.at, block.length) ?? (await ctx.reader.read(block.at, block.length));
    parseV1Block(ctx, bytes, out, blocks);
  });
  return out;
}

async function readV2(ctx: H5Context, at: number, first: Uint8Array): Promise<Message[]> {
  const pre = new Cursor(first.subarray(0, 34));
  pre.expectSignature('OHDR', 'object header');
  if (pre.u8() !== 2) throw new Damaged('object header: version is not 2');
  const flags = pre.u8();
  if (flags & 0x20) pre.skip(16); // times
  if (flags & 0x10) pre.skip(4); // attribute phase change values
  const chunk0 = pre.uint(1 << (flags & 0x03));
  const tracked = (flags & 0x04) !== 0;
  const out: Message[] = [];
  const blocks: Block[] = [];
  const length = pre.pos + chunk0 + 4;
  const whole = within(first, at, at, length) ?? (await ctx.reader.read(at, length));
  if (!checksumOk(whole, pre.pos + chunk0)) throw new Damaged('object header: checksum mismatch');
  parseV2Messages(ctx, new Cursor(whole, pre.pos), pre.pos + chunk0, tracked, out, blocks);
  await walkBlocks(ctx, blocks, out, async (block) => {
    const bytes = await ctx.reader.read(block.at, block.length);
    const c = new Cursor(bytes);
    c.expectSignature('OCHK', 'object header continuation');
    if (!checksumOk(bytes, bytes.length - 4)) throw new Damaged('object header continuation: checksum mismatch');
    parseV2Messages(ctx, c, bytes.length - 4, tracked, out, blocks);
  });
  return out;
}

async function walkBlocks(
  _ctx: H5Context,
  blocks: Block[],
  out: Message[],
  parse: (block: Block) => Promise<void>,
): Promise<void> {
  const seen = new Set<number>();
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    if (seen.has(block.at)) throw new Damaged('object header: continuation loop');
    if (seen.size >= MAX_BLOCKS || out.length > MAX_MESSAGES) throw new Damaged('object header: too many blocks');
    seen.add(block.at);
    await parse(block);
  }
}

/** Every message of the object header at absolute position `at`. */
export async function readObjectHeader(ctx: H5Context, at: number): Promise<Message[]> {
  const first = await ctx.reader.read(at, Math.min(FIRST_READ, ctx.reader.size - at));
  if (first.length >= 4 && first[0] === 0x4f && first[1] === 0x48 && first[2] === 0x44 && first[3] === 0x52)
    return readV2(ctx, at, first);
  if (first[0] !== 1) throw new Damaged(`object header at ${at}: unknown version ${first[0]}`);
  return readV1(ctx, at, first);
}
