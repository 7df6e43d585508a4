// The store: the screen follows from the session, role and snapshot; identical and older
// snapshots are ignored; what the page can reach.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store, screenFor, sameSnapshot, networkFor } from '../../static/js/store.js';

const snap = (status, extra = {}) => ({
  type: 'state', session_id: 's1', reason: 'sync', status, index: 0, server_now: 1000, ...extra,
});

test('screenFor: picker without a session, console for its controller whatever the status', () => {
  assert.equal(screenFor({ session: null, role: 'solo', snapshot: snap('running') }), 'picker');
  for (const status of ['ready', 'running', 'paused', 'finished']) {
    assert.equal(screenFor({ session: { id: 's1' }, role: 'controller', snapshot: snap(status) }), 'console');
  }
});

test('screenFor: a follower waits for the start, then plays, then sees the end', () => {
  const session = { id: 's1' };
  assert.equal(screenFor({ session, role: 'follower', snapshot: null }), 'waiting');
  assert.equal(screenFor({ session, role: 'follower', snapshot: snap('ready') }), 'waiting');
  assert.equal(screenFor({ session, role: 'follower', snapshot: snap('paused') }), 'player');
  assert.equal(screenFor({ session, role: 'follower', snapshot: snap('finished') }), 'finished');
});

test('screenFor: a solo run plays from the start (no waiting) and ends on the end screen', () => {
  const session = { id: 'local', local: true };
  assert.equal(screenFor({ session, role: 'solo', snapshot: null }), 'player');
  assert.equal(screenFor({ session, role: 'solo', snapshot: snap('ready') }), 'player');
  assert.equal(screenFor({ session, role: 'solo', snapshot: snap('finished') }), 'finished');
});

test('the store keeps the screen in step: it is derived, and its change is announced', () => {
  const store = new Store();
  const seen = [];
  store.addEventListener('change', (ev) => seen.push(ev.detail.keys));
  store.set({ role: 'follower', session: { id: 's1' } });
  assert.equal(store.get('screen'), 'waiting');
  assert.deepEqual(seen.at(-1), ['role', 'session', 'screen']);
  store.applySnapshot(snap('running'));
  assert.equal(store.get('screen'), 'player');
  store.set({ session: null });
  assert.equal(store.get('screen'), 'picker');
});

test('sameSnapshot compares every field', () => {
  assert.equal(sameSnapshot(snap('running'), snap('running')), true);
  assert.equal(sameSnapshot(snap('running'), snap('running', { reason: 'step' })), false);
  assert.equal(sameSnapshot(snap('running'), { ...snap('running'), extra: 1 }), false);
  assert.equal(sameSnapshot(null, snap('running')), false);
});

test('an ack and the room copy of the same snapshot are applied once', () => {
  const store = new Store();
  let changes = 0;
  store.addEventListener('change', (ev) => { if (ev.detail.keys.includes('snapshot')) changes += 1; });
  assert.equal(store.applySnapshot(snap('running', { reason: 'start' })), true);
  assert.equal(store.applySnapshot(snap('running', { reason: 'start' })), false);
  assert.equal(changes, 1);
});

test('an older snapshot is ignored unless fresh (a join or reconnect)', () => {
  const store = new Store();
  store.applySnapshot(snap('paused', { server_now: 2000 }));
  assert.equal(store.applySnapshot(snap('running', { server_now: 1500 })), false);
  assert.equal(store.get('snapshot').status, 'paused');
  assert.equal(store.applySnapshot(snap('running', { server_now: 1500 }), { fresh: true }), true);
  assert.equal(store.get('snapshot').status, 'running');
});

test('a new step clears the spoken mark', () => {
  const store = new Store();
  store.applySnapshot(snap('running'));
  store.set({ markText: 'Three.' });
  store.applySnapshot(snap('running', { server_now: 1001 }));
  assert.equal(store.get('markText'), 'Three.');
  store.applySnapshot(snap('running', { index: 1, server_now: 1002 }));
  assert.equal(store.get('markText'), '');
});

test('networkFor: offline beats everything, then connected, then whether it failed', () => {
  assert.equal(networkFor({ online: false, connected: true, failed: false }), 'offline');
  assert.equal(networkFor({ online: true, connected: true, failed: true }), 'online');
  assert.equal(networkFor({ online: true, connected: false, failed: true }), 'unreachable');
  assert.equal(networkFor({ online: undefined, connected: false, failed: false }), 'connecting');
});

test('say() shows the same message again as a new one', () => {
  const store = new Store();
  store.say('Hello.');
  const first = store.get('message');
  store.say('Hello.', 0);
  assert.notEqual(store.get('message'), first);
  assert.deepEqual({ ...store.get('message'), n: 0 }, { text: 'Hello.', ms: 0, n: 0 });
});

test('paceName comes from the server\'s paces; savedFor skips copies that must be updated', () => {
  const store = new Store();
  store.set({
    paces: [{ id: 'gentle', name: 'Gentle' }],
    saved: [{ routine_id: 'r', pace: 'gentle', outdated: true }, { routine_id: 'r', pace: 'extended' }],
  });
  assert.equal(store.paceName('gentle'), 'Gentle');
  assert.equal(store.paceName('brisk'), 'brisk');
  assert.equal(store.savedFor('r', 'gentle'), null);
  assert.equal(store.savedFor('r', 'extended').pace, 'extended');
});
