// The clinician's console: create a session for a patient (or take this tab's back after a
// reload), the dose form sent as `configure` (debounced; only the newest answer counts),
// Start, shared control and the two-tap End. Requests and store updates only: consoleview.js
// renders.
import { doseName, failure } from './format.js';
import { sessionFrom } from './session.js';

const CONSOLE_KEY = 'limber.console';
const TYPING_DELAY_MS = 350;
const END_ARMED_MS = 4000;

// The `configure` payload for a setup: the chosen exercises in the routine's order (`order`)
// and only their overrides that have a value. Null when no exercise is chosen.
export function configurePayload(setup, order) {
  const exercises = order.filter((id) => setup.exercises.includes(id));
  if (!exercises.length) return null;
  const overrides = {};
  for (const [id, fields] of Object.entries(setup.overrides)) {
    if (!exercises.includes(id)) continue;
    const kept = Object.fromEntries(Object.entries(fields).filter(([, v]) => v != null));
    if (Object.keys(kept).length) overrides[id] = kept;
  }
  return { pace: setup.pace, exercises, overrides };
}

// A typed dose against its limits ({min, max} from the server): empty is "the routine's
// own value" (null).
export function readDose(text, limits) {
  const t = String(text).trim();
  if (t === '') return { value: null, ok: true };
  const value = Number(t);
  return { value, ok: Number.isInteger(value) && value >= limits.min && value <= limits.max };
}

// What stops Start, in words: each dose typed out of its limits (doseInvalid holds their
// messages) in an exercise still chosen, with the id of its box, then the server's refusal
// or the form's own complaint (setupError, no box): [{text, box}].
export function startBlockers({ doseInvalid, setupError, setup }) {
  const out = [];
  for (const [key, text] of Object.entries(doseInvalid)) {
    const [exercise, field] = key.split('/');
    if (!setup || setup.exercises.includes(exercise)) out.push({ text, box: `setup-${field}-${exercise}` });
  }
  if (setupError) out.push({ text: setupError, box: null });
  return out;
}

// The chosen exercises after a checkbox changed; null when that would leave none.
export function toggled(exercises, id, checked) {
  const ids = new Set(exercises);
  if (checked) ids.add(id); else ids.delete(id);
  return ids.size ? [...ids] : null;
}

export class ConsoleControl {
  constructor(store, { conn, session, voice, owned }) {
    Object.assign(this, { store, conn, session, voice, owned });
    this.timer = null;     // the debounced configure
    this.pending = false;  // a configure is waiting for its timer
    this.seq = 0;          // only the newest configure's answer counts
    this.endTimer = null;
    session.leaving.push(() => this._close());
  }

  // "Run for a patient": a new session, this device its controller.
  async open() {
    const { store } = this;
    const routine = store.selectedRoutine();
    if (!routine || store.get('busy')) return;
    store.set({ busy: true, setup: null });
    try {
      const answer = await this.conn.create(routine.id, store.get('pace'), { name: 'Clinician console' });
      this.owned.add(answer, routine.title);
      this._enter(answer, answer.control_token);
    } catch (err) {
      this.session.createRefused(err, 'Could not create the session: ');
    } finally {
      store.set({ busy: false });
    }
  }

  // A console reloaded in the same tab takes its session back with the token.
  async resume() {
    let saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(CONSOLE_KEY) || 'null'); } catch (err) { saved = null; }
    if (!saved || !saved.id || !saved.token) return false;
    try {
      const answer = await this.conn.join({ sessionId: saved.id, token: saved.token, name: 'Clinician console' });
      if (answer.role !== 'controller') throw new Error('this device is no longer the controller');
      if (saved.routineId) this.store.set({ routineId: saved.routineId });
      const tl = answer.timeline;
      this.store.set({
        setup: {
          pace: tl.pace,
          exercises: tl.exercises.map((x) => x.id),
          overrides: (saved.setup && saved.setup.overrides) || {},
        },
      });
      this._enter(answer, saved.token);
      return true;
    } catch (err) {
      this._forget();
      this.conn.forget();
      return false;
    }
  }

  _enter(answer, token) {
    const { store } = this;
    const session = sessionFrom(answer, token);
    // The patient's device speaks; the console stays quiet unless unmuted.
    this.voice.setMuted(true);
    store.set({
      muted: true, setupError: '', doseInvalid: {},
      setup: store.get('setup') || {
        pace: answer.timeline.pace, exercises: answer.timeline.exercises.map((x) => x.id), overrides: {},
      },
    });
    this.session.enter('controller', session);
    this.session.applyInfo(answer, { fresh: true });
    this._remember(session);
    this.session.syncClock();
  }

  _remember(session) {
    try {
      sessionStorage.setItem(CONSOLE_KEY, JSON.stringify({
        id: session.id, token: session.token, routineId: this.store.get('routineId'),
        setup: this.store.get('setup'),
      }));
    } catch (err) { /* private mode: a reload loses the console */ }
  }

  _forget() {
    try { sessionStorage.removeItem(CONSOLE_KEY); } catch (err) { /* ignore */ }
  }

  _close() {
    clearTimeout(this.timer);
    clearTimeout(this.endTimer);
    this.pending = false;
    this._forget();
    this.store.set({ setup: null, setupError: '', doseInvalid: {}, endArmed: false });
  }

  // -- the dose form ---------------------------------------------------------------------

  _change(patch, { delay = 0 } = {}) {
    const setup = { ...this.store.get('setup'), ...patch };
    this.store.set({ setup });
    const session = this.store.get('session');
    if (session) this._remember(session);
    clearTimeout(this.timer);
    this.pending = true;
    this.timer = setTimeout(() => this.send(), delay);
  }

  async send() {
    this.pending = false;
    const { store } = this;
    const session = store.get('session');
    const setup = store.get('setup');
    const routine = store.selectedRoutine();
    if (!session || !session.token || !setup) return;
    const order = routine ? routine.exercises.map((x) => x.id) : setup.exercises;
    const payload = configurePayload(setup, order);
    if (!payload) {
      store.set({ setupError: 'Choose at least one exercise.' });
      return;
    }
    const seq = ++this.seq;
    try {
      const answer = await this.conn.configure(session, payload);
      if (seq !== this.seq) return; // a newer change is on its way
      store.set({ setupError: '' });
      this.session.applyInfo(answer, { fresh: true });
    } catch (err) {
      if (seq !== this.seq) return;
      store.set({ setupError: failure(err,
        'No answer from the server: the new dose did not arrive. Check the connection.') });
    }
  }

  choosePace(pace) {
    this._change({ pace });
  }

  chooseExercise(id, checked) {
    const setup = this.store.get('setup');
    if (!setup) return;
    const exercises = toggled(setup.exercises, id, checked);
    // The last one stays: the form shows it chosen again.
    if (!exercises) this.store.set({ setup: { ...setup }, setupError: 'Choose at least one exercise.' });
    else this._change({ exercises });
  }

  typeDose(id, field, text) {
    const { store } = this;
    const setup = store.get('setup');
    const limits = store.get('doseFields').find((f) => f.name === field);
    const routine = store.selectedRoutine();
    if (!setup || !limits) return;
    const { value, ok } = readDose(text, limits);
    const key = `${id}/${field}`;
    const { [key]: _, ...invalid } = store.get('doseInvalid');
    if (!ok) {
      // Said beside the box and at Start; the session keeps the last good dose.
      const exercise = (routine && routine.exercises.find((x) => x.id === id)) || { name: id };
      const range = `a whole number from ${limits.min} to ${limits.max}`;
      store.set({ doseInvalid: { ...invalid, [key]: `${doseName(field, exercise.name)}: ${range}.` } });
      return;
    }
    store.set({ doseInvalid: invalid });
    const overrides = { ...setup.overrides, [id]: { ...(setup.overrides[id] || {}), [field]: value } };
    this._change({ overrides }, { delay: TYPING_DELAY_MS });
  }

  // "Start the session": a dose typed just before must reach the server first.
  async start() {
    this.session.unlockSound();
    if (this.pending) {
      clearTimeout(this.timer);
      await this.send();
    }
    // Not started: say why where the person is looking (the view focuses the message).
    if (startBlockers(this.store.state).length) {
      this.store.set({ startBlocked: this.store.get('startBlocked') + 1 });
      return;
    }
    if (!this.session.clock.synced) await this.session.syncClock();
    this.session.command('start');
  }

  // -- while it runs ---------------------------------------------------------------------

  async share(enabled) {
    const session = this.store.get('session');
    if (!session || !session.token) return;
    this.store.set({ sharePending: enabled });
    try {
      this.session.applyRoster(await this.conn.shareControl(session, enabled));
    } catch (err) {
      this.store.say(failure(err, 'No answer from the server: the controls were not changed.'));
    } finally {
      this.store.set({ sharePending: null });
    }
  }

  // Two taps to end: the first arms the button for a few seconds.
  async end() {
    const { store } = this;
    clearTimeout(this.endTimer);
    if (!store.get('endArmed')) {
      store.set({ endArmed: true });
      this.endTimer = setTimeout(() => store.set({ endArmed: false }), END_ARMED_MS);
      return;
    }
    store.set({ endArmed: false });
    const session = store.get('session');
    if (!session) return;
    try {
      await this.conn.end(session);
      this.owned.forget(session.id);
      this.session.leave();
      store.say('The session ended.', 5000);
    } catch (err) {
      store.say(failure(err, 'No answer from the server: the session was not ended. Check the connection.'));
    }
  }
}
