// The Socket.IO connection: requests with an acknowledgement and a timeout, and a fresh
// snapshot after every reconnect (Socket.IO does not replay missed events). The Socket.IO
// client is loaded and connected on first need (open(), or any request): the page's first
// paint neither waits for its bundle nor does its start-up work.
import { DeviceKeys } from './devicekeys.js';

const CLIENT_URL = '../vendor/socket.io.esm.min.js';

// An answer's time counts from the moment the request is sent on an open connection: a
// phone's network can take a few seconds to answer even a quick request.
const ACK_TIMEOUT_MS = 5000;
// How long a request waits for the connection to open (Socket.IO keeps trying meanwhile).
const CONNECT_TIMEOUT_MS = 10000;

// sessionStorage, or null where the browser refuses it (some private modes throw).
function tabStorage() {
  try {
    return window.sessionStorage;
  } catch (err) {
    return null;
  }
}

// A refused or unanswered request: `code` is the server's stable refusal code (match on
// it; the message is the server's sentence), `timeout` that no answer came in time.
class AckError extends Error {
  constructor(message, { timeout = false, code = null } = {}) {
    super(message);
    this.timeout = timeout;
    this.code = code;
  }
}

// Resolves once `socket` is connected; rejects when an attempt to connect fails or none
// succeeds in CONNECT_TIMEOUT_MS. A request is sent only then, so that its answer's timeout
// is not spent on loading the client and opening the connection, and a request made while
// the server is away fails at once in words rather than being sent whenever it comes back.
function connected(socket) {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err) => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('connect_error', onError);
      if (err) reject(err);
      else resolve();
    };
    const onConnect = () => done(null);
    const onError = () => done(new AckError('could not reach the server', { timeout: true }));
    const timer = setTimeout(onError, CONNECT_TIMEOUT_MS);
    socket.on('connect', onConnect);
    socket.on('connect_error', onError);
  });
}

export class Connection extends EventTarget {
  // `load` gives the Socket.IO client module (tests pass their own).
  constructor({ load = () => import(CLIENT_URL) } = {}) {
    super();
    this.load = load;
    this.socket = null;      // the Socket.IO socket, once open() has loaded the client
    this.opening = null;     // open()'s promise of it
    this.sessionId = null;
    this.token = null;       // sent on rejoin so this device stays the controller
    this.deviceKeys = null;  // see keys
  }

  // This tab's device keys, sent on every join (the same device), read from sessionStorage
  // when first needed: opening the storage is slow on a busy phone.
  get keys() {
    if (!this.deviceKeys) this.deviceKeys = new DeviceKeys(tabStorage());
    return this.deviceKeys;
  }

  // Load the client and connect; every call gets the same socket. A client that could not
  // be loaded (no network and no cached copy) counts as unreachable, and the next call tries
  // again.
  open() {
    if (!this.opening) {
      this.opening = this.load().then(({ io }) => this._connect(io), (err) => {
        this.opening = null;
        this._emit('unreachable', {});
        throw new AckError(`could not reach the server (${err.message})`, { timeout: true });
      });
    }
    return this.opening;
  }

  _connect(io) {
    // WebSocket first (one connection, none of long-polling's requests at start-up); where
    // it cannot be opened (a proxy in the way), long-polling.
    const socket = io({ transports: ['websocket', 'polling'], tryAllTransports: true });
    this.socket = socket;
    socket.on('connect', () => this._onConnect());
    socket.on('disconnect', (reason) => this._emit('disconnected', { reason }));
    socket.on('connect_error', () => this._emit('unreachable', {}));
    socket.on('state', (snapshot) => this._emit('state', snapshot));
    socket.on('ended', (info) => this._emit('ended', info));
    socket.on('devices', (roster) => this._emit('devices', roster));
    socket.on('session', (info) => this._emit('session', info));
    return socket;
  }

  get connected() {
    return Boolean(this.socket && this.socket.connected);
  }

  _emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  async _onConnect() {
    this._emit('connected', {});
    if (!this.sessionId) return;
    try {
      const payload = { session_id: this.sessionId };
      if (this.token) payload.token = this.token;
      if (this.name) payload.name = this.name;
      const key = this.keys.get({ sessionId: this.sessionId });
      if (key) payload.device_key = key;
      const answer = await this.request('join', payload);
      this.keys.remember(answer);
      this._emit('joined', answer);
    } catch (err) {
      this._emit('error', {
        message: `Could not rejoin the session: ${err.message}`,
        rejoin: true, timeout: Boolean(err.timeout), code: err.code,
      });
    }
  }

  // Emit `event` with one JSON object; resolve with the ack when it says ok, reject with an
  // AckError when it says not ok or nothing came back in time. The ack is the one answer.
  async request(event, payload, timeoutMs = ACK_TIMEOUT_MS) {
    const socket = await this.open();
    await connected(socket);
    return new Promise((resolve, reject) => {
      socket.timeout(timeoutMs).emit(event, payload, (err, answer) => {
        if (err) {
          reject(new AckError('no answer from the server', { timeout: true }));
        } else if (!answer || answer.ok !== true) {
          reject(new AckError((answer && answer.error) || 'refused', { code: answer && answer.code }));
        } else {
          resolve(answer);
        }
      });
    });
  }

  async ping() {
    const answer = await this.request('ping', {}, 2000);
    return answer.server_now;
  }

  async create(routineId, pace, extra = {}) {
    const answer = await this.request('create', { routine_id: routineId, pace, ...extra });
    this.keys.remember(answer);
    this.sessionId = answer.session_id;
    this.token = answer.control_token;
    this.name = extra.name || null;
    return answer;
  }

  // Join by code (a follower) or by session id and token (a controller coming back).
  async join({ code, sessionId, token, name } = {}) {
    const payload = {};
    if (code) payload.code = code;
    if (sessionId) payload.session_id = sessionId;
    if (token) payload.token = token;
    if (name) payload.name = name;
    const key = this.keys.get({ sessionId, code });
    if (key) payload.device_key = key;
    const answer = await this.request('join', payload);
    this.keys.remember(answer);
    this.sessionId = answer.session_id;
    this.token = answer.role === 'controller' ? (token || null) : null;
    this.name = name || null;
    return answer;
  }

  // Leave the session locally: no rejoin after the next reconnect.
  forget() {
    this.sessionId = null;
    this.token = null;
    this.name = null;
  }

  configure(session, options) {
    return this.request('configure', { session_id: session.id, token: session.token, ...options });
  }

  shareControl(session, enabled) {
    return this.request('share_control', { session_id: session.id, token: session.token, enabled });
  }

  end(session) {
    return this.request('end', { session_id: session.id, token: session.token });
  }

  report(sessionId, fields) {
    return this.request('device', { session_id: sessionId, ...fields });
  }

  command(session, command, extra = {}) {
    return this.request('command', {
      session_id: session.id, token: session.token, command, ...extra,
    });
  }
}
