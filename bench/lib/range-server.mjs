/**
 * The one static server on 127.0.0.1 honouring byte ranges, for the benches and the tests (RFC 9110 §14):
 * no Range (or HEAD) → 200 with the whole file; `bytes=a-b` or `bytes=a-` → 206 with a Content-Range, 416
 * past the end; `bytes=a-b,c-d,...` → 206 multipart/byteranges (§14.6), as nginx answers it. Content types
 * by extension and CORS, so a built page can be served from it too; `stats` counts requests, ranges and
 * body bytes sent.
 *   - serveRanges(dir): in its own child process, as a real server would be (its CPU does not land on the
 *     client's event loop), one descriptor kept open per file, keep-alive on: the benches.
 *   - serveRangesHere(dir): in this process, a file opened per request (tests rewrite files), with stats.
 */
import { spawn } from 'node:child_process';
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const BOUNDARY = 'icepickle-bench-3d6b6a41';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.h5': 'application/x-hdf5',
  '.wasm': 'application/wasm',
};

/** The file a URL path names under `dir` (a directory's index.html), or undefined outside it. */
function pathIn(dir, urlPath) {
  const root = normalize(dir);
  const file = normalize(join(root, urlPath.endsWith('/') ? `${urlPath}index.html` : urlPath));
  return file.startsWith(root + sep) ? file : undefined;
}

/** Opens a file for a request: `{ fd, size, done() }`; kept open for the server's life when `keep`. */
function opener(keep) {
  const fds = new Map();
  return (file) => {
    if (keep && fds.has(file)) return fds.get(file);
    const fd = openSync(file, 'r');
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      closeSync(fd);
      throw new Error('not a file');
    }
    const handle = { fd, size: stat.size, done: keep ? () => {} : () => closeSync(fd) };
    if (keep) fds.set(file, handle);
    return handle;
  };
}

/** Bytes [start, end] of `fd` into `out` at `at`: one positional read (the page cache answers it). */
function readAt(fd, out, at, start, end) {
  const n = readSync(fd, out, at, end - start + 1, start);
  if (n !== end - start + 1) throw new Error(`short read at ${start}`);
}

/** `bytes=a-b,c-d` (or `bytes=a-`) → [[a, b], ...] clamped to the file; 'unsatisfiable' when a range starts past it. */
function rangesOf(header, size) {
  const m = /^bytes=(\d+-\d*(?:,\d+-\d+)*)$/.exec(header ?? '');
  if (!m) return undefined;
  const ranges = m[1].split(',').map((s) => s.split('-').map((v) => (v === '' ? size - 1 : Number(v))));
  if (ranges.some(([a, b]) => a > b)) return undefined;
  if (ranges.some(([a]) => a >= size)) return 'unsatisfiable';
  return ranges.map(([a, b]) => [a, Math.min(b, size - 1)]);
}

/** The whole file (no Range, or one the server ignores), 200, streamed from its path. */
function whole(req, res, file, { size, done }, headers, stats) {
  done();
  res.writeHead(200, { ...headers, 'content-length': size });
  if (req.method === 'HEAD') return void res.end();
  stats.bytes += size;
  createReadStream(file).pipe(res);
}

/** multipart/byteranges (RFC 9110 §14.6): every part's header, then its bytes, laid out in one buffer. */
function multipart(res, { fd, size }, ranges, headers) {
  const heads = ranges.map(
    ([start, end]) =>
      `\r\n--${BOUNDARY}\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes ${start}-${end}/${size}\r\n\r\n`,
  );
  const close = `\r\n--${BOUNDARY}--\r\n`;
  const total = ranges.reduce((n, [a, b], i) => n + heads[i].length + b - a + 1, close.length);
  const body = Buffer.allocUnsafe(total);
  let at = 0;
  ranges.forEach(([start, end], i) => {
    at += body.write(heads[i], at, 'latin1');
    readAt(fd, body, at, start, end);
    at += end - start + 1;
  });
  body.write(close, at, 'latin1');
  res.writeHead(206, {
    ...headers,
    'content-type': `multipart/byteranges; boundary=${BOUNDARY}`,
    'content-length': total,
  });
  res.end(body);
  return total;
}

/** Answers one request from `dir` (see the file's comment), counting into `stats`. */
export function rangeHandler(dir, { keepOpen = false, stats = { requests: 0, ranges: 0, bytes: 0 } } = {}) {
  const open = opener(keepOpen);
  return (req, res) => {
    stats.requests++;
    const file = pathIn(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    let handle;
    try {
      if (!file) throw new Error('outside');
      handle = open(file);
    } catch {
      return void res.writeHead(404).end('not found');
    }
    const { fd, size, done } = handle;
    const headers = {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'accept-ranges': 'bytes',
      'access-control-allow-origin': '*',
    };
    try {
      const ranges = rangesOf(req.headers.range, size);
      if (!ranges) return whole(req, res, file, handle, headers, stats);
      if (ranges === 'unsatisfiable') {
        done();
        return void res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      }
      stats.ranges += ranges.length;
      if (ranges.length > 1) stats.bytes += multipart(res, handle, ranges, headers);
      else {
        const [[start, end]] = ranges;
        const body = Buffer.allocUnsafe(end - start + 1);
        readAt(fd, body, 0, start, end);
        res.writeHead(206, {
          ...headers,
          'content-range': `bytes ${start}-${end}/${size}`,
          'content-length': body.length,
        });
        res.end(body);
        stats.bytes += body.length;
      }
      done();
    } catch (error) {
      done();
      throw error;
    }
  };
}

/** Listens on 127.0.0.1, a free port; the server and its URL. */
async function listen(handler) {
  const server = createServer({ keepAlive: true }, (req, res) => {
    try {
      handler(req, res);
    } catch (error) {
      res.destroy(error);
    }
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

/** Serves `dir` in this process; resolves with its URL, its stats and a close(). */
export async function serveRangesHere(dir) {
  const stats = { requests: 0, ranges: 0, bytes: 0 };
  const { server, url } = await listen(rangeHandler(dir, { stats }));
  return {
    url,
    stats,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Child: serve `dir` and print the URL. */
async function serve(dir) {
  const { url } = await listen(rangeHandler(dir, { keepOpen: true }));
  console.log(url);
}

/** Starts the server in a child process; resolves with its URL and a close(). */
export function serveRanges(dir) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve', dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`range server exited (${code})`)));
    child.stdout.once('data', (d) =>
      resolve({
        url: String(d).trim(),
        close: () =>
          new Promise((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill();
          }),
      }),
    );
  });
}

if (process.argv[2] === '--serve' && process.argv[1] === fileURLToPath(import.meta.url)) await serve(process.argv[3]);
