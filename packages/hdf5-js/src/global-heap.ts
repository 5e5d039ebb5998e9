/**
 * Global heap collections ("GCOL", spec III.E): where variable-length strings live. A reference is
 * (length 4, collection address O, object index 4). Collections are read once per file and kept.
 */
import { type H5Context, readLength } from './context.js';
import { Cursor } from './cursor.js';
import { Damaged } from './errors.js';

export class GlobalHeap {
  private readonly collections = new Map<number, Promise<Map<number, Uint8Array>>>();

  constructor(private readonly ctx: H5Context) {}

  /** The bytes of object `index` in the collection at absolute position `at`. */
  async object(at: number, index: number): Promise<Uint8Array> {
    let collection = this.collections.get(at);
    if (!collection) {
      collection = this.readCollection(at);
      this.collections.set(at, collection);
    }
    const found = (await collection).get(index);
    if (!found) throw new Damaged(`global heap at ${at}: no object ${index}`);
    return found;
  }

  private async readCollection(at: number): Promise<Map<number, Uint8Array>> {
    const L = this.ctx.sb.sizeOfLengths;
    const head = new Cursor(await this.ctx.reader.read(at, 8 + L));
    head.expectSignature('GCOL', 'global heap collection');
    if (head.u8() !== 1) throw new Damaged('global heap: unknown version');
    head.skip(3);
    const size = readLength(this.ctx, head);
    if (size < 8 + L) throw new Damaged('global heap: collection smaller than its header');
    const c = new Cursor(await this.ctx.reader.read(at, size), 8 + L);
    const out = new Map<number, Uint8Array>();
    while (c.remaining >= 8 + L) {
      const index = c.u16();
      c.skip(6); // reference count, reserved
      const objectSize = readLength(this.ctx, c);
      if (index === 0) break; // free space: the rest of the collection
      if (objectSize > c.remaining) throw new Damaged('global heap: object runs past its collection');
      out.set(index, c.take(objectSize));
      c.skip(Math.min(c.remaining, (8 - (objectSize % 8)) % 8));
    }
    return out;
  }
}
