// The patient's page, rendered: the programme, the player, the check, the stop message and
// the end. Renders only; programme.js decides.
import { EFFORTS, exerciseName, stopMessage } from './checks.js';
import { formatBytes } from './format.js';
import { byId, el, elements } from './dom.js';
import { outboxText, planText } from './programmewords.js';

const SCREENS = ['loading', 'missing', 'home', 'play', 'check', 'stopped', 'done'];

// A row of big radio targets (name, values [{id, label}]).
function choices(container, name, values) {
  container.replaceChildren(...values.map((v) => el('label', { cls: 'choice-target' }, [
    el('input', { attrs: { type: 'radio', name, value: String(v.id) } }),
    el('span', { text: v.label }),
  ])));
}

const PAIN = Array.from({ length: 11 }, (_, i) => ({ id: i, label: String(i) }));

export class ProgrammeView {
  constructor() {
    this.e = elements([...SCREENS, 'home-title', 'home-label', 'change-note', 'home-plan',
      'offline-state', 'save-offline', 'save-bar', 'save-error', 'outbox-state', 'skip-box',
      'skip-list', 'calendar', 'play-name', 'play-count', 'play-seconds', 'play-cue',
      'play-toggle', 'hurts', 'check-title', 'check-form', 'stopped-text', 'done-text',
      'done-sent', 'start-form', 'mute']);
    choices(byId('start-pain'), 'start-pain', PAIN);
    choices(byId('check-pain'), 'pain', PAIN);
    choices(byId('check-effort'), 'effort', EFFORTS);
    this.shown = null;
    this.asked = null;  // the question the check screen shows (run.asking)
  }

  show(screen) {
    for (const id of SCREENS) this.e[id].hidden = id !== screen;
    if (screen !== this.shown) {
      this.shown = screen;
      const heading = this.e[screen].querySelector('h1[tabindex="-1"]');
      if (heading) heading.focus();
    }
  }

  home(programme, { key, changeNote, skipSuggested }) {
    this.e['home-title'].textContent = programme.routine_title;
    this.e['home-label'].textContent = programme.label;
    this.e['home-plan'].textContent = planText(programme);
    this.e['change-note'].hidden = !changeNote;
    this.e['change-note'].textContent = changeNote || '';
    this.e.calendar.href = `/p/${encodeURIComponent(key)}/calendar.ics`;
    this.e['skip-box'].hidden = !skipSuggested.length;
    this.e['skip-list'].replaceChildren(...skipSuggested.map((id) => el('li', {}, [
      el('label', { cls: 'skip-item' }, [
        el('input', { attrs: { type: 'checkbox', name: 'skip', value: id, checked: '' } }),
        el('span', { text: exerciseName(programme.timeline, id) }),
      ]),
    ])));
    this.e['start-form'].reset();
    for (const box of this.e['skip-list'].querySelectorAll('input')) box.checked = true;
  }

  saved({ saved, saving, error, online }) {
    this.e['offline-state'].textContent = saved
      ? `Saved on this phone (${formatBytes(saved.bytes)}): it plays with no connection.`
      : 'Save it to play it with no connection.';
    this.e['save-offline'].textContent = saved ? 'Save again' : 'Save for offline';
    this.e['save-offline'].disabled = Boolean(saving) || !online;
    this.e['save-bar'].hidden = !saving;
    if (saving) {
      this.e['save-bar'].max = Math.max(1, saving.total);
      this.e['save-bar'].value = saving.done;
    }
    this.e['save-error'].hidden = !error;
    this.e['save-error'].textContent = error || '';
  }

  outbox(waiting, stopped) {
    const text = outboxText(waiting, stopped);
    this.e['outbox-state'].textContent = text;
    this.e['done-sent'].textContent = text;
  }

  player(run, now) {
    const snap = run.snapshot;
    const timeline = run.timeline;
    const step = snap ? timeline.steps[snap.index] : null;
    if (!step) return;
    this.e['play-name'].textContent = step.exercise_name || 'Getting ready';
    this.e['play-count'].textContent = step.exercise_number
      ? `Exercise ${step.exercise_number} of ${timeline.exercises.length}` : '';
    this.e['play-cue'].textContent = step.cue || '';
    const left = snap.status === 'running' ? snap.deadline - now : snap.remaining_ms;
    this.e['play-seconds'].textContent = step.timed ? String(Math.max(0, Math.ceil(left / 1000))) : '';
    this.e['play-toggle'].textContent = snap.status === 'paused' ? 'Resume' : 'Pause';
    this.e.hurts.hidden = !step.exercise_id;
  }

  // A question, each time a new one is asked (at the end they follow one another on this
  // screen: the next one is read out from its title, and starts at the top).
  check(run) {
    this.asked = run.asking;
    const name = exerciseName(run.timeline, run.asking.exercise_id);
    const title = this.e['check-title'];
    title.textContent = `How did ${name} feel?`;
    this.e['check-form'].reset();
    if (this.shown === 'check') {
      window.scrollTo(0, 0);
      title.focus();
    }
  }

  stopped(run) {
    const { exercise_id: id, reason } = run.message;
    this.e['stopped-text'].textContent = stopMessage(exerciseName(run.timeline, id), reason);
  }

  done(run) {
    const stopped = run.stopped.length;
    this.e['done-text'].textContent = stopped
      ? `Thank you. ${stopped === 1 ? 'One exercise was' : `${stopped} exercises were`} `
        + 'stopped because of pain: your clinician will see it.'
      : 'That is today\'s session done. Thank you.';
  }

  muted(on) {
    this.e.mute.setAttribute('aria-pressed', String(on));
  }
}
