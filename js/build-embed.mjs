// Trunk post_build hook (Trunk.toml): completes the embed loader in the staged dist.
//
// Trunk copies js/embed/ to <dist>/embed/ (copy-dir in index.html) and emits the wasm-bindgen
// glue, the wasm and the CSS under hashed names. This reads those names from the staged
// index.html and writes them, relative to the loader, into embed/lk-voice-widget.js together
// with the CSS text (so the loader draws a styled button with no further request), minified.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, posix, sep } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('build-embed: TRUNK_STAGING_DIR is not set (run through trunk build)');
  process.exit(2);
}
const publicUrl = process.env.TRUNK_PUBLIC_URL || '/';

const html = readFileSync(join(staging, 'index.html'), 'utf8');
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
const loaderPath = join(staging, 'embed', 'lk-voice-widget.js');
/** Relative to the loader, so the embed folder works wherever dist/ is deployed. */
const fromLoader = (href) => relative(join(staging, 'embed'), stagedFile(href)).split(sep).join(posix.sep);

// esbuild (npm, installed by scripts/setup) minifies the CSS and, in release builds, the loader.
let esbuild = null;
try {
  esbuild = await import('esbuild');
} catch {
  console.warn('build-embed: esbuild not found (npm ci): the loader is not minified');
}
const release = process.env.TRUNK_PROFILE === 'release';

let cssText = readFileSync(stagedFile(css), 'utf8');
if (esbuild) cssText = (await esbuild.transform(cssText, { loader: 'css', minify: true })).code;
const build = { glue: fromLoader(glue), wasm: fromLoader(wasm), css: cssText };

const loader = readFileSync(loaderPath, 'utf8');
const placeholder = /\/\*LKW_BUILD\*\/[\s\S]*?\/\*LKW_BUILD_END\*\//;
if (!placeholder.test(loader)) {
  console.error(`build-embed: no /*LKW_BUILD*/ … /*LKW_BUILD_END*/ in ${loaderPath}`);
  process.exit(1);
}
let out = loader.replace(placeholder, () => JSON.stringify(build));
if (esbuild && release) {
  out = (await esbuild.transform(out, { loader: 'js', format: 'esm', minify: true, target: 'es2022', legalComments: 'none' })).code;
}
writeFileSync(loaderPath, out);
console.log(`build-embed: embed/lk-voice-widget.js (${out.length} bytes${esbuild && release ? ', minified' : ''}) → ${build.glue}, ${build.wasm}, ${build.css.length} bytes of CSS`);
