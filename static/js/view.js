// The page's frame: which sections show for the screen, the status line, sound (mute and
// volume), the connection line, and who may use the controls. The picker, the player and the
// console render themselves (pickerview.js, playerview.js, consoleview.js).
import { byId, elements } from './dom.js';
import { headingToFocus } from './focus.js';

// Which sections a screen shows. The console shows the join card and the side panel with
// the dose form before the start, and with the live player after it.
export function sectionsFor(screen, snapshot) {
  if (screen !== 'console') return [screen];
  const ready = !snapshot || snapshot.status === 'ready';
  return ['console-join', ready ? 'setup' : 'player', 'console'];
}

const SECTIONS = ['picker', 'player', 'finished', 'waiting', 'setup', 'console', 'console-join'];

export class View {
  constructor(store, player) {
    this.store = store;
    this.player = player;  // the PlayerView: it animates while its section shows
    this.e = elements([...SECTIONS, 'mute', 'volume', 'status', 'device-voice', 'net-status',
      'waiting-code', 'unlock', 'unlock-done', 'unlock-bar', 'controls', 'again', 'back']);
    this.messageTimer = null;
    store.addEventListener('change', (ev) => this.render(ev.detail.keys));
  }

  render(keys) {
    const has = (...names) => names.some((n) => keys.includes(n));
    if (has('screen')) this.renderScreen();
    else if (has('snapshot', 'role')) this.renderSections();
    if (has('network', 'screen')) this.renderNetwork();
    if (has('session', 'soundUnlocked', 'role', 'sharedControl')) this.renderLive();
    if (has('muted', 'volume')) this.renderMute();
    if (has('deviceVoice', 'muted')) {
      this.e['device-voice'].hidden = !this.store.get('deviceVoice') || this.store.get('muted');
    }
    if (has('message')) this.renderMessage();
  }

  renderAll() {
    this.renderScreen();
    this.renderNetwork();
    this.renderLive();
    this.renderMute();
  }

  renderScreen() {
    this.renderSections();
    window.scrollTo(0, 0);
  }

  renderSections() {
    const { screen, role, snapshot } = this.store.state;
    const visible = sectionsFor(screen, snapshot);
    const key = visible.join(' ');
    // The console swapping the dose form for the player: start at the top.
    if (this._sectionsKey && this._sectionsKey !== key) window.scrollTo(0, 0);
    const before = this._visible;
    this._sectionsKey = key;
    this._visible = visible;
    for (const name of SECTIONS) this.e[name].hidden = !visible.includes(name);
    const heading = headingToFocus(before, visible);
    if (heading) {
      const target = byId(heading);
      target.setAttribute('tabindex', '-1');
      target.focus({ preventScroll: true });
    }
    document.body.dataset.screen = screen;
    document.body.dataset.role = role;
    document.body.dataset.status = snapshot ? snapshot.status : '';
    this.player.animate(visible.includes('player'));
  }

  // The connection line, on the picker (and the join / waiting screens): a running routine
  // needs no reminder.
  renderNetwork() {
    const network = this.store.get('network');
    const line = this.e['net-status'];
    line.hidden = !this.store.noServer() || ['player', 'finished'].includes(this.store.get('screen'));
    line.textContent = network === 'offline'
      ? 'You are offline. Routines saved on this device still work.'
      : 'The server cannot be reached. Routines saved on this device still work.';
    document.body.dataset.network = network;
  }

  // The waiting screen, the sound buttons, and who may use the controls.
  renderLive() {
    const { session, soundUnlocked, role } = this.store.state;
    const e = this.e;
    e['waiting-code'].textContent = session && session.code ? `Session ${session.code}` : '';
    e.unlock.hidden = soundUnlocked;
    e['unlock-done'].hidden = !soundUnlocked;
    e['unlock-bar'].hidden = soundUnlocked || role !== 'follower';
    const control = this.store.canControl();
    e.controls.hidden = !control;
    document.body.dataset.control = String(control);
    e.again.hidden = role === 'follower' && !control;
    e.back.textContent = role === 'solo' ? 'Back to routines'
      : role === 'follower' ? 'Leave the session' : 'End the session';
  }

  renderMute() {
    const muted = this.store.get('muted');
    this.e.mute.setAttribute('aria-pressed', String(muted));
    const volume = String(Math.round(this.store.get('volume') * 100));
    if (this.e.volume.value !== volume) this.e.volume.value = volume;
    this.e.volume.setAttribute('aria-valuetext', `${volume}%`);
    this.e.volume.disabled = muted;
  }

  // A short message in the role="status" line; it fades after its time (0: stays).
  renderMessage() {
    const { text, ms } = this.store.get('message') || { text: '', ms: 0 };
    const s = this.e.status;
    s.textContent = text;
    s.classList.toggle('show', Boolean(text));
    clearTimeout(this.messageTimer);
    if (text && ms) {
      this.messageTimer = setTimeout(() => {
        s.textContent = '';
        s.classList.remove('show');
      }, ms);
    }
  }
}
