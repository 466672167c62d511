// Smile Dental's week calendar: a plain page with the voice widget embedded by one tag. The
// page offers the agent two RPC methods through the widget:
//
//   calendar.freeSlots  payload {count?, durationMinutes?}  → {"slots": [{start, end, label}], "timezone"}
//   calendar.book       payload {start, end?, title?}        → {"booked": true, id, start, end, label}
//                       (throws "That slot is no longer free." when it is taken)
//
// Times are the visitor's local time as "YYYY-MM-DDTHH:MM". Everything here is module-scoped.

const START_HOUR = 8;
const END_HOUR = 18;
const SLOT_MINUTES = 30;
const DAYS = 5;
const ROWS = ((END_HOUR - START_HOUR) * 60) / SLOT_MINUTES;
const LUNCH = { start: 12 * 60, end: 13 * 60 };
const SEARCH_DAYS = 21;

const widget = document.querySelector('lk-voice-widget');
const grid = document.getElementById('grid');
const weekTitle = document.getElementById('week-title');
const bookingsList = document.getElementById('bookings');
const activityList = document.getElementById('activity');

const bookings = [];
let shownWeek = firstWeek(new Date());
let lastBookedId = null;

// ---- dates ----

const pad = (n) => String(n).padStart(2, '0');
const isoOf = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
const dayKey = (d) => isoOf(d).slice(0, 10);
const minutesOf = (d) => d.getHours() * 60 + d.getMinutes();

function parseIso(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(String(text || ''));
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  return Number.isNaN(d.getTime()) ? null : d;
}

function addDays(date, days) {
  const d = new Date(date);
  d.setDate(d.getDate() + days);
  return d;
}

function addMinutes(date, minutes) {
  return new Date(date.getTime() + minutes * 60_000);
}

function mondayOf(date) {
  const d = new Date(date.getFullYear(), date.getMonth(), date.getDate());
  return addDays(d, -((d.getDay() + 6) % 7));
}

/** The week to show first: this one, or the next when this one's office hours are over. */
function firstWeek(now) {
  const day = now.getDay();
  if (day === 6 || day === 0 || (day === 5 && now.getHours() >= END_HOUR - 1)) return mondayOf(addDays(now, 3));
  return mondayOf(now);
}

const labelFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'short' });
const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });
const label = (d) => labelFormat.format(d);

// ---- the practice's own appointments (the same every time a date is shown) ----

const TREATMENTS = ['Check-up', 'Cleaning', 'Filling', 'Consultation', 'X-ray', 'Root canal', 'Whitening'];

function hash(text) {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h;
}

/** Taken appointments of `day` as {start, end, title} in minutes since midnight. */
function busyOf(day) {
  let seed = hash(dayKey(day));
  const next = () => {
    seed = Math.imul(seed ^ (seed >>> 15), 2246822507) >>> 0;
    seed = Math.imul(seed ^ (seed >>> 13), 3266489909) >>> 0;
    seed = (seed ^ (seed >>> 16)) >>> 0;
    return seed / 4294967296;
  };
  const busy = [{ start: LUNCH.start, end: LUNCH.end, title: 'Lunch break', kind: 'closed' }];
  const count = 3 + Math.floor(next() * 3);
  for (let i = 0; i < count; i += 1) {
    const length = next() < 0.35 ? 60 : 30;
    const row = Math.floor(next() * (ROWS - length / SLOT_MINUTES + 1));
    const start = START_HOUR * 60 + row * SLOT_MINUTES;
    const candidate = { start, end: start + length, title: TREATMENTS[Math.floor(next() * TREATMENTS.length)], kind: 'busy' };
    if (!busy.some((b) => b.start < candidate.end && candidate.start < b.end)) busy.push(candidate);
  }
  return busy;
}

function isFree(start, end) {
  if (start.getDay() === 0 || start.getDay() === 6 || dayKey(start) !== dayKey(addMinutes(end, -1))) return false;
  const from = minutesOf(start);
  const to = from + (end - start) / 60_000;
  if (from < START_HOUR * 60 || to > END_HOUR * 60) return false;
  if (busyOf(start).some((b) => b.start < to && from < b.end)) return false;
  return !bookings.some((b) => b.start < end && start < b.end);
}

/** The next `count` free slots from now on. */
function freeSlots(count, minutes) {
  const now = new Date();
  const slots = [];
  const firstDay = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  for (let i = 0; i < SEARCH_DAYS && slots.length < count; i += 1) {
    const day = addDays(firstDay, i);
    for (let m = START_HOUR * 60; m + minutes <= END_HOUR * 60 && slots.length < count; m += SLOT_MINUTES) {
      const start = addMinutes(day, m);
      const end = addMinutes(start, minutes);
      if (start.getTime() < now.getTime() + 15 * 60_000) continue;
      if (isFree(start, end)) slots.push({ start: isoOf(start), end: isoOf(end), label: label(start) });
    }
  }
  return slots;
}

// ---- rendering ----

function cell(className, text, row, column, span = 1) {
  const el = document.createElement('div');
  el.className = className;
  if (text !== undefined) el.textContent = text;
  el.style.gridRow = `${row} / span ${span}`;
  el.style.gridColumn = String(column);
  return el;
}

function render() {
  const days = Array.from({ length: DAYS }, (_, i) => addDays(shownWeek, i));
  const last = days[DAYS - 1];
  weekTitle.textContent = `${dateFormat.format(days[0])} – ${dateFormat.format(last)} ${last.getFullYear()}`;
  const today = dayKey(new Date());
  const parts = [cell('corner', '', 1, 1)];
  days.forEach((day, i) => {
    const head = cell('day-head', undefined, 1, i + 2);
    head.setAttribute('role', 'columnheader');
    if (dayKey(day) === today) head.classList.add('today');
    const name = document.createElement('span');
    name.className = 'day-name';
    name.textContent = dayFormat.format(day);
    const date = document.createElement('span');
    date.className = 'day-date';
    date.textContent = dateFormat.format(day);
    head.append(name, date);
    parts.push(head);
  });
  for (let r = 0; r < ROWS; r += 1) {
    const minutes = START_HOUR * 60 + r * SLOT_MINUTES;
    if (minutes % 60 === 0) parts.push(cell('hour', `${pad(minutes / 60)}:00`, r + 2, 1, 2));
    days.forEach((day, i) => {
      const slot = cell('slot', undefined, r + 2, i + 2);
      if (minutes % 60 === 0) slot.classList.add('slot-hour');
      slot.dataset.start = isoOf(addMinutes(day, minutes));
      parts.push(slot);
    });
  }
  days.forEach((day, i) => {
    for (const busy of busyOf(day)) {
      const row = (busy.start - START_HOUR * 60) / SLOT_MINUTES + 2;
      const event = cell(`event event-${busy.kind}`, undefined, row, i + 2, (busy.end - busy.start) / SLOT_MINUTES);
      event.dataset.kind = busy.kind;
      event.dataset.start = isoOf(addMinutes(day, busy.start));
      const title = document.createElement('span');
      title.className = 'event-title';
      title.textContent = busy.title;
      event.append(title);
      parts.push(event);
    }
    for (const booking of bookings.filter((b) => dayKey(b.start) === dayKey(day))) {
      const row = (minutesOf(booking.start) - START_HOUR * 60) / SLOT_MINUTES + 2;
      const span = Math.max(1, Math.round((booking.end - booking.start) / 60_000 / SLOT_MINUTES));
      const event = cell('event event-booked', undefined, row, i + 2, span);
      event.dataset.kind = 'booked';
      event.dataset.span = String(span);
      event.title = `${booking.title}, ${timeFormat.format(booking.start)}–${timeFormat.format(booking.end)}, booked by Sofia`;
      event.dataset.start = isoOf(booking.start);
      event.dataset.end = isoOf(booking.end);
      event.dataset.bookingId = booking.id;
      if (booking.id === lastBookedId) event.classList.add('just-booked');
      const title = document.createElement('span');
      title.className = 'event-title';
      title.textContent = `${booking.title} · ${timeFormat.format(booking.start)}`;
      const when = document.createElement('span');
      when.className = 'event-time';
      when.textContent = `${timeFormat.format(booking.start)}–${timeFormat.format(booking.end)} · booked by Sofia`;
      event.append(title, when);
      parts.push(event);
    }
  });
  grid.replaceChildren(...parts);
  renderBookings();
}

function renderBookings() {
  if (bookings.length === 0) return;
  bookingsList.replaceChildren(
    ...bookings
      .slice()
      .sort((a, b) => a.start - b.start)
      .map((b) => {
        const li = document.createElement('li');
        li.dataset.bookingId = b.id;
        li.textContent = `${label(b.start)} — ${b.title}`;
        return li;
      }),
  );
}

function note(text) {
  activityList.querySelector('.empty')?.remove();
  const li = document.createElement('li');
  const time = document.createElement('time');
  time.textContent = timeFormat.format(new Date());
  li.append(time, ` ${text}`);
  activityList.prepend(li);
  while (activityList.children.length > 8) activityList.lastElementChild.remove();
}

// ---- what the agent may call ----

function parsePayload(payload) {
  if (!payload) return {};
  try {
    const value = JSON.parse(payload);
    return value && typeof value === 'object' ? value : {};
  } catch {
    throw new Error('The payload must be a JSON object.');
  }
}

async function freeSlotsHandler(payload) {
  const request = parsePayload(payload);
  const count = Math.min(10, Math.max(1, Number.parseInt(request.count, 10) || 3));
  const minutes = [30, 60].includes(Number(request.durationMinutes)) ? Number(request.durationMinutes) : SLOT_MINUTES;
  const slots = freeSlots(count, minutes);
  note(`Sofia looked up free slots: ${slots.length ? slots.map((s) => s.label).join(', ') : 'none'}.`);
  return JSON.stringify({ slots, timezone: Intl.DateTimeFormat().resolvedOptions().timeZone });
}

async function bookHandler(payload, callerIdentity) {
  const request = parsePayload(payload);
  const start = parseIso(request.start);
  if (!start) throw new Error('Which slot? The payload needs a start like "2026-11-24T10:00".');
  const end = parseIso(request.end) || addMinutes(start, SLOT_MINUTES);
  if (end <= start) throw new Error('The end must be after the start.');
  if (start.getTime() < Date.now()) throw new Error('That slot is in the past.');
  if (!isFree(start, end)) throw new Error('That slot is no longer free.');
  const booking = {
    id: `bk-${bookings.length + 1}-${start.getTime().toString(36)}`,
    start,
    end,
    title: typeof request.title === 'string' && request.title.trim() ? request.title.trim().slice(0, 60) : 'Appointment',
    by: callerIdentity,
  };
  bookings.push(booking);
  lastBookedId = booking.id;
  shownWeek = mondayOf(start);
  render();
  note(`Sofia booked ${label(start)}.`);
  return JSON.stringify({ booked: true, id: booking.id, start: isoOf(start), end: isoOf(end), label: label(start) });
}

// ---- wiring ----

for (const button of document.querySelectorAll('.nav-btn')) {
  button.addEventListener('click', () => {
    const step = Number(button.dataset.week);
    shownWeek = step === 0 ? firstWeek(new Date()) : addDays(shownWeek, 7 * step);
    lastBookedId = null;
    render();
  });
}

widget.addEventListener('lkw-call-state', (event) => {
  const { stage } = event.detail;
  if (stage === 'connecting') note('Calling Sofia…');
  if (stage === 'ended') note('Call ended.');
  if (stage === 'failed') note('The call failed (see the widget).');
  document.body.dataset.call = stage;
});
widget.addEventListener('lkw-rpc', (event) => {
  const { method, ok, code, message } = event.detail;
  if (!ok) note(`${method} failed (${code}): ${message}`);
});

render();
await customElements.whenDefined('lk-voice-widget');
widget.registerRpcMethod('calendar.freeSlots', freeSlotsHandler);
widget.registerRpcMethod('calendar.book', bookHandler);
