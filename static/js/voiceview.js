// Voice control on the player: the switch and "Listening" in the dock, and one panel over
// the bottom of the player for the rest, one thing at a time: why it asks for the microphone
// (before the browser asks), the stop question or an answer, what was just heard, what to
// say, why it is not listening.
import { elements } from './dom.js';

// What the voice controls show for the store's state (pure). `panel` is which part of the
// panel shows (null: the panel is hidden) and its words.
export function voiceBox({
  voiceWanted, listening, listenNote, voiceHeard, voiceAsk, voiceExplain, voiceHelp,
}) {
  let panel = null;
  if (voiceExplain) panel = { kind: 'explain' };
  else if (voiceAsk) panel = { kind: 'ask', text: voiceAsk };
  else if (voiceHeard) panel = { kind: 'heard', text: voiceHeard.text, ok: voiceHeard.ok };
  else if (voiceHelp) panel = { kind: 'help' };
  else if (listening === 'starting') panel = { kind: 'note', text: 'Starting the microphone…' };
  else if (listenNote) panel = { kind: 'note', text: listenNote };
  return {
    checked: Boolean(voiceWanted) && listening !== 'unavailable',
    listening,
    on: listening === 'on',
    panel,
  };
}

const KEYS = ['voiceWanted', 'listening', 'listenNote', 'voiceHeard', 'voiceAsk', 'voiceExplain',
  'voiceHelp'];

export class VoiceView {
  constructor(store) {
    this.store = store;
    this.e = elements(['voice-box', 'voice-switch', 'voice-on', 'voice-help-open', 'voice-panel',
      'voice-explain', 'voice-help', 'voice-ask', 'voice-heard', 'voice-note']);
    store.addEventListener('change', (ev) => {
      if (ev.detail.keys.some((k) => KEYS.includes(k))) this.render();
    });
  }

  render() {
    const box = voiceBox(this.store.state);
    const { panel } = box;
    const kind = panel ? panel.kind : null;
    const e = this.e;
    e['voice-switch'].checked = box.checked;
    e['voice-box'].dataset.listening = box.listening;
    e['voice-on'].hidden = !box.on;
    e['voice-help-open'].setAttribute('aria-expanded', String(kind === 'help'));
    e['voice-panel'].hidden = !panel;
    e['voice-explain'].hidden = kind !== 'explain';
    e['voice-help'].hidden = kind !== 'help';
    for (const name of ['ask', 'heard', 'note']) {
      const line = e[`voice-${name}`];
      line.hidden = kind !== name;
      line.textContent = kind === name ? panel.text : '';
    }
    e['voice-heard'].dataset.ok = String(kind === 'heard' && panel.ok);
  }
}
