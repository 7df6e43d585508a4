// Sessions walked on this device: a saved routine played with no server (offline, or the
// server unreachable), and a follower carrying on through an outage from its last snapshot
// (the schedule is known) until the server's snapshot on rejoin takes over, quietly.
import { LocalSession, stateFromSnapshot } from './localrunner.js';

export class OnDevice {
  // now: the page's server-clock estimate; apply(snapshot): show it; refused(ev): say why a
  // command on the device was refused.
  constructor({ now, apply, refused }) {
    this.now = now;
    this.apply = apply;
    this.refused = refused;
    this.local = null;
    this.outage = null;
  }

  // Run a saved timeline here; returns its first snapshot.
  startLocal(timeline) {
    this.stop();
    this.local = new LocalSession(timeline, {
      now: this.now,
      onEvent: (ev) => (ev.type === 'state' ? this.apply(ev) : this.refused(ev)),
    }).start();
    return this.local.snapshot('sync');
  }

  // A command on the device's own session: {ok, state} or {ok: false, error, code}.
  command(name, extra = {}) {
    if (!this.local) return { ok: false, error: 'no session on this device', code: 'no_such_session' };
    return this.local.command(name, extra);
  }

  // The connection dropped while a server session was running: carry on by its schedule.
  carryOn(snapshot, timeline) {
    if (this.outage || !snapshot || !timeline || snapshot.status !== 'running') return;
    if (snapshot.timeline_hash && snapshot.timeline_hash !== timeline.hash) return;
    this.outage = new LocalSession(timeline, {
      now: this.now,
      initial: stateFromSnapshot(snapshot),
      onEvent: (ev) => { if (ev.type === 'state') this.apply(ev); },
    }).start();
  }

  endOutage() {
    if (this.outage) this.outage.stop();
    this.outage = null;
  }

  get carryingOn() {
    return Boolean(this.outage);
  }

  stop() {
    if (this.local) this.local.stop();
    this.local = null;
    this.endOutage();
  }
}
