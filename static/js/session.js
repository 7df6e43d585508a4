// The session this page is in: entering and leaving it, what the server says about it
// (timeline, snapshots, roster, reconnects), the commands sent to it, and a solo run from
// the picker (on the server, or on the device when a saved routine has no server).
import { upcomingAudio } from './audio.js';
import { failure, NO_ANSWER, sentence } from './format.js';
import { atEnd } from './tally.js';

const COMMAND_WORDS = {
  start: 'start', pause: 'pause', resume: 'resume', next: 'skip ahead',
  previous: 'go back', restart: 'restart', jump: 'jump',
};

// The page's session from a create or join answer (deviceId: this device in its roster).
export function sessionFrom(answer, token) {
  return {
    id: answer.session_id, token: token || null, code: answer.code,
    joinUrl: answer.join_url, qrUrl: answer.qr_url, local: false,
    deviceId: answer.device_id || null,
  };
}

export class SessionControl {
  constructor(store, { conn, clock, voice, narrator, wakeLock, ondevice, owned, prefs }) {
    Object.assign(this, { store, conn, clock, voice, narrator, wakeLock, ondevice, owned, prefs });
    this.leaving = [];  // what other parts undo when the page leaves its session
    store.addEventListener('change', (ev) => {
      const snap = store.get('snapshot');
      if (!ev.detail.keys.includes('snapshot') || !snap) return;
      narrator.update(snap, store.get('timeline'));
      wakeLock.set(snap.status === 'running');
    });
    conn.addEventListener('state', (ev) => this.applySnapshot(ev.detail));
    conn.addEventListener('devices', (ev) => this.applyRoster(ev.detail || {}));
    conn.addEventListener('session', (ev) => {
      if (this.isOurs(ev.detail || {})) this.applyInfo(ev.detail, { fresh: true });
    });
    conn.addEventListener('ended', (ev) => this._ended(ev.detail || {}));
    conn.addEventListener('joined', (ev) => this._rejoined(ev.detail));
    conn.addEventListener('error', (ev) => this._rejoinFailed(ev.detail));
    conn.addEventListener('disconnected', () => this._disconnected());
  }

  isOurs(info) {
    const session = this.store.get('session');
    return Boolean(session && info && (!info.session_id || info.session_id === session.id));
  }

  applySnapshot(snapshot, { fresh = false } = {}) {
    if (this.isOurs(snapshot)) this.store.applySnapshot(snapshot, { fresh });
  }

  // A session info (create / join / configure answers, `session` events): timeline, state,
  // roster. A fresh one (join, reconnect, new timeline) wins whatever the clocks say.
  applyInfo(info, { fresh = false } = {}) {
    const timeline = info.timeline;
    const current = this.store.get('timeline');
    if (timeline && (!current || current.hash !== timeline.hash)) {
      this.voice.setLanguage(timeline.language);
      this.store.set({ timeline });
    }
    if (Array.isArray(info.devices)) this.applyRoster(info);
    if (info.state) this.applySnapshot({ session_id: info.session_id, ...info.state }, { fresh });
  }

  applyRoster(roster) {
    if (!this.isOurs(roster) || !roster.session_id) return;
    this.store.set({ devices: roster.devices || [], sharedControl: Boolean(roster.shared_control) });
  }

  // Enter a session in a role; its timeline and state follow (applyInfo).
  enter(role, session, timeline = null) {
    this.narrator.reset();
    if (timeline) {
      this.voice.setLanguage(timeline.language);
      this.voice.preload(upcomingAudio(timeline, 0, 3));
    }
    this.store.set({
      role, session, timeline, snapshot: null, run: null, markText: '', devices: [],
      sharedControl: false,
      capped: '',
    });
  }

  // Leave the session on this device (no network): back to the picker.
  leave() {
    this.narrator.reset();
    this.ondevice.stop();
    this.wakeLock.set(false);
    this.conn.forget();
    for (const undo of this.leaving) undo();
    if (window.location.pathname !== '/') window.history.replaceState(null, '', '/');
    if (this.store.get('role') === 'controller') this.voice.setMuted(Boolean(this.prefs.get('muted', false)));
    this.store.set({
      session: null, snapshot: null, run: null, timeline: null, markText: '', role: 'solo',
      devices: [],
      sharedControl: false, sharePending: null, muted: this.voice.muted,
    });
  }

  // The controller's "back": the session is over for everyone, so end it on the server too
  // (kept in this browser's list if the server did not answer, to be ended later).
  back() {
    const session = this.store.get('session');
    if (session && session.token) {
      this.conn.end(session).then(() => this.owned.forget(session.id), () => {});
    }
    this.leave();
  }

  // -- commands ------------------------------------------------------------------------

  async command(name, extra = {}) {
    const session = this.store.get('session');
    if (!session || !this.store.mayCommand(name)) return false;
    if (name === 'pause') this.voice.cancel(); // feel immediate; the snapshot confirms
    if (session.local) {
      const answer = this.ondevice.command(name, extra);
      if (answer.ok) this.applySnapshot({ ...answer.state, session_id: session.id });
      return answer.ok;
    }
    try {
      const answer = await this.conn.command(session, name, extra);
      if (answer.state) this.applySnapshot(answer.state);
      return true;
    } catch (err) {
      this.store.say(failure(err,
        `No answer from the server: could not ${COMMAND_WORDS[name] || name}. Check the connection.`));
      return false;
    }
  }

  // The Pause / Resume button (and Space): whatever moves the session on from its status.
  toggle() {
    const snap = this.store.get('snapshot');
    if (!snap) return;
    // At the end ("Well done" and the clinic's words) the controller's button runs it again.
    if (atEnd(this.store.get('timeline'), snap)) {
      if (this.store.get('role') === 'controller') this.command('restart');
      return;
    }
    if (snap.status === 'running') this.command('pause');
    else if (snap.status === 'paused') this.command('resume');
    else if (snap.status === 'ready') { this.unlockSound(); this.command('start'); }
  }

  // The lock screen's play and pause (and a headset's): only when they change something.
  playOrPause(wanted) {
    const snap = this.store.get('snapshot');
    if (!snap) return;
    if (wanted === 'pause' && snap.status === 'running') this.command('pause');
    else if (wanted === 'play' && snap.status === 'paused') this.command('resume');
  }

  // -- a solo run from the picker ---------------------------------------------------------

  async start() {
    const { store } = this;
    const routine = store.selectedRoutine();
    if (!routine || store.get('busy')) return;
    // No server (offline, or it cannot be reached): a saved routine runs on this device.
    const saved = store.savedFor(routine.id, store.get('pace'));
    if (saved && !this.conn.connected) {
      this.startLocal(saved.timeline);
      return;
    }
    this.unlockSound(); // iOS: speech must begin inside the tap
    store.set({ busy: true });
    try {
      const answer = await this.conn.create(routine.id, store.get('pace'));
      this.owned.add(answer, routine.title);
      this.enter('solo', sessionFrom(answer, answer.control_token), answer.timeline);
      this.applyInfo(answer, { fresh: true });
      if (!this.clock.synced) await this.clock.sync();
      await this.command('start');
    } catch (err) {
      this.createRefused(err, 'Could not start: ');
    } finally {
      store.set({ busy: false });
    }
  }

  // Too many live sessions from this address: say so and offer this browser's own.
  createRefused(err, prefix) {
    if (err.code === 'too_many_sessions') {
      this.owned.load();
      this.store.set({ capped: sentence(err.message) });
    } else {
      this.store.say(failure(err, NO_ANSWER, prefix), 8000);
    }
  }

  startLocal(timeline) {
    this.unlockSound(); // inside the tap, as for a server session
    const session = {
      id: 'local', token: null, code: null, joinUrl: null, qrUrl: null, local: true, deviceId: null,
    };
    this.enter('solo', session, timeline);
    this.applySnapshot({ ...this.ondevice.startLocal(timeline), session_id: session.id });
    this.command('start');
  }

  // -- this device ------------------------------------------------------------------------

  // iOS: speech and audio only start inside a tap. Call from a click handler.
  unlockSound() {
    this.voice.unlock();
    if (!this.store.get('soundUnlocked')) {
      this.store.set({ soundUnlocked: true });
      this.reportDevice();
    }
  }

  // Resample the clock offset and tell the session how this device is doing.
  async syncClock() {
    await this.clock.sync();
    this.reportDevice();
  }

  reportDevice() {
    const session = this.store.get('session');
    if (!session || session.local || !this.conn.connected) return;
    const fields = { audio_unlocked: this.store.get('soundUnlocked'), muted: Boolean(this.store.get('muted')) };
    if (this.clock.synced) {
      fields.offset_ms = Math.round(this.clock.offset * 10) / 10;
      fields.rtt_ms = Math.round(this.clock.rtt * 10) / 10;
    }
    this.conn.report(session.id, fields).catch(() => { /* a lost report is replaced by the next */ });
  }

  // -- what the connection tells ------------------------------------------------------------

  _ended(info) {
    const session = this.store.get('session');
    if (!session || info.session_id !== session.id) return;
    this.owned.forget(session.id);
    const follower = this.store.get('role') === 'follower';
    this.leave();
    this.store.say(follower ? 'Your clinician ended the session.'
      : (info.reason ? `The session ended: ${info.reason}.` : 'The session ended.'), 8000);
  }

  // After a reconnect: render from this one snapshot (it replaces our own reckoning).
  _rejoined(info) {
    this.ondevice.endOutage();
    const session = this.store.get('session');
    if (session && info.device_id && info.device_id !== session.deviceId) {
      this.store.set({ session: { ...session, deviceId: info.device_id } });
    }
    this.applyInfo(info, { fresh: true });
    if (info.role === 'follower' && this.store.get('role') === 'controller') {
      this.store.say('Reconnected, but this device is no longer the controller.', 8000);
    } else {
      this.store.say('Reconnected.', 2500);
    }
    this.reportDevice();
  }

  _rejoinFailed({ message, rejoin, timeout, code }) {
    const session = this.store.get('session');
    if (rejoin && !timeout && session) {
      // The session ended (or was forgotten) while we were away.
      if (code === 'no_such_session') this.owned.forget(session.id);
      this.leave();
      this.store.say(`${message}.`, 10000);
    } else {
      this.store.say(message);
    }
  }

  _disconnected() {
    const session = this.store.get('session');
    if (!session || session.local) return;
    this.ondevice.carryOn(this.store.get('snapshot'), this.store.get('timeline'));
    this.store.say(this.ondevice.carryingOn ? 'Connection lost. Carrying on; reconnecting…'
      : 'Connection lost. Reconnecting…', 0);
  }
}
