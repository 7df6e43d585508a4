// The Socket.IO connection: requests with an acknowledgement and a timeout, and a fresh
// snapshot after every reconnect (Socket.IO does not replay missed events).
import { io } from '../vendor/socket.io.esm.min.js';
import { DeviceKeys } from './devicekeys.js';

const ACK_TIMEOUT_MS = 3000;

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

export class Connection extends EventTarget {
  constructor() {
    super();
    this.socket = io({ autoConnect: true });
    this.sessionId = null;
    this.token = null;       // sent on rejoin so this device stays the controller
    this.keys = new DeviceKeys(tabStorage());  // sent on every join: the same device
    this.socket.on('connect', () => this._onConnect());
    this.socket.on('disconnect', (reason) => this._emit('disconnected', { reason }));
    this.socket.on('connect_error', () => this._emit('unreachable', {}));
    this.socket.on('state', (snapshot) => this._emit('state', snapshot));
    this.socket.on('ended', (info) => this._emit('ended', info));
    this.socket.on('devices', (roster) => this._emit('devices', roster));
    this.socket.on('session', (info) => this._emit('session', info));
    this.socket.on('voice_heard', (heard) => this._emit('voice_heard', heard));
    this.socket.on('voice_state', (state) => this._emit('voice_state', state));
  }

  get connected() {
    return this.socket.connected;
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
  request(event, payload, timeoutMs = ACK_TIMEOUT_MS) {
    return new Promise((resolve, reject) => {
      this.socket.timeout(timeoutMs).emit(event, payload, (err, answer) => {
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

  // -- voice control (docs/protocol.md): this device's microphone, heard by the server ----

  // With the control token when this device holds it: what it hears has the buttons' rights.
  voiceStart(session) {
    const payload = { session_id: session.id };
    if (session.token) payload.token = session.token;
    return this.request('voice_start', payload);
  }

  voiceStop() {
    return this.request('voice_stop', {});
  }

  // One 40 ms chunk (binary). Only while connected: Socket.IO would buffer it while not,
  // and stale audio is worse than none.
  voiceAudio(buffer) {
    if (this.connected) this.socket.emit('voice_audio', buffer);
  }

  // The app itself is speaking: the server drops what it was hearing.
  voiceGap() {
    if (this.connected) this.socket.emit('voice_gap', {});
  }

  command(session, command, extra = {}) {
    return this.request('command', {
      session_id: session.id, token: session.token, command, ...extra,
    });
  }
}
