// The bench's static server: serves the page under test (our widget from a snapshot of dist/, or
// the plain-JS reference) on an ephemeral loopback port, uncompressed like the token server, and
// forwards /api/* and /healthz to the real stack's token server. Both pages are served by this
// same code, so neither pays for serving or CORS what the other does not, and the widget cannot
// change under the bench when someone rebuilds dist/ during a run.
import { createServer, request as httpRequest, Agent } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * mounts: [{ prefix: '/vendor/', dir }] — the longest matching prefix wins; '/' is the fallback.
 * upstream: base URL of the token server (e.g. http://127.0.0.1:18080).
 * Resolves to { url, close() }.
 */
export async function startStaticServer({ mounts, upstream, port = 0 }) {
  const sorted = [...mounts].sort((a, b) => b.prefix.length - a.prefix.length);
  const agent = new Agent({ keepAlive: true });
  const up = new URL(upstream);

  const proxy = (req, res) => {
    const out = httpRequest(
      // The page's Host goes through unchanged, as a reverse proxy in front of the token server must
      // pass it: the token server serves the pages of its own origin (the Host they were loaded
      // from) and refuses other sites' (LK_ALLOWED_ORIGINS).
      { host: up.hostname, port: up.port, method: req.method, path: req.url, headers: { ...req.headers }, agent },
      (upRes) => {
        res.writeHead(upRes.statusCode, upRes.headers);
        upRes.pipe(res);
      },
    );
    out.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`bench proxy: ${err.message}\n`);
    });
    req.pipe(out);
  };

  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.startsWith('/api/') || path === '/healthz') return proxy(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'content-type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    const mount = sorted.find((m) => path.startsWith(m.prefix));
    if (!mount) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const root = resolve(mount.dir);
    let file = normalize(join(root, path.slice(mount.prefix.length)));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden\n');
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      const type = TYPES[extname(file)] || 'application/octet-stream';
      res.writeHead(200, {
        'content-type': type,
        'content-length': body.length,
        ...(type.startsWith('text/html') ? { 'cache-control': 'no-cache' } : {}),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  });
  server.keepAliveTimeout = 5000;
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        agent.destroy();
        server.close(() => ok());
      }),
  };
}
