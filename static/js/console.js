// The clinician's console: the dose form before the start, the join code / link / QR, the
// devices panel, the jump list and the shared-control switch. Renders the store only; the
// wiring (requests) lives in app.js. Text goes in with textContent, never as HTML.
import { PACES, PACE_NAMES } from './store.js';
import { el, formatDuration } from './view.js';

const DOSE_FIELDS = [
  // name, label, limits (the server's OVERRIDE_LIMITS), which exercise kinds have it
  { name: 'hold', label: 'Hold (s)', min: 1, max: 600, kinds: ['hold'] },
  { name: 'reps', label: 'Reps', min: 1, max: 50, kinds: ['hold', 'reps', 'rep'] },
  { name: 'sets', label: 'Sets', min: 1, max: 20, kinds: ['hold', 'reps', 'rep'] },
];

const $ = (id) => document.getElementById(id);

// The routine's own dose per exercise, read from an unscaled timeline (GET
// /api/routines/<id>/timeline?pace=..): the first hold step's seconds, reps and sets.
export function doseDefaults(timeline) {
  const out = {};
  for (const step of timeline.steps) {
    const id = step.exercise_id;
    if (!id || !['hold', 'rep'].includes(step.kind)) continue;
    const d = out[id] || (out[id] = {});
    if (step.kind === 'hold' && d.hold == null) d.hold = Math.round(step.duration_ms / 1000);
    if (d.reps == null && step.reps) d.reps = step.reps;
    if (d.sets == null && step.sets) d.sets = step.sets;
  }
  return out;
}

// "12 min 30 s" style, for the total of a session.
function formatTotal(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  const rest = s % 60;
  return rest ? `${m} min ${rest} s` : `${m} min`;
}

function fmtMs(value) {
  if (value == null || Number.isNaN(Number(value))) return '–';
  return `${Math.round(Number(value))} ms`;
}

export class ConsoleView {
  constructor(store) {
    this.store = store;
    this.e = {};
    for (const id of ['setup-routine', 'setup-pace-options', 'setup-exercises', 'setup-error',
      'setup-total', 'setup-scale', 'console-start', 'console-code', 'console-link', 'console-qr', 'jump',
      'jump-list', 'device-list', 'share-control', 'end-session']) {
      this.e[id] = $(id);
    }
    this.endArmed = false;
    store.addEventListener('change', (ev) => this.render(ev.detail.keys));
  }

  render(keys) {
    if (this.store.get('role') !== 'controller') return;
    const has = (...names) => names.some((n) => keys.includes(n));
    if (has('session', 'role')) this.renderJoin();
    if (has('setup', 'defaults', 'timeline', 'setupError', 'role', 'session', 'busy')) this.renderSetup();
    if (has('timeline', 'snapshot', 'role')) this.renderJump();
    if (has('devices', 'sharedControl', 'role')) this.renderDevices();
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
    const { setup, defaults, timeline, setupError, busy } = this.store.state;
    const routine = this.store.selectedRoutine();
    if (!setup || !routine) return;
    const e = this.e;
    e['setup-routine'].textContent = routine.title;

    const paces = e['setup-pace-options'];
    if (paces.dataset.routine !== routine.id) {
      paces.replaceChildren(...PACES.map((p) => el('label', {
        cls: 'pace-option', attrs: { for: `setup-pace-${p}` },
      }, [
        el('input', { attrs: { type: 'radio', name: 'setup-pace', value: p, id: `setup-pace-${p}` } }),
        el('span', { cls: 'pace-name', text: PACE_NAMES[p] }),
        el('span', { cls: 'pace-time', text: formatDuration(routine.total_seconds?.[p] ?? 0) }),
      ])));
      paces.dataset.routine = routine.id;
    }
    for (const input of paces.querySelectorAll('input')) {
      input.checked = input.value === setup.pace;
      input.closest('label').classList.toggle('selected', input.checked);
    }

    const list = e['setup-exercises'];
    if (list.dataset.routine !== routine.id) {
      list.replaceChildren(...routine.exercises.map((x, i) => this._exerciseRow(x, i + 1)));
      list.dataset.routine = routine.id;
    }
    for (const row of list.querySelectorAll('.setup-row')) {
      const id = row.dataset.exercise;
      const chosen = setup.exercises.includes(id);
      row.querySelector('input[type="checkbox"]').checked = chosen;
      row.classList.toggle('off', !chosen);
      for (const input of row.querySelectorAll('input[type="number"]')) {
        const field = input.dataset.field;
        const fallback = defaults && defaults[id] ? defaults[id][field] : null;
        input.placeholder = fallback == null ? '' : String(fallback);
        const value = setup.overrides[id] ? setup.overrides[id][field] : undefined;
        // Do not fight the person typing: only write a value that differs.
        const shown = value == null ? '' : String(value);
        if (document.activeElement !== input && input.value !== shown) input.value = shown;
        input.disabled = !chosen;
      }
    }

    e['setup-error'].textContent = setupError;
    e['setup-error'].hidden = !setupError;
    if (timeline) {
      const scale = timeline.time_scale || 1;
      const real = timeline.total_ms * scale;
      e['setup-total'].textContent = `Total ${formatTotal(real)} · ${timeline.exercises.length} exercises`;
      e['setup-scale'].textContent = scale !== 1
        ? `Test speed: plays in ${formatTotal(timeline.total_ms)} (${scale}× faster).` : '';
      e['setup-scale'].hidden = scale === 1;
      e['setup-total'].dataset.totalMs = String(timeline.total_ms);
    }
    e['console-start'].disabled = busy || !timeline;
  }

  _exerciseRow(x, number) {
    const checkId = `setup-ex-${x.id}`;
    const fields = DOSE_FIELDS.filter((f) => f.kinds.includes(x.kind) && x.kind !== 'advice');
    const inputs = fields.map((f) => {
      const id = `setup-${f.name}-${x.id}`;
      return el('span', { cls: 'dose-field' }, [
        el('label', { text: f.label, attrs: { for: id } }),
        el('input', {
          cls: 'dose-input',
          attrs: {
            type: 'number', id, min: String(f.min), max: String(f.max), step: '1',
            inputmode: 'numeric', 'data-field': f.name, 'data-exercise': x.id,
            'aria-label': `${f.label.replace(' (s)', ' seconds')} for ${x.name}`,
          },
        }),
      ]);
    });
    return el('li', { cls: 'setup-row', attrs: { 'data-exercise': x.id } }, [
      el('label', { cls: 'setup-check', attrs: { for: checkId } }, [
        el('input', { attrs: { type: 'checkbox', id: checkId, value: x.id, name: 'setup-exercise' } }),
        el('span', { text: `${number}. ${x.name}${x.kind === 'advice' ? ' (advice)' : ''}` }),
      ]),
      el('div', { cls: 'dose-fields' }, inputs),
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
      list.replaceChildren(...timeline.exercises.map((x) => el('li', {}, [
        el('button', {
          cls: 'jump-button', text: `${x.number}. ${x.name}`,
          attrs: { type: 'button', 'data-exercise': x.id, 'aria-label': `Jump to ${x.name}` },
        }),
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
    const { devices, sharedControl } = this.store.state;
    const items = devices.map((d) => {
      const role = d.role === 'controller' ? 'Console' : 'Follower';
      const name = d.name || (d.role === 'controller' ? 'Clinician' : 'Patient device');
      const facts = [
        el('span', { cls: `pill ${d.connected ? 'ok' : 'bad'}`, text: d.connected ? 'Connected' : 'Disconnected' }),
        el('span', soundPill(d)),
      ];
      return el('li', {
        cls: 'device', attrs: { 'data-device': d.id, 'data-role': d.role, 'data-connected': String(d.connected) },
      }, [
        el('p', {}, [
          el('strong', { text: name }), el('span', { cls: 'device-role', text: ` · ${role}` }),
        ]),
        el('p', { cls: 'device-facts' }, facts),
        el('p', { cls: 'device-clock', text: `Clock offset ${fmtMs(d.offset_ms)} · round trip ${fmtMs(d.rtt_ms)}` }),
      ]);
    });
    if (!items.length) items.push(el('li', { cls: 'muted', text: 'No devices yet.' }));
    this.e['device-list'].replaceChildren(...items);
    this.e['share-control'].checked = sharedControl;
  }

  // Two taps to end: the first arms the button for a few seconds.
  armEnd() {
    const button = this.e['end-session'];
    if (this.endArmed) return true;
    this.endArmed = true;
    button.textContent = 'Tap again to end for everyone';
    clearTimeout(this._endTimer);
    this._endTimer = setTimeout(() => this.disarmEnd(), 4000);
    return false;
  }

  disarmEnd() {
    this.endArmed = false;
    clearTimeout(this._endTimer);
    this.e['end-session'].textContent = 'End the session';
  }
}

// What the clinician needs to know: will this device make sound?
function soundPill(device) {
  if (!device.audio_unlocked) return { cls: 'pill warn', text: 'Sound not enabled' };
  if (device.muted) return { cls: 'pill warn', text: 'Muted' };
  return { cls: 'pill ok', text: 'Sound on' };
}
