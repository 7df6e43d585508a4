// The shared runner test vectors (tests/vectors/runner/*.json) against the device's runner,
// static/js/localrunner.js. Run with `node --test tests/js/` (tests/test_js.py does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Runner, LocalSession, stateFromSnapshot } from '../../static/js/localrunner.js';

const here = dirname(fileURLToPath(import.meta.url));
const dir = join(here, '..', 'vectors', 'runner');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

// A refusal matches on its code: its sentence is for people, and each side words its own.
function comparable(events) {
  return events.map((e) => {
    if (e.type !== 'refused') return e;
    assert.ok(typeof e.reason === 'string' && e.reason.length > 0, 'a refusal says why');
    const { reason, ...rest } = e;
    return rest;
  });
}

test('there are vectors', () => {
  assert.ok(files.length >= 5);
});

for (const file of files) {
  test(`localrunner matches ${file}`, () => {
    const vector = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const runner = new Runner(vector.timeline);
    assert.equal(runner.totalMs, vector.timeline.total_ms);
    vector.script.forEach((entry, i) => {
      const events = entry.tick ? runner.tick(entry.now_ms)
        : runner.handle(entry.command, entry.now_ms, entry.exercise_id ?? null);
      const where = `${file} entry ${i}`;
      assert.deepEqual(comparable(events), comparable(entry.events), where);
      assert.deepEqual(runner.state, entry.state, where);
      assert.equal(runner.nextDeadline(), entry.next_deadline, where);
    });
  });
}

test('LocalSession ticks at each deadline with one timer and reports every step', () => {
  const vector = JSON.parse(readFileSync(join(dir, 'walk-on-time.json'), 'utf8'));
  let now = 1000;
  const pending = new Map();
  let id = 0;
  const timers = {
    setTimeout: (fn, ms) => { pending.set(++id, { fn, at: now + ms }); return id; },
    clearTimeout: (t) => pending.delete(t),
  };
  const seen = [];
  const s = new LocalSession(vector.timeline, { now: () => now, onEvent: (e) => seen.push(e), timers });
  const answer = s.command('start');
  assert.equal(answer.ok, true);
  assert.equal(answer.state.reason, 'start');
  while (pending.size) {
    assert.equal(pending.size, 1, 'never more than one timer');
    const [key, { fn, at }] = [...pending.entries()][0];
    pending.delete(key);
    now = at;
    fn();
  }
  const steps = vector.timeline.steps.length;
  assert.equal(seen.filter((e) => e.reason === 'step').length, steps - 1);
  assert.equal(seen[seen.length - 1].status, 'finished');
  const refused = s.command('pause');
  assert.equal(refused.ok, false);
  assert.equal(refused.code, 'not_running');
  assert.match(refused.error, /pause/);
});

test('a runner rebuilt from a running snapshot keeps the same deadline', () => {
  const vector = JSON.parse(readFileSync(join(dir, 'walk-on-time.json'), 'utf8'));
  const a = new Runner(vector.timeline);
  a.handle('start', 5000);
  a.tick(5000 + vector.timeline.steps[0].duration_ms + 1);
  const snap = a.snapshot(5000 + vector.timeline.steps[0].duration_ms + 2);
  const b = new Runner(vector.timeline, stateFromSnapshot(snap));
  assert.equal(b.nextDeadline(), a.nextDeadline());
  assert.deepEqual(b.snapshot(snap.server_now), snap);
});
