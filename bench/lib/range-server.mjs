/**
 * A static server on 127.0.0.1 honouring byte ranges, run in its own child process as a real server
 * would be (its CPU does not land on the client's event loop): one descriptor kept open per file, each
 * range answered with one positional read, keep-alive on. `Range: bytes=a-b` is answered 206 with a
 * Content-Range; `bytes=a-b,c-d,...` 206 multipart/byteranges (RFC 9110 §14.6), as nginx answers it.
 *
 *   const server = await serveRanges(dir); ... server.url ... await server.close();
 */
import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';
import { createServer } from 'node:http';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BOUNDARY = 'icepickle-bench-3d6b6a41';

/** One open descriptor per file, kept for the server's life. */
function handles(dir) {
  const open_ = new Map();
  return (name) => {
    const path = join(dir, basename(name));
    if (!open_.has(path))
      open_.set(
        path,
        open(path, 'r').then(async (fh) => ({ fh, size: (await fh.stat()).size })),
      );
    return open_.get(path);
  };
}

async function bytesAt(fh, start, end) {
  const buf = Buffer.allocUnsafe(end - start + 1);
  const { bytesRead } = await fh.read(buf, 0, buf.length, start);
  return bytesRead === buf.length ? buf : buf.subarray(0, bytesRead);
}

/** `bytes=a-b,c-d` → [[a, b], ...] clamped to the file; undefined when it is not a plain list of ranges. */
function rangesOf(header, size) {
  const m = /^bytes=(\d+-\d+(?:,\d+-\d+)*)$/.exec(header ?? '');
  if (!m) return undefined;
  const ranges = m[1].split(',').map((s) => s.split('-').map(Number));
  return ranges.every(([a, b]) => a <= b && a < size) ? ranges.map(([a, b]) => [a, Math.min(b, size - 1)]) : undefined;
}

async function answer(file, req, res) {
  let f;
  try {
    f = await file(decodeURIComponent(new URL(req.url, 'http://x').pathname));
  } catch {
    return void res.writeHead(404).end();
  }
  const { fh, size } = f;
  const ranges = rangesOf(req.headers.range, size);
  if (!ranges) {
    res.writeHead(200, { 'content-length': size, 'accept-ranges': 'bytes' });
    if (req.method === 'HEAD') return void res.end();
    return void fh.createReadStream({ start: 0, autoClose: false }).pipe(res);
  }
  if (ranges.length === 1) {
    const [[start, end]] = ranges;
    const buf = await bytesAt(fh, start, end);
    res.writeHead(206, { 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': buf.length });
    return void res.end(buf);
  }
  const pieces = [];
  for (const [start, end] of ranges) {
    pieces.push(
      Buffer.from(
        `\r\n--${BOUNDARY}\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes ${start}-${end}/${size}\r\n\r\n`,
      ),
      await bytesAt(fh, start, end),
    );
  }
  pieces.push(Buffer.from(`\r\n--${BOUNDARY}--\r\n`));
  const body = Buffer.concat(pieces);
  res.writeHead(206, {
    'content-type': `multipart/byteranges; boundary=${BOUNDARY}`,
    'content-length': body.length,
  });
  res.end(body);
}

/** Child: serve `dir` and print the URL. */
async function serve(dir) {
  const file = handles(dir);
  const server = createServer({ keepAlive: true }, (req, res) => {
    answer(file, req, res).catch((error) => res.destroy(error));
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
