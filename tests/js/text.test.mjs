// Words and numbers as the page shows them (format.js), and the keyboard (keys.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatDuration, formatClock, formatTotal, formatBytes, formatMs, sentence, failure, NO_ANSWER,
  doseLabel, doseName, formatTime,
} from '../../static/js/format.js';
import { keyAction, isTyping, playerShown } from '../../static/js/keys.js';

test('durations, clocks and totals', () => {
  assert.equal(formatDuration(42.4), '42 s');
  assert.equal(formatDuration(1130), '19 min');
  assert.equal(formatDuration(-5), '0 s');
  assert.equal(formatClock(65_001), '1:06');
  assert.equal(formatClock(0), '0:00');
  assert.equal(formatTotal(750_000), '12 min 30 s');
  assert.equal(formatTotal(120_000), '2 min');
  assert.equal(formatTotal(9_400), '9 s');
});

test('bytes and clock figures', () => {
  assert.equal(formatBytes(900), '900 B');
  assert.equal(formatBytes(5 * 1024), '5 KB');
  assert.equal(formatBytes(3.25 * 1024 * 1024), '3.3 MB');
  assert.equal(formatMs(12.6), '13 ms');
  assert.equal(formatMs(null), '–');
  assert.equal(formatMs('x'), '–');
});

test('a refusal becomes a sentence; no answer says so', () => {
  assert.equal(sentence('cannot skip: the session is finished'), 'Cannot skip: the session is finished.');
  assert.equal(sentence('Done!'), 'Done!');
  assert.equal(sentence('  '), '');
  assert.equal(failure({ message: 'no such session', timeout: false }, NO_ANSWER, 'Could not: '),
    'Could not: No such session.');
  assert.equal(failure({ message: 'x', timeout: true }, 'Nothing came back.'), 'Nothing came back.');
});

test('dose words: the form\'s label and the field\'s name for one exercise', () => {
  assert.equal(doseLabel('hold'), 'Hold (s)');
  assert.equal(doseLabel('reps'), 'Reps');
  assert.equal(doseName('hold', 'Bridge'), 'Hold seconds for Bridge');
  assert.equal(doseName('sets', 'Bridge'), 'Sets for Bridge');
});

test('a time of day in the device\'s own time, two digits each', () => {
  const at = new Date(2024, 0, 2, 9, 5).getTime();
  assert.equal(formatTime(at), '09:05');
});

const ctx = { shown: true, canControl: true, typing: false };

test('Space toggles (not when held down), the arrows skip', () => {
  assert.deepEqual(keyAction('keydown', { key: ' ' }, ctx), { prevent: true, command: 'toggle' });
  assert.deepEqual(keyAction('keydown', { code: 'Space', repeat: true }, ctx), { prevent: true, command: null });
  assert.deepEqual(keyAction('keydown', { key: 'ArrowRight' }, ctx), { prevent: true, command: 'next' });
  assert.deepEqual(keyAction('keydown', { key: 'ArrowLeft' }, ctx), { prevent: true, command: 'previous' });
  assert.equal(keyAction('keydown', { key: 'a' }, ctx), null);
});

test('keys are left alone while typing, with modifiers, without control or without the player', () => {
  assert.equal(keyAction('keydown', { key: ' ' }, { ...ctx, typing: true }), null);
  assert.equal(keyAction('keydown', { key: 'ArrowRight', ctrlKey: true }, ctx), null);
  assert.equal(keyAction('keydown', { key: ' ' }, { ...ctx, canControl: false }), null);
  assert.equal(keyAction('keydown', { key: ' ' }, { ...ctx, shown: false }), null);
  // Space's keyup is swallowed even without control: a focused button must not be clicked.
  assert.deepEqual(keyAction('keyup', { key: ' ' }, { ...ctx, canControl: false }), { prevent: true, command: null });
  assert.equal(keyAction('keyup', { key: 'ArrowLeft' }, ctx), null);
});

test('typing is in a field; the player shows alone or in a started console', () => {
  assert.equal(isTyping({ tagName: 'INPUT' }), true);
  assert.equal(isTyping({ tagName: 'DIV', isContentEditable: true }), true);
  assert.equal(isTyping({ tagName: 'BUTTON' }), false);
  assert.equal(isTyping(null), false);
  assert.equal(playerShown({ screen: 'player', snapshot: null }), true);
  assert.equal(playerShown({ screen: 'console', snapshot: { status: 'ready' } }), false);
  assert.equal(playerShown({ screen: 'console', snapshot: { status: 'paused' } }), true);
  assert.equal(playerShown({ screen: 'picker', snapshot: { status: 'running' } }), false);
});
