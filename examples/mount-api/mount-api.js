// mount() / destroy() and the widget's DOM events.
import { mount } from '../../embed/lk-voice-widget.js';

const slot = document.getElementById('slot');
const events = document.getElementById('events');
const mountButton = document.getElementById('mount');
const destroyButton = document.getElementById('destroy');
let handle = null;

function log(event) {
  const d = event.detail || {};
  const text = {
    'lkw-ready': () => 'loaded',
    'lkw-call-state': () => `call: ${d.stage}${d.room ? ` (${d.room})` : ''}`,
    'lkw-agent-state': () => (d.present ? `agent ${d.name}: ${d.state}` : 'no agent'),
    'lkw-transcript': () => (d.final ? `${d.speaker}${d.kind === 'chat' ? ' (chat)' : ''}: ${d.text}` : null),
    'lkw-error': () => `error at ${d.hop}: ${d.message}`,
    'lkw-rpc': () => `rpc ${d.method}: ${d.ok ? 'ok' : `${d.code} ${d.message}`}`,
  }[event.type]?.();
  if (!text) return;
  const li = document.createElement('li');
  const type = document.createElement('b');
  type.textContent = event.type;
  li.append(type, ` ${text}`);
  events.prepend(li);
}

const on = Object.fromEntries(['lkw-ready', 'lkw-call-state', 'lkw-agent-state', 'lkw-transcript', 'lkw-error', 'lkw-rpc'].map((t) => [t, log]));

mountButton.addEventListener('click', () => {
  handle = mount(slot, { tokenUrl: '/api/token', agent: 'sofia', layout: 'full', load: 'eager', on });
  mountButton.disabled = true;
  destroyButton.disabled = false;
});
destroyButton.addEventListener('click', () => {
  handle?.destroy();
  handle = null;
  mountButton.disabled = false;
  destroyButton.disabled = true;
});
