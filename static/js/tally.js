// What a run did, as this page saw it, for the end screen: the time it took, the exercises
// done and skipped, the pauses. Pure: the store folds in every snapshot it applies, from the
// server or from the device's own runner alike.
import { formatTotal } from './format.js';

// The steps in which an exercise is done: its holds and reps; advice is done by hearing it.
const WORK = ['hold', 'rep', 'advice'];

const fresh = (snap, partial) => ({
  startedAt: snap.server_now, endedAt: null, index: snap.index, done: [], skipped: [],
  pauses: 0, partial,
});

// The exercises whose work steps lie in [from, to).
function exercisesIn(timeline, from, to) {
  const ids = timeline.steps.slice(from, to)
    .filter((s) => WORK.includes(s.kind) && s.exercise_id).map((s) => s.exercise_id);
  return [...new Set(ids)];
}

const union = (list, more) => [...new Set([...list, ...more])];

// Is the session at its end: finished, or on the closing ("Well done") steps?
export function atEnd(timeline, snap) {
  if (!snap) return false;
  if (snap.status === 'finished') return true;
  const step = timeline && timeline.steps[snap.index];
  return Boolean(step && step.kind === 'done');
}

/**
 * The run after `snap`: null before a start. A step ended on time completes the steps it
 * leaves; Next and a jump forward skip them; `partial` says the page came in mid-run (a
 * late join, a reload), so its figures count from then. Every snapshot is folded once (the
 * store ignores a copy of the one it has).
 */
export function foldRun(run, snap, timeline) {
  if (!timeline || snap.status === 'ready') return null;
  if (snap.reason === 'start' || snap.reason === 'restart') return fresh(snap, false);
  const out = run ? { ...run } : fresh(snap, true);
  if (snap.reason === 'step' || snap.reason === 'finished') {
    const to = snap.reason === 'finished' ? snap.index + 1 : snap.index;
    out.done = union(out.done, exercisesIn(timeline, out.index, to));
  } else if (['next', 'jump'].includes(snap.reason) && snap.index > out.index) {
    out.skipped = union(out.skipped, exercisesIn(timeline, out.index, snap.index));
  } else if (snap.reason === 'next' && snap.status === 'finished') {
    out.skipped = union(out.skipped, exercisesIn(timeline, out.index, snap.index + 1));
  }
  if (snap.reason === 'pause') out.pauses += 1;
  out.index = snap.index;
  if (out.endedAt === null && atEnd(timeline, snap)) out.endedAt = snap.server_now;
  return out;
}

/**
 * The end screen's summary of a run: [{value, label}] (time, exercises done, skipped,
 * pauses). An exercise done in one set and skipped in another counts as done.
 */
export function summaryItems(run, timeline) {
  if (!run || !timeline || run.endedAt === null) return [];
  const done = run.done.length;
  const skipped = run.skipped.filter((id) => !run.done.includes(id)).length;
  const total = timeline.exercises.length;
  return [
    { value: formatTotal(run.endedAt - run.startedAt), label: run.partial ? 'since you joined' : 'time' },
    { value: `${done} of ${total}`, label: total === 1 ? 'exercise done' : 'exercises done' },
    { value: String(skipped), label: 'skipped' },
    { value: String(run.pauses), label: run.pauses === 1 ? 'pause' : 'pauses' },
  ];
}
