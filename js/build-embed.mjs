// Trunk post_build hook (Trunk.toml): builds the embed loader into the staged dist.
//
// Trunk copies js/embed/ (frame.html, frame.css) to <dist>/embed/ (copy-dir in index.html) and
// emits the wasm-bindgen glue, the wasm and the CSS under hashed names. This reads those names
// from the staged index.html and bundles the loader's modules (js/embed-loader/src/, with the
// generated contract) with esbuild into the one shipped embed/lk-voice-widget.js, the hashed
// names (relative to the loader) and the CSS text built in (so the loader draws a styled button
// with no further request); and the iframe page's script into embed/frame.js, which imports the
// loader beside it. Minified in release builds. Then the standalone page (index.html) gets the
// same loader in place of Trunk's eager one.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, relative, posix, sep, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('build-embed: TRUNK_STAGING_DIR is not set (run through trunk build)');
  process.exit(2);
}
const publicUrl = process.env.TRUNK_PUBLIC_URL || '/';
const sources = join(dirname(fileURLToPath(import.meta.url)), 'embed-loader', 'src');

let html = readFileSync(join(staging, 'index.html'), 'utf8');
const find = (what, pattern) => {
  const match = html.match(pattern);
  if (!match) {
    console.error(`build-embed: no ${what} in the staged index.html`);
    process.exit(1);
  }
  return match[1];
};
const glue = find('wasm-bindgen glue import', /import init[^'"]*from\s*'([^']+\.js)'/);
const wasm = find('wasm path', /module_or_path:\s*'([^']+\.wasm)'/);
const css = find('stylesheet', /<link rel="stylesheet" href="([^"]+\.css)"/);

/** A path Trunk wrote (`/x.js`, under the public URL) as a file in the staging dir. */
const stagedFile = (href) => join(staging, href.startsWith(publicUrl) ? href.slice(publicUrl.length) : href.replace(/^\//, ''));
const embedDir = join(staging, 'embed');
/** Relative to the loader, so the embed folder works wherever dist/ is deployed. */
const fromLoader = (href) => relative(embedDir, stagedFile(href)).split(sep).join(posix.sep);

// esbuild (npm, installed by scripts/setup) bundles the loader's modules: without it there is no
// loader.
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error('build-embed: esbuild not found (run npm ci): the embed loader cannot be bundled');
  process.exit(1);
}
const release = process.env.TRUNK_PROFILE === 'release';

// Release builds minify the wasm-bindgen glue, its snippets and the stylesheet here, not with
// Trunk's --minify (which breaks this hook, issue 15): about 4 KB gzip of glue. The hashed names
// stay; index.html's integrity attributes are recomputed for the new bytes. The glue's import
// names (`__wbg_…`) stay long: shortening them means rewriting the wasm's import section too.
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
async function minifyInPlace(href, loader) {
  const file = stagedFile(href);
  const before = readFileSync(file);
  const { code } = await esbuild.transform(before.toString('utf8'), {
    loader,
    minify: true,
    legalComments: 'none',
    ...(loader === 'js' ? { format: 'esm', target: 'es2022' } : {}),
  });
  writeFileSync(file, code);
  html = html.replaceAll(sri(before), sri(code));
}
if (release) {
  const snippets = [...html.matchAll(/href="([^"]*\/snippets\/[^"]+\.js)"/g)].map((m) => m[1]);
  for (const href of [glue, ...new Set(snippets)]) await minifyInPlace(href, 'js');
  await minifyInPlace(css, 'css');
  writeFileSync(join(staging, 'index.html'), html);
}

const cssText = (await esbuild.transform(readFileSync(stagedFile(css), 'utf8'), { loader: 'css', minify: true })).code;
const build = { glue: fromLoader(glue), wasm: fromLoader(wasm), css: cssText };

const bundle = (entry, outfile, options = {}) =>
  esbuild.build({
    entryPoints: [join(sources, entry)],
    outfile: join(embedDir, outfile),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: release,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    ...options,
  });

const loader = await bundle('index.js', 'lk-voice-widget.js', { define: { __LKW_BUILD__: JSON.stringify(build) } });
// The frame's page imports the loader beside it (one copy of the element per document).
const loaderBeside = {
  name: 'loader-beside',
  setup(b) {
    b.onResolve({ filter: /^\.\/lk-voice-widget\.js$/ }, (args) => ({ path: args.path, external: true }));
  },
};
await bundle('frame.js', 'frame.js', { plugins: [loaderBeside] });
// The standalone page draws at once, as a host page with the one-tag embed does: Trunk's eager
// loader (its inline `init` script, and the modulepreload/preload links for the glue, its
// snippets and the wasm) gives way to the embed loader, which draws the Call button without the
// wasm and fetches glue and wasm at idle time or on the first intent (a click meanwhile is
// replayed). Trunk offers no switch to build the wasm without injecting its loader.
const eagerLoader = html.match(/<script type="module">\s*import init[\s\S]*?<\/script>/);
if (!eagerLoader) {
  console.error("build-embed: Trunk's loader script is not in the staged index.html");
  process.exit(1);
}
const loaderFile = join(embedDir, 'lk-voice-widget.js');
const loaderTag = `<script type="module" src="${publicUrl}embed/lk-voice-widget.js" integrity="${sri(readFileSync(loaderFile))}"></script>`;
html = html.replace(eagerLoader[0], loaderTag).replace(/<link rel="(?:modulepreload|preload)"[^>]*>/g, '');
if (html.includes('.wasm') || html.includes(glue)) {
  console.error('build-embed: the staged index.html still names the glue or the wasm after removing the eager loader');
  process.exit(1);
}
writeFileSync(join(staging, 'index.html'), html);

const bytes = Object.values(loader.metafile.outputs)[0].bytes;
console.log(`build-embed: embed/lk-voice-widget.js (${bytes} bytes${release ? ', minified' : ''}) → ${build.glue}, ${build.wasm}, ${build.css.length} bytes of CSS; embed/frame.js`);
