// One programme for the clinician (/programmes/<id>): flags first (mark seen), suggestions
// (accept or ignore), the adherence calendar, pain and difficulty per exercise, the
// sessions, a change of dose or plan (a new version), the link, export, revoke, delete.
import { byId, el } from './dom.js';
import { calendarRows, plotElement } from './programmeplots.js';
import { REASON_WORDS, frequencyText } from './programmewords.js';

const id = byId('overview').dataset.id;
const base = `/api/programmes/${encodeURIComponent(id)}`;
const DOSE_FIELDS = ['reps', 'hold', 'sets'];
let current = null;

async function call(method, path = '', body = undefined) {
  const res = await fetch(base + path, {
    method, cache: 'no-store', credentials: 'same-origin',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    throw Object.assign(new Error(data.error || `the server answered ${res.status}`), data);
  }
  return data;
}

const nameOf = (exerciseId) => {
  const x = current.exercises.find((e) => e.exercise_id === exerciseId);
  return x ? x.name : exerciseId;
};

function renderFlags(flags) {
  byId('flags-none').hidden = flags.length > 0;
  byId('flags').replaceChildren(...flags.map((f) => el('li', { cls: `flag${f.seen ? ' seen' : ''}` }, [
    el('p', {
      text: `${f.day}: ${nameOf(f.exercise_id)}, pain ${f.pain} (${REASON_WORDS[f.reason] || f.reason})`,
    }),
    f.seen ? el('p', { text: 'Seen', cls: 'muted' }) : el('button', {
      text: 'Mark as seen', cls: 'secondary', attrs: { type: 'button', 'data-flag': f.id },
    }),
  ])));
}

function renderSuggestions(list) {
  byId('sugg-none').hidden = list.length > 0;
  byId('suggestions').replaceChildren(...list.map((s) => el('li', { cls: 'flag seen' }, [
    el('p', { text: `${nameOf(s.exercise_id)}: ${s.field} ${s.from} → ${s.to}. ${s.why}` }),
    el('p', { cls: 'row-actions' }, [['Accept', 'primary', 'true'], ['Ignore', 'secondary', 'false']]
      .map(([text, cls, accept]) => el('button', {
        text, cls, attrs: { type: 'button', 'data-suggestion': s.id, 'data-accept': accept },
      }))),
  ])));
}

function renderExercises(exercises, threshold) {
  byId('exercises').replaceChildren(...exercises.map((x) => el('section', {
    cls: 'exercise-plot', attrs: { 'data-exercise': x.exercise_id },
  }, [
    el('h3', { text: x.name }),
    el('p', { cls: 'muted', text: `${x.series.length} answered, ${x.skipped} skipped` }),
    plotElement(x.series, 'pain', { title: `${x.name}, pain`, threshold }),
    plotElement(x.series, 'effort', { title: `${x.name}, difficulty` }),
  ])));
}

function renderRuns(runs) {
  byId('runs-none').hidden = runs.length > 0;
  const outcome = (r) => {
    if (!r.ended) return 'not ended';
    return r.completed ? 'completed' : 'ended early';
  };
  byId('runs').replaceChildren(...runs.map((r) => el('li', {}, [el('p', {
    text: `${r.day} (version ${r.version ?? '?'}): ${outcome(r)}, `
      + `${r.exercises_done} done, ${r.exercises_skipped} skipped`
      + (r.start_pain == null ? '' : `, pain at start ${r.start_pain}`)
      + (r.stopped.length ? `; stopped: ${r.stopped.map(nameOf).join(', ')}` : ''),
  })])));
}

function renderChange(p) {
  const overrides = (p.options && p.options.overrides) || {};
  byId('change-doses').replaceChildren(...current.exercises.map((x) => el('fieldset', {}, [
    el('legend', { text: `${x.name}: dose (empty: the routine's)` }),
    ...DOSE_FIELDS.map((field) => {
      const value = (overrides[x.exercise_id] || {})[field];
      return el('label', { text: field }, [el('input', { attrs: {
        type: 'number', min: '1', 'data-exercise': x.exercise_id, 'data-field': field,
        value: value == null ? '' : String(value),
      } })]);
    }),
  ])));
  byId('change-times').value = String(p.frequency.times);
  byId('change-per').value = p.frequency.per;
  byId('change-end').value = p.end_date || '';
  byId('change-check').value = p.check;
  byId('change-threshold').value = String(p.pain_threshold);
}

function render(data) {
  current = data;
  const p = data.programme;
  document.title = `${p.label} · Programmes · Limber`;
  byId('ov-title').textContent = p.label;
  byId('ov-sub').textContent = `${p.routine_title}, programme version ${p.version}: `
    + `${frequencyText(p.frequency)}${p.end_date ? ` until ${p.end_date}` : ''}; stop at pain ${p.pain_threshold}.`;
  byId('ov-revoked').hidden = !p.revoked;
  byId('ov-link').textContent = p.link;
  byId('ov-link').href = p.link;
  byId('export-json').href = `${base}/export.json`;
  byId('export-csv').href = `${base}/export.csv`;
  byId('revoke').hidden = p.revoked;
  renderFlags(data.flags);
  renderSuggestions(data.suggestions);
  const done = data.weeks.reduce((n, w) => n + w.done, 0);
  const planned = data.weeks.reduce((n, w) => n + w.planned, 0);
  byId('cal-weeks').textContent = `${done} of ${planned} planned sessions done since the start.`;
  byId('calendar-body').replaceChildren(...calendarRows(data.calendar));
  renderExercises(data.exercises, p.pain_threshold);
  renderRuns(data.runs);
  renderChange(p);
}

const say = (id_, text) => { byId(id_).textContent = text; };

async function load() {
  try {
    render(await call('GET'));
  } catch (err) {
    byId('ov-error').hidden = false;
    byId('ov-error').textContent = `This programme could not be loaded: ${err.message}.`;
  }
}

async function act(result, fn, reload = true) {
  try {
    await fn();
    if (reload) await load();
  } catch (err) {
    say(result, err.message);
  }
}

byId('flags').addEventListener('click', (ev) => {
  const b = ev.target.closest('button[data-flag]');
  if (b) act('action-result', () => call('POST', `/flags/${b.dataset.flag}/seen`));
});
byId('suggestions').addEventListener('click', (ev) => {
  const b = ev.target.closest('button[data-suggestion]');
  if (!b) return;
  const accept = b.dataset.accept === 'true';
  act('action-result', () => call('POST', `/suggestions/${b.dataset.suggestion}`, { accept }));
});
byId('change-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const p = current.programme;
  const overrides = {};
  for (const input of byId('change-doses').querySelectorAll('input[data-field]')) {
    if (input.value === '') continue;
    const { exercise, field } = input.dataset;
    overrides[exercise] = { ...(overrides[exercise] || {}), [field]: Number(input.value) };
  }
  const body = {
    base_version: p.version,
    options: { ...p.options, overrides },
    frequency: { times: Number(byId('change-times').value), per: byId('change-per').value },
    end_date: byId('change-end').value || null,
    check: byId('change-check').value,
    pain_threshold: Number(byId('change-threshold').value),
  };
  act('change-result', async () => {
    const answer = await call('PUT', '', body);
    say('change-result',
      `Saved as version ${answer.version}: the patient's phone picks it up next time it is online.`);
  });
});
// Revoke and delete ask twice: the first tap shows what the second does.
for (const [first, sure, run, reload] of [
  ['revoke', 'revoke-sure', () => call('POST', '/revoke'), true],
  ['delete', 'delete-sure', async () => {
    await call('DELETE');
    window.location.assign('/programmes');
  }, false],
]) {
  byId(first).addEventListener('click', () => { byId(sure).hidden = false; byId(sure).focus(); });
  byId(sure).addEventListener('click', () => {
    byId(sure).hidden = true;
    act('action-result', run, reload);
  });
}
load();
