// The player: the step's name, caption, countdown, side / rep / set, what comes next, the
// controls' labels, the progress through the routine, and the end screen. The countdown,
// progress bar and time left are drawn every animation frame from the snapshot's deadline
// and the server-clock offset.
import { el, elements } from './dom.js';
import { formatClock } from './format.js';

const RING_CIRCUMFERENCE = 2 * Math.PI * 54;

// The Play/Pause button's visible text and accessible name for a session status: the
// controller may run a finished session again.
export function toggleLabel(status, role) {
  if (status === 'finished' && role === 'controller') return { text: 'Again', name: 'Do it again' };
  const text = status === 'paused' ? 'Resume' : status === 'ready' ? 'Start' : 'Pause';
  return { text, name: text };
}

// The heading over the caption: the exercise, else what the step is.
export function stepHeading(step, timeline) {
  if (step.exercise_name) return step.exercise_name;
  return { intro: 'Before you start', rest: 'Rest', done: 'Finished' }[step.kind] || timeline.title;
}

// "Left", "Rep 2 of 3", "Set 1 of 2": "Set 1 of 1" says nothing, so one set is not shown.
export function stepDetails(step) {
  const details = [];
  if (step.side) details.push(step.side === 'left' ? 'Left' : 'Right');
  if (step.rep && step.reps) details.push(`Rep ${step.rep} of ${step.reps}`);
  if (step.set && step.sets > 1) details.push(`Set ${step.set} of ${step.sets}`);
  return details;
}

// "Next up: Bridge" when the next step starts another exercise, "Next: <cue>" after a rest
// or a switch; nothing when the cue says it already ("Rest. Next up: Bridge.").
export function nextHint(step, nextStep) {
  let hint = '';
  if (nextStep && nextStep.exercise_name && nextStep.exercise_id !== step.exercise_id) {
    hint = `Next up: ${nextStep.exercise_name}`;
  } else if (nextStep && ['rest', 'switch', 'ready'].includes(step.kind) && nextStep.kind !== 'done') {
    hint = `Next: ${nextStep.cue}`;
  }
  if (hint && step.cue.includes(hint.replace(/^Next( up)?: /, ''))) hint = '';
  return hint;
}

// Where the session is at `now` (server clock): the step, the ms left in it, the position
// in the whole routine and its total.
export function liveFigures(timeline, snapshot, now) {
  const step = timeline.steps[snapshot.index];
  if (!step) return null;
  let remaining = snapshot.remaining_ms;
  if (snapshot.status === 'running' && snapshot.deadline != null) remaining = snapshot.deadline - now;
  remaining = Math.min(Math.max(remaining, 0), step.duration_ms);
  const position = step.start_ms + (step.duration_ms - remaining);
  return { step, remaining, position, total: snapshot.total_ms || timeline.total_ms };
}

function safeUrl(value) {
  try {
    const url = new URL(value, window.location.href);
    return (url.protocol === 'https:' || url.protocol === 'http:') ? url.href : null;
  } catch (err) {
    return null;
  }
}

function telHref(phone) {
  const digits = String(phone).replace(/[^0-9+]/g, '');
  return digits ? `tel:${digits}` : null;
}

export class PlayerView {
  constructor(store, clock) {
    this.store = store;
    this.clock = clock;
    this.e = elements(['player', 'exercise-name', 'exercise-count', 'cue', 'mark', 'countdown',
      'ring-value', 'seconds', 'seconds-unit', 'details', 'paused-banner', 'next-up', 'cautions',
      'caution-list', 'progress', 'progress-fill', 'time-left', 'prev', 'toggle', 'toggle-label',
      'next', 'clinic-name', 'clinic-phone', 'clinic-booking']);
    this.e['ring-value'].style.strokeDasharray = `${RING_CIRCUMFERENCE}`;
    this.lastPercent = -1;
    this._raf = null;
    this._frame = this._frame.bind(this);
    store.addEventListener('change', (ev) => this.render(ev.detail.keys));
  }

  render(keys) {
    const has = (...names) => names.some((n) => keys.includes(n));
    if (has('timeline', 'snapshot', 'markText', 'role', 'sharedControl')) this.renderPlayer();
    if (has('timeline', 'snapshot')) this.renderFinished();
  }

  // Draw the clock every frame while the player shows (the shell view says when).
  animate(on) {
    if (on && !this._raf) this._raf = requestAnimationFrame(this._frame);
    if (!on && this._raf) {
      cancelAnimationFrame(this._raf);
      this._raf = null;
    }
  }

  renderPlayer() {
    const { timeline, snapshot, markText, role } = this.store.state;
    const step = this.store.currentStep();
    if (!timeline || !snapshot || !step) return;
    const e = this.e;
    e['exercise-name'].textContent = stepHeading(step, timeline);
    // Advice is one of the routine's items but not an exercise: say which it is.
    const item = step.kind === 'advice' ? 'Advice, item' : 'Exercise';
    e['exercise-count'].textContent = step.exercise_number
      ? `${item} ${step.exercise_number} of ${timeline.exercises.length}`
      : (step.kind === 'intro' ? timeline.title : '');

    e.player.dataset.step = String(snapshot.index);
    e.cue.textContent = step.cue;
    e.mark.textContent = markText;
    // A timed step keeps the (empty) line of its marks: nothing jumps when one is said.
    e.mark.hidden = !markText && !(step.timed && (step.marks || []).length);
    e.mark.classList.toggle('mark-slot', !markText);
    e.countdown.hidden = !step.timed;

    const details = stepDetails(step);
    e.details.replaceChildren(...details.map((d) => el('li', { text: d })));
    e.details.hidden = details.length === 0;

    const ready = snapshot.status === 'ready';
    e['paused-banner'].hidden = snapshot.status !== 'paused';
    e.toggle.disabled = snapshot.status === 'finished' && role !== 'controller';
    const { text, name } = toggleLabel(snapshot.status, role);
    e.toggle.setAttribute('aria-label', name);
    e['toggle-label'].textContent = text;
    e.prev.disabled = snapshot.index === 0 || ready;
    e.next.disabled = ready || snapshot.status === 'finished';

    const hint = nextHint(step, timeline.steps[snapshot.index + 1]);
    e['next-up'].textContent = hint;
    e['next-up'].hidden = !hint;

    const exercise = timeline.exercises.find((x) => x.id === step.exercise_id);
    const cautions = (exercise && exercise.cautions) || [];
    e['caution-list'].replaceChildren(...cautions.map((c) => el('li', { text: c })));
    e.cautions.hidden = cautions.length === 0;

    this._drawClock();
  }

  // Remaining ms in the current step and position in the routine, right now.
  live() {
    const { timeline, snapshot } = this.store.state;
    if (!timeline || !snapshot) return null;
    return liveFigures(timeline, snapshot, this.clock.now());
  }

  _frame() {
    this._raf = requestAnimationFrame(this._frame);
    this._drawClock();
  }

  _drawClock() {
    const now = this.live();
    if (!now) return;
    const { step, remaining, position, total } = now;
    const e = this.e;
    if (step.timed) {
      const seconds = String(Math.ceil(remaining / 1000));
      if (e.seconds.textContent !== seconds) {
        e.seconds.textContent = seconds;
        e['seconds-unit'].textContent = seconds === '1' ? 'second' : 'seconds';
      }
      const fraction = step.duration_ms > 0 ? remaining / step.duration_ms : 0;
      e['ring-value'].style.strokeDashoffset = `${RING_CIRCUMFERENCE * (1 - fraction)}`;
      e.countdown.dataset.remainingMs = String(Math.round(remaining));
      // The moment (this machine's clock) the value above was computed: lets a test compare
      // two pages' countdowns sampled at slightly different times.
      e.countdown.dataset.drawnAt = (performance.timeOrigin + performance.now()).toFixed(1);
    }
    const percent = total > 0 ? Math.min(100, (position / total) * 100) : 0;
    e['progress-fill'].style.width = `${percent}%`;
    const rounded = Math.round(percent);
    if (rounded !== this.lastPercent) {
      this.lastPercent = rounded;
      e.progress.setAttribute('aria-valuenow', String(rounded));
    }
    const left = `${formatClock(total - position)} left`;
    if (e['time-left'].textContent !== left) e['time-left'].textContent = left;
  }

  // -- end screen ------------------------------------------------------------------------

  renderFinished() {
    const { timeline } = this.store.state;
    if (!timeline) return;
    const clinic = timeline.clinic || {};
    const e = this.e;
    e['clinic-name'].textContent = clinic.name || 'Your clinic';
    const tel = clinic.phone ? telHref(clinic.phone) : null;
    e['clinic-phone'].hidden = !tel;
    if (tel) {
      e['clinic-phone'].href = tel;
      e['clinic-phone'].textContent = `Call ${clinic.phone}`;
    }
    const booking = clinic.booking_url ? safeUrl(clinic.booking_url) : null;
    e['clinic-booking'].hidden = !booking;
    if (booking) e['clinic-booking'].href = booking;
  }
}
