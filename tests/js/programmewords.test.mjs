// Words about a programme (static/js/programmewords.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attentionText, frequencyText, outboxText, planText } from '../../static/js/programmewords.js';

test('how often, in words', () => {
  assert.equal(frequencyText({ times: 1, per: 'day' }), 'Once a day');
  assert.equal(frequencyText({ times: 2, per: 'day' }), '2 times a day');
  assert.equal(frequencyText({ times: 3, per: 'week' }), '3 times a week');
  assert.equal(planText({ frequency: { times: 1, per: 'week' }, end_date: '2027-01-31' }),
    'Once a week, until 2027-01-31.');
  assert.equal(planText({ frequency: { times: 1, per: 'day' }, end_date: null }), 'Once a day.');
});

test('the outbox in words: sent, waiting, or a dead link', () => {
  assert.match(outboxText(0, ''), /Everything is sent/);
  assert.match(outboxText(1, ''), /^1 answer is saved/);
  assert.match(outboxText(12, ''), /^12 answers are saved/);
  assert.match(outboxText(3, 'no_such_programme'), /no longer works/);
});

test('why a programme needs attention', () => {
  assert.equal(attentionText({ attention: 'open_flags', open_flags: 2 }), '2 flags to see');
  assert.equal(attentionText({ attention: 'missed_sessions', planned_7d: 7, done_7d: 3 }),
    '4 sessions missed this week');
  assert.equal(attentionText({ attention: 'none' }), 'On track');
  assert.equal(attentionText({ attention: 'open_flags', open_flags: 1, revoked: true }), 'Link revoked');
});
