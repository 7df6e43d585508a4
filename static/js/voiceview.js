// The voice control box on the player: the switch, "Listening", and one line under it:
// the stop question, else what was just heard, else why it is not listening (or, before
// it was ever switched on, what it does and where the audio goes).
import { elements } from './dom.js';

export const WHAT_IT_DOES = 'Say "pause", "next", "repeat"... to control the session '
  + 'hands-free. Your voice goes only to this Limber server and is not stored.';

// What the box shows for the store's state (pure).
export function voiceBox({ voiceWanted, listening, listenNote, voiceHeard, voiceAsk }) {
  const on = listening === 'on';
  const line = voiceAsk ? 'ask' : voiceHeard ? 'heard' : 'note';
  let note = listenNote;
  if (!note && listening === 'starting') note = 'Starting the microphone…';
  if (!note && !voiceWanted) note = WHAT_IT_DOES;
  return {
    checked: Boolean(voiceWanted) && listening !== 'unavailable',
    listening: on ? 'on' : listening,
    on,
    ask: line === 'ask' ? voiceAsk : '',
    heard: line === 'heard' ? voiceHeard : null,
    note: line === 'note' ? note : '',
  };
}

const KEYS = ['voiceWanted', 'listening', 'listenNote', 'voiceHeard', 'voiceAsk'];

export class VoiceView {
  constructor(store) {
    this.store = store;
    this.e = elements(['voice-box', 'voice-switch', 'voice-on', 'voice-heard', 'voice-ask',
      'voice-note']);
    store.addEventListener('change', (ev) => {
      if (ev.detail.keys.some((k) => KEYS.includes(k))) this.render();
    });
  }

  render() {
    const box = voiceBox(this.store.state);
    const e = this.e;
    e['voice-switch'].checked = box.checked;
    e['voice-box'].dataset.listening = box.listening;
    e['voice-on'].hidden = !box.on;
    e['voice-ask'].textContent = box.ask;
    e['voice-ask'].hidden = !box.ask;
    e['voice-heard'].textContent = box.heard ? box.heard.text : '';
    e['voice-heard'].dataset.ok = String(Boolean(box.heard && box.heard.ok));
    e['voice-heard'].hidden = !box.heard;
    e['voice-note'].textContent = box.note;
  }
}
