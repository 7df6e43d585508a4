// Speaking: each step's cue when the step starts and its marks ("Halfway.", "Three.") at
// their offsets, timed from the server-clock step start. A cue with a clip (`audio`) plays it
// through the AudioPlayer; a cue without one (or whose clip fails) is spoken by the browser's
// speechSynthesis, and onSource('device') lets the page say so. Without either (or muted)
// the marks still fire, so captions keep working.
import { upcomingAudio } from './audio.js';

export class Voice {
  constructor(audio = null, { onSource = () => {} } = {}) {
    this.synth = ('speechSynthesis' in window && 'SpeechSynthesisUtterance' in window)
      ? window.speechSynthesis : null;
    this.audio = audio;           // an AudioPlayer, or null: speechSynthesis only
    this.onSource = onSource;     // ('clip' | 'device') => void, for each cue said
    this.muted = false;
    this.volume = 1;
    this.lang = 'en';
    this.voice = null;
    this.saying = null;           // {text, url, fellBack} of the cue most recently said
    if (this.audio) this.audio.onError = (url) => this._fallback(url);
    if (this.synth) {
      this._pickVoice();
      this.synth.addEventListener?.('voiceschanged', () => this._pickVoice());
    }
  }

  setLanguage(lang) {
    this.lang = lang || 'en';
    this._pickVoice();
  }

  _pickVoice() {
    if (!this.synth) return;
    const voices = this.synth.getVoices() || [];
    const base = this.lang.split('-')[0].toLowerCase();
    const matching = voices.filter((v) => (v.lang || '').toLowerCase().startsWith(base));
    this.voice = matching.find((v) => v.localService) || matching[0] || null;
  }

  // Call inside the Start tap handler: iOS only lets speech and audio start from a gesture.
  unlock() {
    if (this.audio) this.audio.unlock();
    if (!this.synth) return;
    try {
      const u = new SpeechSynthesisUtterance(' ');
      u.volume = 0;
      this.synth.speak(u);
    } catch (err) { /* nothing to unlock */ }
  }

  // Say one cue: its clip when it has one, else the device's voice. Never queued: a late
  // "Three." is worse than none.
  say(text, url = null) {
    if (this.muted || !text) return;
    this.saying = { text, url, fellBack: false };
    if (url && this.audio && this.audio.supported) {
      this._cancelSpeech();
      this.onSource('clip');
      this.audio.play(url).then((ok) => { if (!ok) this._fallback(url); });
      return;
    }
    if (this.audio) this.audio.stop();
    this._speak(text);
  }

  // The clip of the cue being said could not be loaded or played (e.g. offline and not
  // saved): say its words instead, once. A failing clip reports twice (the element's 'error'
  // and the rejected play()), so this is the only place that falls back.
  _fallback(url) {
    const cue = this.saying;
    if (!cue || cue.url !== url || cue.fellBack || this.muted) return;
    cue.fellBack = true;
    this._speak(cue.text);
  }

  _speak(text) {
    this.onSource('device');
    if (!this.synth) return;
    try {
      this.synth.cancel();
      if (this.synth.paused) this.synth.resume();
      const u = new SpeechSynthesisUtterance(text);
      u.lang = this.lang;
      if (this.voice) u.voice = this.voice;
      u.rate = 1;
      u.volume = this.volume;
      this.synth.speak(u);
    } catch (err) { /* captions still show the words */ }
  }

  _cancelSpeech() {
    if (!this.synth) return;
    try { this.synth.cancel(); } catch (err) { /* ignore */ }
  }

  cancel() {
    this.saying = null;
    this._cancelSpeech();
    if (this.audio) this.audio.stop();
  }

  preload(urls) {
    if (this.audio && !this.muted) this.audio.preload(urls);
  }

  setVolume(volume) {
    this.volume = Math.min(1, Math.max(0, Number(volume)));
    if (this.audio) this.audio.setVolume(this.volume);
  }

  setMuted(muted) {
    this.muted = muted;
    if (this.audio) this.audio.setMuted(muted);
    if (muted) this.cancel();
  }
}

// Decides what to say when, from snapshots. onMark(text) is called when a mark is due
// (spoken or not), so the view can caption it.
export class Narrator {
  constructor(voice, clock, { onMark = () => {} } = {}) {
    this.voice = voice;
    this.clock = clock;
    this.onMark = onMark;
    this.timers = [];
    this.runKey = null;       // index + step start of the run we scheduled for
    this.spokenIndex = null;  // the step whose cue we last said
    this.firedIndex = null;
    this.fired = new Set();   // marks already said in firedIndex
  }

  _clearTimers() {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
  }

  reset() {
    this._clearTimers();
    this.voice.cancel();
    this.runKey = null;
    this.spokenIndex = null;
    this.firedIndex = null;
    this.fired.clear();
  }

  update(snapshot, timeline) {
    if (!snapshot || !timeline) return;
    if (snapshot.status !== 'running') {
      this._clearTimers();
      this.runKey = null;
      // Paused or stopped: stop talking. Finished: let the last words end.
      if (snapshot.status !== 'finished') this.voice.cancel();
      if (snapshot.status === 'ready') this.spokenIndex = null;
      return;
    }
    const step = timeline.steps[snapshot.index];
    if (!step) return;
    const runKey = `${snapshot.index}@${snapshot.step_started_at}`;
    if (runKey === this.runKey) return; // the same run again (ack + broadcast)
    this.runKey = runKey;
    this._clearTimers();

    if (this.firedIndex !== snapshot.index || snapshot.reason === 'restart') {
      this.firedIndex = snapshot.index;
      this.fired.clear();
    }
    const elapsed = this.clock.now() - snapshot.step_started_at;
    const isNewStep = this.spokenIndex !== snapshot.index || snapshot.reason === 'restart';
    if (isNewStep) {
      this.spokenIndex = snapshot.index;
      // Joining far into a step (a reconnect): its words are long gone; do not say them late.
      if (elapsed < Math.max(1500, step.duration_ms / 2)) this.voice.say(step.cue, step.audio);
      // The clips of the next steps, fetched now so each swap starts at once.
      this.voice.preload(upcomingAudio(timeline, snapshot.index + 1, 3));
    } else {
      this.voice.cancel();
    }

    (step.marks || []).forEach((mark, i) => {
      if (this.fired.has(i)) return;
      const due = mark.at_ms - (this.clock.now() - snapshot.step_started_at);
      if (due < -250) return; // already past
      this.timers.push(setTimeout(() => {
        this.fired.add(i);
        this.voice.say(mark.text, mark.audio);
        this.onMark(mark.text, snapshot.index);
      }, Math.max(0, due)));
    });
  }
}
