// The <iframe> snippet for pages that cannot run the loader.
import { LANGS, WORDS } from '../generated/contract.js';
import { frameQueryFromOptions } from './options.js';

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** The snippet for `options` (see the loader's `iframeSnippet`), `frame.html` relative to `base`. */
export function iframeSnippet(options, base) {
  const url = new URL(options.frameUrl || 'frame.html', base);
  for (const [attribute, value] of frameQueryFromOptions(options)) url.searchParams.set(attribute, value);
  const width = options.width ?? '100%';
  const height = options.height ?? 480;
  const title = options.title ?? WORDS[LANGS[0]].label;
  return `<iframe src="${escapeHtml(url.href)}" allow="microphone; autoplay" title="${escapeHtml(title)}" width="${escapeHtml(width)}" height="${escapeHtml(height)}" style="border:0"></iframe>`;
}
