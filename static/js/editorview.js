// The routine editor's form: the routine's own fields, then each exercise as a card with
// its name, kind, sides, doses, tempo, sentences and figure. Renders only: editor.js owns
// the document and turns each control's change back into an edit by its path.
import { el } from './dom.js';
import {
  button, checkboxes, doseGroup, field, fieldId, linesInput, select, textInput,
} from './editorfields.js';
import { guessed, sourceOf } from './editordraft.js';
import { fieldFor } from './editordoc.js';
import { exerciseFigure } from './editorfigureview.js';

const KINDS = [['hold', 'Hold (timed holds)'], ['reps', 'Reps (counted through tempo phases)'],
  ['advice', 'Advice (said and shown, no timer)']];
const SIDES = [['none', 'No sides'], ['each', 'Each side in turn'], ['both', 'Both sides together']];
const ORDERS = [['alternate', 'Alternate sides every rep'], ['block', 'Every rep on one side, then the other']];
const PHASE_SIDES = [['', 'No side'], ['left', 'Left'], ['right', 'Right']];
const RESTS = [['get_ready', 'Get ready'], ['rest_between_reps', 'Rest between reps'],
  ['rest_between_sets', 'Rest between sets'], ['rest_between_exercises', 'Rest between exercises'],
  ['switch_sides', 'Switch sides']];

// What the draft (if any) says about the value at `path`: its sentence and whether guessed.
function provenance(draft, path) {
  if (!draft) return {};
  return { source: sourceOf(draft.text, draft.located, path), guessed: guessed(path, draft.editorial) };
}

function dose(draft, path, legend, value, opts = {}) {
  return doseGroup(path, legend, value, { ...provenance(draft, path), ...opts });
}

function routineFields(doc, draft, equipment) {
  const box = el('section', { cls: 'card routine-fields', attrs: { 'aria-labelledby': 'routine-fields-title' } });
  box.append(el('h3', { text: 'The routine', attrs: { id: 'routine-fields-title' } }));
  box.append(field('title', 'Title', textInput(doc.title)));
  box.append(field('id', 'Short name (in its address: lower case, digits, hyphens)', textInput(doc.id)));
  box.append(field('language', 'Language (e.g. en, en-GB)', textInput(doc.language, { optional: true })));
  const summary = el('textarea', { attrs: { rows: '2' } });
  summary.value = doc.summary || '';
  Object.assign(summary.dataset, { type: 'text', optional: '1' });
  box.append(field('summary', 'Summary', summary));
  box.append(field('intro', 'Introduction: the safety note (one sentence a line)', linesInput(doc.intro)));
  box.append(checkboxes('equipment', 'Equipment (said in the introduction)', equipment, doc.equipment));
  box.append(field('outro', 'Closing words (one sentence a line; {clinic}, {phone}, {booking} allowed)',
    linesInput(doc.outro)));
  const rests = el('div', { cls: 'rests' }, [el('h4', { text: 'Rests and transitions (seconds)' })]);
  for (const [key, words] of RESTS) {
    rests.append(dose(draft, `timing.${key}`, words, (doc.timing || {})[key], { unit: ' (s)' }));
  }
  box.append(rests);
  return box;
}

// A button of exercise `i`'s card named by its words and the card's title ("Remove 3.
// Bridge"), which follows the name as it is typed.
function withCard(b, i, key) {
  const card = fieldId(`exercises[${i}]`);
  b.id = `${card}-${key}`;
  b.setAttribute('aria-labelledby', `${b.id} ${card}-title`);
  return b;
}

// An exercise's own rests (overriding the routine's), each removable, and a way to add one.
function exerciseRests(x, i, draft) {
  const at = `exercises[${i}].timing`;
  const own = x.timing || {};
  const box = el('div', { cls: 'rests', attrs: { 'data-field': at } },
    [el('h4', { text: 'This exercise\'s own rests (seconds)' })]);
  for (const [key, words] of RESTS) {
    if (own[key]) box.append(dose(draft, `${at}.${key}`, words, own[key], { unit: ' (s)', removable: true }));
  }
  const missing = RESTS.filter(([key]) => !own[key]);
  if (missing.length) {
    box.append(el('div', { cls: 'add-exercise' }, [
      field(`#rest-${i}`, 'A rest of its own', select(missing[0][0], missing)),
      withCard(button('Add the rest', 'add-rest', { index: i }), i, 'add-rest'),
    ]));
  }
  box.append(el('p', { cls: 'problem', attrs: { id: `${fieldId(at)}-problem`, hidden: '' } }));
  return box;
}

function tempoFields(x, i, draft) {
  const at = `exercises[${i}].tempo`;
  const box = el('fieldset', { cls: 'tempo', attrs: { 'data-field': at } },
    [el('legend', { text: 'Tempo: the phases of each rep' })]);
  (x.tempo || []).forEach((phase, j) => {
    const p = `${at}[${j}]`;
    box.append(el('div', { cls: 'phase', attrs: { 'data-field': p } }, [
      field(`${p}.say`, `Phase ${j + 1}: what the voice says`, textInput(phase.say)),
      dose(draft, `${p}.seconds`, `Phase ${j + 1}: seconds`, phase.seconds, { unit: ' (s)' }),
      field(`${p}.side`, `Phase ${j + 1}: side`, select(phase.side || '', PHASE_SIDES, { optional: true })),
      button('Remove phase', 'remove-phase', { index: i, phase: j }, `Remove phase ${j + 1}`),
      el('p', { cls: 'problem', attrs: { id: `${fieldId(p)}-problem`, hidden: '' } }),
    ]));
  });
  box.append(button('Add a phase', 'add-phase', { index: i }));
  box.append(el('p', { cls: 'problem', attrs: { id: `${fieldId(at)}-problem`, hidden: '' } }));
  return box;
}

function exerciseCard(x, i, count, lib, draft) {
  const at = `exercises[${i}]`;
  const name = x.name || 'Untitled exercise';
  const title = el('h3', { text: `${i + 1}. ${name}`, attrs: { id: `${fieldId(at)}-title`, tabindex: '-1' } });
  const tools = el('div', { cls: 'card-tools' }, [
    button('Move up', 'move', { index: i, delta: -1 }),
    button('Move down', 'move', { index: i, delta: 1 }),
    button('Remove', 'remove', { index: i }),
  ]);
  for (const [n, b] of [...tools.children].entries()) withCard(b, i, `tool-${n}`);
  tools.children[0].disabled = i === 0;
  tools.children[1].disabled = i === count - 1;
  const card = el('section', { cls: 'card exercise', attrs: { 'aria-labelledby': title.id, 'data-field': at } },
    [el('div', { cls: 'card-head' }, [title, tools])]);
  card.append(el('p', { cls: 'problem', attrs: { id: `${fieldId(at)}-problem`, hidden: '' } }));
  card.append(field(`${at}.name`, 'Name', textInput(x.name)));
  card.append(field(`${at}.id`, 'Short name', textInput(x.id)));
  card.append(field(`${at}.kind`, 'Kind', select(x.kind, KINDS, { action: 'kind' })));
  if (x.kind !== 'advice') {
    card.append(field(`${at}.sides`, 'Sides', select(x.sides || 'none', SIDES, { action: 'shape' })));
    if (x.sides === 'each') {
      card.append(field(`${at}.side_order`, 'Order of sides', select(x.side_order || 'block', ORDERS)));
      card.append(field(`${at}.side_word`, 'The side is a (e.g. leg, knee, arm)', textInput(x.side_word || 'side')));
    }
    const perSide = x.sides === 'each';
    if (x.kind === 'hold') card.append(dose(draft, `${at}.hold`, 'Hold (seconds)', x.hold, { unit: ' (s)', perSide }));
    card.append(dose(draft, `${at}.reps`, 'Repetitions', x.reps, { perSide }));
    if (x.sets) card.append(dose(draft, `${at}.sets`, 'Sets', x.sets, { removable: true }));
    else card.append(withCard(button('Add sets', 'add-sets', { index: i }), i, 'add-sets'));
    if (x.kind === 'reps') card.append(tempoFields(x, i, draft));
    card.append(exerciseRests(x, i, draft));
  }
  card.append(field(`${at}.instructions`, 'Instructions (one sentence a line)', linesInput(x.instructions, 3)));
  card.append(field(`${at}.cautions`, 'Cautions (one sentence a line)', linesInput(x.cautions, 1)));
  card.append(field(`${at}.stop_if`, 'Stop if (said before the exercise; one a line, e.g. "you feel a sharp pain")',
    linesInput(x.stop_if, 1)));
  card.append(exerciseFigure(x, i, lib));
  card.append(field(`${at}.note`, 'Note for clinicians (not spoken)', textInput(x.note, { optional: true })));
  return card;
}

function reviewPanel(draft, summary, targets) {
  const box = el('section', { cls: 'card review', attrs: { 'aria-labelledby': 'review-title' } });
  box.append(el('h3', { text: 'Review the import', attrs: { id: 'review-title' } }));
  box.append(el('p', { text: summary }));
  box.append(el('p', {
    text: 'Each value the import read is marked in its sentence of the handout; guessed values say so beside them.',
  }));
  if (draft.flags.length) {
    box.append(el('h4', { text: 'To check' }));
    box.append(el('ul', { cls: 'flags' }, draft.flags.map((f, i) => el('li', {}, [
      el('a', { text: f.message,
        attrs: { href: `#${targets[i] ? `${fieldId(targets[i])}-flag` : 'routine-fields-title'}` } }),
    ]))));
  }
  if (draft.unplaced.length) {
    box.append(el('h4', { text: 'Sentences the import could not place' }));
    box.append(el('ul', { cls: 'unplaced' }, draft.unplaced.map((s) => el('li', { text: s }))));
  }
  // A region that may scroll: focusable, so a keyboard can scroll it too.
  const marked = draft.segments.map((s) => (s.path
    ? el('mark', { text: s.text, attrs: { title: s.path } }) : s.text));
  const text = el('div', {
    cls: 'handout-text', attrs: { role: 'region', tabindex: '0', 'aria-label': 'The handout' },
  }, marked);
  box.append(el('details', {}, [el('summary', { text: 'The handout, with what was read marked' }), text]));
  return box;
}

// Each review flag beside the field it is about (the closest one the form shows); the
// path of that field for each flag ('' when none is shown).
function placeFlags(root, flags) {
  const paths = shownPaths(root);
  return flags.map((f) => {
    const target = fieldFor(f.path, paths);
    const box = target && root.querySelector(`[data-field="${CSS.escape(target)}"]`);
    if (!box) return '';
    const id = `${fieldId(target)}-flag`;
    const note = byIdIn(root, id) || el('p', { cls: 'flag', attrs: { id, tabindex: '-1' } });
    note.textContent = `${note.textContent ? `${note.textContent} ` : 'To check: '}${f.message}`;
    const head = box.querySelector(':scope > legend, :scope > label, :scope > .card-head');
    if (!note.isConnected) { if (head) head.after(note); else box.prepend(note); }
    return target;
  });
}

const byIdIn = (root, id) => root.querySelector(`#${CSS.escape(id)}`);

/** Every path the form shows a field or group for (problems go beside the closest). */
export function shownPaths(root) {
  return [...root.querySelectorAll('[data-field]')].map((n) => n.dataset.field);
}

/**
 * Draws the form for `doc` into `root`. `choices` is what the page offers to pick from
 * ({figures: the figure library, equipment}); `draft` (or
 * null) is the import's {text, located, editorial, unplaced, segments, summary}.
 */
export function renderRoutine(root, { doc, choices, draft }) {
  const list = doc.exercises || [];
  const lib = choices.figures;
  const parts = [routineFields(doc, draft, choices.equipment)];
  parts.push(el('h3', { text: `Exercises (${list.length})`, cls: 'exercises-title' }));
  list.forEach((x, i) => parts.push(exerciseCard(x, i, list.length, lib, draft)));
  const add = el('div', { cls: 'add-exercise' }, [
    field('#new-kind', 'Kind of the new exercise', select('hold', KINDS)),
    button('Add an exercise', 'add'),
  ]);
  parts.push(add);
  root.replaceChildren(...parts);
  if (draft) {
    const targets = placeFlags(root, draft.flags);
    root.prepend(reviewPanel(draft, draft.summary, targets));
  }
}
