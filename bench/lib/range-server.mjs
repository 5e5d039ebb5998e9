/**
 * A static server on 127.0.0.1 honouring byte ranges, run in its own child process as a real server
 * would be (its CPU does not land on the client's event loop): one descriptor kept open per file, each
 * range answered with one positional read, keep-alive on. `Range: bytes=a-b` is answered 206 with a
 * Content-Range; `bytes=a-b,c-d,...` 206 multipart/byteranges (RFC 9110 §14.6), as nginx answers it.
 *
 *   const server = await serveRanges(dir); ... server.url ... await server.close();
 */
import { spawn } from 'node:child_process';
import { createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { createServer } from 'node:http';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BOUNDARY = 'icepickle-bench-3d6b6a41';

/** One open descriptor per file, kept for the server's life. */
function handles(dir) {
  const fds = new Map();
  return (name) => {
    const path = join(dir, basename(name));
    if (!fds.has(path)) {
      const fd = openSync(path, 'r');
      fds.set(path, { fd, size: fstatSync(fd).size });
    }
    return fds.get(path);
  };
}

/** Bytes [start, end] of `fd` into `out` at `at`: one positional read (the page cache answers it). */
function readAt(fd, out, at, start, end) {
  const n = readSync(fd, out, at, end - start + 1, start);
  if (n !== end - start + 1) throw new Error(`short read at ${start}`);
}

/** `bytes=a-b,c-d` → [[a, b], ...] clamped to the file; undefined when it is not a plain list of ranges. */
function rangesOf(header, size) {
  const m = /^bytes=(\d+-\d+(?:,\d+-\d+)*)$/.exec(header ?? '');
  if (!m) return undefined;
  const ranges = m[1].split(',').map((s) => s.split('-').map(Number));
  return ranges.every(([a, b]) => a <= b && a < size) ? ranges.map(([a, b]) => [a, Math.min(b, size - 1)]) : undefined;
}

function answer(file, req, res) {
  let f;
  try {
    f = file(decodeURIComponent(new URL(req.url, 'http://x').pathname));
  } catch {
    return void res.writeHead(404).end();
  }
  const { fd, size } = f;
  const ranges = rangesOf(req.headers.range, size);
  if (!ranges) {
    res.writeHead(200, { 'content-length': size, 'accept-ranges': 'bytes' });
    if (req.method === 'HEAD') return void res.end();
    return void createReadStream('', { fd, start: 0, autoClose: false }).pipe(res);
  }
  if (ranges.length === 1) {
    const [[start, end]] = ranges;
    const body = Buffer.allocUnsafe(end - start + 1);
    readAt(fd, body, 0, start, end);
    res.writeHead(206, { 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': body.length });
    return void res.end(body);
  }
  // multipart/byteranges (RFC 9110 §14.6): every part's header, then its bytes, laid out in one buffer
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
  res.writeHead(206, { 'content-type': `multipart/byteranges; boundary=${BOUNDARY}`, 'content-length': total });
  res.end(body);
}

/** Child: serve `dir` and print the URL. */
async function serve(dir) {
  const file = handles(dir);
  const server = createServer({ keepAlive: true }, (req, res) => {
    try {
      answer(file, req, res);
    } catch (error) {
      res.destroy(error);
    }
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  console.log(`http://127.0.0.1:${server.address().port}/`);
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
