/**
 * A minimal Chrome DevTools Protocol client over one WebSocket (RFC 6455), enough to ask a Worker's
 * isolate for its heap through miniflare's inspector proxy (the Worker test and bench/edge.mjs use it).
 * Written here because Node 20 has no WebSocket without a flag, and the calls are a few small messages.
 *
 *   const cdp = await connectCdp(`${await mf.getInspectorURL()}lazy`);
 *   const watch = watchHeap(cdp); ...requests...; const { peak } = await watch.stop(); cdp.close();
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';

/** One client frame: FIN, the opcode, and the payload masked as RFC 6455 §5.3 requires of clients. */
function frame(opcode, payload) {
  const n = payload.length;
  const head = Buffer.alloc(n < 126 ? 2 : n < 65536 ? 4 : 10);
  head[0] = 0x80 | opcode;
  if (n < 126) head[1] = 0x80 | n;
  else if (n < 65536) {
    head[1] = 0x80 | 126;
    head.writeUInt16BE(n, 2);
  } else {
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  const mask = randomBytes(4);
  const body = Buffer.from(payload);
  for (let i = 0; i < n; i++) body[i] ^= mask[i & 3];
  return Buffer.concat([head, mask, body]);
}

/** Reads the server's (unmasked) frames from `socket`, handing each whole text message to `onText`. */
function readFrames(socket, first, onText) {
  let pending = first;
  let message = [];
  const drain = () => {
    for (;;) {
      if (pending.length < 2) return;
      const fin = (pending[0] & 0x80) !== 0;
      const opcode = pending[0] & 0x0f;
      let length = pending[1] & 0x7f;
      let at = 2;
      if (length === 126) {
        if (pending.length < 4) return;
        length = pending.readUInt16BE(2);
        at = 4;
      } else if (length === 127) {
        if (pending.length < 10) return;
        length = Number(pending.readBigUInt64BE(2));
        at = 10;
      }
      if (pending.length < at + length) return;
      const payload = pending.subarray(at, at + length);
      pending = pending.subarray(at + length);
      if (opcode === 9) socket.write(frame(10, payload)); // ping → pong
      if (opcode !== 1 && opcode !== 0) continue; // text and its continuations only
      message.push(payload);
      if (!fin) continue;
      onText(Buffer.concat(message).toString('utf8'));
      message = [];
    }
  };
  socket.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    drain();
  });
  drain();
}

/** Opens a CDP session on `url` (ws://host:port/path): send(method, params) resolves with the result. */
export function connectCdp(url) {
  const target = new URL(String(url).replace(/^ws:/, 'http:'));
  return new Promise((resolve, reject) => {
    const req = request(target, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      },
    });
    req.once('error', reject);
    req.once('response', (res) => reject(new Error(`the inspector answered ${res.statusCode}, not an upgrade`)));
    req.once('upgrade', (_res, socket, head) => {
      let nextId = 1;
      const calls = new Map();
      readFrames(socket, head, (text) => {
        const msg = JSON.parse(text);
        const call = msg.id === undefined ? undefined : calls.get(msg.id);
        if (!call) return; // an event, or an answer to miniflare's own proxy
        calls.delete(msg.id);
        if (msg.error) call.reject(new Error(`CDP ${call.method}: ${msg.error.message}`));
        else call.resolve(msg.result);
      });
      socket.once('close', () => {
        for (const call of calls.values()) call.reject(new Error('the inspector closed the connection'));
      });
      resolve({
        send(method, params = {}) {
          const id = nextId++;
          socket.write(frame(1, Buffer.from(JSON.stringify({ id, method, params }))));
          return new Promise((res, rej) => calls.set(id, { method, resolve: res, reject: rej }));
        },
        close: () => socket.end(frame(8, Buffer.alloc(0))),
      });
    });
    req.end();
  });
}

/** The isolate's bytes in a `Runtime.getHeapUsage` answer: the V8 heap it reserved, ArrayBuffers, embedder. */
export const isolateBytes = (u) => u.totalSize + (u.backingStorageSize ?? 0) + (u.embedderHeapUsedSize ?? 0);

/**
 * Polls `Runtime.getHeapUsage` every `everyMs` until stop(), which resolves with the sample of the
 * largest isolateBytes and the count. (HeapProfiler.collectGarbage is not used: workerd answers it only
 * once the isolate next runs a task, so the sample after it would still hold the garbage.)
 */
export function watchHeap(cdp, everyMs = 5) {
  let running = true;
  let peak;
  let samples = 0;
  const loop = (async () => {
    while (running) {
      const u = await cdp.send('Runtime.getHeapUsage');
      samples++;
      if (!peak || isolateBytes(u) > isolateBytes(peak)) peak = u;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { peak, samples };
    },
  };
}
