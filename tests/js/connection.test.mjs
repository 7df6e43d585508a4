// The connection's start-up: the Socket.IO client is loaded and connected on first need,
// once; a client that cannot be loaded counts as unreachable and is tried again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Connection } from '../../static/js/socket.js';

// A stand-in for the Socket.IO client: records handlers and emits; answers each emit with
// `answer` (its ack callback gets (err, answer) like Socket.IO's timeout().emit()).
function fakeClient(answer = { ok: true }) {
  const made = [];
  const io = (options) => {
    const socket = {
      options,
      connected: false, handlers: {}, emitted: [],
      on(type, fn) { this.handlers[type] = fn; },
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
  a.connected = true;
  assert.equal(conn.connected, true);
  let connected = 0;
  conn.addEventListener('connected', () => { connected += 1; });
  a.handlers.connect();
  assert.equal(connected, 1, "the socket's events are the connection's");
});

test('a request before the connection is open opens it, then asks', async () => {
  const client = fakeClient({ ok: true, server_now: 123 });
  const conn = new Connection({ load: async () => ({ io: client.io }) });
  assert.equal(await conn.ping(), 123);
  assert.deepEqual(client.made[0].emitted, [{ event: 'ping', payload: {}, ms: 2000 }]);
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
