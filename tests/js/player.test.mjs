// The player's pure parts: the picture a step shows at a moment (stepfigure.js), the run's
// tally for the end screen (tally.js), the end screen's words (endview.js), who paused and
// the badges (playerview.js), and the store's end screen and pause rule (store.js).
// Timeline: the runner vectors' (three exercises: a hold each side, a bridge in tempo
// phases, advice; two closing steps).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pictureLabel, stepPicture, upNext } from '../../static/js/stepfigure.js';
import { atEnd, foldRun, summaryItems } from '../../static/js/tally.js';
import { clinicLinks, endCaption, endCaptions } from '../../static/js/endview.js';
import { longCaption, pausedBy, toggleLabel } from '../../static/js/playerview.js';
import { sameSnapshot, screenFor, Store } from '../../static/js/store.js';
import { toSvg } from '../../static/js/figure.js';

const here = dirname(fileURLToPath(import.meta.url));
const timeline = JSON.parse(readFileSync(join(here, '..', 'vectors', 'runner', 'walk-on-time.json'), 'utf8')).timeline;
const steps = timeline.steps;
const kind = (k, from = 0) => steps.findIndex((s, i) => i >= from && s.kind === k);
const HOLD = kind('hold');
const REST = kind('rest');
const LIFT = kind('rep');         // knees-bent -> bridge
const KEEP = LIFT + 1;            // bridge -> bridge: held
const ADVICE = kind('advice');
const DONE = kind('done');

// -- the picture -----------------------------------------------------------------------------

test('a tempo phase moves: its picture changes through the step and ends on its pose', () => {
  const step = steps[LIFT];
  const at = (ms) => stepPicture(timeline, step, ms);
  const keys = [0, 5, 10, 15, 20].map((ms) => at(ms).key);
  assert.equal(new Set(keys).size, keys.length, 'every moment its own picture');
  assert.notEqual(toSvg(at(0).draw()), toSvg(at(10).draw()));
  assert.equal(at(20).key, at(999).key, 'past the end it stays on the end pose');
  assert.match(toSvg(at(10).draw()), /aria-label="Bridge"/);
});

test('a hold, a held phase and reduced motion keep one still picture', () => {
  const hold = steps[HOLD];
  assert.equal(stepPicture(timeline, hold, 0).key, stepPicture(timeline, hold, 70).key);
  assert.equal(stepPicture(timeline, steps[KEEP], 0).key, stepPicture(timeline, steps[KEEP], 19).key);
  const lift = (ms) => stepPicture(timeline, steps[LIFT], ms, { reducedMotion: true });
  assert.equal(lift(0).key, lift(15).key);
  assert.equal(toSvg(lift(0).draw()), toSvg(stepPicture(timeline, steps[LIFT], 20).draw()),
    'reduced motion shows the end pose');
  assert.match(toSvg(stepPicture(timeline, hold, 0).draw()), /aria-label="Knee to chest, left side"/);
});

test('advice shows its icon; a step without a figure shows nothing', () => {
  const advice = stepPicture(timeline, steps[ADVICE], 10);
  assert.equal(advice.key, 'icon|weights');
  assert.match(toSvg(advice.draw()), /class="figure icon/);
  assert.equal(stepPicture(timeline, steps[0], 0), null, 'the intro');
  assert.equal(stepPicture(timeline, steps[DONE], 0), null);
  const unknown = { ...steps[HOLD], figure: { ...steps[HOLD].figure, exercise: 'nope' } };
  assert.equal(stepPicture(timeline, unknown, 0), null);
  assert.equal(pictureLabel('Bridge', null), 'Bridge');
});

test('next up: during the rest before another exercise, that exercise and its thumbnail', () => {
  const next = upNext(timeline, REST);
  assert.equal(next.name, 'Bridge');
  assert.match(toSvg(next.draw()), /class="figure thumb"/);
  assert.equal(upNext(timeline, HOLD), null, 'not a rest');
  const within = { ...timeline, steps: steps.map((s, i) => (i === REST ? { ...s, exercise_id: 'bridge' } : s)) };
  assert.equal(upNext(within, REST), null, 'a rest inside the exercise that comes next');
  const bare = { ...timeline, exercises: timeline.exercises.map((x) => ({ ...x, figure: null })) };
  assert.equal(upNext(bare, REST).draw, null, 'a name without a picture');
});

// -- the run's tally ----------------------------------------------------------------------------

const snap = (reason, index, status = 'running', at = 0) => ({ reason, index, status, server_now: at });

function fold(list) {
  return list.reduce((run, s) => foldRun(run, s, timeline), null);
}

test('a run played through counts every exercise done, its pauses and its time', () => {
  const list = [snap('start', 0, 'running', 1_000)];
  for (let i = 1; i <= DONE; i += 1) list.push(snap('step', i, 'running', 1_000 + i * 100));
  list.splice(3, 0, snap('pause', 2, 'paused'), snap('resume', 2));
  const run = fold(list);
  assert.deepEqual(run.done, ['knee-to-chest', 'bridge', 'lifting-weights']);
  assert.deepEqual(run.skipped, []);
  assert.equal(run.pauses, 1);
  assert.equal(run.endedAt, 1_000 + DONE * 100, 'the end is the first closing step');
  assert.deepEqual(summaryItems(run, timeline), [
    { value: '3 s', label: 'time' }, { value: '3 of 3', label: 'exercises done' },
    { value: '0', label: 'skipped' }, { value: '1', label: 'pause' }]);
  const later = foldRun(run, snap('finished', steps.length - 1, 'finished', 99_000), timeline);
  assert.equal(later.endedAt, run.endedAt, 'the end is counted once');
});

test('skipped by Next or a jump, unless done; a restart starts counting again', () => {
  const run = fold([snap('start', 0), snap('jump', HOLD), snap('step', HOLD + 1),
    snap('jump', ADVICE), snap('next', DONE)]);
  assert.deepEqual(run.done, ['knee-to-chest']);
  // The jump to the advice passed the right side's hold: skipped there, done on the left.
  assert.deepEqual(run.skipped, ['knee-to-chest', 'bridge', 'lifting-weights']);
  const items = summaryItems(run, timeline);
  assert.equal(items[1].value, '1 of 3');
  assert.equal(items[2].value, '2', 'done in one place and skipped in another counts as done');
  assert.equal(items[3].label, 'pauses');
  const again = foldRun(run, snap('restart', 0, 'running', 5), timeline);
  assert.deepEqual([again.done, again.skipped, again.pauses, again.startedAt], [[], [], 0, 5]);
  assert.equal(foldRun(run, snap('sync', 0, 'ready'), timeline), null, 'a new timeline, not started');
});

test('advice is done by hearing it; Next past the last step finishes the run', () => {
  const last = steps.length - 1;
  const run = fold([snap('start', 0), snap('jump', ADVICE), snap('step', ADVICE + 1),
    snap('next', last, 'running', 700), snap('next', last, 'finished', 800)]);
  assert.deepEqual(run.done, ['lifting-weights']);
  assert.deepEqual(run.skipped, ['knee-to-chest', 'bridge', 'lifting-weights']);
  assert.equal(run.endedAt, 700);
  assert.equal(summaryItems(run, timeline)[2].value, '2');
});

test('a page that came in mid-run counts from then, and says so; nothing before the end', () => {
  const run = fold([snap('sync', HOLD, 'running', 500)]);
  assert.equal(run.partial, true);
  assert.deepEqual(summaryItems(run, timeline), [], 'not at the end yet');
  const ended = foldRun(run, snap('step', DONE, 'running', 2_500), timeline);
  assert.equal(summaryItems(ended, timeline)[0].label, 'since you joined');
  assert.equal(summaryItems(ended, timeline)[0].value, '2 s');
  assert.equal(foldRun(null, snap('start', 0), null), null, 'no timeline, no tally');
});

test('the end: finished, or on a closing step', () => {
  assert.equal(atEnd(timeline, snap('step', DONE)), true);
  assert.equal(atEnd(timeline, snap('step', DONE - 1)), false);
  assert.equal(atEnd(timeline, snap('finished', DONE + 1, 'finished')), true);
  assert.equal(atEnd(timeline, null), false);
  assert.equal(atEnd(null, snap('step', 3)), false);
});

// -- the end screen, who paused, the controls ------------------------------------------------------

test('the end screen captions the closing words after the first, the last kept at the end', () => {
  assert.equal(endCaption(timeline, snap('step', DONE)), '');
  assert.equal(endCaption(timeline, snap('step', DONE + 1)), steps[DONE + 1].cue);
  assert.equal(endCaption(timeline, snap('finished', DONE + 1, 'finished')), steps.at(-1).cue);
  assert.equal(steps.at(-1).kind, 'done');
  assert.equal(endCaption(timeline, snap('step', HOLD)), '');
});

test('the end screen knows every caption it can show, to keep the room of the longest', () => {
  const shown = steps.map((s, i) => endCaption(timeline, snap('step', i))).filter(Boolean);
  assert.ok(shown.length > 0);
  assert.deepEqual(endCaptions(timeline), shown);
});

test('the clinic can be reached by a tel: link and a web address, or not at all', () => {
  assert.deepEqual(clinicLinks({ phone: '+1 (555) 0100', booking_url: 'https://x.org/b' }, 'http://h/'),
    { tel: 'tel:+15550100', booking: 'https://x.org/b' });
  assert.deepEqual(clinicLinks({ phone: '', booking_url: '' }, 'http://h/'), { tel: null, booking: null });
  assert.deepEqual(clinicLinks({ phone: 'ask', booking_url: 'javascript:alert(1)' }, 'http://h/'),
    { tel: null, booking: null });
  assert.equal(clinicLinks({ booking_url: 'http://[bad' }, 'http://h/').booking, null);
  assert.equal(clinicLinks(null, 'http://h/').tel, null);
});

test('who paused, as each device says it', () => {
  const tablet = { device_id: 'd-tab', name: 'Tablet', role: 'follower' };
  const clinician = { device_id: 'd-con', name: 'Controller', role: 'controller' };
  assert.equal(pausedBy(tablet, { role: 'controller', deviceId: 'd-con' }), 'Paused by Tablet');
  assert.equal(pausedBy(tablet, { role: 'follower', deviceId: 'd-tab' }), 'Paused by you');
  assert.equal(pausedBy(clinician, { role: 'follower', deviceId: 'd-tab' }), 'Paused by the clinician');
  assert.equal(pausedBy(clinician, { role: 'controller', deviceId: 'd-con' }), 'Paused by you');
  assert.equal(pausedBy({ ...tablet, name: '' }, { role: 'controller', deviceId: 'x' }), 'Paused by another device');
  assert.equal(pausedBy(clinician, { role: 'solo', deviceId: 'd-con' }), '', 'alone: just Paused');
  assert.equal(pausedBy(undefined, { role: 'follower', deviceId: 'd-tab' }), '');
});

test('at the end the controller\'s button runs it again; long captions are marked', () => {
  assert.deepEqual(toggleLabel('running', 'controller', true), { text: 'Again', name: 'Do it again' });
  assert.deepEqual(toggleLabel('running', 'follower', true), { text: 'Pause', name: 'Pause' });
  assert.equal(longCaption(steps[ADVICE].cue), true);
  assert.equal(longCaption('Left knee. Hold.'), false);
});

// -- the store ----------------------------------------------------------------------------------

test('the closing steps are the end screen for the patient; the console keeps its own', () => {
  const session = { id: 's' };
  assert.equal(screenFor({ session, role: 'solo', snapshot: snap('step', DONE), timeline }), 'finished');
  assert.equal(screenFor({ session, role: 'follower', snapshot: snap('step', DONE), timeline }), 'finished');
  assert.equal(screenFor({ session, role: 'solo', snapshot: snap('step', HOLD), timeline }), 'player');
  assert.equal(screenFor({ session, role: 'controller', snapshot: snap('step', DONE), timeline }), 'console');
  assert.equal(screenFor({ session, role: 'follower', snapshot: snap('sync', 0, 'ready'), timeline }), 'waiting');
});

test('a snapshot with who paused, twice, is applied and tallied once', () => {
  const store = new Store();
  store.set({ session: { id: 's' }, role: 'follower', timeline });
  const paused = () => ({ ...snap('pause', HOLD, 'paused', 10), session_id: 's',
    by: { device_id: 'd', name: 'Tablet', role: 'follower' } });
  assert.ok(sameSnapshot(paused(), paused()));
  assert.ok(!sameSnapshot(paused(), { ...paused(), by: { ...paused().by, name: 'TV' } }));
  store.applySnapshot({ ...snap('start', 0, 'running', 1), session_id: 's' });
  assert.equal(store.applySnapshot(paused()), true);
  assert.equal(store.applySnapshot(paused()), false, 'the ack and the room\'s copy');
  assert.equal(store.get('run').pauses, 1);
});

test('pausing is every device\'s; the rest needs control', () => {
  const store = new Store();
  store.set({ role: 'follower', sharedControl: false });
  assert.equal(store.mayCommand('pause'), true);
  for (const name of ['resume', 'next', 'previous', 'restart', 'jump']) assert.equal(store.mayCommand(name), false);
  store.set({ sharedControl: true });
  assert.equal(store.mayCommand('resume'), true);
});
