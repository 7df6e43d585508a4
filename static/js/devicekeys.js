// This tab's device keys, one per session (docs/protocol.md, "Re-joining as the same
// device"): every create and join answer gives the device a key; presenting the latest one
// on the next join (a reconnect, a server restart, a reload) makes it the same device. They
// live in sessionStorage: a reload keeps them, another tab is another device.

const STORAGE_KEY = 'limber.device-keys';
const KEEP = 20;  // sessions remembered per tab, newest kept

// A join code as the server reads it: case, spaces and dashes do not matter.
export const normalCode = (code) => String(code || '').toUpperCase().replace(/[^A-Z0-9]/g, '');

// Stored entries, checked: {sessionId: {key, code, n}}; anything unreadable is dropped.
export function readEntries(text) {
  let data;
  try { data = JSON.parse(text || '{}'); } catch (err) { return {}; }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return {};
  const out = {};
  for (const [id, e] of Object.entries(data)) {
    if (e && typeof e.key === 'string' && e.key) {
      out[id] = { key: e.key, code: normalCode(e.code), n: Number(e.n) || 0 };
    }
  }
  return out;
}

// The key to present when joining session `sessionId`, or by `code`; null when none.
export function keyFor(entries, { sessionId = null, code = null } = {}) {
  if (sessionId) return entries[sessionId] ? entries[sessionId].key : null;
  const wanted = normalCode(code);
  const hit = wanted && Object.values(entries).filter((e) => e.code === wanted)
    .sort((a, b) => b.n - a.n)[0];
  return hit ? hit.key : null;
}

// The entries once an answer has given this device `device_key` in `session_id`.
export function withKey(entries, { session_id: id, code, device_key: key }) {
  if (!id || typeof key !== 'string' || !key) return entries;
  const n = Math.max(0, ...Object.values(entries).map((e) => e.n)) + 1;
  const all = { ...entries, [id]: { key, code: normalCode(code), n } };
  const kept = Object.entries(all).sort(([, a], [, b]) => b.n - a.n).slice(0, KEEP);
  return Object.fromEntries(kept);
}

export class DeviceKeys {
  // storage: sessionStorage, or null where it cannot be used (the keys then last as long
  // as the page).
  constructor(storage) {
    this.storage = storage;
    this.entries = readEntries(this._read());
  }

  get(where) {
    return keyFor(this.entries, where);
  }

  remember(answer) {
    this.entries = withKey(this.entries, answer);
    try {
      if (this.storage) this.storage.setItem(STORAGE_KEY, JSON.stringify(this.entries));
    } catch (err) {
      // storage full or refused: this page still remembers
    }
  }

  _read() {
    try {
      return this.storage ? this.storage.getItem(STORAGE_KEY) : null;
    } catch (err) {
      return null;
    }
  }
}
