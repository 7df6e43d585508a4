// "Never hear itself": while the app makes a sound (a cue's clip, the device voice, the
// acknowledgement tone) no microphone audio is sent, nor for `tailMs` after it ends (the
// echo and the room's reverberation; the server says how long in voice_start's answer).
// Pure: every call takes `now` (ms). A sound whose end never comes (a speech engine that
// fires no event) counts as ended at its own `maxMs`, so the gate cannot stay shut.

export const MAX_SOUND_MS = 15000;  // Chrome cuts speech off at about 15 s: no cue is longer

export class Gate {
  constructor({ tailMs = 0 } = {}) {
    this.tailMs = tailMs;
    this.sounds = new Map();     // source -> the time it counts as ended by at the latest
    this.quietSince = -Infinity; // when the last sound ended
  }

  _expire(now) {
    for (const [source, until] of this.sounds) {
      if (until <= now) {
        this.sounds.delete(source);
        this.quietSince = Math.max(this.quietSince, until);
      }
    }
  }

  // May microphone audio captured now be sent?
  open(now) {
    this._expire(now);
    return this.sounds.size === 0 && now >= this.quietSince + this.tailMs;
  }

  // The app began a sound. True when this shut an open gate: the caller tells the server
  // (voice_gap), which drops any utterance it was hearing.
  start(source, now, maxMs = MAX_SOUND_MS) {
    const wasOpen = this.open(now);
    this.sounds.set(source, now + maxMs);
    return wasOpen;
  }

  // The sound from `source` ended (or was cut off, or failed).
  end(source, now) {
    if (!this.sounds.delete(source)) return;
    this.quietSince = Math.max(this.quietSince, now);
  }
}
