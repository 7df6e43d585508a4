// The check and the stop rule on the patient's page (static/js/checks.js), with the numbers
// the server sends; which exercise was just left; skipping next time what hurt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  leftExercise, reachedExercises, skipNextTime, skipTarget, stopMessage, stopReason,
} from '../../static/js/checks.js';

const rule = { pain_threshold: 7, pain_rise: 2 };
const timeline = {
  exercises: [{ id: 'a', number: 1, name: 'Knee' }, { id: 'b', number: 2, name: 'Bridge' },
    { id: 'c', number: 3, name: 'Cat' }],
  steps: [
    { exercise_id: null, exercise_number: 0 },
    { exercise_id: 'a', exercise_number: 1 }, { exercise_id: 'a', exercise_number: 1 },
    { exercise_id: 'b', exercise_number: 2 }, { exercise_id: 'b', exercise_number: 2 },
    { exercise_id: 'c', exercise_number: 3 }, { exercise_id: null, exercise_number: 0 },
  ],
};

test('pain at or over the threshold stops the exercise; just under does not', () => {
  assert.equal(stopReason(7, null, rule), 'pain_threshold');
  assert.equal(stopReason(10, 9, rule), 'pain_threshold');
  assert.equal(stopReason(6, null, rule), null);
  assert.equal(stopReason(3, undefined, { pain_threshold: 3, pain_rise: 2 }), 'pain_threshold');
});

test('a rise of two over the start pain stops it; one does not; no answer never does', () => {
  assert.equal(stopReason(5, 3, rule), 'pain_rise');
  assert.equal(stopReason(4, 3, rule), null);
  assert.equal(stopReason(2, 0, rule), 'pain_rise');
  assert.equal(stopReason(null, 0, rule), null);
  assert.equal(stopReason(5, null, rule), null, 'no start pain: only the threshold');
});

test('the threshold is checked first, and the rise uses the server\'s number', () => {
  assert.equal(stopReason(8, 6, rule), 'pain_threshold');
  assert.equal(stopReason(5, 3, { pain_threshold: 7, pain_rise: 3 }), null);
});

test('the kind message names the exercise and suggests skipping it next time', () => {
  const text = stopMessage('Bridge', 'pain_threshold');
  assert.match(text, /Bridge/);
  assert.match(text, /skip it next time/);
  assert.match(stopMessage('Bridge', 'pain_rise'), /gone up/);
});

test('the exercise left is known when the next step is another one or the run finished', () => {
  assert.equal(leftExercise(timeline, 1, { status: 'running', index: 2 }), null);
  assert.equal(leftExercise(timeline, 2, { status: 'running', index: 3 }), 'a');
  assert.equal(leftExercise(timeline, 4, { status: 'running', index: 6 }), 'b', 'a jump counts too');
  assert.equal(leftExercise(timeline, 5, { status: 'finished', index: 5 }), 'c');
  assert.equal(leftExercise(timeline, 0, { status: 'running', index: 1 }), null, 'the intro is no exercise');
  assert.equal(leftExercise(timeline, null, { status: 'running', index: 1 }), null);
});

test('at the end, every exercise reached is asked about, in order, once', () => {
  assert.deepEqual(reachedExercises(timeline, 4), ['a', 'b']);
  assert.deepEqual(reachedExercises(timeline, 6), ['a', 'b', 'c']);
});

test('an exercise chosen to skip jumps to the next one kept, or to the end', () => {
  assert.equal(skipTarget(timeline, 3, ['b']), 'c');
  assert.equal(skipTarget(timeline, 1, ['a', 'b']), 'c');
  assert.equal(skipTarget(timeline, 5, ['c']), 'end');
  assert.equal(skipTarget(timeline, 1, ['b']), null);
  assert.equal(skipTarget(timeline, 0, ['a']), null);
});

test('skip next time: what was stopped is offered; what went fine is no longer', () => {
  assert.deepEqual(skipNextTime([], { checked: new Set(['a', 'b']), stopped: [{ exercise_id: 'b' }] }), ['b']);
  assert.deepEqual(skipNextTime(['b', 'c'], { checked: new Set(['b']), stopped: [] }), ['c']);
  assert.deepEqual(skipNextTime(['c'], { checked: new Set(), stopped: [{ exercise_id: 'c' }] }), ['c']);
});
