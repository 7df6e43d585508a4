// The overview's plots (static/js/plot.js): points where the values say, unanswered checks
// left out, the threshold line, and the calendar's weeks starting on Monday.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calendarWeeks, dayNumber, levelLine, linePlot } from '../../static/js/plot.js';

const box = { width: 140, height: 120, pad: 20 };  // inner 100 x 80

test('pain 0 sits on the bottom axis, 10 on the top, days spread left to right', () => {
  const plot = linePlot([
    { day: '2026-11-01', pain: 0, effort: 'too_easy' },
    { day: '2026-11-02', pain: 5, effort: null },
    { day: '2026-11-03', pain: 10, effort: 'too_hard' },
  ], 'pain', box);
  assert.deepEqual(plot.points.map((p) => [p.x, p.y]), [[20, 100], [70, 60], [120, 20]]);
  assert.equal(plot.path, 'M20 100 L70 60 L120 20');
  assert.equal(plot.points[2].label, '2026-11-03: pain 10');
  assert.deepEqual(plot.days, ['2026-11-01', '2026-11-03']);
  assert.deepEqual(plot.ticks.map((t) => t.label), ['0', '5', '10']);
});

test('effort is plotted on its three levels; an unanswered effort is left out', () => {
  const plot = linePlot([
    { day: '2026-11-01', pain: 2, effort: 'too_easy' },
    { day: '2026-11-02', pain: 2, effort: null },
    { day: '2026-11-03', pain: 2, effort: 'too_hard' },
  ], 'effort', box);
  assert.deepEqual(plot.points.map((p) => p.y), [100, 20]);
  assert.equal(plot.points[1].label, '2026-11-03: Too hard');
  assert.deepEqual(plot.ticks.map((t) => t.label), ['Easy', 'Right', 'Hard']);
});

test('one answer is a point in the middle; none is an empty plot', () => {
  const one = linePlot([{ day: '2026-11-01', pain: 7, effort: null }], 'pain', box);
  assert.deepEqual([one.points[0].x, one.points[0].y], [70, 44]);
  assert.equal(linePlot([{ day: '2026-11-01', pain: null, effort: null }], 'pain', box).empty, true);
});

test('the threshold line is at its pain level', () => {
  assert.deepEqual(levelLine(7, box), { x1: 20, x2: 120, y1: 44, y2: 44 });
});

test('calendar weeks start on Monday and each cell says how the day went', () => {
  assert.equal(dayNumber('1970-01-02'), 1);
  // 2026-11-25 is a Wednesday.
  const weeks = calendarWeeks([
    { day: '2026-11-25', planned: 1, done: 1 },
    { day: '2026-11-26', planned: 2, done: 1 },
    { day: '2026-11-27', planned: 1, done: 0 },
    { day: '2026-11-28', planned: null, done: 0 },
    { day: '2026-11-29', planned: null, done: 1 },
    { day: '2026-11-30', planned: 1, done: 3 },
  ]);
  assert.equal(weeks.length, 2);
  assert.deepEqual(weeks[0].slice(0, 2), [null, null]);
  assert.deepEqual(weeks[0].slice(2).map((c) => c.state), ['done', 'part', 'missed', 'rest', 'done']);
  assert.equal(weeks[1][0].day, '2026-11-30');
  assert.equal(weeks[1].length, 7);
  assert.equal(weeks[1][1], null);
});
