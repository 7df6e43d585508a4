// The controllers' pure parts: the console's configure payload and dose checks, joining,
// preferences, this browser's sessions, saved copies as a routine list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configurePayload, readDose, toggled } from '../../static/js/console.js';
import { deviceName, codeFromPath, pathForCode } from '../../static/js/joining.js';
import { Prefs, volumeFrom, paceFrom, routineFrom } from '../../static/js/prefs.js';
import { parseOwned, withOwned, withoutOwned, staleOwned, OwnedSessions } from '../../static/js/owned.js';
import { routinesFromSaved, updateKey } from '../../static/js/saving.js';
import { sessionFrom } from '../../static/js/session.js';
import { Store } from '../../static/js/store.js';

test('configure: chosen exercises in the routine\'s order, only their overrides with values', () => {
  const setup = {
    pace: 'extended', exercises: ['c', 'a'],
    overrides: { a: { hold: 12, reps: null }, b: { reps: 4 }, c: { sets: null } },
  };
  assert.deepEqual(configurePayload(setup, ['a', 'b', 'c']),
    { pace: 'extended', exercises: ['a', 'c'], overrides: { a: { hold: 12 } } });
  assert.equal(configurePayload({ ...setup, exercises: [] }, ['a']), null);
});

test('a typed dose: empty keeps the routine\'s value; whole numbers within the limits only', () => {
  const limits = { min: 1, max: 50 };
  assert.deepEqual(readDose('  ', limits), { value: null, ok: true });
  assert.deepEqual(readDose('12', limits), { value: 12, ok: true });
  assert.equal(readDose('0', limits).ok, false);
  assert.equal(readDose('51', limits).ok, false);
  assert.equal(readDose('2.5', limits).ok, false);
  assert.equal(readDose('ten', limits).ok, false);
});

test('the last chosen exercise cannot be left out', () => {
  assert.deepEqual(toggled(['a', 'b'], 'b', false), ['a']);
  assert.deepEqual(toggled(['a'], 'b', true), ['a', 'b']);
  assert.equal(toggled(['a'], 'a', false), null);
});

test('joining: the device\'s name, the code in a join link, the link for a code', () => {
  assert.equal(deviceName(390), 'Phone');
  assert.equal(deviceName(800), 'Tablet');
  assert.equal(deviceName(1280), 'Large screen');
  assert.equal(codeFromPath('/j/ACDEFH'), 'ACDEFH');
  assert.equal(codeFromPath('/j/ACD%20EFH/'), 'ACD EFH');
  assert.equal(codeFromPath('/j/%E0%A4%A'), null);
  assert.equal(codeFromPath('/'), null);
  assert.equal(pathForCode('ACD-EFH'), '/j/ACDEFH');
});

test('a create or join answer as the page\'s session', () => {
  const answer = { session_id: 's', code: 'ACD-EFH', join_url: 'http://x/j/ACDEFH', qr_url: '/q' };
  assert.deepEqual(sessionFrom(answer, 'tok'),
    { id: 's', token: 'tok', code: 'ACD-EFH', joinUrl: 'http://x/j/ACDEFH', qrUrl: '/q', local: false,
      deviceId: null });
  assert.equal(sessionFrom(answer).token, null);
});

function memoryStorage(initial = {}) {
  const data = { ...initial };
  return {
    data,
    getItem: (k) => (k in data ? data[k] : null),
    setItem: (k, v) => { data[k] = String(v); },
  };
}

test('preferences: stored as JSON; unreadable ones fall back; a broken storage is harmless', () => {
  const storage = memoryStorage({ 'limber.pace': '"standard"', 'limber.volume': '{bad' });
  let opened = 0;
  const prefs = new Prefs(() => { opened += 1; return storage; });
  assert.equal(opened, 0, 'nothing is read until asked for');
  assert.equal(prefs.get('pace', null), 'standard');
  assert.equal(prefs.get('volume', 1), 1);
  prefs.set('muted', true);
  assert.equal(storage.data['limber.muted'], 'true');
  const broken = new Prefs(() => ({ getItem() { throw new Error('denied'); }, setItem() { throw new Error('denied'); } }));
  assert.equal(broken.get('pace', 'x'), 'x');
  broken.set('pace', 'y');
  const refused = new Prefs(() => { throw new Error('SecurityError'); });  // some private modes
  assert.equal(refused.get('pace', 'x'), 'x');
  refused.set('pace', 'y');
});

test('preselected volume, pace and routine come from what is offered', () => {
  assert.equal(volumeFrom('0.4'), 0.4);
  assert.equal(volumeFrom(7), 1);
  assert.equal(volumeFrom(-1), 0);
  assert.equal(volumeFrom('loud'), 1);
  const paces = [{ id: 'gentle', name: 'Gentle' }, { id: 'standard', name: 'Standard' }];
  assert.equal(paceFrom('standard', paces), 'standard');
  assert.equal(paceFrom('brisk', paces), 'gentle');
  assert.equal(paceFrom('gentle', []), null);
  assert.equal(routineFrom('b', [{ id: 'a' }, { id: 'b' }]), 'b');
  assert.equal(routineFrom('z', [{ id: 'a' }]), 'a');
  assert.equal(routineFrom('z', []), null);
});

test('this browser\'s sessions: well-formed entries only, newest first, each once', () => {
  assert.deepEqual(parseOwned('not json'), []);
  assert.deepEqual(parseOwned('{"id": 1}'), []);
  assert.deepEqual(parseOwned('[{"id": "a"}, {"id": "b", "token": "t", "created": "x"}]'),
    [{ id: 'b', token: 't', code: '', title: '', created: 0 }]);
  let list = withOwned([], { id: 'a', token: '1' });
  list = withOwned(list, { id: 'b', token: '2' });
  list = withOwned(list, { id: 'a', token: '1' });
  assert.deepEqual(list.map((x) => x.id), ['a', 'b']);
  assert.deepEqual(withoutOwned(list, 'a').map((x) => x.id), ['b']);
  assert.deepEqual(staleOwned(list, 'b').map((x) => x.id), ['a']);
  for (let i = 0; i < 30; i += 1) list = withOwned(list, { id: `s${i}`, token: 't' });
  assert.equal(list.length, 20);
});

test('this browser\'s sessions: storage is read when needed, and a new one keeps the stored ones', () => {
  const store = new Store();
  const storage = memoryStorage({ 'limber.owned': '[{"id": "old", "token": "t-old"}]' });
  let opened = 0;
  const owned = new OwnedSessions(store, {}, () => { opened += 1; return storage; });
  assert.equal(opened, 0);
  owned.add({ session_id: 'new', control_token: 't-new', code: 'ACD' }, 'Routine', 1000);
  assert.deepEqual(store.get('owned').map((x) => x.id), ['new', 'old']);
  assert.deepEqual(parseOwned(storage.data['limber.owned']).map((x) => x.id), ['new', 'old']);
  storage.data['limber.owned'] = '[{"id": "other-tab", "token": "t"}, {"id": "new", "token": "t-new"}]';
  owned.forget('new');
  assert.deepEqual(store.get('owned').map((x) => x.id), ['other-tab']);
});

test('ending this browser\'s sessions: an ended one is forgotten, no answer keeps it', async () => {
  const store = new Store();
  const storage = memoryStorage();
  const ended = [];
  const conn = {
    end: async ({ id, token }) => {
      ended.push([id, token]);
      if (id === 'gone') throw Object.assign(new Error('no such session'), { code: 'no_such_session' });
      if (id === 'far') throw Object.assign(new Error('no answer'), { timeout: true });
      return { ok: true };
    },
  };
  const owned = new OwnedSessions(store, conn, () => storage);
  for (const id of ['far', 'gone', 'live']) {
    owned.add({ session_id: id, control_token: `t-${id}`, code: 'ACD-EFH' }, 'Routine', 1000);
  }
  store.set({ capped: 'This address already has 5 live sessions.' });
  await owned.endFromPicker();
  assert.deepEqual(ended.map(([id]) => id).sort(), ['far', 'gone', 'live']);
  assert.deepEqual(ended.find(([id]) => id === 'live'), ['live', 't-live']);
  assert.deepEqual(store.get('owned').map((x) => x.id), ['far']);
  assert.equal(store.get('capped'), 'This address already has 5 live sessions.');
  assert.match(store.get('message').text, /not every session was ended/);
  assert.deepEqual(parseOwned(storage.data['limber.owned']).map((x) => x.id), ['far']);
  conn.end = async () => ({ ok: true });
  await owned.endFromPicker('far');
  assert.deepEqual(store.get('owned'), []);
  assert.equal(store.get('capped'), '', 'none left: a new session can start');
});

test('saved copies as a routine list: each routine once, the paces in the server\'s order', () => {
  const gentle = { id: 'gentle', name: 'Gentle' };
  const extended = { id: 'extended', name: 'Extended' };
  const saved = [
    { routine_id: 'r', pace: 'extended', routine: { id: 'r', title: 'R' }, paces: [gentle, extended] },
    { routine_id: 'r', pace: 'gentle', routine: { id: 'r', title: 'R' }, paces: [gentle, extended] },
    { routine_id: 'old', pace: 'gentle', outdated: true },
  ];
  assert.deepEqual(routinesFromSaved(saved), { routines: [{ id: 'r', title: 'R' }], paces: [gentle, extended] });
  assert.equal(updateKey('r', 'gentle'), 'r/gentle');
});
