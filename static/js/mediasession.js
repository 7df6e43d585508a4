// Lock-screen and headset controls (Media Session API). While a session plays, the phone's
// lock screen shows the current exercise and the routine, and its play / pause / next /
// previous buttons send the same commands as the on-screen buttons, through the same code
// path (a refusal or an unanswered command shows the same message). A follower without
// shared control gets no handlers: its lock screen shows what plays and nothing more.
// Everything is cleared when the session ends or this device leaves it.

const ACTIONS = ['play', 'pause', 'nexttrack', 'previoustrack'];
const ARTWORK = [
  { src: '/static/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
  { src: '/static/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
];

export class MediaControls {
  // commands: {play, pause, next, previous}, each a function sending that command.
  // live: () => {total, position} in ms right now (the view's reckoning), or null.
  constructor(store, { commands, live }) {
    this.store = store;
    this.commands = commands;
    this.live = live;
    this.ms = typeof navigator !== 'undefined' ? navigator.mediaSession : null;
    this.handlersOn = null; // unknown: the first update sets or clears them
    this.metaKey = null;
    if (!this.ms) return;
    store.addEventListener('change', (ev) => {
      const keys = ev.detail.keys;
      if (['session', 'snapshot', 'timeline', 'role', 'sharedControl', 'screen']
        .some((k) => keys.includes(k))) this.update();
    });
    this.update();
  }

  // Does a session play on this device (running or paused, not before its start or after
  // its end)?
  playing() {
    const { session, snapshot, timeline } = this.store.state;
    return Boolean(session && snapshot && timeline
      && ['running', 'paused'].includes(snapshot.status));
  }

  update() {
    if (!this.ms) return;
    if (!this.playing()) {
      this.clear();
      return;
    }
    const { snapshot, timeline } = this.store.state;
    const step = this.store.currentStep();
    const title = (step && (step.exercise_name || step.cue)) || timeline.title;
    const key = `${title}\n${timeline.title}`;
    if (this.metaKey !== key && typeof window.MediaMetadata === 'function') {
      try {
        this.ms.metadata = new window.MediaMetadata({
          title, artist: timeline.title, album: 'Limber', artwork: ARTWORK,
        });
        this.metaKey = key;
      } catch (err) { /* an old browser's MediaMetadata: the lock screen shows the page */ }
    }
    this.ms.playbackState = snapshot.status === 'running' ? 'playing' : 'paused';
    this.setHandlers(this.store.canControl());
    this.position();
  }

  position() {
    if (typeof this.ms.setPositionState !== 'function') return;
    const now = this.live();
    if (!now) return;
    const duration = now.total / 1000;
    const position = Math.min(Math.max(now.position / 1000, 0), duration);
    if (!(Number.isFinite(duration) && duration > 0 && Number.isFinite(position))) return;
    try {
      // A paused session still reports rate 1: 0 is refused by the API; the playback state
      // above says it is paused.
      this.ms.setPositionState({ duration, position, playbackRate: 1 });
    } catch (err) { /* bad values are refused with a TypeError: nothing to show */ }
  }

  setHandlers(on) {
    if (this.handlersOn === on) return;
    this.handlersOn = on;
    const handlers = on ? {
      play: () => this.commands.play(),
      pause: () => this.commands.pause(),
      nexttrack: () => this.commands.next(),
      previoustrack: () => this.commands.previous(),
    } : {};
    for (const action of ACTIONS) {
      try {
        this.ms.setActionHandler(action, handlers[action] || null);
      } catch (err) { /* an action this browser does not know */ }
    }
  }

  clear() {
    if (!this.ms) return;
    if (this.metaKey !== null || this.handlersOn !== false) {
      this.ms.metadata = null;
      this.metaKey = null;
      this.ms.playbackState = 'none';
      if (typeof this.ms.setPositionState === 'function') {
        try { this.ms.setPositionState(); } catch (err) { /* nothing to clear */ }
      }
    }
    this.setHandlers(false);
  }
}
