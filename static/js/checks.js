// "How did that feel?": when the patient's page asks (after each exercise, or once at the
// end), the stop rule with the numbers the server sends (pain_threshold, pain_rise), the
// kind words, and skipping next time what hurt. Pure: no DOM, no storage.

export const EFFORTS = [
  { id: 'too_easy', label: 'Too easy' },
  { id: 'about_right', label: 'About right' },
  { id: 'too_hard', label: 'Too hard' },
];

// The stop rule (docs/api.md): pain at or over the threshold, else a rise of pain_rise or
// more over the start-of-session pain. The reason, or null.
export function stopReason(pain, startPain, { pain_threshold: threshold, pain_rise: rise }) {
  if (pain === null || pain === undefined) return null;
  if (pain >= threshold) return 'pain_threshold';
  if (startPain !== null && startPain !== undefined && pain >= startPain + rise) return 'pain_rise';
  return null;
}

export function stopMessage(name, reason) {
  const why = reason === 'pain_rise' ? 'Your pain has gone up since you started.'
    : 'That is more pain than this exercise should cause.';
  return `${why} Let's stop ${name} for today: that is the right call. `
    + 'Your clinician will see it. We suggest you skip it next time until you have talked.';
}

// The exercise the player just left when it moved from step `from` to snapshot `to`
// (a finished run leaves the last one): its id, or null while still inside it.
export function leftExercise(timeline, from, to) {
  if (from === null || from === undefined) return null;
  const before = timeline.steps[from];
  if (!before || !before.exercise_id) return null;
  if (to.status === 'finished') return before.exercise_id;
  const after = timeline.steps[to.index];
  return after && after.exercise_id === before.exercise_id ? null : before.exercise_id;
}

// The exercises to ask about at the end: each one the run reached, in order.
export function reachedExercises(timeline, upTo) {
  const seen = [];
  for (const step of timeline.steps.slice(0, upTo + 1)) {
    if (step.exercise_id && !seen.includes(step.exercise_id)) seen.push(step.exercise_id);
  }
  return seen;
}

// Where to jump when the player enters an exercise the patient chose to skip: the next
// exercise not skipped, 'end' when none is left, or null when this step is not skipped.
export function skipTarget(timeline, index, skipped) {
  const step = timeline.steps[index];
  if (!step || !step.exercise_id || !skipped.includes(step.exercise_id)) return null;
  const next = timeline.exercises.find((x) => x.number > step.exercise_number
    && !skipped.includes(x.id));
  return next ? next.id : 'end';
}

export function exerciseName(timeline, id) {
  const x = timeline.exercises.find((e) => e.id === id);
  return x ? x.name : id;
}

// What to offer to skip next time after a run: what was stopped now, and what was offered
// before unless it was done and answered this time without being stopped.
export function skipNextTime(before, { checked, stopped }) {
  const stoppedIds = stopped.map((s) => s.exercise_id);
  const fine = [...checked].filter((id) => !stoppedIds.includes(id));
  return [...new Set([...before, ...stoppedIds])].filter((id) => !fine.includes(id));
}
