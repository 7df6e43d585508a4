// "Give this to the patient" (static/js/programmegive.js): the programme asked for is the
// console's routine with the setup's pace, exercises (in routine order) and doses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { programmeBody } from '../../static/js/programmegive.js';

const routine = { id: 'lower-back-hip', exercises: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] };
const form = {
  label: '  Knee, Tuesday 9:00 ', times: '3', per: 'week', end_date: '', check: 'end',
  pain_threshold: '6',
};

test('the setup and the form make the programme\'s fields', () => {
  const setup = { pace: 'gentle', exercises: ['c', 'a'], overrides: { a: { hold: 12, reps: null }, b: { reps: 5 } } };
  assert.deepEqual(programmeBody(routine, setup, form), {
    routine_id: 'lower-back-hip',
    options: { pace: 'gentle', exercises: ['a', 'c'], overrides: { a: { hold: 12 } } },
    label: 'Knee, Tuesday 9:00',
    frequency: { times: 3, per: 'week' },
    end_date: null,
    check: 'end',
    pain_threshold: 6,
  });
});

test('an end date is kept as typed', () => {
  const setup = { pace: 'standard', exercises: ['a'], overrides: {} };
  assert.equal(programmeBody(routine, setup, { ...form, end_date: '2027-01-31' }).end_date, '2027-01-31');
});
