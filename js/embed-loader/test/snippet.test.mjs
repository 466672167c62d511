import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, iframeSnippet } from '../src/snippet.js';

const BASE = 'https://widget.example/embed/lk-voice-widget.js';

test('escapeHtml', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});

test('the snippet frames frame.html beside the loader with the microphone allowed', () => {
  const html = iframeSnippet({ agent: 'sofia', lang: 'de', load: 'eager', serverUrl: 'wss://x', placement: 'top-left' }, BASE);
  assert.equal(
    html,
    '<iframe src="https://widget.example/embed/frame.html?agent=sofia&amp;lang=de&amp;load=eager" allow="microphone; autoplay" title="Voice call" width="100%" height="480" style="border:0"></iframe>',
  );
});

test('frameUrl, size and title are the caller’s', () => {
  const html = iframeSnippet({ frameUrl: '/other/frame.html', width: 300, height: 200, title: 'A "call"' }, BASE);
  assert.match(html, /src="https:\/\/widget\.example\/other\/frame\.html"/);
  assert.match(html, /title="A &quot;call&quot;" width="300" height="200"/);
});
