// The iframe embed (frame.html): one <lk-voice-widget> configured by the query string, e.g.
// frame.html?agent=sofia&lang=de&layout=compact&theme=dark&token-url=/api/token
// Inside a frame the widget is always inline (the frame is the placement).
//
// Any page can frame this one, so the query string cannot send the call elsewhere: the token
// endpoint must be on this frame's origin (where a visitor may already have allowed the
// microphone), and the server and SDK URLs come from it, never from the query. Which options the
// frame takes is the options table's (`inFrame`).
//
// Bundled by js/build-embed.mjs into dist/embed/frame.js; the loader beside it stays one file.
import './lk-voice-widget.js';
import { OWNER } from '../generated/contract.js';
import { frameAttributes } from './options.js';
import { fill, wordsFor } from './words.js';

const params = new URLSearchParams(window.location.search);
const { attributes, refused } = frameAttributes(params, window.location.href);
for (const url of refused) console.warn(fill(OWNER.frameTokenUrlIgnored, { url, origin: window.location.origin }));
const widget = document.createElement('lk-voice-widget');
for (const [name, value] of attributes) widget.setAttribute(name, value);
const words = wordsFor(params.get('lang'), navigator.language);
document.documentElement.lang = words.tag;
document.title = words.label;
document.body.append(widget);
