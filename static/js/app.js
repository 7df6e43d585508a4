// Wiring: connects the store, the socket, the clock, the voice, the wake lock and the view,
// and turns taps and keys into protocol requests.
import { Store, PACES } from './store.js';
import { ServerClock } from './clock.js';
import { Connection } from './socket.js';
import { Voice, Narrator } from './speech.js';
import { AudioPlayer, upcomingAudio } from './audio.js';
import { LocalSession, stateFromSnapshot } from './localrunner.js';
import * as offline from './offline.js';
import { WakeLock } from './wakelock.js';
import { View } from './view.js';
import { ConsoleView, doseDefaults } from './console.js';
import { MediaControls } from './mediasession.js';

const store = new Store();
const conn = new Connection();
const clock = new ServerClock(() => conn.ping());
const audio = new AudioPlayer();
const voice = new Voice(audio, {
  // A cue without a clip is said by the device's own voice: the player says so, discreetly.
  onSource: (source) => store.set({ deviceVoice: source === 'device' }),
});
const narrator = new Narrator(voice, clock, {
  onMark: (text, index) => {
    const snap = store.get('snapshot');
    if (snap && snap.index === index && snap.status === 'running') store.set({ markText: text });
  },
});
const wakeLock = new WakeLock();
const view = new View(store, clock);
const consoleView = new ConsoleView(store);
// For tests and bench/sync.py: the page's own objects (nothing here is secret to this page).
window.__limber = { store, conn, clock, media: audio.events };

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
  if (screen === 'console') return; // the console shows every status itself
  if (snap.status === 'finished' && screen === 'player') store.set({ screen: 'finished' });
  else if (snap.status === 'ready' && store.get('role') === 'follower') store.set({ screen: 'waiting' });
  else if (snap.status !== 'finished' && ['finished', 'waiting'].includes(screen)) store.set({ screen: 'player' });
}

// A session info (create / join / configure answers, `session` events): timeline, state, roster.
function applyInfo(info, { fresh = false } = {}) {
  const timeline = info.timeline;
  if (timeline && (!store.get('timeline') || store.get('timeline').hash !== timeline.hash)) {
    voice.setLanguage(timeline.language);
    store.set({ timeline });
  }
  if (Array.isArray(info.devices)) applyRoster(info);
  // A fresh snapshot (join, reconnect, new timeline) always wins, whatever the clocks say.
  if (fresh) store.set({ snapshot: null });
  if (info.state) applySnapshot({ session_id: info.session_id, ...info.state });
}

function applyRoster(roster) {
  const session = store.get('session');
  if (!session || roster.session_id !== session.id) return;
  store.set({ devices: roster.devices || [], sharedControl: Boolean(roster.shared_control) });
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
  const follower = store.get('role') === 'follower';
  leaveSession();
  view.message(follower ? 'Your clinician ended the session.'
    : (info.reason ? `The session ended: ${info.reason}.` : 'The session ended.'), 8000);
});

conn.addEventListener('joined', (ev) => {
  // After a reconnect: render from this one snapshot (it replaces our own reckoning).
  endOutage();
  applyInfo(ev.detail, { fresh: true });
  if (ev.detail.role === 'follower' && store.get('role') === 'controller') {
    view.message('Reconnected, but this device is no longer the controller.', 8000);
  } else {
    view.message('Reconnected.', 2500);
  }
  reportDevice();
});

conn.addEventListener('devices', (ev) => applyRoster(ev.detail || {}));
conn.addEventListener('session', (ev) => {
  const info = ev.detail || {};
  if (isOurs(info)) applyInfo(info, { fresh: true });
});

conn.addEventListener('connected', () => {
  connectFailed = false;
  updateNetwork();
  syncClock();
  checkUpdates();
});
conn.addEventListener('disconnected', () => {
  connectFailed = true;
  updateNetwork();
  const session = store.get('session');
  if (!session || session.local) return;
  carryOn();
  view.message(outage ? 'Connection lost. Carrying on; reconnecting…' : 'Connection lost. Reconnecting…', 0);
});
conn.addEventListener('unreachable', () => {
  connectFailed = true;
  updateNetwork();
});

// -- the network, honestly ------------------------------------------------------------------

let connectFailed = false;

function updateNetwork() {
  let network;
  if (navigator.onLine === false) network = 'offline';
  else if (conn.connected) network = 'online';
  else network = connectFailed ? 'unreachable' : 'connecting';
  store.set({ network });
}
window.addEventListener('online', updateNetwork);
window.addEventListener('offline', updateNetwork);

async function refreshSaved() {
  try {
    store.set({ saved: await offline.listSaved() });
  } catch (err) {
    store.set({ saved: [] });
  }
}

// A saved routine whose timeline hash differs from the server's is out of date: offer the
// update (the routine, the clinic's details or its audio changed).
let updatesChecked = false;
async function checkUpdates() {
  if (updatesChecked) return;
  updatesChecked = true;
  await savedReady;
  const updates = {};
  for (const entry of store.get('saved')) {
    const hash = await offline.currentHash(entry.routine_id, entry.pace);
    if (hash && hash !== entry.hash) updates[`${entry.routine_id}/${entry.pace}`] = true;
  }
  store.set({ updates });
}

async function saveOffline(routineId, pace) {
  if (store.get('saving') || store.noServer()) return;
  store.set({ saving: { routineId, pace, done: 0, total: 0, bytes: 0 }, saveError: '' });
  try {
    await offline.save(routineId, pace, {
      onProgress: (p) => store.set({ saving: { routineId, pace, ...p } }),
    });
    const updates = { ...store.get('updates') };
    delete updates[`${routineId}/${pace}`];
    store.set({ updates });
    view.message('Saved: it runs with no connection.', 4000);
  } catch (err) {
    store.set({ saveError: `The routine was not saved: ${err.message || 'the download failed'}. Try again with a connection.` });
  } finally {
    await refreshSaved();
    store.set({ saving: null });
  }
}

async function removeSaved(routineId, pace) {
  await offline.remove(routineId, pace);
  await refreshSaved();
}
conn.addEventListener('error', (ev) => {
  const { message, rejoin, timeout } = ev.detail;
  if (rejoin && !timeout && store.get('session')) {
    // The session ended (or was forgotten) while we were away.
    leaveSession();
    view.message(`${message}.`, 10000);
  } else {
    view.message(message);
  }
});

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && conn.connected) syncClock();
});

// Resample the clock offset and tell the session how this device is doing.
async function syncClock() {
  await clock.sync();
  reportDevice();
}

function reportDevice() {
  const session = store.get('session');
  if (!session || session.local || !conn.connected) return;
  const fields = { audio_unlocked: store.get('soundUnlocked'), muted: Boolean(store.get('muted')) };
  if (clock.synced) {
    fields.offset_ms = Math.round(clock.offset * 10) / 10;
    fields.rtt_ms = Math.round(clock.rtt * 10) / 10;
  }
  conn.report(session.id, fields).catch(() => { /* a lost report is replaced by the next */ });
}

// iOS: speech and audio only start inside a tap. Call from a click handler.
function unlockSound() {
  voice.unlock();
  if (!store.get('soundUnlocked')) {
    store.set({ soundUnlocked: true });
    reportDevice();
  }
}

// "cannot skip: the session is finished" -> "Cannot skip: the session is finished."
function sentence(text) {
  const t = String(text).trim();
  if (!t) return '';
  const s = t[0].toUpperCase() + t.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

const NO_ANSWER = 'No answer from the server. Check the connection and try again.';

// What to say about a failed request: `noAnswer` when the server did not answer in time,
// else its refusal as a sentence (after `prefix`).
function failure(err, noAnswer = NO_ANSWER, prefix = '') {
  return err.timeout ? noAnswer : `${prefix}${sentence(err.message)}`;
}

// -- commands ------------------------------------------------------------------------------

async function command(name, extra = {}) {
  const session = store.get('session');
  if (!session || !store.canControl()) return false;
  if (name === 'pause') voice.cancel(); // feel immediate; the snapshot confirms
  if (session.local && localSession) {
    const answer = localSession.command(name, extra);
    if (answer.ok) applySnapshot({ ...answer.state, session_id: session.id });
    return answer.ok;
  }
  try {
    const answer = await conn.command(session, name, extra);
    if (answer.state) applySnapshot(answer.state);
    return true;
  } catch (err) {
    view.message(failure(err,
      `No answer from the server: could not ${COMMAND_WORDS[name] || name}. Check the connection.`));
    return false;
  }
}

// The lock screen's play and pause (and a headset's): the same commands as the Pause /
// Resume button, only when they change something.
function playOrPause(wanted) {
  const snap = store.get('snapshot');
  if (!snap) return;
  if (wanted === 'pause' && snap.status === 'running') command('pause');
  else if (wanted === 'play' && snap.status === 'paused') command('resume');
}

function togglePause() {
  const snap = store.get('snapshot');
  if (!snap) return;
  if (snap.status === 'running') command('pause');
  else if (snap.status === 'paused') command('resume');
  else if (snap.status === 'ready') { unlockSound(); command('start'); }
  else if (snap.status === 'finished' && store.get('role') === 'controller') command('restart');
}

async function startSession() {
  const routine = store.selectedRoutine();
  if (!routine || store.get('busy')) return;
  // No server (offline, or it cannot be reached): a saved routine runs on this device.
  const saved = store.savedFor(routine.id, store.get('pace'));
  if (saved && !conn.connected) {
    startLocal(saved);
    return;
  }
  unlockSound(); // iOS: speech must begin inside the tap
  narrator.reset();
  store.set({ busy: true });
  try {
    const answer = await conn.create(routine.id, store.get('pace'));
    voice.setLanguage(answer.timeline.language);
    voice.preload(upcomingAudio(answer.timeline, 0, 3));
    store.set({
      role: 'solo',
      session: sessionFrom(answer, answer.control_token),
      timeline: answer.timeline,
      snapshot: null,
      markText: '',
    });
    applySnapshot({ session_id: answer.session_id, ...answer.state });
    store.set({ screen: 'player' });
    if (!clock.synced) await clock.sync();
    await command('start');
  } catch (err) {
    view.message(failure(err, NO_ANSWER, 'Could not start: '));
  } finally {
    store.set({ busy: false });
  }
}

// -- on the device: a saved routine with no server ----------------------------------------

let localSession = null;

function startLocal(entry) {
  unlockSound(); // inside the tap, as for a server session
  narrator.reset();
  stopLocal();
  const timeline = entry.timeline;
  const session = { id: 'local', token: null, code: null, joinUrl: null, qrUrl: null, local: true };
  voice.setLanguage(timeline.language);
  voice.preload(upcomingAudio(timeline, 0, 3));
  localSession = new LocalSession(timeline, {
    now: () => clock.now(),
    onEvent: (ev) => {
      if (ev.type === 'state') applySnapshot({ ...ev, session_id: session.id });
      else if (ev.type === 'refused') view.message(sentence(ev.reason));
    },
  }).start();
  store.set({ role: 'solo', session, timeline, snapshot: null, markText: '' });
  applySnapshot({ ...localSession.snapshot('sync'), session_id: session.id });
  store.set({ screen: 'player' });
  command('start');
}

function stopLocal() {
  if (localSession) localSession.stop();
  localSession = null;
}

// -- following through an outage: the schedule is known, so carry on from the last snapshot
// until the server is back (its snapshot on rejoin then wins, quietly).

let outage = null;

function carryOn() {
  const session = store.get('session');
  const snap = store.get('snapshot');
  const timeline = store.get('timeline');
  if (outage || !session || session.local || !snap || !timeline || snap.status !== 'running') return;
  if (snap.timeline_hash && snap.timeline_hash !== timeline.hash) return;
  outage = new LocalSession(timeline, {
    now: () => clock.now(),
    initial: stateFromSnapshot(snap),
    onEvent: (ev) => {
      if (ev.type === 'state') applySnapshot({ ...ev, session_id: session.id });
    },
  }).start();
}

function endOutage() {
  if (outage) outage.stop();
  outage = null;
}

function sessionFrom(answer, token) {
  return {
    id: answer.session_id, token: token || null, code: answer.code,
    joinUrl: answer.join_url, qrUrl: answer.qr_url,
  };
}

// Leave the session on this device (no network): back to the picker.
function leaveSession() {
  narrator.reset();
  stopLocal();
  endOutage();
  wakeLock.set(false);
  conn.forget();
  clearTimeout(configureTimer);
  consoleView.disarmEnd();
  forgetConsole();
  if (window.location.pathname !== '/') window.history.replaceState(null, '', '/');
  if (store.get('role') === 'controller') voice.setMuted(Boolean(loadPref('muted', false)));
  store.set({
    session: null, snapshot: null, timeline: null, markText: '', screen: 'picker',
    role: 'solo', devices: [], sharedControl: false, setup: null, setupError: '',
    muted: voice.muted,
  });
}

// The controller's "back": the session is over for everyone, so end it on the server too.
function backToRoutines() {
  const session = store.get('session');
  if (session && session.token) conn.end(session).catch(() => {});
  leaveSession();
}

// -- the clinician's console ---------------------------------------------------------------

const CONSOLE_KEY = 'limber.console';

function rememberConsole(session) {
  try {
    sessionStorage.setItem(CONSOLE_KEY, JSON.stringify({
      id: session.id, token: session.token, routineId: store.get('routineId'),
      setup: store.get('setup'),
    }));
  } catch (err) { /* private mode: a reload loses the console */ }
}

function forgetConsole() {
  try { sessionStorage.removeItem(CONSOLE_KEY); } catch (err) { /* ignore */ }
}

function enterConsole(answer, token) {
  const session = sessionFrom(answer, token);
  // The patient's device speaks; the console stays quiet unless unmuted.
  voice.setMuted(true);
  narrator.reset();
  const opts = answer.timeline ? { pace: answer.timeline.pace } : {};
  store.set({
    role: 'controller', session, timeline: null, snapshot: null, markText: '', muted: true,
    setup: store.get('setup') || {
      pace: opts.pace || store.get('pace'),
      exercises: answer.timeline.exercises.map((x) => x.id),
      overrides: {},
    },
    setupError: '',
  });
  applyInfo(answer, { fresh: true });
  store.set({ screen: 'console' });
  rememberConsole(session);
  loadDefaults(store.get('setup').pace);
  syncClock();
}

async function startConsole() {
  const routine = store.selectedRoutine();
  if (!routine || store.get('busy')) return;
  store.set({ busy: true, setup: null });
  try {
    const answer = await conn.create(routine.id, store.get('pace'), { name: 'Clinician console' });
    enterConsole(answer, answer.control_token);
  } catch (err) {
    view.message(failure(err, NO_ANSWER, 'Could not create the session: '), 8000);
  } finally {
    store.set({ busy: false });
  }
}

// A console reloaded in the same tab takes its session back with the token.
async function resumeConsole() {
  let saved = null;
  try { saved = JSON.parse(sessionStorage.getItem(CONSOLE_KEY) || 'null'); } catch (err) { saved = null; }
  if (!saved || !saved.id || !saved.token) return false;
  try {
    const answer = await conn.join({ sessionId: saved.id, token: saved.token, name: 'Clinician console' });
    if (answer.role !== 'controller') throw new Error('this device is no longer the controller');
    if (saved.routineId) store.set({ routineId: saved.routineId });
    const tl = answer.timeline;
    store.set({
      setup: {
        pace: tl.pace,
        exercises: tl.exercises.map((x) => x.id),
        overrides: (saved.setup && saved.setup.overrides) || {},
      },
    });
    enterConsole(answer, saved.token);
    return true;
  } catch (err) {
    forgetConsole();
    conn.forget();
    return false;
  }
}

const defaultsCache = new Map();

async function loadDefaults(pace) {
  const routine = store.selectedRoutine();
  if (!routine) return;
  const key = `${routine.id}/${pace}`;
  if (!defaultsCache.has(key)) {
    try {
      const res = await fetch(`/api/routines/${encodeURIComponent(routine.id)}/timeline?pace=${pace}`);
      if (!res.ok) return;
      defaultsCache.set(key, doseDefaults(await res.json()));
    } catch (err) {
      return; // placeholders stay empty; the dose form still works
    }
  }
  const setup = store.get('setup');
  if (setup && setup.pace === pace) store.set({ defaults: defaultsCache.get(key) });
}

let configureTimer = null;
let configureSeq = 0;
let configurePending = false;

function changeSetup(patch, { delay = 0 } = {}) {
  const setup = { ...store.get('setup'), ...patch };
  store.set({ setup });
  const session = store.get('session');
  if (session) rememberConsole(session);
  clearTimeout(configureTimer);
  configurePending = true;
  configureTimer = setTimeout(sendConfigure, delay);
}

async function sendConfigure() {
  configurePending = false;
  const session = store.get('session');
  const setup = store.get('setup');
  const routine = store.selectedRoutine();
  if (!session || !session.token || !setup) return;
  if (!setup.exercises.length) {
    store.set({ setupError: 'Choose at least one exercise.' });
    return;
  }
  const overrides = {};
  for (const [id, fields] of Object.entries(setup.overrides)) {
    if (!setup.exercises.includes(id)) continue;
    const kept = Object.fromEntries(Object.entries(fields).filter(([, v]) => v != null));
    if (Object.keys(kept).length) overrides[id] = kept;
  }
  // Exercises in the routine's order; all of them is the same as none chosen.
  const order = routine ? routine.exercises.map((x) => x.id) : setup.exercises;
  const exercises = order.filter((id) => setup.exercises.includes(id));
  const seq = ++configureSeq;
  try {
    const answer = await conn.configure(session, { pace: setup.pace, exercises, overrides });
    if (seq !== configureSeq) return; // a newer change is on its way
    store.set({ setupError: '' });
    applyInfo(answer, { fresh: true });
  } catch (err) {
    if (seq !== configureSeq) return;
    store.set({ setupError: failure(err,
      'No answer from the server: the new dose did not arrive. Check the connection.') });
  }
}

function readDoseInput(input) {
  const text = input.value.trim();
  if (text === '') return { value: null, ok: true };
  const value = Number(text);
  const ok = Number.isInteger(value) && value >= Number(input.min) && value <= Number(input.max);
  return { value, ok };
}

// -- following -----------------------------------------------------------------------------

function deviceName() {
  const w = Math.max(window.screen?.width || 0, window.innerWidth);
  if (w >= 1200) return 'Large screen';
  if (w >= 600) return 'Tablet';
  return 'Phone';
}

async function joinByCode(code) {
  const clean = String(code || '').trim();
  if (!clean) {
    store.set({ joinError: 'Type the code your clinician gives you.' });
    return;
  }
  if (store.get('joining')) return;
  store.set({ joining: true, joinError: '' });
  try {
    const answer = await conn.join({ code: clean, name: deviceName() });
    narrator.reset();
    store.set({
      role: 'follower', session: sessionFrom(answer, null), timeline: null, snapshot: null,
      markText: '', devices: [], sharedControl: false, screen: 'waiting',
    });
    applyInfo(answer, { fresh: true });
    const path = `/j/${encodeURIComponent(answer.code.replace(/[^A-Z0-9]/gi, ''))}`;
    if (window.location.pathname !== path) window.history.replaceState(null, '', path);
    syncClock();
  } catch (err) {
    const why = failure(err);
    store.set({ joinError: why });
    view.message(why, 10000);
    byId('join-form').scrollIntoView({ block: 'center' });
    if (window.location.pathname !== '/') window.history.replaceState(null, '', '/');
  } finally {
    store.set({ joining: false });
  }
}

// -- controls ------------------------------------------------------------------------------

const byId = (id) => document.getElementById(id);

byId('start').addEventListener('click', startSession);
byId('toggle').addEventListener('click', togglePause);
byId('next').addEventListener('click', () => command('next'));
byId('prev').addEventListener('click', () => command('previous'));
byId('again').addEventListener('click', () => { unlockSound(); narrator.reset(); command('restart'); });
byId('back').addEventListener('click', () => {
  if (store.get('role') === 'follower') leaveSession();
  else backToRoutines();
});
byId('run-for-patient').addEventListener('click', startConsole);
byId('join-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  joinByCode(byId('join-code').value);
});
byId('join-code').addEventListener('input', () => {
  if (store.get('joinError')) store.set({ joinError: '' });
});
byId('unlock').addEventListener('click', unlockSound);
byId('unlock-bar').addEventListener('click', unlockSound);
byId('leave-waiting').addEventListener('click', leaveSession);

byId('console-start').addEventListener('click', async () => {
  unlockSound();
  // A dose typed just before Start must reach the server first.
  if (configurePending) {
    clearTimeout(configureTimer);
    await sendConfigure();
  }
  if (store.get('setupError')) return;
  if (!clock.synced) await syncClock();
  command('start');
});
byId('setup-pace-options').addEventListener('change', (ev) => {
  if (ev.target.name !== 'setup-pace') return;
  changeSetup({ pace: ev.target.value });
  loadDefaults(ev.target.value);
});
byId('setup-exercises').addEventListener('change', (ev) => {
  const t = ev.target;
  const setup = store.get('setup');
  if (!setup) return;
  if (t.type === 'checkbox') {
    const ids = new Set(setup.exercises);
    if (t.checked) ids.add(t.value); else ids.delete(t.value);
    if (!ids.size) {
      t.checked = true;
      store.set({ setupError: 'Choose at least one exercise.' });
      return;
    }
    changeSetup({ exercises: [...ids] });
  }
});
byId('setup-exercises').addEventListener('input', (ev) => {
  const t = ev.target;
  const setup = store.get('setup');
  if (!setup || t.type !== 'number') return;
  const { value, ok } = readDoseInput(t);
  t.setAttribute('aria-invalid', String(!ok));
  if (!ok) {
    store.set({ setupError: `${t.getAttribute('aria-label')}: a whole number from ${t.min} to ${t.max}.` });
    return;
  }
  const id = t.dataset.exercise;
  const overrides = { ...setup.overrides, [id]: { ...(setup.overrides[id] || {}), [t.dataset.field]: value } };
  changeSetup({ overrides }, { delay: 350 });
});
byId('jump-list').addEventListener('click', (ev) => {
  const button = ev.target.closest('button[data-exercise]');
  if (button) command('jump', { exercise_id: button.dataset.exercise });
});
byId('share-control').addEventListener('change', async (ev) => {
  const session = store.get('session');
  const enabled = ev.target.checked;
  if (!session || !session.token) return;
  try {
    const roster = await conn.shareControl(session, enabled);
    applyRoster(roster);
  } catch (err) {
    ev.target.checked = store.get('sharedControl');
    view.message(failure(err, 'No answer from the server: the controls were not changed.'));
  }
});
byId('end-session').addEventListener('click', async () => {
  if (!consoleView.armEnd()) return;
  consoleView.disarmEnd();
  const session = store.get('session');
  if (!session) return;
  try {
    await conn.end(session);
    leaveSession();
    view.message('The session ended.', 5000);
  } catch (err) {
    view.message(failure(err,
      'No answer from the server: the session was not ended. Check the connection.'));
  }
});
byId('mute').addEventListener('click', () => {
  const muted = !store.get('muted');
  voice.setMuted(muted);
  savePref('muted', muted);
  store.set({ muted });
  reportDevice();
});

byId('volume').addEventListener('input', (ev) => {
  const volume = Number(ev.target.value) / 100;
  voice.setVolume(volume);
  savePref('volume', volume);
  store.set({ volume });
});

byId('routine-list').addEventListener('change', (ev) => {
  if (ev.target.name === 'routine') store.set({ routineId: ev.target.value, saveError: '' });
});
byId('save-offline').addEventListener('click', () => {
  const routine = store.selectedRoutine();
  if (routine) saveOffline(routine.id, store.get('pace'));
});
byId('saved-list').addEventListener('click', (ev) => {
  const button = ev.target.closest('button[data-action]');
  if (!button) return;
  const { routine, pace } = button.dataset;
  if (button.dataset.action === 'remove') removeSaved(routine, pace);
  else if (button.dataset.action === 'update') saveOffline(routine, pace);
});
byId('pace-options').addEventListener('change', (ev) => {
  if (ev.target.name === 'pace') {
    savePref('pace', ev.target.value);
    store.set({ pace: ev.target.value, saveError: '' });
  }
});

function isTyping(target) {
  return target instanceof HTMLElement
    && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));
}

function playerShown() {
  const screen = store.get('screen');
  const snap = store.get('snapshot');
  return screen === 'player' || (screen === 'console' && snap && snap.status !== 'ready');
}

document.addEventListener('keydown', (ev) => {
  if (!playerShown() || !store.canControl() || ev.altKey || ev.ctrlKey || ev.metaKey) return;
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
  if (playerShown() && (ev.key === ' ' || ev.code === 'Space')
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
    // No server and nothing cached: the routines saved on this device are the list.
    await refreshSaved();
    const found = new Map();
    for (const entry of store.get('saved')) {
      if (found.has(entry.routine_id)) continue;
      const tl = entry.timeline;
      found.set(entry.routine_id, {
        id: entry.routine_id, title: tl.title, summary: '', language: tl.language,
        exercise_count: tl.exercises.length,
        exercises: tl.exercises.map((x) => ({ id: x.id, name: x.name, kind: x.kind })),
        total_seconds: {},
      });
    }
    for (const entry of store.get('saved')) {
      const r = found.get(entry.routine_id);
      r.total_seconds[entry.pace] = Math.round((entry.timeline.total_ms * (entry.timeline.time_scale || 1)) / 1000);
    }
    const routines = [...found.values()];
    if (routines.length) {
      const wanted = loadPref('routine', null);
      store.set({ routines, routineId: (routines.find((r) => r.id === wanted) || routines[0]).id, routinesError: '' });
    } else {
      store.set({ routinesError: store.noServer()
        ? 'You are offline and no routine is saved on this device yet.'
        : `Could not load routines: ${err.message}` });
    }
  }
}

const pace = loadPref('pace', 'gentle');
const muted = Boolean(loadPref('muted', false));
const savedVolume = Number(loadPref('volume', 1));
const volume = Number.isFinite(savedVolume) ? Math.min(1, Math.max(0, savedVolume)) : 1;
voice.setMuted(muted);
voice.setVolume(volume);
store.set({ pace: PACES.includes(pace) ? pace : 'gentle', muted, volume });
updateNetwork();
view.renderScreen();
view.renderMute();
view.renderPicker();
view.renderOffline();
offline.registerWorker();
const savedReady = refreshSaved();
savedReady.then(() => { if (conn.connected) checkUpdates(); });
store.addEventListener('change', (ev) => {
  if (ev.detail.keys.includes('routineId') && store.get('routineId')) savePref('routine', store.get('routineId'));
});
// A join link (/j/<code>) joins on load; /?console opens the clinician's console; a console
// reloaded in its tab takes its session back.
const joinPath = window.location.pathname.match(/^\/j\/([^/]+)\/?$/);
loadRoutines().then(async () => {
  if (joinPath) return;
  if (await resumeConsole()) return;
  const params = new URLSearchParams(window.location.search);
  const wanted = params.get('routine');
  if (wanted && store.get('routines').some((r) => r.id === wanted)) store.set({ routineId: wanted });
  if (params.has('console')) startConsole();
});
if (joinPath) {
  const code = decodeURIComponent(joinPath[1]);
  byId('join-code').value = code;
  joinByCode(code);
}
view.renderLive();
// Lock-screen controls: created last, so the first update sees the page's own state.
// eslint-disable-next-line no-new
new MediaControls(store, {
  commands: {
    play: () => playOrPause('play'),
    pause: () => playOrPause('pause'),
    next: () => command('next'),
    previous: () => command('previous'),
  },
  live: () => view.live(),
});
