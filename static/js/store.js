import { atEnd, foldRun } from './tally.js';

// The page's state and nothing else: no DOM, no network. Listeners get a "change" event
// whose detail lists the keys that changed. `screen` is never set: it follows from the
// session, the role and the snapshot (screenFor), so no action can leave it out of step.

// Which screen shows: the picker with no session; the console for its controller (it
// shows every status itself); the end screen from the closing ("Well done") steps on; a
// follower waits for the start.
export function screenFor({ session, role, snapshot, timeline }) {
  if (!session) return 'picker';
  if (role === 'controller') return 'console';
  const status = snapshot ? snapshot.status : 'ready';
  if (atEnd(timeline, snapshot)) return 'finished';
  if (role === 'follower' && status === 'ready') return 'waiting';
  return 'player';
}

// Equal JSON values (a snapshot's fields are numbers, words, null and small objects).
function same(a, b) {
  if (a === b) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => same(a[k], b[k]));
}

// The same snapshot twice (an ack and the room's copy of it): nothing to apply.
export function sameSnapshot(a, b) {
  return Boolean(a && b) && same(a, b);
}

// What the page can reach: online | connecting | offline (no network) | unreachable.
export function networkFor({ online, connected, failed }) {
  if (online === false) return 'offline';
  if (connected) return 'online';
  return failed ? 'unreachable' : 'connecting';
}

const DERIVES_SCREEN = ['session', 'role', 'snapshot', 'timeline'];

export class Store extends EventTarget {
  constructor() {
    super();
    this.state = {
      routines: [],          // from GET /api/routines
      paces: [],             // [{id, name}] from the server, gentlest first
      doseFields: [],        // [{name, min, max}]: the dose a session may override
      routinesError: '',
      routineId: null,       // the routine chosen in the picker
      pace: null,            // the pace chosen in the picker (an id from `paces`)
      screen: 'picker',      // picker | player | finished | console | waiting (derived)
      role: 'solo',          // solo | controller (the clinician's console) | follower
      session: null,         // {id, token, code, joinUrl, qrUrl, local}; token null for a follower
      devices: [],           // the session's roster (devices events)
      sharedControl: false,  // followers may drive the session too
      sharePending: null,    // the shared-control value asked for, until the server answers
      soundUnlocked: false,  // speech/audio unlocked by a tap on this device
      joinCode: '',          // the code in the join form (from a join link)
      joinError: '',         // why joining by code failed
      joining: false,        // a join is in flight
      setup: null,           // console dose before start: {pace, exercises: [id], overrides}
      setupError: '',        // a refused configure or a dose out of its limits
      doseInvalid: {},       // {"<exercise>/<field>": message} for a dose typed out of its limits
      startBlocked: 0,       // counts Start pressed while something stops it (the view says why)
      endArmed: false,       // the console's End was tapped once: the next tap ends
      timeline: null,        // compiled timeline for the session
      snapshot: null,        // the latest state snapshot
      run: null,             // what this run did, as this page saw it (tally.js foldRun)
      markText: '',          // the mark most recently spoken ("Three.")
      muted: false,
      volume: 1,             // 0..1, cue clips and the device voice
      deviceVoice: false,    // the last cue was said by the device's voice (no clip)
      network: 'connecting', // see networkFor
      connectFailed: false,  // the last connection attempt failed
      saved: [],             // routines saved for offline use (offline.js entries)
      updates: {},           // {"<routine>/<pace>": true} when the server has a newer version
      saving: null,          // {routineId, pace, done, total, bytes} while a save runs
      saveError: '',
      owned: [],             // live sessions this browser created (owned.js entries)
      capped: '',            // why create was refused for too many sessions ('' when not)
      ending: false,         // ending this browser's other sessions
      busy: false,           // a create/start is in flight
      message: null,         // {text, ms, n}: the status line
    };
    this.messages = 0;
  }

  get(key) {
    return this.state[key];
  }

  set(patch) {
    const changed = [];
    const put = (key, value) => {
      if (this.state[key] !== value) {
        this.state[key] = value;
        changed.push(key);
      }
    };
    for (const [key, value] of Object.entries(patch)) put(key, value);
    if (changed.some((k) => DERIVES_SCREEN.includes(k))) put('screen', screenFor(this.state));
    if (changed.length) {
      this.dispatchEvent(new CustomEvent('change', { detail: { keys: changed } }));
    }
    return changed;
  }

  // A message for the status line; ms 0 keeps it until the next one.
  say(text, ms = 5000) {
    this.messages += 1;
    this.set({ message: { text, ms, n: this.messages } });
  }

  // A snapshot is applied unless it is older than the one we have, or the very same one
  // (an ack and the room's copy can arrive in either order); a fresh one (a join, a
  // reconnect, a new timeline) replaces ours whatever the clocks say. True if applied.
  applySnapshot(snapshot, { fresh = false } = {}) {
    const current = this.state.snapshot;
    if (current && sameSnapshot(current, snapshot)) return false;
    if (!fresh && current && current.session_id === snapshot.session_id
        && snapshot.server_now < current.server_now) {
      return false;
    }
    const patch = { snapshot, run: foldRun(this.state.run, snapshot, this.state.timeline) };
    if (!current || current.index !== snapshot.index) patch.markText = '';
    this.set(patch);
    return true;
  }

  currentStep() {
    const { timeline, snapshot } = this.state;
    if (!timeline || !snapshot) return null;
    return timeline.steps[snapshot.index] || null;
  }

  // May this device drive the session (buttons, keys)?
  canControl() {
    const { role, sharedControl } = this.state;
    return role !== 'follower' || sharedControl;
  }

  // May this device send `command`? Pausing is every device's: a patient can always stop.
  mayCommand(command) {
    return command === 'pause' || this.canControl();
  }

  // No server to talk to: only saved routines can run.
  noServer() {
    return ['offline', 'unreachable'].includes(this.state.network);
  }

  // A saved routine that can run here (one saved by an older version must be updated).
  savedFor(routineId, pace) {
    return this.state.saved.find((x) => x.routine_id === routineId && x.pace === pace
      && !x.outdated) || null;
  }

  selectedRoutine() {
    return this.state.routines.find((r) => r.id === this.state.routineId) || null;
  }

  paceName(id) {
    const pace = this.state.paces.find((p) => p.id === id);
    return pace ? pace.name : String(id || '');
  }
}
