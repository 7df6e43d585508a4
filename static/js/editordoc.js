// The routine editor's document: a routine as the library's JSON (the YAML file's keys),
// changed one edit at a time. Pure: every edit returns a new document and leaves the old
// one as it was, so the page can keep the last saved copy and tell what changed. Fields
// are named by paths in the server's own spelling ("exercises[2].hold.min"), so a problem
// the server reports (POST /api/library/check) finds the field it is about.

/** "exercises[2].hold.min" -> ['exercises', 2, 'hold', 'min']; '' -> []. */
export function parsePath(path) {
  if (!path) return [];
  const out = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) throw new Error(`not a field path: ${path}`);
    if (m[1]) out.push(m[1]);
    for (const [, n] of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(n));
  }
  return out;
}

/** The inverse of parsePath. */
export function joinPath(keys) {
  return keys.reduce((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : (acc ? `${acc}.${k}` : k)), '');
}

/** The value at `path`, or undefined when any step of it is missing. */
export function getAt(doc, path) {
  let at = doc;
  for (const k of parsePath(path)) {
    if (at == null || typeof at !== 'object') return undefined;
    at = at[k];
  }
  return at;
}

function copyOf(value, nextKey) {
  if (Array.isArray(value)) return [...value];
  if (value && typeof value === 'object') return { ...value };
  return typeof nextKey === 'number' ? [] : {};
}

// Copies along the path only; `change(old)` gives the new last value (undefined: remove it).
function update(doc, keys, change) {
  if (!keys.length) return change(doc);
  const [k, ...rest] = keys;
  const out = copyOf(doc, k);
  const value = update(out[k], rest, change);
  if (value === undefined) {
    if (Array.isArray(out)) out.splice(k, 1);
    else delete out[k];
  } else {
    out[k] = value;
  }
  return out;
}

/** The document with `value` at `path` (undefined removes the field). */
export function setAt(doc, path, value) {
  return update(doc, parsePath(path), () => value);
}

/** The document without the field (or list item) at `path`. */
export function removeAt(doc, path) {
  return update(doc, parsePath(path), () => undefined);
}

/**
 * Moves the item at `index` of the list at `listPath` by `delta` places (-1 up, +1 down).
 * Returns {doc, index}: the new document and where the item is now (unchanged at an end).
 */
export function moveItem(doc, listPath, index, delta) {
  const list = getAt(doc, listPath) || [];
  const to = index + delta;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return { doc, index };
  const moved = [...list];
  const [item] = moved.splice(index, 1);
  moved.splice(to, 0, item);
  return { doc: setAt(doc, listPath, moved), index: to };
}

/** "Knee to chest!" -> "knee-to-chest": an id from a name, in the routine files' style. */
export function slugify(name) {
  const s = String(name).toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return s.slice(0, 60).replace(/-+$/, '') || 'exercise';
}

/** `base`, or base-2, base-3... : the first not in `taken`. */
export function freeId(base, taken) {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n += 1) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

const editorial = (value) => ({ value, from: 'editorial' });

/** A new exercise of `kind`, with editorial doses a clinician then changes. */
export function newExercise(kind, takenIds, name = 'New exercise') {
  const base = { id: freeId(slugify(name), takenIds), name, kind, instructions: [''] };
  if (kind === 'advice') return base;
  if (kind === 'hold') return { ...base, hold: editorial(10), reps: editorial(3) };
  return { ...base, reps: editorial(10), tempo: [{ say: 'Lift.', seconds: editorial(2) },
    { say: 'Lower.', seconds: editorial(2) }] };
}

/** The document with a new exercise of `kind` at the end; {doc, index} of it. */
export function addExercise(doc, kind) {
  const list = doc.exercises || [];
  const exercise = newExercise(kind, list.map((x) => x.id));
  return { doc: setAt(doc, 'exercises', [...list, exercise]), index: list.length };
}

// What each kind carries: a change of kind drops what the new kind cannot have (the
// server would refuse it) and adds the doses it needs.
const KIND_FIELDS = { advice: [], hold: ['hold', 'reps', 'sets'], reps: ['reps', 'sets', 'tempo'] };

/** The exercise at `index` changed to `kind`. */
export function setKind(doc, index, kind) {
  const at = `exercises[${index}]`;
  const old = getAt(doc, at);
  const fresh = newExercise(kind, []);
  const out = { ...old, kind };
  for (const f of ['hold', 'reps', 'sets', 'tempo']) {
    if (!KIND_FIELDS[kind].includes(f)) delete out[f];
    else if (out[f] === undefined && fresh[f] !== undefined) out[f] = fresh[f];
  }
  if (kind === 'advice') { delete out.sides; delete out.side_order; }
  if (out.figure && !out.figure.icon) {
    const figure = { ...out.figure };
    if (kind !== 'hold') delete figure.hold;
    if (kind !== 'reps') delete figure.tempo;
    out.figure = figure;
  }
  return setAt(doc, at, out);
}

/** 'value', 'range' or 'sides' (a dose for each side): how a dose is written. */
export function doseMode(dose) {
  if (dose && (dose.left || dose.right)) return 'sides';
  return dose && dose.min !== undefined ? 'range' : 'value';
}

/**
 * The dose written another way: a value becomes value..value, a range its low end, and
 * either one the same dose on each side; a dose per side becomes its left one.
 */
export function withDoseMode(dose, mode) {
  const d = dose || editorial(1);
  const now = doseMode(d);
  if (mode === now) return d;
  if (now === 'sides') return withDoseMode(d.left || d.right, mode);
  if (mode === 'sides') return { left: d, right: d };
  const { value, min, max, ...rest } = d;
  return mode === 'range' ? { ...rest, min: value, max: value } : { ...rest, value: min };
}

/** The dose with its origin set: editorial drops the quote, source keeps (or starts) one. */
export function withOrigin(dose, origin) {
  const { quote, ...rest } = dose;
  return origin === 'source' ? { ...rest, from: 'source', quote: quote || '' }
    : { ...rest, from: 'editorial' };
}

/** A number typed in a dose box: a whole number, or the text itself (the server says why). */
export function typedNumber(text) {
  const t = String(text).trim();
  return /^\d+$/.test(t) ? Number(t) : t;
}

/**
 * The field a problem at `path` belongs next to: the longest of `fieldPaths` (the paths the
 * page shows a field for) that is the path itself or a parent of it; '' when none is.
 */
export function fieldFor(path, fieldPaths) {
  const keys = parsePath(path);
  for (let n = keys.length; n > 0; n -= 1) {
    const p = joinPath(keys.slice(0, n));
    if (fieldPaths.includes(p)) return p;
  }
  return '';
}

/**
 * The server's problems by the field they belong next to: Map(field path -> [message]);
 * '' holds those no shown field is about (the page lists them at the top).
 */
export function problemsByField(problems, fieldPaths) {
  const out = new Map();
  for (const { path, message } of problems) {
    const key = fieldFor(path || '', fieldPaths);
    out.set(key, [...(out.get(key) || []), message]);
  }
  return out;
}
