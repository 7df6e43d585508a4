// The live sessions this browser created, with their control tokens, kept in localStorage:
// when the server refuses a new session because the address has too many live ones, the
// page lists these and can end them (the `end` event, with each one's token).

import { localStore } from './prefs.js';

const KEY = 'limber.owned';
const MAX = 20;

// The stored list, keeping only well-formed entries: [{id, token, code, title, created}].
export function parseOwned(text) {
  let list;
  try { list = JSON.parse(text || '[]'); } catch (err) { return []; }
  if (!Array.isArray(list)) return [];
  return list.filter((x) => x && typeof x.id === 'string' && typeof x.token === 'string')
    .map((x) => ({ id: x.id, token: x.token, code: String(x.code || ''),
      title: String(x.title || ''), created: Number(x.created) || 0 }));
}

// Newest first, each session once, at most MAX (the oldest are long over).
export function withOwned(list, entry) {
  return [entry, ...list.filter((x) => x.id !== entry.id)].slice(0, MAX);
}

export function withoutOwned(list, id) {
  return list.filter((x) => x.id !== id);
}

// The ones to offer to end: all but the session this page is in.
export function staleOwned(list, currentId) {
  return list.filter((x) => x.id !== currentId);
}

export class OwnedSessions {
  // storage: a function giving the Storage to use (prefs.js's localStore; tests pass their own).
  constructor(store, conn, storage = localStore) {
    this.store = store;
    this.conn = conn;
    this.storage = storage;
  }

  load() {
    let text = null;
    try { text = this.storage().getItem(KEY); } catch (err) { /* private mode: none kept */ }
    this.store.set({ owned: parseOwned(text) });
  }

  _keep(list) {
    try { this.storage().setItem(KEY, JSON.stringify(list)); } catch (err) { /* private mode */ }
    this.store.set({ owned: list });
  }

  // A create's answer: this browser holds the new session's control token. The stored list
  // is read again first (the page reads it only once idle after start-up; another tab may
  // have changed it).
  add(answer, title, now = Date.now()) {
    this.load();
    this._keep(withOwned(this.store.get('owned'), {
      id: answer.session_id, token: answer.control_token, code: answer.code, title, created: now,
    }));
  }

  forget(id) {
    this.load();
    if (this.store.get('owned').some((x) => x.id === id)) {
      this._keep(withoutOwned(this.store.get('owned'), id));
    }
  }

  // End one session for everyone on it. One that has already ended counts as ended.
  async end(id) {
    const entry = this.store.get('owned').find((x) => x.id === id);
    if (!entry) return;
    try {
      await this.conn.end({ id: entry.id, token: entry.token });
    } catch (err) {
      if (!['no_such_session', 'bad_token', 'not_controller'].includes(err.code)) throw err;
    }
    this.forget(id);
  }

  // The picker's End (one session) or End all (`id` null: all but the current one). Once
  // none is left, the refusal that listed them is cleared: a new session can start.
  async endFromPicker(id = null) {
    const { store } = this;
    if (store.get('ending')) return;
    store.set({ ending: true });
    const current = store.get('session');
    const ids = id ? [id] : staleOwned(store.get('owned'), current && current.id).map((x) => x.id);
    let failed = 0;
    for (const each of ids) {
      try { await this.end(each); } catch (err) { failed += 1; }
    }
    store.set({ ending: false });
    if (failed) {
      store.say('No answer from the server: not every session was ended. Check the connection.', 8000);
    } else if (!staleOwned(store.get('owned'), current && current.id).length) {
      store.set({ capped: '' });
      store.say('Ended. You can start a session again.', 6000);
    }
  }
}
