// Joining a clinician's session as a follower: by the code typed in the join form, or by a
// join link (/j/<code>) opened on this device.
import { failure } from './format.js';
import { sessionFrom } from './session.js';

// What the console's device list calls this device, from its screen width in CSS px.
export function deviceName(width) {
  if (width >= 1200) return 'Large screen';
  if (width >= 600) return 'Tablet';
  return 'Phone';
}

// The code in a join link's path (/j/ACDEFH), or null for any other page.
export function codeFromPath(pathname) {
  const match = pathname.match(/^\/j\/([^/]+)\/?$/);
  if (!match) return null;
  try { return decodeURIComponent(match[1]); } catch (err) { return null; }
}

// The join link's path for a code as the server shows it (ACD-EFH -> /j/ACDEFH).
export function pathForCode(code) {
  return `/j/${encodeURIComponent(String(code).replace(/[^A-Z0-9]/gi, ''))}`;
}

export class Joining {
  // width: () => this device's screen width in CSS px.
  constructor(store, { conn, session, width }) {
    Object.assign(this, { store, conn, session, width });
  }

  async join(code) {
    const { store } = this;
    const clean = String(code || '').trim();
    store.set({ joinCode: clean });
    if (!clean) {
      store.set({ joinError: 'Type the code your clinician gives you.' });
      return;
    }
    if (store.get('joining')) return;
    store.set({ joining: true, joinError: '' });
    try {
      const answer = await this.conn.join({ code: clean, name: deviceName(this.width()) });
      this.session.enter('follower', sessionFrom(answer, null));
      this.session.applyInfo(answer, { fresh: true });
      const path = pathForCode(answer.code);
      if (window.location.pathname !== path) window.history.replaceState(null, '', path);
      this.session.syncClock();
    } catch (err) {
      const why = failure(err);
      store.set({ joinError: why });
      store.say(why, 10000);
      if (window.location.pathname !== '/') window.history.replaceState(null, '', '/');
    } finally {
      store.set({ joining: false });
    }
  }
}
