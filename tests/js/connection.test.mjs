// The connection's start-up: the Socket.IO client is loaded and connected on first need,
// once; a request is sent only once the connection is open (its answer's timeout is the
// server's time alone); a client that cannot be loaded, or a connection that fails, fails the
// request in words.
import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { Connection } from '../../static/js/socket.js';

// A stand-in for the Socket.IO client: records handlers and emits; answers each emit with
// `answer` (its ack callback gets (err, answer) like Socket.IO's timeout().emit()). It
// connects when the test says (`fire('connect')`).
function fakeClient(answer = { ok: true }) {
  const made = [];
  const io = (options) => {
    const socket = {
      options,
      connected: false, handlers: {}, emitted: [],
      on(type, fn) { (this.handlers[type] ||= []).push(fn); },
      off(type, fn) { this.handlers[type] = (this.handlers[type] || []).filter((f) => f !== fn); },
      fire(type) {
        if (type === 'connect') this.connected = true;
        for (const fn of [...(this.handlers[type] || [])]) fn();
      },
      timeout(ms) {
        return { emit: (event, payload, ack) => { socket.emitted.push({ event, payload, ms }); ack(null, answer); } };
      },
    };
    made.push(socket);
    return socket;
  };
  return { io, made };
}

test('the client is loaded once, on first need, and every call gets the same socket', async () => {
  const client = fakeClient();
  let loads = 0;
  const conn = new Connection({ load: async () => { loads += 1; return { io: client.io }; } });
  assert.equal(loads, 0, 'constructing loads nothing');
  assert.equal(conn.connected, false);
  const [a, b] = await Promise.all([conn.open(), conn.open()]);
  assert.equal(loads, 1);
  assert.equal(a, b);
  assert.equal(client.made.length, 1);
  // WebSocket first; long-polling where a WebSocket cannot be opened.
  assert.deepEqual(client.made[0].options.transports, ['websocket', 'polling']);
  assert.equal(client.made[0].options.tryAllTransports, true);
  let connected = 0;
  conn.addEventListener('connected', () => { connected += 1; });
  a.fire('connect');
  assert.equal(conn.connected, true);
  assert.equal(connected, 1, "the socket's events are the connection's");
});

test('a request before the connection is open opens it, and asks once it is connected', async () => {
  const client = fakeClient({ ok: true, server_now: 123 });
  const conn = new Connection({ load: async () => ({ io: client.io }) });
  const asked = conn.ping();
  const socket = await conn.open();
  await Promise.resolve();
  assert.deepEqual(socket.emitted, [], 'nothing is sent before the connection opens');
  socket.fire('connect');
  assert.equal(await asked, 123);
  assert.deepEqual(socket.emitted, [{ event: 'ping', payload: {}, ms: 2000 }]);
  assert.deepEqual(socket.handlers.connect.length, 1, "the request's wait is removed");
});

test('a connection that fails: the request fails in words and is never sent', async () => {
  const client = fakeClient();
  const conn = new Connection({ load: async () => ({ io: client.io }) });
  const asked = conn.request('create', { routine_id: 'r' });
  const socket = await conn.open();
  await Promise.resolve();
  socket.fire('connect_error');
  await assert.rejects(asked, (err) => err.timeout === true && /could not reach the server/.test(err.message));
  socket.fire('connect');
  assert.deepEqual(socket.emitted, []);
});

test('a client that cannot be loaded: unreachable, the request fails in words, the next try loads again', async () => {
  const client = fakeClient();
  let fail = true;
  const conn = new Connection({
    load: async () => {
      if (fail) throw new Error('Failed to fetch dynamically imported module');
      return { io: client.io };
    },
  });
  let unreachable = 0;
  conn.addEventListener('unreachable', () => { unreachable += 1; });
  await assert.rejects(conn.ping(), (err) => err.timeout === true && /could not reach the server/.test(err.message));
  assert.equal(unreachable, 1);
  assert.equal(conn.socket, null);
  fail = false;
  await conn.open();
  assert.equal(client.made.length, 1);
});

test('a connection that never opens: the request fails in words after its wait, never sent', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const client = fakeClient();
    const conn = new Connection({ load: async () => ({ io: client.io }) });
    const asked = conn.request('create', { routine_id: 'r' });
    const socket = await conn.open();
    await Promise.resolve();
    mock.timers.tick(9999);
    await Promise.resolve();
    assert.equal(socket.handlers.connect.length, 2, 'still waiting just before its time');
    mock.timers.tick(1);
    await assert.rejects(asked, (err) => err.timeout === true && /could not reach the server/.test(err.message));
    assert.equal(socket.handlers.connect.length, 1, "the request's wait is removed");
    assert.deepEqual(socket.emitted, []);
  } finally {
    mock.timers.reset();
  }
});
