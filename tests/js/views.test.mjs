// The views' pure parts: what the player, the picker, the console and the frame show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toggleLabel, stepHeading, stepBadges, nextHint, liveFigures } from '../../static/js/playerview.js';
import { sectionsFor } from '../../static/js/view.js';
import { offlineHelp } from '../../static/js/pickerview.js';
import { soundPill } from '../../static/js/consoleview.js';

const here = dirname(fileURLToPath(import.meta.url));
const timeline = JSON.parse(readFileSync(join(here, '..', 'vectors', 'runner', 'walk-on-time.json'), 'utf8')).timeline;

test('the Play/Pause button says what it will do; a controller may run it again', () => {
  assert.deepEqual(toggleLabel('running', 'solo'), { text: 'Pause', name: 'Pause' });
  assert.deepEqual(toggleLabel('paused', 'follower'), { text: 'Resume', name: 'Resume' });
  assert.deepEqual(toggleLabel('ready', 'controller'), { text: 'Start', name: 'Start' });
  assert.deepEqual(toggleLabel('finished', 'controller'), { text: 'Again', name: 'Do it again' });
});

test('a step\'s heading and details', () => {
  assert.equal(stepHeading({ kind: 'intro' }, { title: 'T' }), 'Before you start');
  assert.equal(stepHeading({ kind: 'announce' }, { title: 'T' }), 'T');
  assert.equal(stepHeading({ kind: 'hold', exercise_name: 'Bridge' }, { title: 'T' }), 'Bridge');
  assert.deepEqual(stepBadges({ side: 'left', rep: 2, reps: 3, set: 1, sets: 1 }),
    { side: 'Left', rep: ['Rep', '2 of 3'], set: [] });
  assert.deepEqual(stepBadges({ side: null, rep: 0, reps: 0, set: 2, sets: 3 }),
    { side: '', rep: [], set: ['Set', '2 of 3'] });
});

test('what comes next, said once', () => {
  const bridge = { exercise_id: 'bridge', exercise_name: 'Bridge', kind: 'announce', cue: 'Bridge.' };
  assert.equal(nextHint({ exercise_id: 'knee', kind: 'hold', cue: 'Hold.' }, bridge), 'Next up: Bridge');
  assert.equal(nextHint({ exercise_id: null, kind: 'rest', cue: 'Rest. Next up: Bridge.' }, bridge), '');
  assert.equal(nextHint({ exercise_id: 'b', kind: 'switch', cue: 'Switch sides.' },
    { exercise_id: 'b', kind: 'hold', cue: 'Right leg. Hold.' }), 'Next: Right leg. Hold.');
  assert.equal(nextHint({ exercise_id: 'b', kind: 'hold', cue: 'Hold.' }, undefined), '');
});

test('where the session is: from the step\'s start sent by the server and the clock', () => {
  const index = 3;
  const step = timeline.steps[index];
  const running = { status: 'running', index, deadline: 10_000 + step.duration_ms, remaining_ms: 0,
    total_ms: timeline.total_ms };
  const at = liveFigures(timeline, running, 10_000 + 10);
  assert.equal(at.remaining, step.duration_ms - 10);
  assert.equal(at.position, step.start_ms + 10);
  assert.equal(at.total, timeline.total_ms);
  const paused = { status: 'paused', index, deadline: null, remaining_ms: 5, total_ms: 0 };
  assert.equal(liveFigures(timeline, paused, 0).position, step.start_ms + step.duration_ms - 5);
  assert.equal(liveFigures(timeline, { ...running, deadline: 0 }, 99_999).remaining, 0, 'never below 0');
  assert.equal(liveFigures(timeline, { ...running, index: 999 }, 0), null);
});

test('sections: the console swaps the dose form for the player once started', () => {
  assert.deepEqual(sectionsFor('picker', null), ['picker']);
  assert.deepEqual(sectionsFor('console', null), ['console-join', 'setup', 'console']);
  assert.deepEqual(sectionsFor('console', { status: 'running' }), ['console-join', 'player', 'console']);
});

test('the offline box\'s help for the chosen routine and pace', () => {
  const base = { routine: { id: 'r' }, saved: null, update: false, noServer: false, paceName: 'gentle' };
  assert.equal(offlineHelp({ ...base, routine: null }), '');
  assert.match(offlineHelp(base), /^Save it at gentle pace/);
  assert.match(offlineHelp({ ...base, noServer: true }), /^Not saved at gentle pace/);
  assert.match(offlineHelp({ ...base, saved: {} }), /runs with no connection/);
  assert.match(offlineHelp({ ...base, saved: {}, update: true }), /newer version/);
});

test('a device\'s sound, as the console shows it', () => {
  assert.equal(soundPill({ audio_unlocked: false, muted: false }).text, 'Sound not enabled');
  assert.equal(soundPill({ audio_unlocked: true, muted: true }).text, 'Muted');
  assert.deepEqual(soundPill({ audio_unlocked: true, muted: false }), { cls: 'pill ok', text: 'Sound on' });
});
