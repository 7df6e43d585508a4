// Cue audio: one reusable <audio crossorigin> element, unlocked inside a tap (the iOS rule),
// its `src` swapped for every cue. The next cues are fetched ahead (into the HTTP cache, and
// the service worker's when it has them), so a swap starts at once. Volume and mute apply to
// the element; every media event worth knowing is kept in `events` (tests read it: the page
// itself played the files).

const SILENCE_URL = '/static/audio/silence.mp3';
const MAX_EVENTS = 400;

export class AudioPlayer {
  constructor({ onError = () => {} } = {}) {
    this.el = null;
    this.onError = onError;       // (url) => void: a cue's clip failed to load or play
    this.unlocked = false;
    this.volume = 1;
    this.muted = false;
    this.events = [];             // [{type, src, at}] playing / ended / error
    this.preloaded = new Set();
    this.current = null;          // the cue URL the element is playing (null: idle)
    if (typeof Audio === 'undefined') return;
    const el = document.createElement('audio');
    el.crossOrigin = 'anonymous';
    el.preload = 'auto';
    el.hidden = true;
    el.id = 'cue-audio';
    document.body.append(el);
    this.el = el;
    for (const type of ['playing', 'ended', 'error']) {
      el.addEventListener(type, () => this._record(type));
    }
    el.addEventListener('error', () => {
      const failed = this.current;
      if (failed && el.src.endsWith(failed)) {
        this.current = null;
        this.onError(failed);
      }
    });
  }

  get supported() {
    return Boolean(this.el);
  }

  _record(type) {
    if (this.events.length >= MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS + 1);
    this.events.push({ type, src: this.el.currentSrc || this.el.src, at: Date.now() });
  }

  // Inside a tap: play a short silent clip so the element may play later without a gesture.
  unlock() {
    if (!this.el || this.unlocked) return;
    this.unlocked = true;
    if (this.current) return; // a cue is already playing
    try {
      this.el.src = SILENCE_URL;
      this.el.volume = 0;
      const p = this.el.play();
      if (p && p.catch) p.catch(() => { /* not allowed here: the next tap tries again */ this.unlocked = false; });
    } catch (err) {
      this.unlocked = false;
    }
  }

  // Play one cue's clip from the start. Resolves false when the browser refused to play it.
  play(url) {
    if (!this.el || !url) return Promise.resolve(false);
    this.current = url;
    const el = this.el;
    el.volume = this.volume;
    el.muted = this.muted;
    if (!el.src.endsWith(url)) el.src = url;
    else el.currentTime = 0;
    try {
      const p = el.play();
      if (!p || !p.then) return Promise.resolve(true);
      return p.then(() => true, (err) => {
        // An AbortError only means the next cue replaced this one.
        if (err && err.name === 'AbortError') return true;
        if (this.current === url) this.current = null;
        return false;
      });
    } catch (err) {
      return Promise.resolve(false);
    }
  }

  stop() {
    this.current = null;
    if (!this.el) return;
    try { this.el.pause(); } catch (err) { /* ignore */ }
  }

  setVolume(volume) {
    this.volume = Math.min(1, Math.max(0, Number(volume)));
    if (this.el && this.current) this.el.volume = this.volume;
  }

  setMuted(muted) {
    this.muted = Boolean(muted);
    if (this.el) this.el.muted = this.muted;
    if (muted) this.stop();
  }

  // Fetch clips ahead of need, a few at a time; a failure is harmless (the cue falls back).
  preload(urls) {
    for (const url of urls) {
      if (!url || this.preloaded.has(url)) continue;
      this.preloaded.add(url);
      fetch(url, { credentials: 'same-origin' }).then((res) => res.blob()).catch(() => {
        this.preloaded.delete(url);
      });
    }
  }
}

// The clips a timeline needs in the `count` steps from `index` on (their cues and marks).
export function upcomingAudio(timeline, index, count = 3) {
  const out = [];
  for (const step of timeline.steps.slice(index, index + count)) {
    if (step.audio) out.push(step.audio);
    for (const mark of step.marks || []) if (mark.audio) out.push(mark.audio);
  }
  return out;
}

// Every distinct clip of a timeline, in order of first use.
export function timelineAudio(timeline) {
  return [...new Set(upcomingAudio(timeline, 0, timeline.steps.length))];
}
