// This device's preferences (pace, routine, mute, volume) in localStorage, as JSON. A
// private mode without storage simply forgets them.

// The page's localStorage, reached only when first used (opening it is slow on a busy
// phone, and it throws in some private modes).
export const localStore = () => globalThis.localStorage;

export class Prefs {
  // storage: a function giving the Storage to use (tests pass their own).
  constructor(storage = localStore) {
    this.storage = storage;
  }

  get(key, fallback) {
    try {
      const v = this.storage().getItem(`limber.${key}`);
      return v == null ? fallback : JSON.parse(v);
    } catch (err) {
      return fallback;
    }
  }

  set(key, value) {
    try { this.storage().setItem(`limber.${key}`, JSON.stringify(value)); } catch (err) { /* private mode */ }
  }
}

// The volume as stored, made safe: a number from 0 to 1 (1 when unreadable).
export function volumeFrom(value) {
  const v = Number(value);
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 1;
}

// The pace to preselect: the saved one if the server still offers it, else its first.
export function paceFrom(saved, paces) {
  if (paces.some((p) => p.id === saved)) return saved;
  return paces.length ? paces[0].id : null;
}

// The routine to preselect: the wanted one if offered, else the first.
export function routineFrom(wanted, routines) {
  const found = routines.find((r) => r.id === wanted) || routines[0];
  return found ? found.id : null;
}
