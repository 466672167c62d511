// Serves the plain-JS reference page by hand (the bench starts it itself, see bench/run.mjs):
//   node bench/reference/server.mjs [token-server-base-url]   (default http://127.0.0.1:8080)
// bench/reference/ at /, the SDK from dist/vendor/ at /vendor/, /api/* forwarded to the token
// server — the same static server the bench uses for both pages.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../static-server.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The reference page with the SDK of `dist` (a dist/ directory or a snapshot of it). */
export function startReferenceServer({ dist = resolve(HERE, '..', '..', 'dist'), upstream }) {
  return startStaticServer({
    mounts: [
      { prefix: '/vendor/', dir: join(dist, 'vendor') },
      { prefix: '/', dir: HERE },
    ],
    upstream,
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const srv = await startReferenceServer({ upstream: process.argv[2] || 'http://127.0.0.1:8080' });
  console.log(`plain-JS reference page: ${srv.url}/`);
  const stop = async () => {
    await srv.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
