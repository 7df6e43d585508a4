// Wiring only: makes the page's objects, connects the connection's events and the page's
// taps and keys to the controllers, and starts up. State lives in the store; the views
// render it; the controllers (session, console, joining, saving, owned) change it.
import { Store, networkFor } from './store.js';
import { ServerClock } from './clock.js';
import { Connection } from './socket.js';
import { Voice, Narrator } from './speech.js';
import { AudioPlayer } from './audio.js';
import * as offline from './offline.js';
import { WakeLock } from './wakelock.js';
import { View } from './view.js';
import { PickerView } from './pickerview.js';
import { PlayerView } from './playerview.js';
import { EndView } from './endview.js';
import { ConsoleView } from './consoleview.js';
import { MediaControls } from './mediasession.js';
import { OnDevice } from './ondevice.js';
import { SessionControl } from './session.js';
import { ConsoleControl } from './console.js';
import { Joining, codeFromPath } from './joining.js';
import { Saving } from './saving.js';
import { GiveProgramme } from './programmegive.js';
import { OwnedSessions } from './owned.js';
import { loadRoutines } from './routines.js';
import { Prefs, volumeFrom } from './prefs.js';
import { keyAction, isTyping, playerShown } from './keys.js';
import { sentence } from './format.js';
import { byId, whenIdle } from './dom.js';

const store = new Store();
const prefs = new Prefs();
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
const owned = new OwnedSessions(store, conn);
const ondevice = new OnDevice({
  now: () => clock.now(),
  apply: (snapshot) => session.applySnapshot({ ...snapshot, session_id: store.get('session').id }),
  refused: (ev) => store.say(sentence(ev.reason)),
});
const session = new SessionControl(store, {
  conn, clock, voice, narrator, wakeLock: new WakeLock(), ondevice, owned, prefs,
});
const clinician = new ConsoleControl(store, { conn, session, voice, owned });
// eslint-disable-next-line no-new
new GiveProgramme(store);
const joining = new Joining(store, {
  conn, session, width: () => Math.max(window.screen?.width || 0, window.innerWidth),
});
const saving = new Saving(store, { offline });
const lessMotion = window.matchMedia('(prefers-reduced-motion: reduce)');
const player = new PlayerView(store, clock, { reducedMotion: () => lessMotion.matches });
// eslint-disable-next-line no-new
new EndView(store);
const view = new View(store, player);
const picker = new PickerView(store);
// eslint-disable-next-line no-new
new ConsoleView(store);
// For tests and bench/sync.py: the page's own objects (nothing here is secret to this page).
window.__limber = { store, conn, clock, media: audio.events };

// -- the network, honestly ------------------------------------------------------------------

function updateNetwork() {
  store.set({ network: networkFor({
    online: navigator.onLine, connected: conn.connected, failed: store.get('connectFailed'),
  }) });
}
window.addEventListener('online', updateNetwork);
window.addEventListener('offline', updateNetwork);
const savedReady = saving.refresh();
conn.addEventListener('connected', () => {
  store.set({ connectFailed: false });
  updateNetwork();
  session.syncClock();
  savedReady.then(() => saving.checkUpdates());
});
for (const type of ['disconnected', 'unreachable']) {
  conn.addEventListener(type, () => {
    store.set({ connectFailed: true });
    updateNetwork();
  });
}
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && conn.connected) session.syncClock();
});

// -- taps ----------------------------------------------------------------------------------

const on = (id, type, handler) => byId(id).addEventListener(type, handler);

on('start', 'click', () => session.start());
on('toggle', 'click', () => session.toggle());
on('stop', 'click', () => session.command('pause'));
on('next', 'click', () => session.command('next'));
on('prev', 'click', () => session.command('previous'));
on('again', 'click', () => { session.unlockSound(); narrator.reset(); session.command('restart'); });
on('back', 'click', () => (store.get('role') === 'follower' ? session.leave() : session.back()));
on('leave-waiting', 'click', () => session.leave());
on('unlock', 'click', () => session.unlockSound());
on('unlock-bar', 'click', () => session.unlockSound());
on('run-for-patient', 'click', () => clinician.open());
on('join-form', 'submit', (ev) => {
  ev.preventDefault();
  joining.join(byId('join-code').value);
});
on('join-code', 'input', () => { if (store.get('joinError')) store.set({ joinError: '' }); });
on('owned-list', 'click', (ev) => {
  const button = ev.target.closest('button[data-session]');
  if (button) owned.endFromPicker(button.dataset.session);
});
on('end-owned', 'click', () => owned.endFromPicker());

on('console-start', 'click', () => clinician.start());
on('setup-pace-options', 'change', (ev) => {
  if (ev.target.name === 'setup-pace') clinician.choosePace(ev.target.value);
});
on('setup-exercises', 'change', (ev) => {
  if (ev.target.type === 'checkbox') clinician.chooseExercise(ev.target.value, ev.target.checked);
});
on('setup-exercises', 'input', (ev) => {
  const t = ev.target;
  if (t.dataset.field) clinician.typeDose(t.dataset.exercise, t.dataset.field, t.value);
});
on('jump-list', 'click', (ev) => {
  const button = ev.target.closest('button[data-exercise]');
  if (button) session.command('jump', { exercise_id: button.dataset.exercise });
});
on('share-control', 'change', (ev) => clinician.share(ev.target.checked));
on('end-session', 'click', () => clinician.end());

on('mute', 'click', () => {
  const muted = !store.get('muted');
  voice.setMuted(muted);
  prefs.set('muted', muted);
  store.set({ muted });
  session.reportDevice();
});
on('volume', 'input', (ev) => {
  const volume = volumeFrom(Number(ev.target.value) / 100);
  voice.setVolume(volume);
  prefs.set('volume', volume);
  store.set({ volume });
});

on('routine-list', 'change', (ev) => {
  if (ev.target.name === 'routine') store.set({ routineId: ev.target.value, saveError: '' });
});
on('pace-options', 'change', (ev) => {
  if (ev.target.name !== 'pace') return;
  prefs.set('pace', ev.target.value);
  store.set({ pace: ev.target.value, saveError: '' });
});
on('save-offline', 'click', () => {
  const routine = store.selectedRoutine();
  if (routine) saving.save(routine.id, store.get('pace'));
});
on('saved-list', 'click', (ev) => {
  const button = ev.target.closest('button[data-action]');
  if (!button) return;
  const { routine, pace } = button.dataset;
  if (button.dataset.action === 'remove') saving.remove(routine, pace);
  else if (button.dataset.action === 'update') saving.save(routine, pace);
});

// -- keys ----------------------------------------------------------------------------------

const KEY_COMMANDS = {
  toggle: () => session.toggle(),
  next: () => session.command('next'),
  previous: () => session.command('previous'),
};
for (const type of ['keydown', 'keyup']) {
  document.addEventListener(type, (ev) => {
    const action = keyAction(type, ev, {
      shown: playerShown(store.state), canControl: store.canControl(), typing: isTyping(ev.target),
    });
    if (!action) return;
    if (action.prevent) ev.preventDefault(); // and no click on a focused button
    if (action.command) KEY_COMMANDS[action.command]();
  });
}

// -- start up ------------------------------------------------------------------------------

updateNetwork();
view.renderAll();
picker.render(['routines', 'saved', 'joinCode']);
// What this device stored (sound, its sessions) is read once the page has painted: opening
// the storage is slow on a busy phone, and the first paint does not need it.
whenIdle(() => {
  const muted = Boolean(prefs.get('muted', false));
  const volume = volumeFrom(prefs.get('volume', 1));
  voice.setMuted(muted);
  voice.setVolume(volume);
  store.set({ muted, volume });
  owned.load();
});
// The service worker registers once the page has loaded: its own task, off the first paint's.
window.addEventListener('load', () => offline.registerWorker(), { once: true });
store.addEventListener('change', (ev) => {
  if (ev.detail.keys.includes('routineId') && store.get('routineId')) prefs.set('routine', store.get('routineId'));
});
// A join link (/j/<code>) joins on load; /?console opens the clinician's console; a console
// reloaded in its tab takes its session back.
const joinCode = codeFromPath(window.location.pathname);
loadRoutines(store, { prefs, saving }).then(async () => {
  // The connection starts once the routines are on screen (a join or a console's resume
  // opens it at once, by asking).
  whenIdle(() => conn.open().catch(() => {}));
  if (joinCode) return;
  if (await clinician.resume()) return;
  const params = new URLSearchParams(window.location.search);
  const wanted = params.get('routine');
  if (wanted && store.get('routines').some((r) => r.id === wanted)) store.set({ routineId: wanted });
  if (params.has('console')) clinician.open();
});
if (joinCode) joining.join(joinCode);
// Lock-screen controls: created last, so the first update sees the page's own state.
// eslint-disable-next-line no-new
new MediaControls(store, {
  commands: {
    play: () => session.playOrPause('play'),
    pause: () => session.playOrPause('pause'),
    next: () => session.command('next'),
    previous: () => session.command('previous'),
  },
  live: () => player.live(),
});
