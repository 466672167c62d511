// The embed code generator: the script-tag snippet, the iframe snippet (iframeSnippet() from the
// loader) and live iframe previews. `?widget-origin=https://widget.example` writes snippets for a
// widget served from another origin than this page.
import { iframeSnippet } from '../../embed/lk-voice-widget.js';

const form = document.getElementById('options');
const params = new URLSearchParams(window.location.search);
const widgetOrigin = params.get('widget-origin') || new URL('../../', import.meta.url).origin;
const loaderUrl = new URL('/embed/lk-voice-widget.js', widgetOrigin).href;
const frameUrl = new URL('/embed/frame.html', widgetOrigin).href;

const ATTRIBUTES = { tokenUrl: 'token-url', agent: 'agent', lang: 'lang', layout: 'layout', theme: 'theme', placement: 'placement' };

function options() {
  const data = new FormData(form);
  const out = {};
  for (const key of Object.keys(ATTRIBUTES)) {
    const value = String(data.get(key) || '').trim();
    if (value) out[key] = value;
  }
  // A token endpoint on the widget's origin when the snippet is for another one.
  if (out.tokenUrl && out.tokenUrl.startsWith('/') && params.get('widget-origin')) out.tokenUrl = new URL(out.tokenUrl, widgetOrigin).href;
  return out;
}

const escapeHtml = (text) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function render() {
  const o = options();
  const attrs = Object.entries(o)
    .filter(([key, value]) => !(key === 'placement' && value === 'inline'))
    .map(([key, value]) => ` ${ATTRIBUTES[key]}="${escapeHtml(value)}"`)
    .join('');
  document.getElementById('script-snippet').textContent =
    `<script type="module" src="${loaderUrl}"></script>\n<lk-voice-widget${attrs}></lk-voice-widget>`;
  const snippet = iframeSnippet({ ...o, frameUrl, height: 460 });
  document.getElementById('iframe-snippet').textContent = snippet;
  // Previews: the snippet itself, and the same without `allow`.
  const template = document.createElement('template');
  template.innerHTML = snippet;
  const withAllow = template.content.firstElementChild;
  const withoutAllow = withAllow.cloneNode();
  withoutAllow.removeAttribute('allow');
  withAllow.id = 'frame-with';
  withoutAllow.id = 'frame-without';
  document.getElementById('preview-with').replaceChildren(withAllow);
  document.getElementById('preview-without').replaceChildren(withoutAllow);
}

form.addEventListener('change', render);
render();
