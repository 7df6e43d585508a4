// The editor's Listen: the device's voice at once, and the pre-generated voice made in the
// background (POST /api/library/voice) with its progress shown; each cue's clip replaces
// the device's voice as soon as it is made.
import { AudioPlayer } from './audio.js';
import { Voice } from './speech.js';

const POLL_MS = 1000;

/** The cue texts of a preview script that have no clip yet, each once. */
export function cuesWithoutClips(script, clips) {
  return [...new Set(script.map((s) => s.say).filter((say) => say && !clips.has(say)))];
}

/** How far the build is, in words: never the bar alone. */
export function buildWords({ state, done, total, failed }) {
  if (state === 'building') return `Making the recorded voice: ${done} of ${total} cues.`;
  if (failed) {
    return `The recorded voice is ready for ${total - failed} of ${total} cues; the others use this device's voice.`;
  }
  return 'The recorded voice is ready: Listen plays it.';
}

export class DraftVoice {
  /** `api` has startVoice(doc) and voiceProgress(build); `show(report|null, words)` renders. */
  constructor(api, show) {
    this.api = api;
    this.show = show;
    this.clips = new Map();        // cue text -> clip URL, from every build so far
    this.voice = new Voice(new AudioPlayer());
    this.running = false;
    this.waiting = null;           // the latest document to build once the running build ends
  }

  /** Say `text` now: its clip when made, else the device's voice. */
  listen(text) {
    this.voice.unlock();
    this.voice.say(text, this.clips.get(text) || null);
  }

  /** Make the clips the script of `doc` (a draft without problems) lacks. */
  async update(doc, script) {
    if (!cuesWithoutClips(script, this.clips).length) return;
    if (this.running) { this.waiting = { doc, script }; return; }
    this.running = true;
    try {
      const { build } = await this.api.startVoice(doc);
      await this._follow(build);
    } catch (err) {
      this.show(null, `The recorded voice could not be made now (${err.message}); Listen uses this device's voice.`);
    } finally {
      this.running = false;
    }
    const next = this.waiting;
    this.waiting = null;
    if (next) this.update(next.doc, next.script);
  }

  async _follow(build) {
    for (;;) {
      const report = await this.api.voiceProgress(build);
      for (const [text, url] of Object.entries(report.clips)) this.clips.set(text, url);
      this.show(report, buildWords(report));
      if (report.state !== 'building') return;
      await new Promise((resolve) => { setTimeout(resolve, POLL_MS); });
    }
  }
}
