// Which picture the player shows: a step's figure at a moment of the step, and during a rest
// the next exercise's thumbnail. Pure: the player view asks every animation frame and
// redraws only when the answer's `key` changes (a hold, a pause or reduced motion keep it).
import { scene, stepFrame, thumbnail } from './figure.js';

export function exerciseOf(timeline, id) {
  return (id && timeline.exercises.find((x) => x.id === id)) || null;
}

// The picture's accessible name: the exercise, and the side being worked.
export function pictureLabel(name, side) {
  return side ? `${name}, ${side} side` : name;
}

/**
 * The step's picture `elapsedMs` into it: {key, draw} or null (a step with no figure).
 * draw() makes the description node (figure.js); `key` names the picture, so equal keys
 * draw the same. A movement is drawn at 1/1000 steps of its progress.
 */
export function stepPicture(timeline, step, elapsedMs, { reducedMotion = false } = {}) {
  const frame = stepFrame(step, elapsedMs);
  const exercise = frame && exerciseOf(timeline, frame.exercise);
  if (!exercise || !exercise.figure) return null;
  const { figure } = exercise;
  const label = pictureLabel(exercise.name, frame.side);
  if (figure.icon) return { key: `icon|${figure.icon}`, draw: () => scene(figure, { label }) };
  const still = reducedMotion || frame.from === frame.to;
  const progress = still ? 1 : Math.round(frame.progress * 1000) / 1000;
  return {
    key: [frame.exercise, frame.from, frame.to, frame.side, progress].join('|'),
    draw: () => scene(figure, { from: frame.from, to: frame.to, side: frame.side, progress, label }),
  };
}

/**
 * During a rest before another exercise: {name, key, draw} of that exercise (draw null
 * when it has no figure), for a "Next up" line with its thumbnail. Else null.
 */
export function upNext(timeline, index) {
  const step = timeline.steps[index];
  if (!step || step.kind !== 'rest') return null;
  const next = timeline.steps.slice(index + 1).find((s) => s.exercise_id);
  const exercise = next && next.exercise_id !== step.exercise_id
    ? exerciseOf(timeline, next.exercise_id) : null;
  if (!exercise) return null;
  const { figure, name } = exercise;
  return { name, key: `thumb|${exercise.id}`,
    draw: figure ? () => thumbnail(figure, { label: name }) : null };
}
