/**
 * nginx serving a directory on 127.0.0.1, for the benches' http rows: the server a model would sit behind
 * in production (it answers single and multi-range requests from the file, sendfile on), so the rows
 * measure the client rather than a Node server sharing the machine's two cores. Debian's nginx-light
 * (`apt-get install nginx-light`); absent, serveNginx resolves undefined and the bench says so.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';

/** nginx's version line, or undefined when it is not installed. */
export function nginxVersion() {
  const r = spawnSync(NGINX, ['-v'], { encoding: 'utf8' });
  return r.status === 0 ? (r.stderr || r.stdout).trim().replace('nginx version: ', '') : undefined;
}

/** A free port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Waits until something accepts connections on `port`. */
async function reachable(port, tries = 100) {
  for (let i = 0; i < tries; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/`, { method: 'HEAD' }).then(
      () => true,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nginx did not listen on ${port}`);
}

/** Starts nginx over `dir`: `{ url, version, close() }`, or undefined when nginx is not installed. */
export async function serveNginx(dir) {
  const version = nginxVersion();
  if (!version) return undefined;
  const prefix = mkdtempSync(join(tmpdir(), 'icepickle-nginx-'));
  const port = await freePort();
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `${k}_temp_path ${prefix}/${k};`);
  writeFileSync(
    join(prefix, 'nginx.conf'),
    `daemon off; worker_processes 1; pid ${prefix}/nginx.pid; error_log ${prefix}/error.log;
events { worker_connections 1024; }
http {
  access_log off; sendfile on; max_ranges 64;
  keepalive_requests 1000000; keepalive_timeout 60s; ${temp.join(' ')}
  types { application/x-hdf5 h5; }
  server { listen 127.0.0.1:${port}; root ${dir}; }
}
`,
  );
  const child = spawn(NGINX, ['-c', join(prefix, 'nginx.conf'), '-p', prefix], { stdio: 'ignore' });
  await reachable(port);
  return {
    url: `http://127.0.0.1:${port}/`,
    version,
    close: () =>
      new Promise((done) => {
        child.once('exit', () => {
          rmSync(prefix, { recursive: true, force: true });
          done();
        });
        child.kill('SIGQUIT');
      }),
  };
}
