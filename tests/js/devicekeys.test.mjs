// The tab's device keys (static/js/devicekeys.js): the latest key per session, found by
// session id on a re-join and by code on a join link reloaded; bad storage loses nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeviceKeys, keyFor, normalCode, readEntries, withKey } from '../../static/js/devicekeys.js';

const answer = (id, key, code = 'ACD-EFH') => ({ session_id: id, device_key: key, code });

test('the latest key of a session is kept, and found by its id or its code', () => {
  let entries = withKey({}, answer('s1', 'k1'));
  entries = withKey(entries, answer('s1', 'k2'));  // a join answered with a new key
  assert.equal(keyFor(entries, { sessionId: 's1' }), 'k2');
  assert.equal(keyFor(entries, { code: 'acd efh' }), 'k2', 'case, spaces and dashes do not matter');
  assert.equal(keyFor(entries, { sessionId: 's2' }), null);
  assert.equal(keyFor(entries, { code: 'XYZ' }), null);
  assert.equal(keyFor(entries, {}), null);
});

test('a code used again by a later session finds the newer session\'s key', () => {
  let entries = withKey({}, answer('old', 'k-old'));
  entries = withKey(entries, answer('new', 'k-new'));
  assert.equal(keyFor(entries, { code: 'ACDEFH' }), 'k-new');
  assert.equal(keyFor(entries, { sessionId: 'old' }), 'k-old');
});

test('an answer without a key changes nothing; only the newest 20 sessions are kept', () => {
  const one = withKey({}, answer('s1', 'k1'));
  assert.equal(withKey(one, { session_id: 's2' }), one);
  assert.equal(withKey(one, { device_key: 'x' }), one);
  let entries = {};
  for (let i = 0; i < 25; i += 1) entries = withKey(entries, answer(`s${i}`, `k${i}`, `C${i}`));
  assert.equal(Object.keys(entries).length, 20);
  assert.equal(keyFor(entries, { sessionId: 's4' }), null);
  assert.equal(keyFor(entries, { sessionId: 's24' }), 'k24');
});

test('stored text that is not what we wrote reads as no keys', () => {
  for (const text of [null, '', 'not json', '[]', '"x"', '{"s": 1}', '{"s": {"key": ""}}']) {
    assert.deepEqual(readEntries(text), {}, String(text));
  }
  assert.equal(normalCode(' abc-d3f '), 'ABCD3F');
});

test('the keys survive a reload through storage; a storage that throws is survived', () => {
  const data = new Map();
  const storage = { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => data.set(k, v) };
  new DeviceKeys(storage).remember(answer('s1', 'k1'));
  assert.equal(new DeviceKeys(storage).get({ sessionId: 's1' }), 'k1');
  const broken = { getItem() { throw new Error('denied'); }, setItem() { throw new Error('full'); } };
  const keys = new DeviceKeys(broken);
  keys.remember(answer('s1', 'k1'));
  assert.equal(keys.get({ sessionId: 's1' }), 'k1', 'kept for the life of the page');
  assert.equal(new DeviceKeys(null).get({ sessionId: 's1' }), null);
});
