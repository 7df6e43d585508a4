// Renders the store into the page. Text goes in with textContent only; nothing from the
// network is ever parsed as HTML. The countdown, progress bar and time left are drawn every
// animation frame from the snapshot's deadline and the server-clock offset.
import { PACES, PACE_NAMES, stepStarts } from './store.js';
import { formatBytes } from './offline.js';

const RING_CIRCUMFERENCE = 2 * Math.PI * 54;

const $ = (id) => document.getElementById(id);

export function el(tag, { text, cls, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  if (attrs) for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
}

export function formatDuration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  return `${Math.round(s / 60)} min`;
}

function formatClock(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = String(total % 60).padStart(2, '0');
  return `${m}:${s}`;
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

// The Play/Pause button's visible text and accessible name for a session status: the
// controller may run a finished session again.
function toggleLabel(status, role) {
  if (status === 'finished' && role === 'controller') return { text: 'Again', name: 'Do it again' };
  const text = status === 'paused' ? 'Resume' : status === 'ready' ? 'Start' : 'Pause';
  return { text, name: text };
}

export class View {
  constructor(store, clock) {
    this.store = store;
    this.clock = clock;
    this.e = {};
    for (const id of ['picker', 'player', 'finished', 'picker-loading', 'picker-error',
      'routine-list', 'pace', 'pace-options', 'start', 'exercise-name', 'exercise-count',
      'cue', 'mark', 'countdown', 'ring-value', 'seconds', 'seconds-unit', 'details', 'paused-banner',
      'next-up', 'cautions', 'caution-list', 'progress', 'progress-fill', 'time-left',
      'prev', 'toggle', 'toggle-label', 'next', 'clinic-name',
      'clinic-phone', 'clinic-booking', 'mute', 'status', 'run-for-patient', 'join-code', 'join-help',
      'join-submit', 'join-error', 'waiting', 'waiting-code', 'unlock', 'unlock-done',
      'unlock-bar', 'controls', 'setup', 'console', 'console-join', 'again', 'back', 'volume',
      'device-voice', 'net-status', 'offline-help', 'save-offline', 'save-progress',
      'save-bar', 'save-text', 'save-error', 'saved-title', 'saved-list']) {
      this.e[id] = $(id);
    }
    this.e['ring-value'].style.strokeDasharray = `${RING_CIRCUMFERENCE}`;
    this.starts = [];
    this.startsFor = null;
    this.lastPercent = -1;
    this.messageTimer = null;
    this._frame = this._frame.bind(this);
    store.addEventListener('change', (ev) => this.render(ev.detail.keys));
  }

  render(keys) {
    const has = (...names) => names.some((n) => keys.includes(n));
    if (has('routines', 'routinesError', 'routineId', 'pace', 'busy', 'network', 'saved')) {
      this.renderPicker();
    }
    if (has('routines', 'routineId', 'pace', 'network', 'saved', 'saving', 'saveError', 'updates',
      'screen')) {
      this.renderOffline();
    }
    if (has('screen')) this.renderScreen();
    else if (has('snapshot', 'role')) this.renderSections();
    if (has('timeline', 'snapshot', 'markText', 'role', 'sharedControl')) this.renderPlayer();
    if (has('session', 'joinError', 'joining', 'soundUnlocked', 'role', 'sharedControl', 'snapshot',
      'network')) {
      this.renderLive();
    }
    if (has('timeline', 'snapshot')) this.renderFinished();
    if (has('muted', 'volume')) this.renderMute();
    if (has('deviceVoice', 'muted')) {
      this.e['device-voice'].hidden = !this.store.get('deviceVoice') || this.store.get('muted');
    }
  }

  // -- picker ----------------------------------------------------------------------------

  renderPicker() {
    const { routines, routinesError, routineId, pace, busy } = this.store.state;
    const e = this.e;
    e['picker-loading'].hidden = routines.length > 0 || Boolean(routinesError);
    e['picker-error'].hidden = !routinesError;
    e['picker-error'].textContent = routinesError;

    const list = e['routine-list'];
    if (list.dataset.rendered !== String(routines.length)) {
      list.replaceChildren(...routines.map((r) => this._routineCard(r)));
      list.dataset.rendered = String(routines.length);
    }
    const routine = this.store.selectedRoutine();
    for (const card of list.querySelectorAll('.routine-card')) {
      const input = card.querySelector('input');
      input.checked = input.value === routineId;
      card.classList.toggle('selected', input.checked);
      const r = routines.find((x) => x.id === input.value);
      const total = r && r.total_seconds ? r.total_seconds[pace] : null;
      card.querySelector('.routine-duration').textContent = total == null ? ''
        : `About ${formatDuration(total)} at ${PACE_NAMES[pace].toLowerCase()} pace`;
    }

    e.pace.hidden = !routine;
    const options = e['pace-options'];
    if (routine && options.dataset.routine !== routine.id) {
      options.replaceChildren(...PACES.map((p) => {
        const input = el('input', { attrs: { type: 'radio', name: 'pace', value: p, id: `pace-${p}` } });
        return el('label', { cls: 'pace-option', attrs: { for: `pace-${p}` } }, [
          input,
          el('span', { cls: 'pace-name', text: PACE_NAMES[p] }),
          el('span', { cls: 'pace-time', text: formatDuration(routine.total_seconds?.[p] ?? 0) }),
        ]);
      }));
      options.dataset.routine = routine.id;
    }
    const noServer = this.store.noServer();
    for (const input of options.querySelectorAll('input')) {
      input.checked = input.value === pace;
      const label = input.closest('label');
      label.classList.toggle('selected', input.checked);
      // Offline, a pace that is not saved cannot run: say so instead of its length.
      const unsaved = routine && noServer && !this.store.savedFor(routine.id, input.value);
      label.querySelector('.pace-time').textContent = unsaved ? 'not saved'
        : formatDuration(routine.total_seconds?.[input.value] ?? 0);
    }
    // With no server only a routine saved at this pace can run; a live session cannot.
    const runnable = routine && (!noServer || this.store.savedFor(routine.id, pace));
    e.start.disabled = !runnable || busy;
    e.start.textContent = busy ? 'Starting…' : 'Start';
    e['run-for-patient'].disabled = !routine || busy || noServer;
  }

  // -- offline: the connection line, "Save for offline", what is saved ---------------------

  renderOffline() {
    const { network, saved, saving, saveError, updates, pace, routines } = this.store.state;
    const e = this.e;
    const noServer = this.store.noServer();
    // On the picker (and the join / waiting screens): a running routine needs no reminder.
    e['net-status'].hidden = !noServer || ['player', 'finished'].includes(this.store.get('screen'));
    e['net-status'].textContent = network === 'offline'
      ? 'You are offline. Routines saved on this device still work.'
      : 'The server cannot be reached. Routines saved on this device still work.';
    document.body.dataset.network = network;

    const routine = this.store.selectedRoutine();
    const entry = routine ? this.store.savedFor(routine.id, pace) : null;
    const paceName = PACE_NAMES[pace].toLowerCase();
    const key = routine ? `${routine.id}/${pace}` : '';
    const busy = Boolean(saving);
    let help;
    if (!routine) help = '';
    else if (entry && updates[key] && !noServer) help = `Saved at ${paceName} pace; a newer version is available.`;
    else if (entry) help = `Saved at ${paceName} pace: it runs with no connection.`;
    else if (noServer) help = `Not saved at ${paceName} pace. Saving needs a connection.`;
    else help = `Save it at ${paceName} pace to run it with no connection: the steps and every spoken cue.`;
    e['offline-help'].textContent = help;
    e['save-offline'].hidden = !routine || noServer || (entry && !updates[key]);
    e['save-offline'].disabled = busy;
    e['save-offline'].textContent = busy ? 'Saving…' : entry ? 'Update the saved copy' : 'Save for offline';
    e['save-progress'].hidden = !busy;
    if (busy) {
      const fraction = saving.total ? saving.done / saving.total : 0;
      e['save-bar'].value = fraction;
      e['save-text'].textContent = saving.total
        ? `Saving… ${saving.done} of ${saving.total} files (${formatBytes(saving.bytes)})` : 'Saving…';
    }
    e['save-error'].hidden = !saveError;
    e['save-error'].textContent = saveError;

    e['saved-title'].hidden = saved.length === 0;
    const items = saved.map((x) => {
      const k = `${x.routine_id}/${x.pace}`;
      const title = (routines.find((r) => r.id === x.routine_id) || {}).title || x.title;
      const label = `${title}, ${PACE_NAMES[x.pace] || x.pace}`;
      const buttons = [];
      if (updates[k] && !noServer) {
        buttons.push(el('button', {
          text: 'Update', cls: 'secondary small-button',
          attrs: { type: 'button', 'data-action': 'update', 'data-routine': x.routine_id,
            'data-pace': x.pace, 'aria-label': `Update ${label}`, ...(busy ? { disabled: '' } : {}) },
        }));
      }
      buttons.push(el('button', {
        text: 'Remove', cls: 'secondary small-button',
        attrs: { type: 'button', 'data-action': 'remove', 'data-routine': x.routine_id,
          'data-pace': x.pace, 'aria-label': `Remove ${label}`, ...(busy ? { disabled: '' } : {}) },
      }));
      return el('li', { cls: 'saved-item' }, [
        el('span', { cls: 'saved-name' }, [
          el('strong', { text: title }),
          el('span', { cls: 'saved-meta',
            text: ` · ${PACE_NAMES[x.pace] || x.pace} · ${formatBytes(x.bytes)}${updates[k] && !noServer ? ' · update available' : ''}` }),
        ]),
        el('span', { cls: 'saved-actions' }, buttons),
      ]);
    });
    e['saved-list'].replaceChildren(...items);
  }

  _routineCard(r) {
    const input = el('input', {
      cls: 'routine-radio',
      attrs: { type: 'radio', name: 'routine', value: r.id, id: `routine-${r.id}`,
        'aria-describedby': `routine-${r.id}-summary` },
    });
    const exercises = el('ol', { cls: 'exercise-list', attrs: { 'aria-label': 'Exercises' } },
      (r.exercises || []).map((x) => el('li', {
        text: x.kind === 'advice' ? `${x.name} (advice)` : x.name,
      })));
    return el('div', { cls: 'routine-card' }, [
      el('label', { cls: 'routine-head', attrs: { for: `routine-${r.id}` } }, [
        input,
        el('span', { cls: 'routine-title', text: r.title }),
      ]),
      el('p', { cls: 'routine-summary', text: r.summary || '', attrs: { id: `routine-${r.id}-summary` } }),
      el('p', { cls: 'routine-duration' }),
      el('p', { cls: 'routine-count', text: `${r.exercise_count ?? (r.exercises || []).length} exercises` }),
      exercises,
    ]);
  }

  // -- screens ---------------------------------------------------------------------------

  renderScreen() {
    this.renderSections();
    window.scrollTo(0, 0);
  }

  // Which sections a screen shows. The console shows the join card and the side panel with
  // the dose form before the start, and with the live player after it.
  sections() {
    const { screen, snapshot } = this.store.state;
    if (screen !== 'console') return [screen];
    const ready = !snapshot || snapshot.status === 'ready';
    return ['console-join', ready ? 'setup' : 'player', 'console'];
  }

  renderSections() {
    const { screen, role, snapshot } = this.store.state;
    const visible = this.sections();
    const key = visible.join(' ');
    // The console swapping the dose form for the player: start at the top.
    if (this._sectionsKey && this._sectionsKey !== key) window.scrollTo(0, 0);
    this._sectionsKey = key;
    for (const name of ['picker', 'player', 'finished', 'waiting', 'setup', 'console', 'console-join']) {
      this.e[name].hidden = !visible.includes(name);
    }
    document.body.dataset.screen = screen;
    document.body.dataset.role = role;
    document.body.dataset.status = snapshot ? snapshot.status : '';
    if (visible.includes('player')) {
      if (!this._raf) this._raf = requestAnimationFrame(this._frame);
    } else if (this._raf) {
      cancelAnimationFrame(this._raf);
      this._raf = null;
    }
  }

  // -- live sessions (join form, waiting screen, who may use the controls) ----------------

  renderLive() {
    const { session, joinError, joining, soundUnlocked, role } = this.store.state;
    const e = this.e;
    e['join-error'].textContent = joinError;
    e['join-error'].hidden = !joinError;
    e['join-code'].setAttribute('aria-invalid', String(Boolean(joinError)));
    const noServer = this.store.noServer();
    e['join-submit'].disabled = joining || noServer;
    e['join-code'].disabled = noServer;
    e['join-help'].textContent = noServer ? 'Joining a session needs a connection.'
      : 'Type the code your clinician gives you.';
    e['join-submit'].textContent = joining ? 'Joining…' : 'Join';
    e['waiting-code'].textContent = session && session.code ? `Session ${session.code}` : '';
    e.unlock.hidden = soundUnlocked;
    e['unlock-done'].hidden = !soundUnlocked;
    e['unlock-bar'].hidden = soundUnlocked || role !== 'follower';
    const control = this.store.canControl();
    e.controls.hidden = !control;
    document.body.dataset.control = String(control);
    const follower = role === 'follower';
    e.again.hidden = follower && !control;
    e.back.textContent = role === 'solo' ? 'Back to routines'
      : role === 'follower' ? 'Leave the session' : 'End the session';
  }

  // -- player ----------------------------------------------------------------------------

  renderPlayer() {
    const { timeline, snapshot, markText } = this.store.state;
    const step = this.store.currentStep();
    if (!timeline || !snapshot || !step) return;
    const e = this.e;
    if (this.startsFor !== timeline) {
      this.starts = stepStarts(timeline);
      this.startsFor = timeline;
    }

    let heading = step.exercise_name;
    if (!heading) {
      heading = { intro: 'Before you start', rest: 'Rest', done: 'Finished' }[step.kind] || timeline.title;
    }
    e['exercise-name'].textContent = heading;
    const count = timeline.exercises.length;
    // Advice is one of the routine's items but not an exercise: say which it is.
    e['exercise-count'].textContent = step.exercise_number
      ? `${step.kind === 'advice' ? 'Advice, item' : 'Exercise'} ${step.exercise_number} of ${count}`
      : (step.kind === 'intro' ? timeline.title : '');

    e.player.dataset.step = String(snapshot.index);
    e.cue.textContent = step.cue;
    e.mark.textContent = markText;
    // A timed step keeps the (empty) line of its marks: nothing jumps when one is said.
    e.mark.hidden = !markText && !(step.timed && (step.marks || []).length);
    e.mark.classList.toggle('mark-slot', !markText);

    e.countdown.hidden = !step.timed;

    const details = [];
    if (step.side) details.push(step.side === 'left' ? 'Left' : 'Right');
    if (step.rep && step.reps) details.push(`Rep ${step.rep} of ${step.reps}`);
    // "Set 1 of 1" says nothing: sets are shown only when there is more than one.
    if (step.set && step.sets > 1) details.push(`Set ${step.set} of ${step.sets}`);
    e.details.replaceChildren(...details.map((d) => el('li', { text: d })));
    e.details.hidden = details.length === 0;

    const paused = snapshot.status === 'paused';
    const ready = snapshot.status === 'ready';
    e['paused-banner'].hidden = !paused;
    document.body.dataset.status = snapshot.status;
    e.toggle.disabled = snapshot.status === 'finished' && this.store.get('role') !== 'controller';
    const { text, name } = toggleLabel(snapshot.status, this.store.get('role'));
    e.toggle.setAttribute('aria-label', name);
    e['toggle-label'].textContent = text;
    e.prev.disabled = snapshot.index === 0 || ready;
    e.next.disabled = ready || snapshot.status === 'finished';

    const nextStep = timeline.steps[snapshot.index + 1];
    let hint = '';
    if (nextStep && nextStep.exercise_name && nextStep.exercise_id !== step.exercise_id) {
      hint = `Next up: ${nextStep.exercise_name}`;
    } else if (nextStep && ['rest', 'switch', 'ready'].includes(step.kind) && nextStep.kind !== 'done') {
      hint = `Next: ${nextStep.cue}`;
    }
    // The cue may say it already ("Rest. Next up: Bridge."): not twice.
    if (hint && step.cue.includes(hint.replace(/^Next( up)?: /, ''))) hint = '';
    e['next-up'].textContent = hint;
    e['next-up'].hidden = !hint;

    const exercise = timeline.exercises.find((x) => x.id === step.exercise_id);
    const cautions = (exercise && exercise.cautions) || [];
    e['caution-list'].replaceChildren(...cautions.map((c) => el('li', { text: c })));
    e.cautions.hidden = cautions.length === 0;

    this._drawClock();
  }

  // remaining ms in the current step and position in the routine, right now.
  live() {
    const { timeline, snapshot } = this.store.state;
    const step = this.store.currentStep();
    if (!timeline || !snapshot || !step) return null;
    let remaining = snapshot.remaining_ms;
    if (snapshot.status === 'running' && snapshot.deadline != null) {
      remaining = snapshot.deadline - this.clock.now();
    }
    remaining = Math.min(Math.max(remaining, 0), step.duration_ms);
    const start = this.starts[snapshot.index] ?? (snapshot.position_ms - snapshot.elapsed_ms);
    const position = start + (step.duration_ms - remaining);
    const total = snapshot.total_ms || timeline.total_ms;
    return { step, remaining, position, total };
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

  renderMute() {
    const muted = this.store.get('muted');
    this.e.mute.setAttribute('aria-pressed', String(muted));
    const volume = String(Math.round(this.store.get('volume') * 100));
    if (this.e.volume.value !== volume) this.e.volume.value = volume;
    this.e.volume.setAttribute('aria-valuetext', `${volume}%`);
    this.e.volume.disabled = muted;
  }

  // A short message in the role="status" line; it fades after a while.
  message(text, ms = 5000) {
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
