// The patient's programme page (/p/<key>): wiring only. Loads the programme (the server's
// newest, else the copy saved on this phone), offers Save for offline, plays it on the
// device's own runner, asks how it felt, and keeps every run and answer in the outbox
// until the server has them.
import { AudioPlayer } from './audio.js';
import { Voice, Narrator } from './speech.js';
import { OnDevice } from './ondevice.js';
import { registerWorker } from './offline.js';
import { MemoryStorage, Outbox, deviceId, localDay } from './outbox.js';
import { openOutbox } from './outboxdb.js';
import { readProgramme, sendRecords } from './programmeapi.js';
import { forgetProgramme, saveProgramme, savedProgramme } from './programmesave.js';
import { ProgrammeRun } from './programmerun.js';
import { ProgrammeView } from './programmeview.js';
import { skipNextTime } from './checks.js';
import { Prefs } from './prefs.js';
import { WakeLock } from './wakelock.js';
import { byId } from './dom.js';

const key = byId('programme-page').dataset.key;
const view = new ProgrammeView();
const prefs = new Prefs();
const memoryKey = `programme.${key}`;  // {version seen, skip: [exercise ids]}
const clock = { now: () => Date.now() };
const audio = new AudioPlayer();
const voice = new Voice(audio);
const narrator = new Narrator(voice, clock);
const wakeLock = new WakeLock();
const page = { programme: null, run: null, saved: null, saving: null, saveError: '', changeNote: '' };
const ondevice = new OnDevice({
  now: clock.now, apply: (snap) => page.run && page.run.apply(snap), refused: () => {},
});
let outbox = null;

const memory = () => prefs.get(memoryKey, {}) || {};
const remember = (patch) => prefs.set(memoryKey, { ...memory(), ...patch });
const randomId = () => deviceId(crypto.getRandomValues(new Uint8Array(16)));

// -- the outbox ----------------------------------------------------------------------------

async function makeOutbox() {
  let storage;
  try {
    storage = await openOutbox(key, randomId);
  } catch (err) {
    storage = new MemoryStorage(randomId());  // no IndexedDB: kept while the page is open
  }
  return new Outbox({
    storage,
    send: (device, records) => sendRecords(key, device, records),
    stamp: () => ({ at: Date.now(), day: localDay(new Date()) }),
    later: (fn, ms) => setTimeout(fn, ms),
    retried: (waiting) => view.outbox(waiting, outbox.stopped),
  });
}

async function sync() {
  if (!outbox) return;
  const waiting = await outbox.flush();
  view.outbox(waiting, outbox.stopped);
}

const recorder = {
  record: (kind, fields) => outbox.record(kind, fields).then(sync),
};

// -- rendering -----------------------------------------------------------------------------

function render() {
  const { run } = page;
  wakeLock.set(Boolean(run && !run.ended));  // the phone lies by the mat for the whole run
  view.saved({ saved: page.saved, saving: page.saving, error: page.saveError, online: navigator.onLine });
  if (!page.programme) return;
  if (!run) {
    view.show('home');
    return;
  }
  const screen = run.screen === 'player' ? 'play' : run.screen;
  if (screen === 'check' && view.asked !== run.asking) view.check(run);
  if (screen === 'stopped') view.stopped(run);
  if (screen === 'done' && view.shown !== 'done') {
    view.done(run);
    remember({ skip: skipNextTime(memory().skip || [], run) });
  }
  if (screen === 'play') view.player(run, clock.now());
  view.show(screen);
}

function showHome() {
  page.run = null;
  const ids = page.programme.timeline.exercises.map((x) => x.id);
  const skip = (memory().skip || []).filter((id) => ids.includes(id));
  view.home(page.programme, { key, changeNote: page.changeNote, skipSuggested: skip });
  render();
}

setInterval(() => { if (page.run && page.run.screen === 'player') view.player(page.run, clock.now()); }, 250);

// -- loading and saving --------------------------------------------------------------------

async function save() {
  if (page.saving || !page.programme) return;
  page.saving = { done: 0, total: 0 };
  page.saveError = '';
  render();
  try {
    page.saved = await saveProgramme(key, page.programme, {
      onProgress: (p) => { page.saving = p; render(); },
    });
  } catch (err) {
    page.saveError = `Not saved: ${err.message || 'the download failed'}. Try again with a connection.`;
  } finally {
    page.saving = null;
    render();
  }
}

async function load() {
  let fresh = null;
  try {
    fresh = await readProgramme(key);
  } catch (err) { /* no server: the saved copy */ }
  page.saved = await savedProgramme(key);
  if (fresh && fresh.missing) {
    await forgetProgramme(key);  // a dead link leaves nothing of the programme here
    page.saved = null;
    view.show('missing');
    return;
  }
  page.programme = fresh || (page.saved && page.saved.programme);
  if (!page.programme) {
    byId('missing-title').textContent = 'This programme is not saved on this phone';
    view.show('missing');
    return;
  }
  const seen = memory().version;
  if (fresh && seen && seen !== fresh.version) {
    page.changeNote = `Picked up the new version. ${fresh.change_note || ''}`.trim();
  }
  if (fresh) remember({ version: fresh.version });
  voice.setLanguage(page.programme.timeline.language);
  showHome();
  if (fresh && page.saved && page.saved.version !== fresh.version) await save();
}

// -- taps ----------------------------------------------------------------------------------

const on = (id, type, handler) => byId(id).addEventListener(type, handler);
const picked = (form, name) => {
  const value = new FormData(form).get(name);
  return value === null ? null : value;
};

on('save-offline', 'click', () => save());
on('start-form', 'submit', (ev) => {
  ev.preventDefault();
  voice.unlock();  // iOS: sound starts inside the tap
  const form = ev.target;
  const pain = picked(form, 'start-pain');
  page.run = new ProgrammeRun({
    programme: page.programme, ondevice, outbox: recorder, narrator, onChange: render,
    runId: randomId(),
  });
  page.run.start({
    startPain: pain === null ? null : Number(pain),
    skipping: new FormData(form).getAll('skip').map(String),
  });
});
on('play-toggle', 'click', () => {
  const snap = page.run && page.run.snapshot;
  if (snap) page.run.command(snap.status === 'paused' ? 'resume' : 'pause');
});
on('play-next', 'click', () => page.run && page.run.command('next'));
on('hurts', 'click', () => page.run && page.run.hurts());
on('leave', 'click', () => page.run && page.run.leave());
on('check-form', 'submit', (ev) => {
  ev.preventDefault();
  const pain = picked(ev.target, 'pain');
  const effort = picked(ev.target, 'effort');
  if (pain === null && effort === null) page.run.answer({ skipped: true });
  else page.run.answer({ pain: pain === null ? null : Number(pain), effort });
});
on('check-skip', 'click', () => page.run.answer({ skipped: true }));
on('stopped-ok', 'click', () => page.run.dismiss());
on('done-back', 'click', () => showHome());
on('mute', 'click', () => {
  const muted = !voice.muted;
  voice.setMuted(muted);
  prefs.set('muted', muted);
  view.muted(muted);
});

window.addEventListener('online', () => { render(); sync(); });
window.addEventListener('offline', () => render());

// -- start up ------------------------------------------------------------------------------

voice.setMuted(Boolean(prefs.get('muted', false)));
view.muted(voice.muted);
window.addEventListener('load', () => registerWorker(), { once: true });
// For tests: the page's own objects (nothing here is secret to this page).
window.__programme = { page, audio: audio.events, sync: () => sync() };
makeOutbox().then((box) => {
  outbox = box;
  sync();
});
load();
