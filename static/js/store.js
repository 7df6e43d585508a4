// The page's state and nothing else: no DOM, no network. Listeners get a "change" event
// whose detail lists the keys that changed.

export const PACES = ['gentle', 'standard', 'extended'];
export const PACE_NAMES = { gentle: 'Gentle', standard: 'Standard', extended: 'Extended' };

export class Store extends EventTarget {
  constructor() {
    super();
    this.state = {
      routines: [],          // from GET /api/routines
      routinesError: '',
      routineId: null,       // the routine chosen in the picker
      pace: 'gentle',
      screen: 'picker',      // picker | player | finished | console | waiting
      role: 'solo',          // solo | controller (the clinician's console) | follower
      session: null,         // {id, token, code, joinUrl, qrUrl}; token null for a follower
      devices: [],           // the session's roster (devices events)
      sharedControl: false,  // followers may drive the session too
      soundUnlocked: false,  // speech/audio unlocked by a tap on this device
      joinError: '',         // why joining by code failed
      joining: false,        // a join is in flight
      setup: null,           // console dose before start: {pace, exercises: [id], overrides}
      defaults: null,        // {exercise id: {hold, reps, sets}} at setup.pace (placeholders)
      setupError: '',        // a refused configure
      timeline: null,        // compiled timeline for the session
      snapshot: null,        // the latest state snapshot
      markText: '',          // the mark most recently spoken ("Three.")
      muted: false,
      volume: 1,             // 0..1, cue clips and the device voice
      deviceVoice: false,    // the last cue was said by the device's voice (no clip)
      network: 'connecting', // online | connecting | offline (no network) | unreachable (no server)
      saved: [],             // routines saved for offline use (offline.js entries)
      updates: {},           // {"<routine>/<pace>": true} when the server has a newer version
      saving: null,          // {routineId, pace, done, total, bytes} while a save runs
      saveError: '',
      busy: false,           // a create/start is in flight
    };
  }

  get(key) {
    return this.state[key];
  }

  set(patch) {
    const changed = [];
    for (const [key, value] of Object.entries(patch)) {
      if (this.state[key] !== value) {
        this.state[key] = value;
        changed.push(key);
      }
    }
    if (changed.length) {
      this.dispatchEvent(new CustomEvent('change', { detail: { keys: changed } }));
    }
    return changed;
  }

  // A snapshot is applied unless it is older than the one we have (an ack and the room
  // broadcast can arrive in either order). Returns true if it was applied.
  applySnapshot(snapshot) {
    const current = this.state.snapshot;
    if (current && current.session_id === snapshot.session_id
        && snapshot.server_now < current.server_now) {
      return false;
    }
    const patch = { snapshot };
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

  // No server to talk to: only saved routines can run.
  noServer() {
    return ['offline', 'unreachable'].includes(this.state.network);
  }

  savedFor(routineId, pace) {
    return this.state.saved.find((x) => x.routine_id === routineId && x.pace === pace) || null;
  }

  selectedRoutine() {
    return this.state.routines.find((r) => r.id === this.state.routineId) || null;
  }
}

// Start offsets of each step, in ms from the start of the timeline.
export function stepStarts(timeline) {
  const starts = [];
  let t = 0;
  for (const step of timeline.steps) {
    starts.push(t);
    t += step.duration_ms;
  }
  return starts;
}
