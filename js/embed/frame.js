// The iframe embed (frame.html): one <lk-voice-widget> configured by the query string, e.g.
// frame.html?agent=sofia&lang=de&layout=compact&theme=dark&token-url=/api/token
// Inside a frame the widget is always inline (the frame is the placement).
//
// Any page can frame this one, so the query string cannot send the call elsewhere: the token
// endpoint must be on this frame's origin (where a visitor may already have allowed the
// microphone), and the server and SDK URLs come from it, never from the query.
import './lk-voice-widget.js';

const ALLOWED = [
  'token-url', 'agent', 'agent-metadata', 'lang', 'participant-name', 'participant-metadata',
  'layout', 'theme', 'load',
];

const params = new URLSearchParams(window.location.search);
const widget = document.createElement('lk-voice-widget');
for (const name of ALLOWED) {
  const value = params.get(name);
  if (value === null || value === '') continue;
  if (name === 'token-url' && new URL(value, window.location.href).origin !== window.location.origin) {
    console.warn(`lk-voice-widget frame: ignoring token-url ${value} (not on ${window.location.origin})`);
    continue;
  }
  widget.setAttribute(name, value);
}
if (params.get('lang')) document.documentElement.lang = params.get('lang');
document.body.append(widget);
