// Wiring: connects the store, the socket, the clock, the voice, the wake lock and the view,
// and turns taps and keys into protocol requests.
import { Store } from './store.js';
import { ServerClock } from './clock.js';
import { Connection } from './socket.js';
import { Voice, Narrator } from './speech.js';
import { WakeLock } from './wakelock.js';
import { View } from './view.js';

const store = new Store();
const conn = new Connection();
const clock = new ServerClock(() => conn.ping());
const voice = new Voice();
const narrator = new Narrator(voice, clock, {
  onMark: (text, index) => {
    const snap = store.get('snapshot');
    if (snap && snap.index === index && snap.status === 'running') store.set({ markText: text });
  },
});
const wakeLock = new WakeLock();
const view = new View(store, clock);

const COMMAND_WORDS = {
  start: 'start', pause: 'pause', resume: 'resume', next: 'skip ahead',
  previous: 'go back', restart: 'restart', jump: 'jump',
};

// -- preferences ---------------------------------------------------------------------------

function loadPref(key, fallback) {
  try {
    const v = localStorage.getItem(`limber.${key}`);
    return v == null ? fallback : JSON.parse(v);
  } catch (err) {
    return fallback;
  }
}

function savePref(key, value) {
  try { localStorage.setItem(`limber.${key}`, JSON.stringify(value)); } catch (err) { /* private mode */ }
}

// -- snapshots -----------------------------------------------------------------------------

function isOurs(snapshot) {
  const session = store.get('session');
  return session && snapshot && (!snapshot.session_id || snapshot.session_id === session.id);
}

function applySnapshot(snapshot) {
  if (!isOurs(snapshot)) return;
  if (!store.applySnapshot(snapshot)) return;
  const snap = store.get('snapshot');
  narrator.update(snap, store.get('timeline'));
  wakeLock.set(snap.status === 'running');
  const screen = store.get('screen');
  if (snap.status === 'finished' && screen === 'player') store.set({ screen: 'finished' });
  else if (snap.status !== 'finished' && screen === 'finished') store.set({ screen: 'player' });
}

conn.addEventListener('state', (ev) => applySnapshot(ev.detail));

conn.addEventListener('refused', (ev) => {
  const info = ev.detail || {};
  view.message(info.reason ? sentence(info.reason) : 'That was refused.');
});

conn.addEventListener('ended', (ev) => {
  const info = ev.detail || {};
  const session = store.get('session');
  if (!session || info.session_id !== session.id) return;
  backToRoutines();
  view.message(info.reason ? `The session ended: ${info.reason}.` : 'The session ended.', 8000);
});

conn.addEventListener('joined', (ev) => {
  const { timeline, state } = ev.detail;
  if (timeline && (!store.get('timeline') || store.get('timeline').hash !== timeline.hash)) {
    store.set({ timeline });
  }
  // A fresh snapshot after a reconnect always wins, whatever the clocks say.
  store.set({ snapshot: null });
  applySnapshot(state);
  view.message('Reconnected.', 2500);
});

conn.addEventListener('connected', () => { clock.sync(); });
conn.addEventListener('disconnected', () => {
  if (store.get('session')) view.message('Connection lost. Reconnecting…', 0);
});
conn.addEventListener('error', (ev) => view.message(ev.detail.message));

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && conn.connected) clock.sync();
});

// "cannot skip: the session is finished" -> "Cannot skip: the session is finished."
function sentence(text) {
  const t = String(text).trim();
  if (!t) return '';
  const s = t[0].toUpperCase() + t.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

// -- commands ------------------------------------------------------------------------------

async function command(name, extra = {}) {
  const session = store.get('session');
  if (!session) return false;
  if (name === 'pause') voice.cancel(); // feel immediate; the snapshot confirms
  try {
    const answer = await conn.command(session, name, extra);
    if (answer.state) applySnapshot(answer.state);
    return true;
  } catch (err) {
    view.message(err.timeout
      ? `No answer from the server: could not ${COMMAND_WORDS[name] || name}. Check the connection.`
      : sentence(err.message));
    return false;
  }
}

function togglePause() {
  const snap = store.get('snapshot');
  if (!snap) return;
  if (snap.status === 'running') command('pause');
  else if (snap.status === 'paused') command('resume');
  else if (snap.status === 'ready') { voice.unlock(); command('start'); }
}

async function startSession() {
  const routine = store.selectedRoutine();
  if (!routine || store.get('busy')) return;
  voice.unlock(); // iOS: speech must begin inside the tap
  narrator.reset();
  store.set({ busy: true });
  try {
    const answer = await conn.create(routine.id, store.get('pace'));
    voice.setLanguage(answer.timeline.language);
    store.set({
      session: { id: answer.session_id, token: answer.control_token },
      timeline: answer.timeline,
      snapshot: null,
      markText: '',
    });
    applySnapshot({ session_id: answer.session_id, ...answer.state });
    store.set({ screen: 'player' });
    if (!clock.synced) await clock.sync();
    await command('start');
  } catch (err) {
    view.message(err.timeout ? 'No answer from the server. Check the connection and try again.'
      : `Could not start: ${err.message}`);
  } finally {
    store.set({ busy: false });
  }
}

function backToRoutines() {
  narrator.reset();
  wakeLock.set(false);
  conn.sessionId = null;
  conn.token = null;
  store.set({ session: null, snapshot: null, timeline: null, markText: '', screen: 'picker' });
}

// -- controls ------------------------------------------------------------------------------

const byId = (id) => document.getElementById(id);

byId('start').addEventListener('click', startSession);
byId('toggle').addEventListener('click', togglePause);
byId('next').addEventListener('click', () => command('next'));
byId('prev').addEventListener('click', () => command('previous'));
byId('again').addEventListener('click', () => { voice.unlock(); narrator.reset(); command('restart'); });
byId('back').addEventListener('click', backToRoutines);
byId('mute').addEventListener('click', () => {
  const muted = !store.get('muted');
  voice.setMuted(muted);
  savePref('muted', muted);
  store.set({ muted });
});

byId('routine-list').addEventListener('change', (ev) => {
  if (ev.target.name === 'routine') store.set({ routineId: ev.target.value });
});
byId('pace-options').addEventListener('change', (ev) => {
  if (ev.target.name === 'pace') {
    savePref('pace', ev.target.value);
    store.set({ pace: ev.target.value });
  }
});

function isTyping(target) {
  return target instanceof HTMLElement
    && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));
}

document.addEventListener('keydown', (ev) => {
  if (store.get('screen') !== 'player' || ev.altKey || ev.ctrlKey || ev.metaKey) return;
  if (isTyping(ev.target)) return;
  if (ev.key === ' ' || ev.code === 'Space') {
    ev.preventDefault(); // and no click on a focused button
    if (!ev.repeat) togglePause();
  } else if (ev.key === 'ArrowRight') {
    ev.preventDefault();
    command('next');
  } else if (ev.key === 'ArrowLeft') {
    ev.preventDefault();
    command('previous');
  }
});
document.addEventListener('keyup', (ev) => {
  if (store.get('screen') === 'player' && (ev.key === ' ' || ev.code === 'Space')
      && !isTyping(ev.target)) {
    ev.preventDefault();
  }
});

// -- start up ------------------------------------------------------------------------------

async function loadRoutines() {
  try {
    const res = await fetch('/api/routines', { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(`the server answered ${res.status}`);
    const data = await res.json();
    const routines = Array.isArray(data.routines) ? data.routines : [];
    const wanted = loadPref('routine', null);
    const routineId = (routines.find((r) => r.id === wanted) || routines[0] || {}).id || null;
    store.set({
      routines,
      routineId,
      routinesError: routines.length ? '' : 'No routines are available.',
    });
  } catch (err) {
    store.set({ routinesError: `Could not load routines: ${err.message}` });
  }
}

const pace = loadPref('pace', 'gentle');
const muted = Boolean(loadPref('muted', false));
voice.setMuted(muted);
store.set({ pace: ['gentle', 'standard', 'extended'].includes(pace) ? pace : 'gentle', muted });
view.renderScreen();
view.renderMute();
view.renderPicker();
store.addEventListener('change', (ev) => {
  if (ev.detail.keys.includes('routineId') && store.get('routineId')) savePref('routine', store.get('routineId'));
});
loadRoutines();
