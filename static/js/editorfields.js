// The editor's form controls, each named by the document path it edits (data-path) and
// wrapped with its label and a place for the server's problem about it (data-field). Views
// only: text goes in with textContent; editor.js reads the controls back by their paths.
import { el } from './dom.js';
import { doseMode } from './editordoc.js';

/** A DOM id for a document path: "exercises[2].hold" -> "f-exercises-2-hold". */
export const fieldId = (path) => `f-${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '')}`;

/** A labelled control for `path`, with its (hidden) problem line and an optional hint. */
export function field(path, label, control, { hint = '', cls = '' } = {}) {
  const id = fieldId(path);
  control.id = id;
  control.dataset.path = path;
  const parts = [el('label', { text: label, attrs: { for: id } }), control];
  if (hint) {
    const h = el('p', { cls: 'hint', text: hint, attrs: { id: `${id}-hint` } });
    control.setAttribute('aria-describedby', h.id);
    parts.push(h);
  }
  parts.push(el('p', { cls: 'problem', attrs: { id: `${id}-problem`, hidden: '' } }));
  return el('div', { cls: `field ${cls}`.trim(), attrs: { 'data-field': path } }, parts);
}

export function textInput(value, { type = 'text', optional = false, ...attrs } = {}) {
  const input = el('input', { attrs: { type, autocomplete: 'off', ...attrs } });
  input.value = value == null ? '' : String(value);
  input.dataset.type = 'text';
  if (optional) input.dataset.optional = '1';
  return input;
}

function numberInput(value) {
  const input = textInput(value, { inputmode: 'numeric', size: '4' });
  input.dataset.type = 'number';
  return input;
}

/** One sentence a line: instructions, cautions, intro, outro. */
export function linesInput(list, rows = 3) {
  const area = el('textarea', { attrs: { rows: String(Math.max(rows, (list || []).length + 1)) } });
  area.value = (list || []).join('\n');
  area.dataset.type = 'lines';
  return area;
}

/** A choice: `options` as [value, words]; `action` makes a change of it an edit of shape. */
export function select(value, options, { action = '', optional = false } = {}) {
  const s = el('select');
  for (const [v, words] of options) s.append(el('option', { text: words, attrs: { value: v } }));
  s.value = value == null ? '' : String(value);
  s.dataset.type = 'text';
  if (action) s.dataset.action = action;
  if (optional) s.dataset.optional = '1';
  return s;
}

export function button(text, action, data = {}, label = '') {
  const b = el('button', { text, cls: `small ${action}`, attrs: { type: 'button', 'data-action': action } });
  for (const [k, v] of Object.entries(data)) b.dataset[k] = String(v);
  if (label) b.setAttribute('aria-label', label);
  return b;
}

const ORIGINS = [['source', 'From the handout (quote it)'], ['editorial', 'Our choice (editorial)']];
const MODES = [['value', 'One value'], ['range', 'A range']];
const SIDE_MODES = [...MODES, ['sides', 'A dose for each side']];

/**
 * A dose (`{value|min,max, from, quote}`) as a group: one value or a range, where it comes
 * from, and its quote; `source` (optional) is the handout sentence it was read from and
 * `guessed` says the import guessed it. With `perSide`, it may also be one dose for each
 * side (`{left: dose, right: dose}`), each its own group.
 */
export function doseGroup(path, legend, dose, {
  unit = '', source = null, guessed = false, removable = false, perSide = false,
} = {}) {
  const d = dose || {};
  const group = el('fieldset', { cls: 'dose', attrs: { 'data-field': path } });
  group.append(el('legend', { text: legend }));
  const mode = doseMode(d);
  const modes = perSide || mode === 'sides' ? SIDE_MODES : MODES;
  group.append(field(`${path}#mode`, 'Written as', select(mode, modes, { action: 'dose-mode' })));
  if (mode === 'sides') {
    for (const side of ['left', 'right']) {
      group.append(doseGroup(`${path}.${side}`, `${legend}: ${side} side`, d[side], { unit }));
    }
  }
  const numbers = mode === 'sides' ? [] : mode === 'range'
    ? [field(`${path}.min`, `From${unit}`, numberInput(d.min)), field(`${path}.max`, `To${unit}`, numberInput(d.max))]
    : [field(`${path}.value`, `Value${unit}`, numberInput(d.value))];
  if (numbers.length) {
    group.append(el('div', { cls: 'dose-numbers' }, numbers));
    const origin = select(d.from || 'editorial', ORIGINS, { action: 'origin' });
    group.append(field(`${path}.from`, 'Where it comes from', origin));
  }
  if (d.from === 'source') {
    group.append(field(`${path}.quote`, 'Quote from the handout', textInput(d.quote, { optional: true })));
  }
  if (guessed) group.append(el('p', { cls: 'guessed', text: 'Guessed by the import: please check this value.' }));
  if (source) {
    group.append(el('p', { cls: 'source' }, [
      el('span', { cls: 'source-label', text: 'In the handout: ' }),
      source.before, el('mark', { text: source.quote }), source.after,
    ]));
  }
  if (removable) group.append(button('Remove', 'remove-field', { path }, `Remove ${legend.toLowerCase()}`));
  group.append(el('p', { cls: 'problem', attrs: { id: `${fieldId(path)}-problem`, hidden: '' } }));
  return group;
}

/** A box for each of `options` (values of the list at `path`), ticked when in `list`. */
export function checkboxes(path, legend, options, list) {
  const id = fieldId(path);
  const group = el('fieldset', { cls: 'checks', attrs: { 'data-field': path } }, [el('legend', { text: legend })]);
  for (const option of options) {
    const box = el('input', { attrs: {
      type: 'checkbox', id: `${id}-${option}`, 'data-action': 'toggle', 'data-list': path, value: option,
    } });
    box.checked = (list || []).includes(option);
    const label = el('label', { text: option.replace(/-/g, ' '), attrs: { for: box.id } });
    group.append(el('span', { cls: 'check' }, [box, label]));
  }
  group.append(el('p', { cls: 'problem', attrs: { id: `${id}-problem`, hidden: '' } }));
  return group;
}
