// Trunk post_build hook (Trunk.toml): builds the embed loader into the staged dist.
//
// Trunk copies js/embed/ (frame.html, frame.css) to <dist>/embed/ (copy-dir in index.html) and
// emits the wasm-bindgen glue, the wasm and the CSS under hashed names. This finds those names
// in the staging dir (the CSS in the staged index.html) and bundles the loader's modules (js/embed-loader/src/, with the
// generated contract) with esbuild into the one shipped embed/lk-voice-widget.js, the hashed
// names (relative to the loader) and the CSS text built in (so the loader draws a styled button
// with no further request); and the iframe page's script into embed/frame.js, which imports the
// loader beside it. Minified in release builds. The standalone page (index.html) loads the same
// loader (Trunk.toml puts its tag there instead of Trunk's own loader): checked here, pinned by
// its integrity, and without a stylesheet of its own (the loader carries the CSS).
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, relative, posix, sep, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shrinkWasmAndGlue } from './shrink-wasm-glue.mjs';
import { firstAndWhole, splitCss } from './critical-css.mjs';
import { PLACEHOLDER_CLASSES } from './embed-loader/placeholder-classes.mjs';

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
const css = find('stylesheet', /<link rel="stylesheet" href="([^"]+\.css)"/);
// The page names neither the glue nor the wasm (Trunk.toml: Trunk's pattern_script puts the embed
// loader's tag in place of its own loader, its empty pattern_preload leaves out the preloads).
// They are the staging dir's one top-level `.js` and its one `_bg.wasm`; the glue's snippets are
// under snippets/ (bundled into the glue in release builds, below).
const staged = readdirSync(staging);
const onlyOne = (what, names) => {
  if (names.length !== 1) {
    console.error(`build-embed: expected one ${what} in Trunk's staging dir, found ${names.length} (${names.join(', ')})`);
    process.exit(1);
  }
  return `${publicUrl}${names[0]}`;
};
const glue = onlyOne('wasm-bindgen glue (*.js)', staged.filter((f) => f.endsWith('.js')));
const wasm = onlyOne('wasm (*_bg.wasm)', staged.filter((f) => f.endsWith('_bg.wasm')));
if (!html.includes(`${publicUrl}embed/lk-voice-widget.js`) || html.includes(glue) || html.includes('.wasm')) {
  console.error(
    "build-embed: the staged index.html must load the embed loader and name neither the glue nor the wasm (Trunk.toml's pattern_script and pattern_preload)",
  );
  process.exit(1);
}

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

// Release builds give the wasm and its wasm-bindgen glue short import/export names on both sides
// (js/shrink-wasm-glue.mjs, issue 15: wasm-bindgen's hashed names are random to gzip; the glue's
// own exports keep theirs) and minify the glue (with its snippets bundled in) and the stylesheet here, not with
// Trunk's --minify (which breaks this hook, issue 15). The hashed file names stay (the loader
// learns them below); index.html's integrity attribute (the stylesheet's) is recomputed.
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
  try {
    const shrunk = await shrinkWasmAndGlue({ gluePath: stagedFile(glue), wasmPath: stagedFile(wasm), esbuild });
    html = html.replaceAll(sri(shrunk.original.glue), sri(shrunk.glue));
    console.log(
      `build-embed: wasm ${shrunk.original.wasm.length} → ${shrunk.wasm.length} bytes, glue ${Buffer.byteLength(shrunk.original.glue)} → ${Buffer.byteLength(shrunk.glue)} bytes; ` +
        `${shrunk.renamed} imports and exports renamed, ${shrunk.dropped.length} unused exports dropped (${shrunk.dropped.join(', ')})`,
    );
  } catch (error) {
    console.error(`build-embed: the wasm and its glue could not be shrunk together: ${error.message}`);
    process.exit(1);
  }
  // The glue's snippets (js/*.js, imported statically by the glue) go into the glue itself: one
  // request at idle time instead of four, and one gzip stream (issue 15: −0.3 KB gzip). The
  // snippets find the folder they are served from by their own URL in either place.
  try {
    const { outputFiles } = await esbuild.build({
      entryPoints: [stagedFile(glue)],
      bundle: true,
      format: 'esm',
      target: 'es2022',
      minify: true,
      legalComments: 'none',
      logLevel: 'warning',
      // wasm-bindgen's import object names the crash_watch snippet twice (the same namespace
      // under one key): harmless, and not ours to change.
      logOverride: { 'duplicate-object-key': 'silent' },
      write: false,
    });
    writeFileSync(stagedFile(glue), outputFiles[0].contents);
  } catch (error) {
    console.error(`build-embed: the glue and its snippets could not be bundled: ${error.message}`);
    process.exit(1);
  }
  rmSync(join(staging, 'snippets'), { recursive: true, force: true });
  await minifyInPlace(css, 'css');
}

const cssText = (await esbuild.transform(readFileSync(stagedFile(css), 'utf8'), { loader: 'css', minify: true })).code;
// In pieces (js/critical-css.mjs): the loader parses those that can style its early button when
// it draws it, the whole stylesheet once the wasm is on its way.
const cssPieces = splitCss(cssText, PLACEHOLDER_CLASSES);
const build = { glue: fromLoader(glue), wasm: fromLoader(wasm), css: cssPieces };

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
const bytes = Object.values(loader.metafile.outputs)[0].bytes;

// The standalone page keeps no stylesheet of its own: its widget is styled inside its shadow root
// by the loader's built-in CSS (above), so Trunk's <link> to the same CSS only cost a second,
// render-blocking request (issue 15); its page rules are inline in index.html. The loader's tag
// gets the integrity the stylesheet's had (release manifest: an independent check of ours).
const cssLink = html.match(/<link rel="stylesheet" href="[^"]+\.css"[^>]*>\s*/);
html = html.replace(cssLink[0], '');
const loaderTag = `<script type="module" src="${publicUrl}embed/lk-voice-widget.js"></script>`;
if (!html.includes(loaderTag)) {
  console.error(`build-embed: the staged index.html has no ${loaderTag} (Trunk.toml's pattern_script)`);
  process.exit(1);
}
const loaderIntegrity = sri(readFileSync(join(embedDir, 'lk-voice-widget.js')));
html = html.replace(loaderTag, loaderTag.replace('><', ` integrity="${loaderIntegrity}"><`));
writeFileSync(join(staging, 'index.html'), html);
console.log(`build-embed: embed/lk-voice-widget.js (${bytes} bytes${release ? ', minified' : ''}) → ${build.glue}, ${build.wasm}, ${cssText.length} bytes of CSS (${firstAndWhole(cssPieces).first.length} for the early button); embed/frame.js`);
