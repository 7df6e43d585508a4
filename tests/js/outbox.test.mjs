// The outbox (static/js/outbox.js): seq numbering per device, batches of at most 500, what
// an acked_through lets the device drop, resending after a failure, a refused bad record,
// a server that received a batch twice, and retrying on a timer after a passing failure. The fake server keeps the contract of
// docs/api.md ("Storing"): each seq once, in order, a gap waits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_BATCH, MemoryStorage, Outbox, RETRY_MS, batch, deviceId, localDay, numbered, unacked, withoutBad,
} from '../../static/js/outbox.js';

class FakeServer {
  constructor() {
    this.stored = new Map();  // device -> records in order
    this.requests = [];
    this.down = false;
    this.badKind = null;
  }

  async send(device, records) {
    this.requests.push(records.map((r) => r.seq));
    if (this.down) throw new TypeError('Failed to fetch');
    if (records.length > MAX_BATCH) throw Object.assign(new Error('too many'), { code: 'bad_request' });
    const mine = this.stored.get(device) || [];
    this.stored.set(device, mine);
    for (const [index, r] of records.entries()) {
      if (r.kind === this.badKind) {
        throw Object.assign(new Error('bad'), { code: 'bad_record', index, acked_through: mine.length });
      }
      if (r.seq === mine.length + 1) mine.push(r);
    }
    return { acked_through: mine.length };
  }
}

const stamp = () => ({ at: 1_795_850_000_000, day: '2026-11-28' });

function outbox(server, id = 'd-1') {
  const storage = new MemoryStorage(id);
  return { storage, box: new Outbox({ storage, send: (d, r) => server.send(d, r), stamp }) };
}

test('records are numbered 1, 2, 3 per device, with the local day and the device clock', () => {
  let meta = { device_id: 'd-1', next_seq: 1 };
  const seqs = [];
  for (const kind of ['run_started', 'check', 'run_ended']) {
    const out = numbered(meta, kind, { run_id: 'r1' }, { at: 5, day: '2026-11-28' });
    meta = out.meta;
    seqs.push(out.record.seq);
    assert.equal(out.record.local_day, '2026-11-28');
    assert.equal(out.record.at, 5);
    assert.equal(out.record.kind, kind);
  }
  assert.deepEqual(seqs, [1, 2, 3]);
  assert.equal(meta.next_seq, 4);
});

test('the local day is the device\'s own calendar day, not UTC', () => {
  const lateEvening = { getFullYear: () => 2026, getMonth: () => 0, getDate: () => 5 };
  assert.equal(localDay(lateEvening), '2026-01-05');
  assert.equal(localDay(new Date(2026, 10, 28, 23, 59)), '2026-11-28');
});

test('a device id is in the server\'s alphabet and length', () => {
  const id = deviceId(new Uint8Array(16).map((_, i) => i * 37));
  assert.match(id, /^[A-Za-z0-9_-]{1,64}$/);
  assert.notEqual(id, deviceId(new Uint8Array(16)));
});

test('a batch is the lowest seqs in order, at most 500; an ack drops those up to it', () => {
  const records = Array.from({ length: 1200 }, (_, i) => ({ seq: 1200 - i }));
  const first = batch(records);
  assert.equal(first.length, MAX_BATCH);
  assert.deepEqual(first.slice(0, 3).map((r) => r.seq), [1, 2, 3]);
  assert.equal(first[first.length - 1].seq, 500);
  assert.equal(unacked(records, 500).length, 700);
  assert.ok(unacked(records, 500).every((r) => r.seq > 500));
});

test('a refused record is dropped and the later ones close the gap', () => {
  const records = [1, 2, 3, 4].map((seq) => ({ seq, kind: seq === 2 ? 'bad' : 'check' }));
  const out = withoutBad(records, { device_id: 'd', next_seq: 5 }, 2);
  assert.deepEqual(out.records.map((r) => [r.seq, r.kind]), [[1, 'check'], [2, 'check'], [3, 'check']]);
  assert.equal(out.meta.next_seq, 4);
});

test('1,000 answers recorded offline arrive once each, in order, in batches of 500', async () => {
  const server = new FakeServer();
  server.down = true;
  const { storage, box } = outbox(server);
  for (let i = 0; i < 1000; i += 1) await box.record('check', { run_id: 'r', n: i });
  await box.flush();
  assert.equal((await storage.pending()).length, 1000, 'nothing lost while offline');
  server.down = false;
  const before = server.requests.length;
  assert.equal(await box.flush(), 0);
  const stored = server.stored.get('d-1');
  assert.equal(stored.length, 1000);
  assert.deepEqual(stored.map((r) => r.n), Array.from({ length: 1000 }, (_, i) => i));
  assert.deepEqual(server.requests.slice(before).map((r) => r.length), [500, 500]);
});

test('sending again what the server already has stores nothing twice', async () => {
  const server = new FakeServer();
  const { storage, box } = outbox(server);
  await box.record('run_started', { run_id: 'r' });
  await box.flush();
  // The answer was lost: the device sends the same records again with a new one.
  storage.state.records = [{ ...server.stored.get('d-1')[0] }];
  await box.record('run_ended', { run_id: 'r' });
  await box.flush();
  assert.deepEqual(server.stored.get('d-1').map((r) => r.seq), [1, 2]);
  assert.equal((await storage.pending()).length, 0);
});

test('a flush asked for while one is sending runs again after it', async () => {
  const server = new FakeServer();
  const { storage, box } = outbox(server);
  await storage.add('run_started', { run_id: 'r' }, stamp());
  const first = box.flush();
  await storage.add('check', { run_id: 'r' }, stamp());
  box.flush();
  await first;
  await box.running;
  assert.deepEqual(server.stored.get('d-1').map((r) => r.seq), [1, 2]);
});

test('a bad record is dropped, the ones after it are renumbered and arrive', async () => {
  const server = new FakeServer();
  server.badKind = 'oops';
  const { storage, box } = outbox(server);
  server.down = true;
  await box.record('run_started', { run_id: 'r' });
  await box.record('oops', {});
  await box.record('run_ended', { run_id: 'r' });
  server.down = false;
  await box.flush();
  assert.deepEqual(server.stored.get('d-1').map((r) => [r.seq, r.kind]),
    [[1, 'run_started'], [2, 'run_ended']]);
  assert.equal((await storage.meta()).next_seq, 3);
  assert.equal((await storage.pending()).length, 0);
});

test('a dead link stops sending and keeps the records', async () => {
  let calls = 0;
  const storage = new MemoryStorage('d-1');
  const box = new Outbox({
    storage, stamp,
    send: async () => { calls += 1; throw Object.assign(new Error('gone'), { code: 'no_such_programme' }); },
  });
  await box.record('run_started', { run_id: 'r' });
  await box.flush();
  await box.flush();
  assert.equal(calls, 1);
  assert.equal(box.stopped, 'no_such_programme');
  assert.equal((await storage.pending()).length, 1);
});

test('a server that lost an older record gets no endless resend', async () => {
  const storage = new MemoryStorage('d-1');
  let calls = 0;
  const box = new Outbox({ storage, stamp, send: async () => { calls += 1; return { acked_through: 0 }; } });
  await box.record('check', {});
  await box.flush();
  assert.ok(calls <= 2, `sent ${calls} times in one flush`);
  assert.equal((await storage.pending()).length, 1);
});

// The outbox's timer, by hand: each retry asked for, in order, run when the test says.
function timers() {
  const asked = [];
  return { asked, later: (fn, ms) => asked.push({ fn, ms }) };
}

test('a failed send tries again on a timer, sooner first, and says what is left', async () => {
  const server = new FakeServer();
  server.down = true;
  const { asked, later } = timers();
  const told = [];
  const storage = new MemoryStorage('d-1');
  const box = new Outbox({
    storage, stamp, later, retried: (waiting) => told.push(waiting), send: (d, r) => server.send(d, r),
  });
  await box.record('run_started', { run_id: 'r' });
  await box.flush();
  await box.flush();
  assert.deepEqual(asked.map((a) => a.ms), [RETRY_MS[0]]);  // one timer, however many flushes
  await asked.shift().fn();  // still down: the next wait is longer
  assert.deepEqual(asked.map((a) => a.ms), [RETRY_MS[1]]);
  assert.deepEqual(told, [1]);
  server.down = false;
  await asked.shift().fn();
  assert.deepEqual(told, [1, 0]);
  assert.equal(asked.length, 0);  // sent: no more timers
  assert.deepEqual(server.stored.get('d-1').map((r) => r.seq), [1]);
});

test('the wait grows to at most five minutes, and starts again after a send went through', async () => {
  const server = new FakeServer();
  server.down = true;
  const { asked, later } = timers();
  const { storage } = outbox(server);
  const box = new Outbox({ storage, stamp, later, send: (d, r) => server.send(d, r) });
  await box.record('check', {});
  await box.flush();
  const waits = [];
  for (let i = 0; i < 7; i += 1) {
    const next = asked.shift();
    waits.push(next.ms);
    await next.fn();
  }
  assert.deepEqual(waits, [15_000, 30_000, 60_000, 120_000, 300_000, 300_000, 300_000]);
  server.down = false;
  await asked.shift().fn();
  server.down = true;
  await box.record('check', {});
  await box.flush();
  assert.equal(asked.shift().ms, 15_000);
});

test('a dead link asks for no retry', async () => {
  const { asked, later } = timers();
  const box = new Outbox({
    storage: new MemoryStorage('d-1'), stamp, later,
    send: async () => { throw Object.assign(new Error('gone'), { code: 'no_such_programme' }); },
  });
  await box.record('run_started', { run_id: 'r' });
  assert.equal(asked.length, 0);
});
