// Produces vendor/livekit-client.min.js: the pinned livekit-client ESM build, minified.
// The widget imports it lazily (js/sdk_loader.js); Trunk copies vendor/ into dist/.
import { build } from 'esbuild';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('node_modules/livekit-client/package.json', 'utf8'));
mkdirSync('vendor', { recursive: true });
await build({
  entryPoints: ['node_modules/livekit-client/dist/livekit-client.esm.mjs'],
  outfile: 'vendor/livekit-client.min.js',
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2020',
  legalComments: 'eof',
  logLevel: 'warning',
});
writeFileSync('vendor/livekit-client.version', `${pkg.version}\n`);
console.log(`vendor/livekit-client.min.js (livekit-client ${pkg.version})`);
