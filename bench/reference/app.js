// The plain-JS reference: what a page using livekit-client directly does for a voice call, with
// the widget's choices where they affect speed, so the bench compares like with like:
//   - the SDK is the same file (vendor/livekit-client.min.js), loaded with dynamic import(),
//     preloaded when the page is idle (requestIdleCallback, 3 s timeout) and on pointer-over /
//     focus of the call button, like the widget (src/ui/widget.rs);
//   - token fetch (POST) and SDK load run in parallel, then connect, setMicrophoneEnabled(true),
//     startAudio(); the agent's audio track is attached to an <audio> on TrackSubscribed;
//   - the same Room options as the widget (src/livekit/room.rs): capture defaults with echo
//     cancellation, noise suppression, auto gain; adaptiveStream and dynacast off;
//   - the microphone published with the pre-connect buffer, like the widget (and LiveKit's own
//     starters): an agent opens a call whose microphone carries that flag only once the buffer
//     came (AgentSession waits for it; `sofia` also gives it a short grace), so without it the
//     two pages would be greeted on different paths;
//   - progress lines in a log list ('connected to the room', 'microphone on') that the bench
//     probe watches exactly as it watches the widget's log.
// Served by bench/static-server.mjs like the widget, so /api/token is same-origin for both.
const params = new URLSearchParams(location.search);
const TOKEN_URL = params.get('token') || '/api/token';
// ?agent=NAME asks the token server to dispatch that agent (else its default one, as the widget).
const AGENT = params.get('agent');
const SDK_URL = new URL('vendor/livekit-client.min.js', document.baseURI).href;

const root = document.querySelector('.ref');
const button = root.querySelector('.ref-call');
const logList = root.querySelector('.ref-log');
const audioBox = root.querySelector('.ref-audio');

let sdkPromise = null;
const loadSdk = () => (sdkPromise ??= import(SDK_URL));
requestIdleCallback(() => loadSdk(), { timeout: 3000 });

const log = (text) => {
  const li = document.createElement('li');
  li.textContent = text;
  logList.append(li);
};
const setStage = (stage) => {
  root.dataset.stage = stage;
};

let call = null; // { room, audio: Map<trackSid, HTMLMediaElement> }

async function fetchToken() {
  const res = await fetch(TOKEN_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(AGENT ? { room_config: { agents: [{ agent_name: AGENT }] } } : {}),
  });
  if (!res.ok) throw new Error(`token endpoint answered ${res.status}`);
  return res.json();
}

async function start() {
  const current = { room: null, audio: new Map() };
  call = current;
  logList.replaceChildren(); // a new call starts a new log, as in the widget
  button.textContent = 'Hang up';
  setStage('connecting');
  try {
    const [sdk, grant] = await Promise.all([loadSdk(), fetchToken()]);
    if (call !== current) return;
    const { Room, RoomEvent, Track } = sdk;
    const room = new Room({
      audioCaptureDefaults: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      adaptiveStream: false,
      dynacast: false,
    });
    current.room = room;
    room.on(RoomEvent.TrackSubscribed, (track, publication) => {
      if (track.kind !== Track.Kind.Audio) return;
      const el = track.attach();
      current.audio.set(publication.trackSid, { track, el });
      audioBox.append(el);
    });
    room.on(RoomEvent.TrackUnsubscribed, (track, publication) => {
      const entry = current.audio.get(publication.trackSid);
      if (!entry) return;
      current.audio.delete(publication.trackSid);
      entry.track.detach(entry.el);
      entry.el.remove();
    });
    await room.connect(grant.server_url, grant.participant_token);
    if (call !== current) return;
    setStage('connected');
    log('connected to the room');
    // livekit-client 2.23.0 reads `preConnectBuffer` from the second argument (setTrackEnabled
    // merges publishDefaults with the capture options), not from the publish options where its
    // type declares it: given only there, no buffer is recorded and the flag is not sent.
    const preConnect = { preConnectBuffer: true };
    await room.localParticipant.setMicrophoneEnabled(true, preConnect, preConnect);
    if (call !== current) return;
    log('microphone on');
    await room.startAudio();
  } catch (err) {
    if (call !== current) return;
    log(`failed: ${err && err.message ? err.message : err}`);
    await hangUp();
    setStage('failed');
  }
}

async function hangUp() {
  const current = call;
  call = null;
  button.textContent = 'Call';
  if (!current) return;
  if (current.room) {
    current.room.removeAllListeners();
    await current.room.disconnect();
  }
  for (const { track, el } of current.audio.values()) {
    track.detach(el);
    el.remove();
  }
  current.audio.clear();
  log('disconnected (hung up)');
  setStage('ended');
}

button.addEventListener('pointerenter', () => loadSdk());
button.addEventListener('focus', () => loadSdk());
button.addEventListener('click', () => (call ? hangUp() : start()));
button.disabled = false;
