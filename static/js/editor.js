// The routine editor page (/editor, clinic only): the library, import from a handout, and
// one routine's form. Holds the document being edited; each control's change becomes an
// edit by its path (editordoc.js), checked by the server as the clinician types.
import { byId } from './dom.js';
import * as api from './editorapi.js';
import { freeId, problemsByField, setAt } from './editordoc.js';
import { choose, pressed, valueOf } from './editoractions.js';
import { reviewOf } from './editordraft.js';
import { handoutText } from './editorfile.js';
import { fieldId } from './editorfields.js';
import { renderRoutine, shownPaths } from './editorview.js';
import { renderLibrary, renderPreview, renderProblems } from './editorpanels.js';
import { DraftVoice } from './editorvoice.js';
import { sentence } from './format.js';

const CHECK_DELAY_MS = 400;     // after the last key: one check per pause in typing
const SECTIONS = ['library-section', 'import-section', 'edit-section'];
// What the server offers to pick from (the figure library, the equipment it can say) and
// where a new routine starts.
const choices = JSON.parse(byId('editor-choices').textContent);
const form = byId('routine-form');
const voice = new DraftVoice(api, (report, words) => {
  const bar = byId('voice-progress');
  bar.hidden = !report;
  if (report) { bar.max = Math.max(1, report.total); bar.value = report.done; }
  status('voice-words', words);
});

// The routine being edited: its document, whether it is new (POST) or the clinic's (PUT
// from `version`), and the import's draft when it came from a handout.
const state = {
  doc: null, savedId: null, version: null, draft: null, routines: [], problems: [], checked: 0,
  preview: null,
  unsaved: false,  // changes not saved yet: leaving the page asks first
};
let checkTimer = null;

function show(section) {
  for (const id of SECTIONS) byId(id).hidden = id !== section;
  byId(`${section.replace('-section', '')}-title`).focus();
}

function status(id, text) {
  byId(id).textContent = text;
}

// --- the library ------------------------------------------------------------------------

async function refreshLibrary() {
  try {
    state.routines = (await api.listRoutines()).routines;
    renderLibrary(byId('library'), state.routines);
  } catch (err) {
    status('library-status', err.message);
  }
}

async function open(id) {
  try {
    const found = await api.loadRoutine(id);
    const ids = state.routines.map((r) => r.id);
    if (found.origin === 'builtin') {
      edit({ ...found.routine, id: freeId(`${id}-copy`, ids), title: `${found.routine.title} (copy)` });
    } else {
      edit(found.routine, { savedId: found.id, version: found.version });
    }
  } catch (err) {
    status('library-status', err.message);
  }
}

// --- the form ---------------------------------------------------------------------------

function edit(doc, { savedId = null, version = null, draft = null } = {}) {
  Object.assign(state, { doc, savedId, version, draft, unsaved: Boolean(draft) });
  status('save-status', '');
  render();
  show('edit-section');
  check();
}

function render(focusAfter = null) {
  const focused = focusAfter || (document.activeElement && document.activeElement.id);
  byId('edit-title').textContent = state.savedId ? `Edit: ${state.doc.title || state.savedId}` : 'New routine';
  renderRoutine(form, { doc: state.doc, choices, draft: state.draft });
  showProblems(state.problems || []);
  const target = focused && byId(focused);
  if (target) target.focus();
}

// A control's data, as editoractions.js reads it.
const dataOf = (c) => ({
  action: c.dataset.action, path: c.dataset.path || '', value: c.value, checked: c.checked,
  list: c.dataset.list, type: c.dataset.type, optional: Boolean(c.dataset.optional),
});

function changed(doc, { reshape = false, focus = null } = {}) {
  state.doc = doc;
  state.unsaved = true;
  if (reshape) render(focus);
  clearTimeout(checkTimer);
  checkTimer = setTimeout(check, CHECK_DELAY_MS);
}

form.addEventListener('input', (e) => {
  const control = e.target;
  if (!control.dataset.path || control.dataset.action || control.dataset.path.startsWith('#')) return;
  changed(setAt(state.doc, control.dataset.path, valueOf(dataOf(control))));
  const name = /^exercises\[(\d+)\]\.name$/.exec(control.dataset.path);
  if (name) byId(`${fieldId(`exercises[${name[1]}]`)}-title`).textContent = `${Number(name[1]) + 1}. ${control.value}`;
});

form.addEventListener('change', (e) => {
  if (e.target.dataset.action) changed(choose(state.doc, dataOf(e.target)), { reshape: true });
});

function press(b) {
  const { doc, focus, said } = pressed(state.doc, {
    action: b.dataset.action, index: Number(b.dataset.index), delta: Number(b.dataset.delta),
    phase: Number(b.dataset.phase), path: b.dataset.path, kind: byId(fieldId('#new-kind')).value,
    rest: (byId(fieldId(`#rest-${b.dataset.index}`)) || {}).value,
  });
  if (doc === state.doc) return;
  changed(doc, { reshape: true, focus });
  if (said) status('form-status', said);
}

form.addEventListener('click', (e) => {
  const b = e.target.closest('button[data-action]');
  if (b) press(b);
});

// --- checking and saving ----------------------------------------------------------------

async function check() {
  clearTimeout(checkTimer);
  const asked = ++state.checked;
  try {
    const answer = await api.checkRoutine(state.doc);
    if (asked !== state.checked) return null;  // a newer edit is being checked
    state.problems = answer.problems;
    showProblems(answer.problems);
    state.preview = answer.preview || null;
    renderPreview(byId('preview'), state.preview);
    return answer;
  } catch (err) {
    if (asked === state.checked) status('form-status', `Could not check the routine: ${err.message}`);
    return null;
  }
}

// The controls a problem at `path` is about: its own, or a dose's numbers.
function controlsOf(path) {
  const own = byId(fieldId(path));
  if (own) return [own];
  const group = form.querySelector(`fieldset.dose[data-field="${CSS.escape(path)}"]`);
  return group ? [...group.querySelectorAll('[data-type="number"]')] : [];
}

function showProblems(problems) {
  for (const p of form.querySelectorAll('.problem')) { p.hidden = true; p.textContent = ''; }
  for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
  const byField = problemsByField(problems, shownPaths(form));
  const loose = [...(byField.get('') || [])];
  const placed = [];
  for (const [path, messages] of byField) {
    const line = path && byId(`${fieldId(path)}-problem`);
    if (!line) { if (path) loose.push(...messages); continue; }
    line.textContent = `Problem: ${messages.join(' ')}`;
    line.hidden = false;
    for (const control of controlsOf(path)) {
      control.setAttribute('aria-invalid', 'true');
      const described = new Set((control.getAttribute('aria-describedby') || '').split(' ').filter(Boolean));
      described.add(line.id);
      control.setAttribute('aria-describedby', [...described].join(' '));
    }
    for (const m of messages) placed.push([path, m]);
  }
  renderProblems(byId('problems'), problems, loose, placed);
}

async function save() {
  status('save-status', 'Checking…');
  const answer = await check();
  if (!answer) { status('save-status', 'Not saved: the routine could not be checked.'); return; }
  if (answer.problems.length) {
    const n = answer.problems.length;
    status('save-status', `Not saved: fix the ${n === 1 ? 'problem' : `${n} problems`} listed above first.`);
    byId('problems-title').focus();
    return;
  }
  const sent = state.doc;
  try {
    const saved = state.savedId
      ? await api.updateRoutine(state.savedId, sent, state.version)
      : await api.createRoutine(sent);
    Object.assign(state, { savedId: saved.id, version: saved.version, unsaved: state.doc !== sent });
    status('save-status', `Saved: ${state.doc.title}, version ${saved.version}. It is in the routine list now.`);
    byId('edit-title').textContent = `Edit: ${state.doc.title}`;
    refreshLibrary();
  } catch (err) {
    if (err.problems.length) showProblems(err.problems);
    if (err.code === 'id_taken') showProblems([{ path: 'id', message: err.message }]);
    const stale = err.code === 'stale_version'
      ? ' Your changes are still here: note what you need, then open the routine again from the list.' : '';
    status('save-status', `Not saved: ${sentence(err.message)}${stale}`);
  }
}

// --- import from a handout ----------------------------------------------------------------

async function readFile(input) {
  const file = input.files && input.files[0];
  if (!file) return;
  try {
    byId('handout-text').value = await handoutText(file, Number(byId('import-section').dataset.maxBytes));
    status('import-status', `Read ${file.name}. Check the text, then press Read the handout.`);
  } catch (err) {
    status('import-status', err.message);
  }
}

async function importHandout() {
  const text = byId('handout-text').value;
  status('import-status', 'Reading the handout…');
  try {
    const parsed = await api.parseHandout(text);
    status('import-status', '');
    edit(parsed.routine, { draft: reviewOf(text, parsed) });
  } catch (err) {
    status('import-status', err.message);
    byId('handout-text').focus();
  }
}

// --- wiring -----------------------------------------------------------------------------

byId('library').addEventListener('click', (e) => {
  const b = e.target.closest('button[data-action="open"]');
  if (b) open(b.dataset.id);
});
byId('preview').addEventListener('click', (e) => {
  const b = e.target.closest('button[data-action="listen"]');
  if (!b) return;
  voice.listen(b.dataset.say);
  // The recorded voice of the script as it is now, made while the device's voice speaks
  // (made on a Listen, not on every pause in typing: no clips of half-typed sentences).
  if (state.preview) voice.update(state.doc, state.preview.script);
});
byId('new-routine').addEventListener('click', () => edit({
  ...choices.new_routine, id: freeId(choices.new_routine.id, state.routines.map((r) => r.id)),
}));
byId('start-import').addEventListener('click', () => show('import-section'));
byId('handout-file').addEventListener('change', (e) => readFile(e.target));
byId('read-handout').addEventListener('click', importHandout);
byId('save').addEventListener('click', save);
for (const b of document.querySelectorAll('.back-to-library')) {
  b.addEventListener('click', () => show('library-section'));
}
window.addEventListener('beforeunload', (e) => {
  if (state.unsaved) e.preventDefault();  // the browser asks before the changes are lost
});
refreshLibrary();
document.body.dataset.ready = '1';
