// Voice control on this device (issue 12; docs/protocol.md): while the user has switched it
// on and the player shows, the microphone is captured (voicecapture.js: 16 kHz pieces
// from the audio worklet), joined into the chunks the server asks for and sent to this
// Limber server, which hears the commands and answers `voice_heard`. Nothing is sent while the app itself makes a sound (voicegate.js). Every
// stop says why; every command heard shows and sounds an acknowledgement; "how long left",
// "what's next" and "repeat" are answered here from the timeline's clips.
import { Gate } from './voicegate.js';
import {
  heardText, stoppedText, timeLeftAnswer, whatsNextAnswer,
} from './voiceanswers.js';
import { liveFigures } from './playerview.js';
import { onDeviceRecogniser } from './voicelocal.js';
import { Chunker } from './voicepcm.js';
import { closeCapture, openCapture } from './voicecapture.js';

const TAIL_MS = 500;        // until voice_start's answer says the server's own
const BEEP_MS = 120;
const HEARD_MS = 4000;      // the acknowledgement line shows this long
const ANSWER_MS = 6000;     // an answer shows this long (the stop question: as the server says)
const NOTE_MS = 10000;      // why it stopped shows this long

const FAILED_START = {
  NotAllowedError: 'denied', SecurityError: 'denied', NotFoundError: 'no_microphone',
  OverconstrainedError: 'no_microphone', NeedsTap: 'needs_tap',
};

export class Listening {
  constructor(store, { conn, voice, clock, prefs }) {
    Object.assign(this, { store, conn, voice, clock, prefs });
    this.gate = new Gate({ tailMs: TAIL_MS });
    this.capture = null;      // {stream, ctx, node} while the microphone is open
    this.serverHears = false; // voice_start answered ok and no stop since
    this.attempt = 0;         // each start and stop counts: a late answer to an old one is dropped
    this.heardCount = 0;
    this.timers = {};
    store.set({ voiceWanted: Boolean(prefs.get('voice', false)) });
    conn.addEventListener('voice_heard', (ev) => this.heard(ev.detail || {}));
    conn.addEventListener('voice_state', (ev) => this._serverState(ev.detail || {}));
    conn.addEventListener('disconnected', () => this._interrupted('disconnected'));
    conn.addEventListener('joined', () => this.follow());
    store.addEventListener('change', (ev) => {
      if (ev.detail.keys.some((k) => ['screen', 'session'].includes(k))) this.follow();
    });
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this._interrupted('hidden');
      else this.follow();
    });
  }

  // The switch was tapped (a gesture: the microphone prompt may show now). The first time,
  // it explains first (voiceExplain), and "Turn on" (allow) switches it on.
  toggle(on) {
    if (on && !this.prefs.get('voiceExplained', false)) {
      this.store.set({ voiceExplain: true, voiceHelp: false });
      return;
    }
    this.store.set({ voiceExplain: false });
    this.prefs.set('voice', on);
    this.store.set({ voiceWanted: on, listenBlocked: false });
    if (on) this.start();
    else this.stop('off');
  }

  // "Turn on" under the explanation (a tap too).
  allow() {
    this.prefs.set('voiceExplained', true);
    this.toggle(true);
  }

  notNow() {
    this.store.set({ voiceExplain: false });
  }

  help(open) {
    this.store.set({ voiceHelp: open, voiceExplain: false });
  }

  // Listen when wanted and the player shows; stop when it no longer does.
  follow() {
    const { voiceWanted, screen, listening } = this.store.state;
    const shown = screen === 'player' && document.visibilityState !== 'hidden';
    if (shown && voiceWanted && listening === 'off' && !this.store.get('listenBlocked')) this.start();
    else if (!shown && listening !== 'off' && listening !== 'unavailable') {
      this.stop(this.store.get('session') ? 'finished' : 'left');
    } else if (!this.store.get('session') && listening === 'unavailable') {
      this.store.set({ listening: 'off', listenNote: '' });
    }
  }

  // A sound of the app's own began or ended ('clip', 'speech', 'beep').
  appSound(source, on) {
    const now = performance.now();
    if (!on) {
      this.gate.end(source, now);
      return;
    }
    if (this.gate.start(source, now) && this.serverHears) this.conn.voiceGap();
  }

  async start() {
    const session = this.store.get('session');
    if (!session) return;
    const attempt = ++this.attempt;
    if (session.local) {
      this._unavailable(await onDeviceRecogniser(this.voice.lang));
      return;
    }
    if (!window.isSecureContext) {
      this._unavailable(stoppedText('insecure'), { blocked: true });
      return;
    }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia
        || typeof AudioWorkletNode === 'undefined') {
      this._unavailable(stoppedText('unsupported'), { blocked: true });
      return;
    }
    this.store.set({ listening: 'starting', listenNote: '', listenBlocked: false });
    let capture;
    try {
      capture = await openCapture({
        onChunk: (buffer) => this._chunk(buffer), onInterrupted: (why) => this._interrupted(why),
      });
    } catch (err) {
      if (attempt !== this.attempt) return;
      const reason = FAILED_START[err && err.name];
      this._unavailable(reason ? stoppedText(reason) : `The microphone could not be opened: ${err.message || err}.`,
        { blocked: true });
      return;
    }
    if (attempt !== this.attempt) {
      closeCapture(capture);
      return;
    }
    this.capture = capture;
    try {
      const answer = await this.conn.voiceStart(session);
      if (attempt !== this.attempt) return;
      this.gate.tailMs = Number.isFinite(answer.tail_ms) ? answer.tail_ms : TAIL_MS;
      this.chunkMs = answer.chunk_ms;  // the size the server asks for
      this.batch = new Chunker(this.chunkMs);
      this.serverHears = true;
      this.store.set({ listening: 'on', listenNote: '' });
    } catch (err) {
      if (attempt !== this.attempt) return;
      this._teardown();
      // voice_busy, voice_unavailable: the server's sentence says why and what to do instead.
      this._unavailable(err.timeout ? 'No answer from the server: not listening.' : err.message);
    }
  }

  // A 20 ms piece from the worklet: into the chunk being filled while the gate is open;
  // when the app makes a sound, what was gathered before it is dropped with it.
  _chunk(buffer) {
    if (!this.serverHears) return;
    if (!this.gate.open(performance.now())) {
      if (this.batch.fill) this.batch = new Chunker(this.chunkMs);
      return;
    }
    for (const chunk of this.batch.push(new Int16Array(buffer))) this.conn.voiceAudio(chunk.buffer);
  }

  // Switched off, or something else stopped it: release the server's decoder at once.
  stop(reason) {
    this.attempt += 1;
    const told = this.serverHears;
    this._teardown();
    if (told && this.conn.connected) this.conn.voiceStop().catch(() => { /* it ends with the session */ });
    this.store.set({ listening: 'off', listenNote: stoppedText(reason), voiceAsk: '' });
    this._noteFades();
  }

  // A stop's reason shows a while over the player, then leaves it clear (the switch and
  // the missing "Listening" still say it is off).
  _noteFades() {
    this._later('note', NOTE_MS, () => this.store.set({ listenNote: '' }));
  }

  // Stopped by the system, the page or the connection: says why; listens again when it can.
  _interrupted(reason) {
    if (['on', 'starting'].includes(this.store.get('listening'))) this.stop(reason);
  }

  _unavailable(note, { blocked = false } = {}) {
    this.store.set({ listening: 'unavailable', listenNote: note, listenBlocked: blocked });
    this._noteFades();
  }

  _teardown() {
    this.serverHears = false;
    if (this.capture) closeCapture(this.capture);
    this.capture = null;
  }



  // The server stopped listening for this device (session ended, left, idle) or warns.
  _serverState(state) {
    if (state.warning) this.store.say(state.warning);
    if (state.listening === false && this.store.get('listening') !== 'off') {
      this.serverHears = false;
      this.attempt += 1;
      this._teardown();
      this.store.set({ listening: 'off', listenNote: stoppedText(state.reason || 'off') });
      this._noteFades();
    }
  }

  // -- what was heard ----------------------------------------------------------------------

  heard(h) {
    if (!this.serverHears) return;
    this.heardCount += 1;
    this.store.set({ voiceHeard: { text: heardText(h), ok: h.ok !== false, n: this.heardCount } });
    this._later('heard', HEARD_MS, () => this.store.set({ voiceHeard: null }));
    this._beep();
    if (h.ok === false) return;
    const say = (answer, ms = ANSWER_MS) => {
      if (!answer) return;
      this.store.set({ voiceAsk: answer.text });
      this._later('ask', ms, () => this.store.set({ voiceAsk: '' }));
      // After the tone: the answer's first clip would cut it off.
      setTimeout(() => this.voice.sayParts(answer.text, answer.parts), BEEP_MS);
    };
    const { timeline, snapshot } = this.store.state;
    if (['yes', 'no'].includes(h.command)) this.store.set({ voiceAsk: '' });
    if (!timeline || !snapshot) return;
    const answers = timeline.answers || {};
    if (h.command === 'repeat') {
      const step = this.store.currentStep();
      if (step) setTimeout(() => this.voice.say(step.cue, step.audio), BEEP_MS);
    } else if (h.command === 'time_left') {
      const now = liveFigures(timeline, snapshot, this.clock.now());
      if (now) say(timeLeftAnswer(answers, now.total - now.position));
    } else if (h.command === 'whats_next') {
      say(whatsNextAnswer(timeline, snapshot.index));
    } else if (h.command === 'stop' && h.confirm === 'stop') {
      say(answers.stop_confirm, h.confirm_ms || ANSWER_MS);  // the server's window for yes
    }
  }

  _later(name, ms, fn) {
    clearTimeout(this.timers[name]);
    this.timers[name] = setTimeout(fn, ms);
  }

  // A short rising tone through the capture's own audio context (made in a tap).
  _beep() {
    if (!this.capture || this.voice.muted) return;
    const { ctx } = this.capture;
    this.appSound('beep', true);
    setTimeout(() => this.appSound('beep', false), BEEP_MS);
    try {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      const t = ctx.currentTime;
      osc.frequency.setValueAtTime(660, t);
      osc.frequency.linearRampToValueAtTime(990, t + BEEP_MS / 1000);
      gain.gain.setValueAtTime(0.2 * this.voice.volume, t);
      gain.gain.linearRampToValueAtTime(0, t + BEEP_MS / 1000);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t);
      osc.stop(t + BEEP_MS / 1000);
    } catch (err) { /* the words still show */ }
  }
}
