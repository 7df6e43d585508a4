// A programme run on the device (static/js/programmerun.js) driven by the real device
// runner (localrunner.js) on a fake clock: the check after each exercise pauses the run,
// pain at the threshold stops the exercise and records it, "it hurts" during an exercise
// jumps past it, the end's checks, skipping today, and what the outbox receives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Runner } from '../../static/js/localrunner.js';
import { ProgrammeRun } from '../../static/js/programmerun.js';

const step = (index, exerciseId, number, start) => ({
  index, exercise_id: exerciseId, exercise_number: number, duration_ms: 1000, start_ms: start,
  cue: `step ${index}`, audio: null, marks: [],
});
const timeline = {
  hash: 'h', total_ms: 6000,
  exercises: [{ id: 'a', number: 1, name: 'Knee' }, { id: 'b', number: 2, name: 'Bridge' }],
  steps: [step(0, null, 0, 0), step(1, 'a', 1, 1000), step(2, 'a', 1, 2000),
    step(3, 'b', 2, 3000), step(4, 'b', 2, 4000), step(5, null, 0, 5000)],
};

function harness(check = 'each') {
  let now = 0;
  const records = [];
  const device = {
    local: null,
    startLocal(tl) { this.local = { runner: new Runner(tl), snapshot: () => this.local.runner.snapshot(now) }; return this.local.snapshot(); },
    command(name, extra = {}) {
      const events = this.local.runner.handle(name, now, extra.exercise_id || null);
      const last = events[events.length - 1];
      return last.type === 'refused' ? { ok: false } : { ok: true, state: last };
    },
    stop() { this.local = null; },
  };
  const run = new ProgrammeRun({
    programme: { version: 2, check, pain_threshold: 7, pain_rise: 2, timeline },
    ondevice: device,
    outbox: { record: (kind, fields) => records.push({ kind, ...fields }) },
    narrator: { update() {}, reset() {} },
    onChange() {},
    now: () => now,
    runId: 'r1',
  });
  const advance = (ms) => {
    now += ms;
    if (device.local) for (const ev of device.local.runner.tick(now)) run.apply(ev);
  };
  return { run, records, advance, device };
}

test('after each exercise the run pauses for the check, then goes on', () => {
  const { run, records, advance, device } = harness();
  run.start({ startPain: 1 });
  assert.deepEqual(records[0], { kind: 'run_started', run_id: 'r1', version: 2, start_pain: 1 });
  advance(3000);
  assert.equal(run.screen, 'check');
  assert.equal(run.asking.exercise_id, 'a');
  assert.equal(device.local.runner.state.status, 'paused');
  run.answer({ pain: 2, effort: 'about_right' });
  assert.equal(run.screen, 'player');
  assert.equal(device.local.runner.state.status, 'running');
  assert.deepEqual(records[1], {
    kind: 'check', run_id: 'r1', exercise_id: 'a', pain: 2, effort: 'about_right', skipped: false,
  });
  advance(2000);
  assert.equal(run.asking.exercise_id, 'b');
  run.answer({ skipped: true });
  advance(1000);
  assert.equal(run.screen, 'done');
  assert.deepEqual(records.map((r) => r.kind), ['run_started', 'check', 'check', 'run_ended']);
  assert.equal(records[2].skipped, true);
  assert.equal(records[2].pain, null);
  const end = records[3];
  assert.equal(end.completed, true);
  assert.equal(end.exercises_done, 2);
  assert.equal(end.exercises_skipped, 0);
  assert.ok(end.duration_ms >= 6000);
});

test('pain at the threshold stops the exercise with a message and records why', () => {
  const { run, records, advance } = harness();
  run.start();
  advance(3000);
  run.answer({ pain: 7, effort: 'too_hard' });
  assert.equal(run.screen, 'stopped');
  assert.deepEqual(run.message, { exercise_id: 'a', reason: 'pain_threshold', during: false });
  assert.deepEqual(records.at(-1), { kind: 'exercise_stopped', run_id: 'r1', exercise_id: 'a', reason: 'pain_threshold' });
  assert.deepEqual(run.stopped, [{ exercise_id: 'a', reason: 'pain_threshold' }]);
  run.dismiss();
  assert.equal(run.screen, 'player');
});

test('a rise of two over the start pain stops it too', () => {
  const { run, records, advance } = harness();
  run.start({ startPain: 3 });
  advance(3000);
  run.answer({ pain: 5, effort: null });
  assert.equal(records.at(-1).reason, 'pain_rise');
});

test('"it hurts" during an exercise asks at once; stopped, the run jumps to the next one', () => {
  const { run, records, advance, device } = harness();
  run.start();
  advance(1500);
  run.hurts();
  assert.equal(run.asking.exercise_id, 'a');
  assert.equal(device.local.runner.state.status, 'paused');
  run.answer({ pain: 9, effort: null });
  run.dismiss();
  assert.equal(device.local.runner.state.index, 3, 'on to the first step of the next exercise');
  assert.equal(device.local.runner.state.status, 'running');
  assert.equal(run.screen, 'player');
  assert.equal(records.filter((r) => r.kind === 'check').length, 1, 'not asked twice about it');
});

test('with the check at the end, every exercise reached is asked about after the run', () => {
  const { run, records, advance } = harness('end');
  run.start();
  advance(6000);
  assert.equal(run.asking.exercise_id, 'a');
  run.answer({ pain: 1, effort: 'too_easy' });
  assert.equal(run.asking.exercise_id, 'b');
  run.answer({ pain: 1, effort: 'too_easy' });
  assert.equal(run.screen, 'done');
  assert.deepEqual(records.map((r) => r.kind), ['run_started', 'check', 'check', 'run_ended']);
});

test('an exercise chosen to skip today is jumped over and counted as skipped', () => {
  const { run, records, advance } = harness();
  run.start({ skipping: ['a'] });
  advance(1000);
  assert.equal(run.index, 3, 'straight to the next exercise');
  advance(2000);
  run.answer({ pain: 0, effort: 'about_right' });
  advance(1000);
  const end = records.at(-1);
  assert.equal(end.kind, 'run_ended');
  assert.equal(end.exercises_skipped, 1);
  assert.equal(end.exercises_done, 1);
  assert.ok(!records.some((r) => r.kind === 'check' && r.exercise_id === 'a'));
});

test('leaving mid-run records an incomplete run once', () => {
  const { run, records, advance } = harness();
  run.start();
  advance(1500);
  run.leave();
  run.leave();
  const ends = records.filter((r) => r.kind === 'run_ended');
  assert.equal(ends.length, 1);
  assert.equal(ends[0].completed, false);
  assert.equal(ends[0].exercises_done, 1);
});

test('ending for today when asked at the end: the exercises done are asked about first', () => {
  const { run, records, advance, device } = harness('end');
  run.start();
  advance(3500);  // into Bridge
  run.leave();
  assert.equal(run.screen, 'check');
  assert.equal(run.asking.exercise_id, 'a');
  assert.equal(device.local.runner.state.status, 'paused');
  run.answer({ pain: 3, effort: 'about_right' });
  assert.equal(run.asking.exercise_id, 'b');
  run.answer({ skipped: true });
  assert.equal(run.screen, 'done');
  assert.deepEqual(records.filter((r) => r.kind === 'check').map((r) => [r.exercise_id, r.pain]),
    [['a', 3], ['b', null]]);
  const ends = records.filter((r) => r.kind === 'run_ended');
  assert.equal(ends.length, 1);
  assert.equal(ends[0].completed, false);
  assert.equal(ends[0].exercises_done, 2);
});

test('ending for today again during those questions, or before any exercise, ends at once', () => {
  const first = harness('end');
  first.run.start();
  first.advance(3500);
  first.run.leave();
  first.run.leave();
  assert.equal(first.run.screen, 'done');
  assert.equal(first.records.filter((r) => r.kind === 'check').length, 0);
  assert.equal(first.records.filter((r) => r.kind === 'run_ended').length, 1);

  const early = harness('end');
  early.run.start();
  early.advance(500);  // still in the introduction
  early.run.leave();
  assert.equal(early.run.screen, 'done');
});
