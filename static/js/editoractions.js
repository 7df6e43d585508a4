// What each control of the editor's form does to the document. Pure: the page passes a
// control's data (its action, path and value) and gets the new document, and for a button
// where the focus goes next and what to tell a screen reader.
import {
  addExercise, getAt, moveItem, removeAt, setAt, setKind, typedNumber, withDoseMode, withOrigin,
} from './editordoc.js';
import { fieldId } from './editorfields.js';

/** A control's value as the document holds it (`type`: number, lines or text). */
export function valueOf({ type, optional, value }) {
  if (type === 'number') return typedNumber(value);
  if (type === 'lines') return value.split('\n').map((s) => s.trim()).filter(Boolean);
  if (optional && value.trim() === '') return undefined;
  return value;
}

const indexIn = (path) => Number(/\[(\d+)\]/.exec(path)[1]);

/** A select or box that changes what the form shows: the new document. */
export function choose(doc, { action, path = '', value, checked, list, type, optional }) {
  if (action === 'kind') return setKind(doc, indexIn(path), value);
  if (action === 'dose-mode') {
    const at = path.replace('#mode', '');
    return setAt(doc, at, withDoseMode(getAt(doc, at), value));
  }
  if (action === 'origin') {
    const at = path.replace(/\.from$/, '');
    return setAt(doc, at, withOrigin(getAt(doc, at), value));
  }
  if (action === 'figure-position' || action === 'figure-icon') {
    const at = path.replace(/\.(position|icon)$/, '');
    if (!value) return removeAt(doc, at);
    return setAt(doc, at, action === 'figure-icon' ? { icon: value } : { ...getAt(doc, at), position: value });
  }
  if (action === 'toggle') {  // a box of a list (equipment, highlighted parts): none, no list
    const now = new Set(getAt(doc, list) || []);
    if (checked) now.add(value); else now.delete(value);
    return now.size ? setAt(doc, list, [...now]) : removeAt(doc, list);
  }
  return setAt(doc, path, valueOf({ type, optional, value }));  // a value the form redraws for
}

const titleOf = (index) => `${fieldId(`exercises[${index}]`)}-title`;

/**
 * A button of the form: {doc, focus, said}, `focus` the id of the element to focus once
 * the form is drawn again, `said` words for a screen reader ('' for none). `kind` is the
 * kind chosen for a new exercise, `rest` the rest chosen to add to exercise `index`.
 */
export function pressed(doc, { action, index, delta, phase, path, kind, rest }) {
  if (action === 'move') {
    const moved = moveItem(doc, 'exercises', index, delta);
    return { doc: moved.doc, focus: titleOf(moved.index), said: `Moved to place ${moved.index + 1}.` };
  }
  if (action === 'remove') {
    const next = removeAt(doc, `exercises[${index}]`);
    const left = next.exercises.length;
    const focus = left ? titleOf(Math.min(index, left - 1)) : fieldId('#new-kind');
    return { doc: next, focus, said: 'Exercise removed.' };
  }
  if (action === 'add') {
    const added = addExercise(doc, kind);
    return { doc: added.doc, focus: titleOf(added.index), said: 'Exercise added at the end.' };
  }
  if (action === 'add-phase') {
    const at = `exercises[${index}].tempo`;
    const list = getAt(doc, at) || [];
    return { doc: setAt(doc, at, [...list, { say: 'Hold.', seconds: { value: 2, from: 'editorial' } }]),
      focus: fieldId(`${at}[${list.length}].say`), said: '' };
  }
  if (action === 'remove-phase') {
    return { doc: removeAt(doc, `exercises[${index}].tempo[${phase}]`), focus: titleOf(index), said: 'Phase removed.' };
  }
  if (action === 'add-sets') {
    const at = `exercises[${index}].sets`;
    return { doc: setAt(doc, at, { value: 2, from: 'editorial' }), focus: fieldId(`${at}.value`), said: '' };
  }
  if (action === 'add-rest') {  // as long as the routine's, to start from
    const at = `exercises[${index}].timing.${rest}`;
    const routine = getAt(doc, `timing.${rest}`) || { value: 5, from: 'editorial' };
    return { doc: setAt(doc, at, withOrigin(routine, 'editorial')), focus: fieldId(`${at}#mode`), said: '' };
  }
  if (action === 'remove-field') {  // and what held it, when that is left empty (timing)
    let next = removeAt(doc, path);
    const holder = path.replace(/\.[^.[\]]+$/, '');
    const left = getAt(next, holder);
    if (left && !Array.isArray(left) && typeof left === 'object' && !Object.keys(left).length) {
      next = removeAt(next, holder);
    }
    return { doc: next, focus: titleOf(indexIn(path)), said: 'Removed.' };
  }
  return { doc, focus: null, said: '' };
}
