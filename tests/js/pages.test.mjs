// The pages' pure parts: focus on a screen change, the console's dose boxes, errors and
// session bar, the handout's address and pictures, list thumbnails, local times.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { headingToFocus, SCREEN_HEADINGS } from '../../static/js/focus.js';
import { sectionsFor } from '../../static/js/view.js';
import { devicesSummary, doseShown, pausedById } from '../../static/js/consoleview.js';
import { startBlockers } from '../../static/js/console.js';
import { handoutUrl, handoutScenes } from '../../static/js/handout.js';
import { decorative } from '../../static/js/figuredom.js';
import { thumbnail, toSvg } from '../../static/js/figure.js';
import { localTime } from '../../static/js/format.js';

const here = dirname(fileURLToPath(import.meta.url));
const figureOf = (id) => {
  const tl = JSON.parse(readFileSync(join(here, '..', 'vectors', 'runner', 'walk-on-time.json'), 'utf8')).timeline;
  return (tl.exercises.find((x) => x.id === id) || tl.exercises.find((x) => x.figure) || {}).figure;
};

test('a screen change focuses the new main section\'s heading; the first render does not', () => {
  const picker = sectionsFor('picker', null);
  const setup = sectionsFor('console', { status: 'ready' });
  const running = sectionsFor('console', { status: 'running' });
  assert.equal(headingToFocus(null, picker), null);
  assert.equal(headingToFocus(picker, picker), null);
  assert.equal(headingToFocus(picker, setup), 'setup-title');         // not the join card
  assert.equal(headingToFocus(setup, running), 'exercise-name');      // Start: the player
  assert.equal(headingToFocus(running, running), null);               // a new step: stays
  assert.equal(headingToFocus(running, picker), 'picker-title');
  assert.equal(headingToFocus(['player'], ['finished']), 'finished-title');
  assert.equal(headingToFocus(picker, ['waiting']), 'waiting-title');
  // Every screen sectionsFor can show has a heading to go to.
  for (const screen of ['picker', 'player', 'finished', 'waiting']) {
    assert.ok(SCREEN_HEADINGS[sectionsFor(screen, null)[0]], screen);
  }
});

test('a dose box shows the value typed for this patient, else the routine\'s', () => {
  assert.equal(doseShown(undefined, 9), '9');
  assert.equal(doseShown(null, 9), '9');
  assert.equal(doseShown(12, 9), '12');
  assert.equal(doseShown(undefined, undefined), '');
});

test('Start is stopped by each bad dose of a chosen exercise, then the form\'s own error', () => {
  const setup = { exercises: ['a', 'b'] };
  const doseInvalid = { 'a/hold': 'Hold seconds for A: a whole number from 1 to 600.',
    'c/reps': 'Reps for C: a whole number from 1 to 50.' };
  assert.deepEqual(startBlockers({ doseInvalid, setupError: '', setup }),
    [{ text: 'Hold seconds for A: a whole number from 1 to 600.', box: 'setup-hold-a' }]);
  assert.deepEqual(startBlockers({ doseInvalid: {}, setupError: 'Choose at least one exercise.', setup }),
    [{ text: 'Choose at least one exercise.', box: null }]);
  assert.deepEqual(startBlockers({ doseInvalid: {}, setupError: '', setup }), []);
});

test('the session bar sums up the patient\'s devices in words', () => {
  const me = { role: 'controller', connected: true, audio_unlocked: false, muted: true };
  const tablet = { role: 'follower', connected: true, audio_unlocked: true, muted: false };
  assert.equal(devicesSummary([me]), 'No patient device yet');
  assert.equal(devicesSummary([me, tablet]), '1 patient device connected · sound on');
  assert.equal(devicesSummary([me, { ...tablet, audio_unlocked: false }]),
    '1 patient device connected · 1 device without sound');
  assert.equal(devicesSummary([me, tablet, { ...tablet, connected: false }]),
    '1 patient device connected · 1 disconnected · sound on');
  assert.equal(devicesSummary([me, { ...tablet, connected: false }]), 'Patient device disconnected');
  assert.equal(devicesSummary([me, tablet, { ...tablet }]), '2 patient devices connected · sound on');
});

test('the console marks the device that paused the session', () => {
  const me = { id: 'c1', role: 'controller', connected: true, audio_unlocked: false, muted: true };
  const tablet = { id: 'd2', name: 'Phone', role: 'follower', connected: true, audio_unlocked: true, muted: false };
  const by = { device_id: 'd2', name: 'Phone', role: 'follower' };
  assert.equal(pausedById({ status: 'paused', by }), 'd2');
  assert.equal(pausedById({ status: 'running', by }), null, 'only while paused');
  assert.equal(pausedById({ status: 'paused' }), null, 'paused before a restart: nobody known');
  assert.equal(pausedById({ status: 'paused', by: { ...by, device_id: null } }), null);
  assert.equal(pausedById(null), null);
  assert.equal(devicesSummary([me, tablet], 'd2'), '1 patient device connected · sound on · paused by Phone');
  assert.equal(devicesSummary([me, tablet], 'c1'), '1 patient device connected · sound on · paused by you');
  assert.equal(devicesSummary([me, tablet], 'gone'), '1 patient device connected · sound on');
});

test('the handout\'s address carries the pace, the chosen exercises and the typed doses', () => {
  assert.equal(handoutUrl('lower-back-hip', { pace: 'gentle' }), '/print/lower-back-hip?pace=gentle');
  assert.equal(handoutUrl('r', { pace: 'standard', exercises: ['a', 'b'],
    overrides: { a: { hold: 12, reps: null } } }), '/print/r?pace=standard&exercises=a%2Cb&a.hold=12');
  assert.equal(handoutUrl('r'), '/print/r');
});

test('the handout draws where an exercise starts and what it holds or moves to', () => {
  const figure = figureOf('knee-to-chest');
  const [start, held] = handoutScenes({ figure, kind: 'hold', name: 'Knee to chest', side: 'left' });
  assert.equal(start.caption, 'Start');
  assert.equal(held.caption, 'Hold');
  assert.equal(start.node.attrs['aria-label'], 'Knee to chest: start');
  assert.notEqual(toSvg(start.node), toSvg(held.node));
  assert.equal(handoutScenes({ figure, kind: 'reps', name: 'X' })[1].caption, 'Move');
  assert.equal(handoutScenes({ figure: { ...figure, show: figure.start }, kind: 'hold', name: 'X' }).length, 1);
  const [icon] = handoutScenes({ figure: { icon: 'weights' }, kind: 'advice', name: 'Lifting' });
  assert.equal(icon.caption, '');
  assert.match(toSvg(icon.node), /class="figure icon/);
  assert.deepEqual(handoutScenes({ figure: null, kind: 'hold', name: 'X' }), []);
});

test('a list\'s thumbnail is hidden from assistive technology: the words name the item', () => {
  const node = decorative(thumbnail(figureOf('knee-to-chest'), { label: 'Knee to chest' }));
  assert.equal(node.attrs['aria-hidden'], 'true');
  assert.equal(node.attrs.role, undefined);
  assert.equal(node.attrs['aria-label'], undefined);
  assert.ok(node.children.length > 0);
});

test('a moment in the reader\'s time zone', () => {
  const iso = '2026-03-01T13:05:00Z';
  assert.equal(localTime(iso, { locale: 'en-GB', timeZone: 'UTC' }), '1 Mar 2026, 13:05');
  assert.equal(localTime(iso, { locale: 'en-GB', timeZone: 'Australia/Sydney' }), '2 Mar 2026, 00:05');
  assert.equal(localTime('not a time'), 'not a time');
});
