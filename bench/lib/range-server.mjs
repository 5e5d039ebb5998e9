/** A static server on 127.0.0.1 honouring single byte ranges (206 + Content-Range), streaming from disk. */
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { basename, join } from 'node:path';

export async function serveRanges(dir) {
  const server = createServer((req, res) => {
    const file = join(dir, basename(decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    let size;
    try {
      size = statSync(file).size;
    } catch {
      return void res.writeHead(404).end();
    }
    const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (!m) {
      res.writeHead(200, { 'content-length': size, 'accept-ranges': 'bytes' });
      return void (req.method === 'HEAD' ? res.end() : createReadStream(file).pipe(res));
    }
    const [start, end] = [Number(m[1]), Math.min(Number(m[2]), size - 1)];
    res.writeHead(206, { 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': end - start + 1 });
    createReadStream(file, { start, end }).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
