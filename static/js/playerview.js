// The player: the step's name, picture, caption, countdown, side / rep / set, what comes
// next, who paused, the controls, and the progress through the routine. The countdown, the
// picture, the progress bar and the time left are drawn every animation frame from the
// snapshot's deadline and the server-clock offset, so picture, voice and number agree.
import { el, elements } from './dom.js';
import { formatClock } from './format.js';
import { stepPicture, upNext } from './stepfigure.js';
import { drawInto } from './figuredom.js';
import { atEnd } from './tally.js';

const RING_CIRCUMFERENCE = 2 * Math.PI * 54;

// The Play/Pause button's visible text and accessible name for a session status: the
// controller may run a session at its end (`end`: finished or saying goodbye) again.
export function toggleLabel(status, role, end = false) {
  if ((end || status === 'finished') && role === 'controller') return { text: 'Again', name: 'Do it again' };
  const text = status === 'paused' ? 'Resume' : status === 'ready' ? 'Start' : 'Pause';
  return { text, name: text };
}

// The heading over the caption: the exercise, else what the step is.
export function stepHeading(step, timeline) {
  if (step.exercise_name) return step.exercise_name;
  return { intro: 'Before you start', rest: 'Rest', done: 'Finished' }[step.kind] || timeline.title;
}

// The step's side, rep and set as the player shows them: side 'Left' or 'Right', rep and
// set as [word, count] ("Rep", "2 of 3"), each empty when it does not apply. "Set 1 of 1"
// says nothing, so one set is not shown.
export function stepBadges(step) {
  return {
    side: step.side ? ({ left: 'Left', right: 'Right' }[step.side] || '') : '',
    rep: step.rep && step.reps ? ['Rep', `${step.rep} of ${step.reps}`] : [],
    set: step.set && step.sets > 1 ? ['Set', `${step.set} of ${step.sets}`] : [],
  };
}

// Steps the patient reads rather than does: where a "Take care" box has time to be read.
const READING = ['announce', 'instruct', 'ready', 'advice'];

// A caption too long for its box shrinks 8 % a step, never below body text.
const FIT_STEP = 0.92;
const FIT_FLOOR_PX = 16;

// A caption long enough to need a smaller size on a phone (the advice's sentences).
export function longCaption(text) {
  return String(text).length > 70;
}

// Who paused, as this device says it: by is the paused snapshot's `by` (docs/protocol.md),
// deviceId this device's id. On its own (solo) the patient needs no name: just "Paused".
export function pausedBy(by, { role, deviceId }) {
  if (!by || role === 'solo') return '';
  if (by.device_id && by.device_id === deviceId) return 'Paused by you';
  if (by.role === 'controller') return 'Paused by the clinician';
  return `Paused by ${by.name || 'another device'}`;
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

export class PlayerView {
  constructor(store, clock, { reducedMotion = () => false } = {}) {
    this.store = store;
    this.clock = clock;
    this.reducedMotion = reducedMotion;  // () => true while the user asks for less motion
    this.e = elements(['player', 'exercise-name', 'exercise-count', 'cue', 'mark', 'countdown',
      'ring-value', 'seconds', 'seconds-unit', 'details', 'side', 'rep', 'set', 'stage',
      'figure', 'paused-banner', 'paused-by', 'paused-wait', 'next-up', 'next-thumb',
      'next-text', 'cautions', 'caution-list', 'progress', 'progress-fill', 'time-left', 'prev',
      'toggle', 'toggle-label', 'next', 'stop']);
    this.e['ring-value'].style.strokeDasharray = `${RING_CIRCUMFERENCE}`;
    this.lastPercent = -1;
    this.figureKey = null;  // the picture drawn now (stepfigure.js keys)
    this.thumbKey = null;
    this._raf = null;
    this._fitting = null;  // the frame that fits the caption to its box
    this._frame = this._frame.bind(this);
    store.addEventListener('change', (ev) => this.render(ev.detail.keys));
    window.addEventListener('resize', () => this.sizeCaption());
  }

  render(keys) {
    const has = (...names) => names.some((n) => keys.includes(n));
    if (has('timeline', 'snapshot', 'markText', 'role', 'sharedControl', 'session')) this.renderPlayer();
    // The "Using the device voice" line shares the caption's box (view.js shows it).
    if (has('deviceVoice', 'muted')) this.sizeCaption();
  }

  // Draw the clock and the picture every frame while the player shows (the shell view
  // says when).
  animate(on) {
    if (on && !this._raf) this._raf = requestAnimationFrame(this._frame);
    if (!on && this._raf) {
      cancelAnimationFrame(this._raf);
      this._raf = null;
    }
  }

  // A long caption is set smaller. One still too long for its box on this screen (a phone
  // in landscape) is measured once laid out and made smaller a step at a time until it fits:
  // a caption that scrolls cannot be read from the mat, and one a size too small reads less
  // easily than it could.
  sizeCaption() {
    const { cue } = this.e;
    cue.classList.toggle('long', longCaption(cue.textContent));
    cue.style.fontSize = '';
    cancelAnimationFrame(this._fitting);
    this._fitting = requestAnimationFrame(() => {
      const box = cue.parentElement;
      let size = parseFloat(getComputedStyle(cue).fontSize);
      while (box.scrollHeight > box.clientHeight + 1 && size * FIT_STEP >= FIT_FLOOR_PX) {
        size *= FIT_STEP;
        cue.style.fontSize = `${size}px`;
      }
    });
  }

  renderPlayer() {
    const { timeline, snapshot, markText, role, session } = this.store.state;
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
    e.player.dataset.kind = step.kind;
    if (e.cue.textContent !== step.cue) {
      e.cue.textContent = step.cue;
      this.sizeCaption();
    }
    e.mark.textContent = markText;
    // A timed step keeps the (empty) line of its marks: nothing jumps when one is said.
    e.mark.hidden = !markText && !(step.timed && (step.marks || []).length);
    e.mark.classList.toggle('mark-slot', !markText);
    e.countdown.hidden = !step.timed;

    const badges = stepBadges(step);
    e.side.textContent = badges.side;
    e.side.hidden = !badges.side;
    e.side.dataset.side = step.side || '';
    for (const name of ['rep', 'set']) {
      const [word, count] = badges[name];
      e[name].replaceChildren(...(word ? [el('span', { cls: 'badge-word', text: `${word} ` }),
        el('span', { cls: 'badge-count', text: count })] : []));
      e[name].hidden = !word;
    }
    e.details.hidden = !badges.rep.length && !badges.set.length;
    // The stage's layout: a lone countdown is centred; a side or a rep sits beside it.
    e.stage.dataset.badges = String(!e.details.hidden || !e.mark.hidden);

    const paused = snapshot.status === 'paused';
    const control = this.store.canControl();
    e['paused-banner'].hidden = !paused;
    e['paused-by'].textContent = pausedBy(snapshot.by, { role, deviceId: session && session.deviceId });
    e['paused-wait'].hidden = control;

    const end = atEnd(timeline, snapshot);
    const ready = snapshot.status === 'ready';
    e.toggle.disabled = end && role !== 'controller';
    const { text, name } = toggleLabel(snapshot.status, role, end);
    e.toggle.setAttribute('aria-label', name);
    e['toggle-label'].textContent = text;
    e.prev.disabled = snapshot.index === 0 || ready || end;
    e.next.disabled = ready || end;
    e['time-left'].hidden = end;
    // A follower without the controls still has Pause, while there is something to pause.
    e.stop.hidden = control || snapshot.status !== 'running' || end;

    this.renderNext(timeline, snapshot.index, step);

    const exercise = timeline.exercises.find((x) => x.id === step.exercise_id);
    const cautions = (READING.includes(step.kind) && exercise && exercise.cautions) || [];
    e['caution-list'].replaceChildren(...cautions.map((c) => el('li', { text: c })));
    e.cautions.hidden = cautions.length === 0;

    this._drawClock();
  }

  // Bridge's picture and name during the rest before it ("Next up: " unless the caption
  // says it); else what comes next, if the caption does not say it.
  renderNext(timeline, index, step) {
    const e = this.e;
    const coming = upNext(timeline, index);
    const named = coming && step.cue.includes(coming.name);
    const hint = coming ? `${named ? '' : 'Next up: '}${coming.name}`
      : nextHint(step, timeline.steps[index + 1]);
    e['next-text'].textContent = hint;
    e['next-up'].hidden = !hint;
    const thumbKey = coming && coming.draw ? coming.key : null;
    if (thumbKey !== this.thumbKey) {
      this.thumbKey = thumbKey;
      drawInto(e['next-thumb'], thumbKey ? coming.draw() : null);
    }
    e['next-thumb'].hidden = !thumbKey;
  }

  // Remaining ms in the current step and position in the routine, right now.
  live() {
    const { timeline, snapshot } = this.store.state;
    if (!timeline || !snapshot) return null;
    return liveFigures(timeline, snapshot, this.clock.now());
  }

  // The picture is drawn here only, once a frame at most: steps that change faster than
  // frames (a high time scale) cost nothing to draw.
  _frame() {
    this._raf = requestAnimationFrame(this._frame);
    const now = this._drawClock();
    if (now) this._drawFigure(now.step, now.step.duration_ms - now.remaining);
  }

  // The countdown, the progress and the time left; returns where the session is now.
  _drawClock() {
    const now = this.live();
    if (!now) return null;
    const { step, remaining, position, total } = now;
    const e = this.e;
    if (step.timed) {
      const seconds = String(Math.ceil(remaining / 1000));
      if (e.seconds.textContent !== seconds) {
        e.seconds.textContent = seconds;
        e.seconds.dataset.digits = String(seconds.length);
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
    return now;
  }

  // The step's picture at this moment; redrawn only when it changes.
  _drawFigure(step, elapsed) {
    const picture = stepPicture(this.store.get('timeline'), step, elapsed,
      { reducedMotion: this.reducedMotion() });
    const key = picture ? picture.key : null;
    if (key === this.figureKey) return;
    this.figureKey = key;
    drawInto(this.e.figure, picture ? picture.draw() : null);
    this.e.figure.hidden = !picture;
    this.e.stage.dataset.figure = String(Boolean(picture));
  }
}
