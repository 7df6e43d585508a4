// The picker: the routines (each exercise with its figure), the pace, Start, "Save for
// offline" and what is saved, the sessions this browser can end when the server has too
// many, "Run for a patient" and the handout, and the join form.
import { el, elements } from './dom.js';
import { thumbSlot } from './figuredom.js';
import { handoutUrl } from './handout.js';
import { formatBytes, formatDuration, formatTime } from './format.js';
import { staleOwned } from './owned.js';
import { updateKey } from './saving.js';

// The offline box's one line of help for the chosen routine at the chosen pace.
export function offlineHelp({ routine, saved, update, noServer, paceName }) {
  if (!routine) return '';
  if (saved && update && !noServer) return `Saved at ${paceName} pace; a newer version is available.`;
  if (saved) return `Saved at ${paceName} pace: it runs with no connection.`;
  if (noServer) return `Not saved at ${paceName} pace. Saving needs a connection.`;
  return `Save it at ${paceName} pace to run it with no connection: the steps and every spoken cue.`;
}

export class PickerView {
  constructor(store) {
    this.store = store;
    this.e = elements(['picker-loading', 'picker-error', 'routine-list', 'pace', 'pace-options',
      'start', 'run-for-patient', 'capped', 'capped-text', 'owned-list', 'owned-none', 'end-owned',
      'offline-help', 'save-offline', 'save-progress', 'save-bar', 'save-text', 'save-error',
      'saved-title', 'saved-list', 'join-form', 'join-code', 'join-help', 'join-submit', 'join-error',
      'print-link']);
    store.addEventListener('change', (ev) => this.render(ev.detail.keys));
  }

  render(keys) {
    const has = (...names) => names.some((n) => keys.includes(n));
    if (has('routines', 'paces', 'routinesError', 'routineId', 'pace', 'busy', 'network', 'saved')) {
      this.renderPicker();
    }
    if (has('capped', 'owned', 'ending', 'session')) this.renderCapped();
    if (has('routines', 'paces', 'routineId', 'pace', 'network', 'saved', 'saving', 'saveError',
      'updates')) {
      this.renderOffline();
    }
    if (has('joinCode', 'joinError', 'joining', 'network')) this.renderJoin(has('joinError'));
  }

  renderPicker() {
    const { routines, paces, routinesError, routineId, pace, busy } = this.store.state;
    const e = this.e;
    // The loading card holds the list's place, so nothing below it moves when it arrives.
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
        : `About ${formatDuration(total)} at ${this.store.paceName(pace).toLowerCase()} pace`;
    }

    // Its tiles stand in place (empty) until the paces arrive.
    e.pace.hidden = Boolean(routinesError) && !routine;
    const options = e['pace-options'];
    const key = routine ? `${routine.id} ${paces.map((p) => p.id).join(' ')}` : '';
    if (routine && options.dataset.rendered !== key) {
      options.replaceChildren(...paces.map((p) => el('label', {
        cls: 'pace-option', attrs: { for: `pace-${p.id}` },
      }, [
        el('input', { attrs: { type: 'radio', name: 'pace', value: p.id, id: `pace-${p.id}` } }),
        el('span', { cls: 'pace-name', text: p.name }),
        el('span', { cls: 'pace-time' }),
      ])));
      options.dataset.rendered = key;
    }
    const noServer = this.store.noServer();
    for (const input of options.querySelectorAll('input')) {
      input.checked = input.value === pace;
      const label = input.closest('label');
      label.classList.toggle('selected', input.checked);
      // Offline, a pace that is not saved cannot run: say so instead of its length.
      const unsaved = routine && noServer && !this.store.savedFor(routine.id, input.value);
      label.querySelector('.pace-time').textContent = unsaved ? 'not saved'
        : formatDuration(routine?.total_seconds?.[input.value] ?? 0);
    }
    // With no server only a routine saved at this pace can run; a live session cannot.
    const runnable = routine && (!noServer || this.store.savedFor(routine.id, pace));
    e.start.disabled = !runnable || busy;
    e.start.textContent = busy ? 'Starting…' : 'Start';
    e['run-for-patient'].disabled = !routine || busy || noServer;
    // Without an href it is plain text (in place: nothing moves when the routines arrive).
    if (routine && pace && !noServer) e['print-link'].href = handoutUrl(routine.id, { pace });
    else e['print-link'].removeAttribute('href');
  }

  // Create refused: this address has too many live sessions. Those this browser started
  // can be ended from here.
  renderCapped() {
    const { capped, owned, ending, session } = this.store.state;
    const e = this.e;
    e.capped.hidden = !capped;
    if (!capped) return;
    e['capped-text'].textContent = capped;
    const stale = staleOwned(owned, session && session.id);
    e['owned-list'].replaceChildren(...stale.map((x) => el('li', { cls: 'saved-item' }, [
      el('span', { cls: 'saved-name' }, [
        el('strong', { text: x.title || 'A session' }),
        el('span', {
          cls: 'saved-meta', text: ` · ${x.code}${x.created ? ` · started at ${formatTime(x.created)}` : ''}`,
        }),
      ]),
      el('span', { cls: 'saved-actions' }, [el('button', {
        text: 'End', cls: 'secondary small-button',
        attrs: { type: 'button', 'data-session': x.id, 'aria-label': `End ${x.title} ${x.code}`,
          ...(ending ? { disabled: '' } : {}) },
      })]),
    ])));
    e['owned-list'].hidden = stale.length === 0;
    e['owned-none'].hidden = stale.length > 0;
    e['end-owned'].hidden = stale.length < 2;
    e['end-owned'].disabled = ending;
    e['end-owned'].textContent = ending ? 'Ending…' : `End all ${stale.length}`;
  }

  // -- offline: "Save for offline", what is saved ------------------------------------------

  renderOffline() {
    const { saved, saving, saveError, updates, pace, routines } = this.store.state;
    const e = this.e;
    const noServer = this.store.noServer();
    const routine = this.store.selectedRoutine();
    const entry = routine ? this.store.savedFor(routine.id, pace) : null;
    const key = routine ? updateKey(routine.id, pace) : '';
    const busy = Boolean(saving);
    // Until a routine is chosen the page's own sentence and a disabled button hold the
    // box's place (nothing below moves when the routines arrive).
    if (routine) {
      e['offline-help'].textContent = offlineHelp({
        routine, saved: entry, update: updates[key], noServer,
        paceName: this.store.paceName(pace).toLowerCase(),
      });
    }
    e['save-offline'].hidden = noServer || (entry && !updates[key]);
    e['save-offline'].disabled = busy || !routine;
    e['save-offline'].textContent = busy ? 'Saving…' : entry ? 'Update the saved copy' : 'Save for offline';
    e['save-progress'].hidden = !busy;
    if (busy) {
      e['save-bar'].value = saving.total ? saving.done / saving.total : 0;
      e['save-text'].textContent = saving.total
        ? `Saving… ${saving.done} of ${saving.total} files (${formatBytes(saving.bytes)})` : 'Saving…';
    }
    e['save-error'].hidden = !saveError;
    e['save-error'].textContent = saveError;

    e['saved-title'].hidden = saved.length === 0;
    e['saved-list'].replaceChildren(...saved.map((x) => {
      const update = updates[updateKey(x.routine_id, x.pace)] && !noServer;
      const title = (routines.find((r) => r.id === x.routine_id) || {}).title || x.title;
      const paceName = this.store.paceName(x.pace);
      const label = `${title}, ${paceName}`;
      const button = (action, text) => el('button', {
        text, cls: 'secondary small-button',
        attrs: { type: 'button', 'data-action': action, 'data-routine': x.routine_id,
          'data-pace': x.pace, 'aria-label': `${text} ${label}`, ...(busy ? { disabled: '' } : {}) },
      });
      return el('li', { cls: 'saved-item' }, [
        el('span', { cls: 'saved-name' }, [
          el('strong', { text: title }),
          el('span', { cls: 'saved-meta',
            text: ` · ${paceName} · ${formatBytes(x.bytes)}${update ? ' · update available' : ''}` }),
        ]),
        el('span', { cls: 'saved-actions' },
          update ? [button('update', 'Update'), button('remove', 'Remove')] : [button('remove', 'Remove')]),
      ]);
    }));
  }

  _routineCard(r) {
    const input = el('input', {
      cls: 'routine-radio',
      attrs: { type: 'radio', name: 'routine', value: r.id, id: `routine-${r.id}`,
        'aria-describedby': `routine-${r.id}-summary` },
    });
    const exercises = el('ol', { cls: 'exercise-list', attrs: { 'aria-label': 'Exercises' } },
      (r.exercises || []).map((x, i) => el('li', { cls: 'exercise-item' }, [
        thumbSlot(x.figure),
        el('span', { text: `${i + 1}. ${x.kind === 'advice' ? `${x.name} (advice)` : x.name}` }),
      ])));
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

  // -- joining -----------------------------------------------------------------------------

  renderJoin(errorChanged) {
    const { joinCode, joinError, joining } = this.store.state;
    const e = this.e;
    if (joinCode && document.activeElement !== e['join-code'] && e['join-code'].value !== joinCode) {
      e['join-code'].value = joinCode;
    }
    e['join-error'].textContent = joinError;
    e['join-error'].hidden = !joinError;
    e['join-code'].setAttribute('aria-invalid', String(Boolean(joinError)));
    const noServer = this.store.noServer();
    e['join-submit'].disabled = joining || noServer;
    e['join-code'].disabled = noServer;
    e['join-help'].textContent = noServer ? 'Joining a session needs a connection.'
      : 'Type the code your clinician gives you.';
    e['join-submit'].textContent = joining ? 'Joining…' : 'Join';
    if (errorChanged && joinError) e['join-form'].scrollIntoView({ block: 'center' });
  }
}
