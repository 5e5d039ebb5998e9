/**
 * A static file server on 127.0.0.1 that honours single byte ranges (RFC 9110 §14: `Range: bytes=a-b`
 * → 206 with Content-Range), streaming from disk, as object stores and CDNs answer. Counts requests and
 * bytes sent, so tests can check how much a lazy reader fetched.
 */
import { createReadStream, statSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.h5': 'application/x-hdf5',
  '.wasm': 'application/wasm',
};

export interface RangeServer {
  url: string;
  stats: { requests: number; ranges: number; bytes: number };
  close(): Promise<void>;
}

export async function serveRanges(root: string): Promise<RangeServer> {
  const stats = { requests: 0, ranges: 0, bytes: 0 };
  const server: Server = createServer((req, res) => {
    stats.requests++;
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    let size: number;
    try {
      if (!file.startsWith(root + sep)) throw new Error('outside');
      size = statSync(file).size;
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    const headers = { 'content-type': type, 'accept-ranges': 'bytes', 'access-control-allow-origin': '*' };
    if (!m) {
      res.writeHead(200, { ...headers, 'content-length': size });
      if (req.method === 'HEAD') return void res.end();
      stats.bytes += size;
      return void createReadStream(file).pipe(res);
    }
    const start = Number(m[1]);
    const end = Math.min(m[2] ? Number(m[2]) : size - 1, size - 1);
    if (start > end) return void res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
    stats.ranges++;
    stats.bytes += end - start + 1;
    res.writeHead(206, {
      ...headers,
      'content-range': `bytes ${start}-${end}/${size}`,
      'content-length': end - start + 1,
    });
    createReadStream(file, { start, end }).pipe(res);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    stats,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
