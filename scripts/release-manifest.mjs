// The release manifest: every file of a release folder with its size and sha384 (in the
// Subresource Integrity form browsers check), and the loader snippet with its integrity.
//   node scripts/release-manifest.mjs write DIR NAME COMMIT
//   node scripts/release-manifest.mjs verify DIR      exit 1 naming every file that differs
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const MANIFEST = 'manifest.json';
const LOADER = 'widget/embed/lk-voice-widget.js';

const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

function files(dir, root = dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path, root);
    const rel = relative(root, path).split(sep).join('/');
    return rel === MANIFEST ? [] : [rel];
  }).sort();
}

/** The tag a site pastes; BASE is where the widget folder is served (a CDN path). */
export function loaderSnippet(integrity, base = 'https://cdn.example.com/lk-voice-widget/VERSION') {
  return `<script type="module" src="${base}/embed/lk-voice-widget.js" integrity="${integrity}" crossorigin="anonymous"></script>\n<lk-voice-widget token-url="https://your-token-server.example/api/token"></lk-voice-widget>`;
}

function write(dir, name, commit) {
  const entries = Object.fromEntries(files(dir).map((rel) => {
    const bytes = readFileSync(join(dir, rel));
    return [rel, { bytes: bytes.length, integrity: sri(bytes) }];
  }));
  if (!entries[LOADER]) throw new Error(`${LOADER} missing from ${dir}`);
  const manifest = {
    name,
    commit,
    built: new Date().toISOString(),
    loader: { path: LOADER, integrity: entries[LOADER].integrity, snippet: loaderSnippet(entries[LOADER].integrity) },
    note: 'The loader imports the glue and wasm by content-hashed names (Trunk); their sha384 are listed here to check a CDN copy.',
    files: entries,
  };
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`release: ${Object.keys(entries).length} files in ${dir}/${MANIFEST}`);
  console.log(`release: loader ${LOADER} ${manifest.loader.integrity}\n\n${manifest.loader.snippet}\n`);
}

function verify(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8'));
  const present = new Set(files(dir));
  const problems = [];
  for (const [rel, want] of Object.entries(manifest.files)) {
    if (!present.has(rel)) { problems.push(`${rel}: missing`); continue; }
    present.delete(rel);
    const got = sri(readFileSync(join(dir, rel)));
    if (got !== want.integrity) problems.push(`${rel}: ${got}, manifest says ${want.integrity}`);
  }
  for (const rel of present) problems.push(`${rel}: not in the manifest`);
  if (manifest.loader.integrity !== manifest.files[manifest.loader.path]?.integrity) {
    problems.push(`loader snippet integrity ${manifest.loader.integrity} is not ${manifest.loader.path}'s`);
  }
  // The build wrote integrity attributes into index.html (the loader's tag): an independent check
  // of ours.
  const index = join(dir, 'widget', 'index.html');
  let pageChecked = 0;
  if (present.has('widget/index.html') || manifest.files['widget/index.html']) {
    for (const [, href, integrity] of readFileSync(index, 'utf8').matchAll(/(?:href|src)="\/([^"]+)"[^>]*?integrity="(sha384-[^"]+)"/g)) {
      const ours = manifest.files[`widget/${href}`]?.integrity;
      if (ours !== integrity) problems.push(`widget/${href}: index.html's integrity ${integrity}, manifest ${ours}`);
      pageChecked += 1;
    }
    if (pageChecked === 0) problems.push('widget/index.html has no integrity attributes to check against');
  }
  if (problems.length) {
    console.error(`release: ${dir} does not match its manifest:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`release: ${Object.keys(manifest.files).length} files match ${dir}/${MANIFEST} (${pageChecked} also against index.html's integrity attributes)`);
}

const [command, dir, name, commit] = process.argv.slice(2);
if (command === 'write' && dir && name) write(dir, name, commit || 'unknown');
else if (command === 'verify' && dir) verify(dir);
else {
  console.error('usage: node scripts/release-manifest.mjs write DIR NAME COMMIT | verify DIR');
  process.exit(2);
}
