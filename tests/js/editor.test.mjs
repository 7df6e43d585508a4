// The routine editor's pure parts: document edits by path, reorder, kinds and doses, the
// server's problems by field, and a handout draft's quotes in their sentences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  addExercise, doseMode, fieldFor, freeId, getAt, joinPath, moveItem, newExercise, parsePath,
  problemsByField, removeAt, setAt, setKind, slugify, typedNumber, withDoseMode, withOrigin,
} from '../../static/js/editordoc.js';
import {
  guessed, locate, markedHandout, reviewOf, reviewSummary, sentenceAround, sourceOf,
} from '../../static/js/editordraft.js';
import { handoutText } from '../../static/js/editorfile.js';
import { choose, pressed, valueOf } from '../../static/js/editoractions.js';
import { buildWords, cuesWithoutClips } from '../../static/js/editorvoice.js';
import {
  movement, movementAt, posesOf, previewOf, previewSide,
} from '../../static/js/editorfigure.js';
import { scene, toSvg } from '../../static/js/figure.js';

const here = dirname(fileURLToPath(import.meta.url));

const doc = () => ({
  id: 'r', title: 'R',
  exercises: [
    { id: 'a', name: 'A', kind: 'hold', hold: { value: 5, from: 'editorial' }, reps: { value: 3, from: 'editorial' } },
    { id: 'b', name: 'B', kind: 'advice', instructions: ['Say it.'] },
    { id: 'c', name: 'C', kind: 'reps', reps: { min: 8, max: 12, from: 'source', quote: '8 to 12 times' },
      tempo: [{ say: 'Up.', seconds: { value: 2, from: 'editorial' } }] },
  ],
});

test('paths read and write in the server\'s spelling', () => {
  assert.deepEqual(parsePath('exercises[2].hold.min'), ['exercises', 2, 'hold', 'min']);
  assert.deepEqual(parsePath('exercises[0].tempo[1].seconds'), ['exercises', 0, 'tempo', 1, 'seconds']);
  assert.deepEqual(parsePath(''), []);
  assert.equal(joinPath(['exercises', 2, 'hold', 'min']), 'exercises[2].hold.min');
  assert.throws(() => parsePath('exercises[x]'), /not a field path/);
  const d = doc();
  assert.equal(getAt(d, 'exercises[2].reps.quote'), '8 to 12 times');
  assert.equal(getAt(d, 'exercises[9].hold'), undefined);
  assert.equal(getAt(d, 'title.nothing'), undefined);
});

test('an edit returns a new document and leaves the old one unchanged', () => {
  const d = doc();
  const before = JSON.stringify(d);
  const e = setAt(d, 'exercises[0].hold.value', 12);
  assert.equal(e.exercises[0].hold.value, 12);
  assert.equal(JSON.stringify(d), before);
  assert.equal(e.exercises[1], d.exercises[1]);               // untouched parts are shared
  const f = setAt(d, 'intro[0]', 'Stop if it hurts.');        // a list made where there was none
  assert.deepEqual(f.intro, ['Stop if it hurts.']);
  const g = removeAt(d, 'exercises[1]');
  assert.deepEqual(g.exercises.map((x) => x.id), ['a', 'c']);
  const h = removeAt(d, 'exercises[2].reps.quote');
  assert.equal('quote' in h.exercises[2].reps, false);
  assert.equal(JSON.stringify(d), before);
});

test('reorder moves one exercise a place and stays put at either end', () => {
  const d = doc();
  const down = moveItem(d, 'exercises', 0, 1);
  assert.deepEqual(down.doc.exercises.map((x) => x.id), ['b', 'a', 'c']);
  assert.equal(down.index, 1);
  const up = moveItem(down.doc, 'exercises', 2, -1);
  assert.deepEqual(up.doc.exercises.map((x) => x.id), ['b', 'c', 'a']);
  assert.equal(up.index, 1);
  assert.equal(moveItem(d, 'exercises', 0, -1).doc, d);
  assert.equal(moveItem(d, 'exercises', 2, 1).index, 2);
  assert.equal(moveItem(d, 'exercises[0].tempo', 0, 1).doc, d);  // no such list: no change
});

test('a new exercise gets a free id and editorial doses for its kind', () => {
  assert.equal(slugify('Knee to Chest!'), 'knee-to-chest');
  assert.equal(slugify('Étirement   du dos'), 'etirement-du-dos');
  assert.equal(slugify('***'), 'exercise');
  assert.equal(freeId('a', ['a', 'a-2']), 'a-3');
  const hold = newExercise('hold', ['new-exercise']);
  assert.equal(hold.id, 'new-exercise-2');
  assert.equal(hold.hold.from, 'editorial');
  assert.equal('tempo' in hold, false);
  const reps = newExercise('reps', []);
  assert.ok(reps.tempo.length >= 1);
  assert.equal('hold' in reps, false);
  assert.deepEqual(Object.keys(newExercise('advice', [])).sort(), ['id', 'instructions', 'kind', 'name']);
  const { doc: d, index } = addExercise(doc(), 'hold');
  assert.equal(index, 3);
  assert.equal(d.exercises.length, 4);
  assert.equal(addExercise({ id: 'x' }, 'advice').doc.exercises.length, 1);
});

test('a change of kind drops what the new kind cannot have and adds what it needs', () => {
  const d = setAt(doc(), 'exercises[0].figure', { position: 'supine', start: 'lying', hold: 'knee-hug' });
  const reps = setKind(d, 0, 'reps');
  const x = reps.exercises[0];
  assert.equal(x.kind, 'reps');
  assert.equal('hold' in x, false);
  assert.ok(Array.isArray(x.tempo));
  assert.equal(x.reps.value, 3);                              // kept
  assert.equal('hold' in x.figure, false);
  const advice = setKind(setAt(d, 'exercises[0].sides', 'each'), 0, 'advice').exercises[0];
  assert.deepEqual(['hold', 'reps', 'sets', 'tempo', 'sides'].filter((k) => k in advice), []);
  const hold = setKind(doc(), 2, 'hold').exercises[2];
  assert.equal('tempo' in hold, false);
  assert.equal(hold.hold.from, 'editorial');
  assert.deepEqual(hold.reps, doc().exercises[2].reps);
});

test('a dose is a value or a range, from the source with its quote or editorial', () => {
  const v = { value: 8, from: 'source', quote: 'eight' };
  assert.equal(doseMode(v), 'value');
  const r = withDoseMode(v, 'range');
  assert.deepEqual(r, { from: 'source', quote: 'eight', min: 8, max: 8 });
  assert.equal(doseMode(r), 'range');
  assert.deepEqual(withDoseMode({ min: 8, max: 10, from: 'editorial' }, 'value'), { from: 'editorial', value: 8 });
  const sides = withDoseMode(v, 'sides');                     // the same dose on each side
  assert.deepEqual(sides, { left: v, right: v });
  assert.equal(doseMode(sides), 'sides');
  assert.equal(withDoseMode(sides, 'value'), v);              // back: the left one
  assert.deepEqual(withDoseMode({ left: r, right: v }, 'value'), { from: 'source', quote: 'eight', value: 8 });
  assert.equal(withDoseMode(v, 'value'), v);
  assert.deepEqual(withOrigin(v, 'editorial'), { value: 8, from: 'editorial' });
  assert.deepEqual(withOrigin({ value: 8, from: 'editorial' }, 'source'), { value: 8, from: 'source', quote: '' });
  assert.equal(typedNumber(' 12 '), 12);
  assert.equal(typedNumber('12.5'), '12.5');                 // the server says what is wrong
  assert.equal(typedNumber(''), '');
});

test('each problem goes next to the closest field the page shows', () => {
  const shown = ['title', 'exercises[2]', 'exercises[2].hold', 'exercises[2].tempo[0].seconds'];
  assert.equal(fieldFor('exercises[2].hold', shown), 'exercises[2].hold');
  assert.equal(fieldFor('exercises[2].hold.min', shown), 'exercises[2].hold');
  assert.equal(fieldFor('exercises[2].tempo[0].seconds.value', shown), 'exercises[2].tempo[0].seconds');
  assert.equal(fieldFor('exercises[2].figure.start', shown), 'exercises[2]');
  assert.equal(fieldFor('exercises[20].hold', shown), '');
  assert.equal(fieldFor('', shown), '');
  const by = problemsByField([
    { path: 'exercises[2].hold', message: 'a' }, { path: 'exercises[2].hold.max', message: 'b' },
    { path: 'language', message: 'c' },
  ], shown);
  assert.deepEqual(by.get('exercises[2].hold'), ['a', 'b']);
  assert.deepEqual(by.get(''), ['c']);
});

const HANDOUT = readFileSync(join(here, '..', 'corpus', 'handouts', 'seed_lower_back_hip.txt'), 'utf8');

test('each quote is found in its own sentence, in the handout\'s order', () => {
  const found = [
    { path: 'exercises[0].hold', quote: 'hold for eight to ten seconds' },
    { path: 'exercises[0].reps', quote: 'Repeat three times' },
    { path: 'exercises[1].reps', quote: 'Repeat three times' },
    { path: 'exercises[5].reps', quote: 'not in the text' },
  ];
  const at = locate(HANDOUT, found);
  assert.ok(at[1].at > at[0].at);
  assert.ok(at[2].at > at[1].at);                             // the second one, not the first again
  assert.equal(at[3].at, -1);
  const src = sourceOf(HANDOUT, at, 'exercises[0].hold');
  assert.equal(src.quote, 'hold for eight to ten seconds');
  assert.equal(`${src.before}${src.quote}${src.after}`,
    'Bring one knee to your chest and hold for eight to ten seconds.');
  assert.equal(sourceOf(HANDOUT, at, 'exercises[1].reps').after, ' for a total of eight to 10 counts.');
  assert.equal(sourceOf(HANDOUT, at, 'exercises[5].reps'), null);
  assert.equal(sourceOf(HANDOUT, at, 'title'), null);
});

test('a sentence ends at its stop or its line', () => {
  const t = 'Title line\nOne. Hold 5 s. Three!';
  const words = (from, to) => t.slice(...sentenceAround(t, from, to));
  assert.equal(words(t.indexOf('Hold'), t.indexOf('Hold') + 4), 'Hold 5 s.');
  assert.equal(words(t.indexOf('5 s'), t.indexOf('5 s') + 4), 'Hold 5 s.');  // the stop in the quote
  assert.equal(words(0, 5), 'Title line');
  assert.equal(words(t.indexOf('Three'), t.length), 'Three!');
});

test('the review panel marks every found value in the whole handout, and lists the rest', () => {
  const text = 'Hold 5 s. Do it 3 times. Then rest.';
  const at = locate(text, [{ path: 'b', quote: '3 times' }, { path: 'a', quote: 'Hold 5 s' }]);
  const segs = markedHandout(text, at);
  assert.equal(segs.map((s) => s.text).join(''), text);
  assert.deepEqual(segs.filter((s) => s.path).map((s) => s.path), ['a', 'b']);
  assert.deepEqual(markedHandout('', []), []);
  assert.ok(guessed('exercises[6].hold', ['exercises[6]']));
  assert.ok(guessed('exercises[6].hold.value', ['exercises[6].hold']));
  assert.ok(!guessed('exercises[60].hold', ['exercises[6]']));
  assert.equal(reviewSummary({ found: [1, 2], editorial: [1], unplaced: ['x'] }),
    '2 values taken from the handout, 1 guessed (marked editorial), 1 sentences not placed.');
});

test('the review of a draft: quotes located, whole handout marked, flags and leftovers kept', () => {
  const text = '1 Bridge\nLift your hips. Repeat ten times.\n\nCall us!';
  const review = reviewOf(text, {
    found: [{ path: 'exercises[0].reps', quote: 'Repeat ten times' }],
    editorial: ['exercises[0].tempo'], unplaced: ['Call us!'],
    flags: [{ path: 'exercises[0]', message: 'check it' }],
  });
  assert.equal(review.located[0].at, text.indexOf('Repeat'));
  assert.equal(review.segments.map((s) => s.text).join(''), text);
  assert.deepEqual(review.flags, [{ path: 'exercises[0]', message: 'check it' }]);
  assert.equal(review.summary, '1 values taken from the handout, 1 guessed (marked editorial), 1 sentences not placed.');
  assert.deepEqual(reviewOf('', {}).flags, []);
});

test('a handout file is read as UTF-8, else as Windows-1252; other files are refused', async () => {
  const utf8 = new File(['\uFEFFHold – 10 s'], 'a.txt');
  assert.equal(await handoutText(utf8, 1000), 'Hold – 10 s');
  // (0xE9 is é in Windows-1252 and Latin-1 alike: node without full ICU knows only the latter)
  const cp1252 = new File([new Uint8Array([0x50, 0x72, 0xe9, 0x73, 0x20, 0x31, 0x30])], 'b.md');
  assert.equal(await handoutText(cp1252, 1000), 'Prés 10');
  await assert.rejects(handoutText(new File(['x'], 'c.pdf'), 1000), /\.txt or \.md/);
  await assert.rejects(handoutText(new File(['x'.repeat(2048)], 'd.txt'), 1024), /over 1 KB/);
});

const LIB = (() => {
  const tl = JSON.parse(readFileSync(join(here, '..', 'vectors', 'runner', 'walk-on-time.json'), 'utf8')).timeline;
  const poses = Object.assign({}, ...tl.exercises.filter((x) => x.figure && x.figure.poses).map((x) => x.figure.poses));
  const positions = {};
  for (const x of tl.exercises) {
    const f = x.figure;
    if (f && f.position) positions[f.position] = { body: f.body, anchor: f.anchor, scene: f.scene };
  }
  return { positions, poses, views: ['side', 'end'], focus: ['legs'], icons: ['weights'] };
})();

test('the figure picker\'s pictures: each chosen pose, drawn with only the poses it uses', () => {
  assert.deepEqual(posesOf({ position: 'supine', start: 'lying', hold: 'knee-hug' }, 'hold'),
    [{ caption: 'Start', pose: 'lying' }, { caption: 'Hold', pose: 'knee-hug' }]);
  assert.deepEqual(posesOf({ position: 'supine', start: 'knees-bent', tempo: ['bridge', 'knees-bent'] }, 'reps',
    [{ say: 'Lift.' }, { say: 'Lower slowly.' }]).map((p) => p.caption),
  ['Start', 'Phase 1: Lift', 'Phase 2: Lower slowly']);
  assert.deepEqual(posesOf({ icon: 'weights' }, 'advice'), []);
  const shown = previewOf(LIB, { position: 'supine', start: 'lying', hold: 'knee-hug', focus: ['legs'] }, 'hold');
  assert.deepEqual(Object.keys(shown.figure.poses).sort(), ['knee-hug', 'lying']);
  for (const { from, to } of shown.pictures) {
    const svg = toSvg(scene(shown.figure, { from, to, side: 'left', label: 'x' }));
    assert.match(svg, /^<svg /);
  }
  assert.deepEqual(previewOf(LIB, { position: 'supine', start: 'my-own' }, 'hold').missing, ['my-own']);
  assert.equal(previewOf(LIB, { position: 'nowhere', start: 'lying' }, 'hold'), null);
  assert.equal(previewOf(LIB, null, 'hold'), null);
  assert.equal(previewOf(LIB, { icon: 'weights' }, 'advice').figure.icon, 'weights');
  assert.equal(previewOf(LIB, { icon: 'nothing' }, 'advice'), null);
  assert.equal(previewSide({ sides: 'each' }), 'left');
  assert.equal(previewSide({ sides: 'both' }), null);
});

test('each select and box of the form makes its edit', () => {
  assert.equal(valueOf({ type: 'number', value: '12' }), 12);
  assert.deepEqual(valueOf({ type: 'lines', value: ' One.\n\n Two. \n' }), ['One.', 'Two.']);
  assert.equal(valueOf({ type: 'text', optional: true, value: '  ' }), undefined);
  assert.equal(valueOf({ type: 'text', value: '' }), '');
  const d = doc();
  assert.equal(choose(d, { action: 'kind', path: 'exercises[1].kind', value: 'hold' }).exercises[1].hold.from, 'editorial');
  assert.deepEqual(choose(d, { action: 'dose-mode', path: 'exercises[0].hold#mode', value: 'range' }).exercises[0].hold,
    { from: 'editorial', min: 5, max: 5 });
  assert.equal(choose(d, { action: 'origin', path: 'exercises[2].reps.from', value: 'editorial' }).exercises[2].reps.quote, undefined);
  const placed = choose(d, { action: 'figure-position', path: 'exercises[0].figure.position', value: 'wall' });
  assert.deepEqual(placed.exercises[0].figure, { position: 'wall' });
  assert.equal(choose(placed, { action: 'figure-position', path: 'exercises[0].figure.position', value: '' }).exercises[0].figure, undefined);
  assert.deepEqual(choose(d, { action: 'figure-icon', path: 'exercises[1].figure.icon', value: 'weights' }).exercises[1].figure, { icon: 'weights' });
  const lit = choose(placed, { action: 'toggle', list: 'exercises[0].figure.focus', value: 'legs', checked: true });
  assert.deepEqual(lit.exercises[0].figure.focus, ['legs']);
  assert.equal(choose(lit, { action: 'toggle', list: 'exercises[0].figure.focus', value: 'legs', checked: false }).exercises[0].figure.focus, undefined);
  const kit = choose(choose(d, { action: 'toggle', list: 'equipment', value: 'mat', checked: true }),
    { action: 'toggle', list: 'equipment', value: 'towel', checked: true });
  assert.deepEqual(kit.equipment, ['mat', 'towel']);
  assert.equal(choose(d, { action: 'shape', path: 'exercises[0].sides', value: 'each', type: 'text' }).exercises[0].sides, 'each');
});

test('each button of the form makes its edit and says where the focus goes', () => {
  const d = doc();
  const down = pressed(d, { action: 'move', index: 0, delta: 1 });
  assert.deepEqual(down.doc.exercises.map((x) => x.id), ['b', 'a', 'c']);
  assert.equal(down.focus, 'f-exercises-1-title');
  assert.equal(down.said, 'Moved to place 2.');
  const gone = pressed(d, { action: 'remove', index: 2 });
  assert.equal(gone.doc.exercises.length, 2);
  assert.equal(gone.focus, 'f-exercises-1-title');                   // the one now last
  const empty = pressed({ exercises: [d.exercises[0]] }, { action: 'remove', index: 0 });
  assert.equal(empty.focus, 'f--new-kind');                          // the new exercise's kind
  const added = pressed(d, { action: 'add', kind: 'reps' });
  assert.equal(added.doc.exercises[3].kind, 'reps');
  assert.equal(added.focus, 'f-exercises-3-title');
  const phase = pressed(d, { action: 'add-phase', index: 2 });
  assert.equal(phase.doc.exercises[2].tempo.length, 2);
  assert.equal(phase.focus, 'f-exercises-2-tempo-1-say');
  assert.equal(pressed(phase.doc, { action: 'remove-phase', index: 2, phase: 0 }).doc.exercises[2].tempo[0].say, 'Hold.');
  const sets = pressed(d, { action: 'add-sets', index: 0 });
  assert.deepEqual(sets.doc.exercises[0].sets, { value: 2, from: 'editorial' });
  assert.equal(pressed(sets.doc, { action: 'remove-field', path: 'exercises[0].sets' }).doc.exercises[0].sets, undefined);
  const withTiming = { ...d, timing: { rest_between_reps: { min: 2, max: 4, from: 'source', quote: 'x' } } };
  const rest = pressed(withTiming, { action: 'add-rest', index: 0, rest: 'rest_between_reps' });
  assert.deepEqual(rest.doc.exercises[0].timing, { rest_between_reps: { min: 2, max: 4, from: 'editorial' } });
  assert.equal(rest.focus, 'f-exercises-0-timing-rest-between-reps-mode');
  const other = pressed(d, { action: 'add-rest', index: 0, rest: 'switch_sides' });
  assert.deepEqual(other.doc.exercises[0].timing.switch_sides, { value: 5, from: 'editorial' });
  const bare = pressed(other.doc, { action: 'remove-field', path: 'exercises[0].timing.switch_sides' });
  assert.equal('timing' in bare.doc.exercises[0], false);          // no empty timing left behind
  assert.equal(pressed(d, { action: 'nothing' }).doc, d);
});

test('the recorded voice: which cues still need a clip, and the progress in words', () => {
  const script = [{ say: 'Lift.' }, { say: '' }, { say: 'Lift.' }, { say: 'Rest.' }];
  assert.deepEqual(cuesWithoutClips(script, new Map([['Rest.', '/audio/x.mp3']])), ['Lift.']);
  assert.deepEqual(cuesWithoutClips(script, new Map([['Rest.', 'a'], ['Lift.', 'b']])), []);
  assert.equal(buildWords({ state: 'building', done: 3, total: 9, failed: 0 }), 'Making the recorded voice: 3 of 9 cues.');
  assert.equal(buildWords({ state: 'done', done: 9, total: 9, failed: 0 }), 'The recorded voice is ready: Listen plays it.');
  assert.match(buildWords({ state: 'done', done: 9, total: 9, failed: 2 }), /7 of 9 cues; the others use this device's voice/);
});

test('the movement goes from the start through each pose and back, a leg at a time', () => {
  const pics = (...poses) => poses.map((to) => ({ from: to, to }));
  assert.deepEqual(movement(pics('lying', 'knee-hug')),
    [{ from: 'lying', to: 'knee-hug' }, { from: 'knee-hug', to: 'lying' }]);
  assert.deepEqual(movement(pics('knees-bent', 'bridge', 'bridge', 'knees-bent')),
    [{ from: 'knees-bent', to: 'bridge' }, { from: 'bridge', to: 'knees-bent' }]);
  assert.deepEqual(movement(pics('lying')), []);
  const legs = movement(pics('lying', 'knee-hug'));
  assert.deepEqual(movementAt(legs, 0, 1000), { from: 'lying', to: 'knee-hug', progress: 0 });
  assert.deepEqual(movementAt(legs, 1500, 1000), { from: 'knee-hug', to: 'lying', progress: 0.5 });
  assert.equal(movementAt(legs, 2000, 1000), null);
});
