// The clinician's console as it shows: the join code / link / QR, the dose form before the
// start (paces, limits and each exercise's own dose come from the server; a bad dose said
// beside its box and at Start), the session bar (devices in a line, End), the devices panel,
// the shared-control switch and the jump list. Renders the store only; console.js sends.
import { el, elements } from './dom.js';
import { doseLabel, doseName, formatDuration, formatMs, formatTotal } from './format.js';
import { configurePayload, startBlockers } from './console.js';
import { thumbSlot } from './figuredom.js';
import { handoutUrl } from './handout.js';

// What the clinician needs to know: will this device make sound?
export function soundPill(device) {
  if (!device.audio_unlocked) return { cls: 'pill warn', text: 'Sound not enabled' };
  if (device.muted) return { cls: 'pill warn', text: 'Muted' };
  return { cls: 'pill ok', text: 'Sound on' };
}

// A device as the console names it.
export function deviceLabel(device) {
  return device.name || (device.role === 'controller' ? 'Clinician' : 'Patient device');
}

// The device that paused the session (the paused snapshot's `by`, docs/protocol.md), or null.
export function pausedById(snapshot) {
  if (!snapshot || snapshot.status !== 'paused' || !snapshot.by) return null;
  return snapshot.by.device_id || null;
}

// The patient's devices in one line, for the bar kept in sight while the session runs, and
// which of them paused it (`pauser`: pausedById's answer).
export function devicesSummary(devices, pauser = null) {
  const followers = devices.filter((d) => d.role !== 'controller');
  if (!followers.length) return 'No patient device yet';
  const on = followers.filter((d) => d.connected);
  const silent = on.filter((d) => soundPill(d).cls !== 'pill ok').length;
  const count = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [on.length ? `${count(on.length, 'patient device')} connected`
    : 'Patient device disconnected'];
  if (on.length && on.length < followers.length) parts.push(`${followers.length - on.length} disconnected`);
  if (silent) parts.push(`${count(silent, 'device')} without sound`);
  else if (on.length) parts.push('sound on');
  const paused = pauser && devices.find((d) => d.id === pauser);
  if (paused) parts.push(`paused by ${paused.role === 'controller' ? 'you' : deviceLabel(paused)}`);
  return parts.join(' · ');
}

// The box's value: the dose typed for this patient, else the routine's at this pace.
export function doseShown(override, routineValue) {
  if (override != null) return String(override);
  return routineValue == null ? '' : String(routineValue);
}

export class ConsoleView {
  constructor(store) {
    this.store = store;
    this.e = elements(['setup-routine', 'setup-pace-options', 'setup-exercises', 'setup-error',
      'setup-total', 'setup-scale', 'console-start', 'console-code', 'console-link', 'console-qr',
      'jump', 'jump-list', 'device-list', 'share-control', 'end-session', 'devices-summary',
      'print-dose']);
    this.pauser = null;  // the device marked as having paused the session
    store.addEventListener('change', (ev) => this.render(ev.detail.keys));
    // A box emptied and left shows the routine's value again (what it plays).
    this.e['setup-exercises'].addEventListener('focusout', () => this.renderSetup());
  }

  render(keys) {
    if (this.store.get('role') !== 'controller') return;
    const has = (...names) => names.some((n) => keys.includes(n));
    if (has('session', 'role')) this.renderJoin();
    if (has('setup', 'timeline', 'setupError', 'doseInvalid', 'role', 'session', 'busy',
      'routines', 'paces', 'doseFields')) this.renderSetup();
    if (has('startBlocked')) {
      const message = this.e['setup-error'];
      if (!message.hidden) message.focus();
    }
    if (has('timeline', 'snapshot', 'role')) this.renderJump();
    const pauser = pausedById(this.store.get('snapshot'));
    if (has('devices', 'sharedControl', 'sharePending', 'role') || pauser !== this.pauser) {
      this.pauser = pauser;
      this.renderDevices();
    }
    if (has('endArmed', 'role')) {
      this.e['end-session'].textContent = this.store.get('endArmed')
        ? 'Tap again to end for everyone' : 'End the session';
    }
  }

  renderJoin() {
    const session = this.store.get('session');
    if (!session) return;
    this.e['console-code'].textContent = session.code || '';
    this.e['console-code'].setAttribute('aria-label', `Join code ${String(session.code || '').split('').join(' ')}`);
    const link = this.e['console-link'];
    link.textContent = session.joinUrl || '';
    if (session.joinUrl) link.href = session.joinUrl;
    if (session.qrUrl && this.qrFor !== session.qrUrl) {
      this.qrFor = session.qrUrl;
      this.loadQr(session.qrUrl);
    }
  }

  // The server's SVG may lack the xmlns attribute an <img> needs (segno's svg_inline leaves
  // it out): fetch it, add the namespace if missing, and show it as a data: URL (the CSP
  // allows data: images). Falls back to the plain URL.
  async loadQr(url) {
    const img = this.e['console-qr'];
    try {
      const res = await fetch(url);
      if (!res.ok) throw new Error(String(res.status));
      let svg = await res.text();
      if (!/^\s*(<\?xml[^>]*>\s*)?<svg[^>]*\sxmlns=/.test(svg)) {
        svg = svg.replace(/<svg\b/, '<svg xmlns="http://www.w3.org/2000/svg"');
      }
      if (this.qrFor === url) img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
    } catch (err) {
      if (this.qrFor === url) img.src = url;
    }
  }

  // -- the dose form ---------------------------------------------------------------------

  renderSetup() {
    const { setup, timeline, setupError, doseInvalid, busy, paces, doseFields } = this.store.state;
    const routine = this.store.selectedRoutine();
    if (!setup || !routine) return;
    const e = this.e;
    e['setup-routine'].textContent = routine.title;

    const options = e['setup-pace-options'];
    const paceKey = `${routine.id} ${paces.map((p) => p.id).join(' ')}`;
    if (options.dataset.rendered !== paceKey) {
      options.replaceChildren(...paces.map((p) => el('label', {
        cls: 'pace-option', attrs: { for: `setup-pace-${p.id}` },
      }, [
        el('input', { attrs: { type: 'radio', name: 'setup-pace', value: p.id, id: `setup-pace-${p.id}` } }),
        el('span', { cls: 'pace-name', text: p.name }),
        el('span', { cls: 'pace-time', text: formatDuration(routine.total_seconds?.[p.id] ?? 0) }),
      ])));
      options.dataset.rendered = paceKey;
    }
    for (const input of options.querySelectorAll('input')) {
      input.checked = input.value === setup.pace;
      input.closest('label').classList.toggle('selected', input.checked);
    }

    const list = e['setup-exercises'];
    if (list.dataset.routine !== routine.id || list.dataset.fields !== String(doseFields.length)) {
      list.replaceChildren(...routine.exercises.map((x, i) => this._exerciseRow(x, i + 1, doseFields)));
      list.dataset.routine = routine.id;
      list.dataset.fields = String(doseFields.length);
    }
    for (const row of list.querySelectorAll('.setup-row')) {
      const id = row.dataset.exercise;
      const exercise = routine.exercises.find((x) => x.id === id);
      const defaults = (exercise.doses && exercise.doses[setup.pace]) || {};
      const chosen = setup.exercises.includes(id);
      row.querySelector('input[type="checkbox"]').checked = chosen;
      row.classList.toggle('off', !chosen);
      const errors = [];
      for (const input of row.querySelectorAll('input[data-field]')) {
        const field = input.dataset.field;
        const override = setup.overrides[id] ? setup.overrides[id][field] : undefined;
        const invalid = chosen ? doseInvalid[`${id}/${field}`] : undefined;
        // Do not fight the person typing, nor wipe out what they typed wrong.
        const shown = doseShown(override, defaults[field]);
        if (document.activeElement !== input && !invalid && input.value !== shown) input.value = shown;
        input.disabled = !chosen;
        input.setAttribute('aria-invalid', String(Boolean(invalid)));
        if (invalid) errors.push(invalid);
      }
      const message = row.querySelector('.row-error');
      message.hidden = !errors.length;
      message.querySelector('.row-error-text').textContent = errors.join(' ');
    }

    // Each bad dose links to its box (following the link focuses it).
    const blockers = startBlockers({ doseInvalid, setupError, setup });
    const doses = blockers.filter((b) => b.box);
    e['setup-error'].replaceChildren(...(doses.length ? [
      el('p', { cls: 'error-lead', text: 'Not started yet: check the dose.' }),
      el('ul', {}, doses.map(({ text, box }) => el('li', {}, [
        el('a', { text, attrs: { href: `#${box}` } })]))),
    ] : []), ...(setupError ? [el('p', { text: setupError })] : []));
    e['setup-error'].hidden = !blockers.length;
    // The handout of what Start would play: the chosen exercises and their typed doses.
    const order = routine.exercises.map((x) => x.id);
    e['print-dose'].href = handoutUrl(routine.id, configurePayload(setup, order) || setup);
    if (timeline) {
      const scale = timeline.time_scale || 1;
      const count = timeline.exercises.length;
      e['setup-total'].textContent = `Total ${formatTotal(timeline.total_ms * scale)} · ${count} exercises`;
      e['setup-scale'].textContent = scale !== 1
        ? `Test speed: plays in ${formatTotal(timeline.total_ms)} (${scale}× faster).` : '';
      e['setup-scale'].hidden = scale === 1;
      e['setup-total'].dataset.totalMs = String(timeline.total_ms);
    }
    e['console-start'].disabled = busy || !timeline;
  }

  // One exercise's row: its checkbox, its figure, a box for each dose field it has (the
  // fields of its `doses`: none for advice, no hold for a tempo exercise), within the
  // server's limits, and the words that say what is wrong with a box.
  _exerciseRow(x, number, doseFields) {
    const checkId = `setup-ex-${x.id}`;
    const errorId = `setup-error-${x.id}`;
    const own = Object.values(x.doses || {})[0] || {};
    const inputs = doseFields.filter((f) => f.name in own).map((f) => {
      const id = `setup-${f.name}-${x.id}`;
      return el('span', { cls: 'dose-field' }, [
        el('label', { text: doseLabel(f.name), attrs: { for: id } }),
        el('input', {
          cls: 'dose-input',
          attrs: {
            type: 'text', id, inputmode: 'numeric', autocomplete: 'off',
            'data-field': f.name, 'data-exercise': x.id,
            'aria-label': doseName(f.name, x.name), 'aria-describedby': errorId,
          },
        }),
      ]);
    });
    return el('li', { cls: 'setup-row', attrs: { 'data-exercise': x.id } }, [
      el('label', { cls: 'setup-check', attrs: { for: checkId } }, [
        el('input', { attrs: { type: 'checkbox', id: checkId, value: x.id, name: 'setup-exercise' } }),
        thumbSlot(x.figure),
        el('span', { text: `${number}. ${x.name}${x.kind === 'advice' ? ' (advice)' : ''}` }),
      ]),
      el('div', { cls: 'dose-fields' }, inputs),
      el('p', { cls: 'row-error', attrs: { id: errorId, hidden: '' } }, [
        el('span', { cls: 'row-error-mark', text: '!', attrs: { 'aria-hidden': 'true' } }),
        el('span', { cls: 'row-error-text' }),
      ]),
    ]);
  }

  // -- jump list -------------------------------------------------------------------------

  renderJump() {
    const { timeline, snapshot } = this.store.state;
    const e = this.e;
    const live = timeline && snapshot && snapshot.status !== 'ready';
    e.jump.hidden = !live;
    if (!live) return;
    const list = e['jump-list'];
    if (list.dataset.hash !== timeline.hash) {
      // Named by the words it shows (the list's heading says what a tap does).
      list.replaceChildren(...timeline.exercises.map((x) => el('li', {}, [
        el('button', {
          cls: 'jump-button', attrs: { type: 'button', 'data-exercise': x.id },
        }, [
          thumbSlot(x.figure),
          el('span', { text: `${x.number}. ${x.name}` }),
        ]),
      ])));
      list.dataset.hash = timeline.hash;
    }
    const step = timeline.steps[snapshot.index];
    const current = step ? step.exercise_id : null;
    for (const button of list.querySelectorAll('button')) {
      if (button.dataset.exercise === current) button.setAttribute('aria-current', 'step');
      else button.removeAttribute('aria-current');
      button.disabled = snapshot.status === 'finished';
    }
  }

  // -- devices ---------------------------------------------------------------------------

  renderDevices() {
    const { devices, sharedControl, sharePending } = this.store.state;
    const items = devices.map((d) => {
      const role = d.role === 'controller' ? 'Console' : 'Follower';
      const paused = d.id === this.pauser;
      return el('li', {
        cls: 'device',
        attrs: { 'data-device': d.id, 'data-role': d.role, 'data-connected': String(d.connected),
          'data-paused': String(paused) },
      }, [
        el('p', {}, [
          el('strong', { text: deviceLabel(d) }), el('span', { cls: 'device-role', text: ` · ${role}` }),
        ]),
        el('p', { cls: 'device-facts' }, [
          el('span', { cls: `pill ${d.connected ? 'ok' : 'bad'}`, text: d.connected ? 'Connected' : 'Disconnected' }),
          el('span', soundPill(d)),
          ...(paused ? [el('span', { cls: 'pill warn', text: 'Paused the session' })] : []),
        ]),
        el('p', {
          cls: 'device-clock', text: `Clock offset ${formatMs(d.offset_ms)} · round trip ${formatMs(d.rtt_ms)}`,
        }),
      ]);
    });
    if (!items.length) items.push(el('li', { cls: 'muted', text: 'No devices yet.' }));
    this.e['device-list'].replaceChildren(...items);
    this.e['devices-summary'].textContent = devicesSummary(devices, this.pauser);
    this.e['share-control'].checked = sharePending ?? sharedControl;
  }
}
