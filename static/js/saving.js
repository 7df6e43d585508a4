// "Save for offline" as the picker offers it: save, update and remove a routine at a pace,
// the list of what is saved, and which saved copies the server has a newer version of.
// The downloads themselves are offline.js's.

export const updateKey = (routineId, pace) => `${routineId}/${pace}`;

// The routine list and paces when the server cannot be asked: what is saved on this device
// (each saved copy keeps the routine's summary and the paces as the server listed them).
export function routinesFromSaved(saved) {
  const routines = new Map();
  const paces = new Map();
  for (const entry of saved) {
    if (entry.outdated) continue;
    if (!routines.has(entry.routine_id)) routines.set(entry.routine_id, entry.routine);
    for (const p of entry.paces) if (!paces.has(p.id)) paces.set(p.id, p);
  }
  return { routines: [...routines.values()], paces: [...paces.values()] };
}

export class Saving {
  // offline: offline.js (listSaved, save, remove, currentHash).
  constructor(store, { offline }) {
    this.store = store;
    this.offline = offline;
    this.checked = false;  // updates are looked for once per page load
  }

  async refresh() {
    try {
      this.store.set({ saved: await this.offline.listSaved() });
    } catch (err) {
      this.store.set({ saved: [] });
    }
  }

  // A saved copy whose timeline hash differs from the server's is out of date: offer the
  // update (the routine, the clinic's details or its audio changed). So is one saved by an
  // older version of the page.
  async checkUpdates() {
    if (this.checked) return;
    this.checked = true;
    const updates = {};
    for (const entry of this.store.get('saved')) {
      const hash = entry.outdated ? null : await this.offline.currentHash(entry.routine_id, entry.pace);
      if (entry.outdated || (hash && hash !== entry.hash)) updates[updateKey(entry.routine_id, entry.pace)] = true;
    }
    this.store.set({ updates });
  }

  async save(routineId, pace) {
    const { store } = this;
    if (store.get('saving') || store.noServer()) return;
    store.set({ saving: { routineId, pace, done: 0, total: 0, bytes: 0 }, saveError: '' });
    try {
      await this.offline.save(routineId, pace, {
        onProgress: (p) => store.set({ saving: { routineId, pace, ...p } }),
      });
      const { [updateKey(routineId, pace)]: _, ...updates } = store.get('updates');
      store.set({ updates });
      store.say('Saved: it runs with no connection.', 4000);
    } catch (err) {
      const why = err.message || 'the download failed';
      store.set({ saveError: `The routine was not saved: ${why}. Try again with a connection.` });
    } finally {
      await this.refresh();
      store.set({ saving: null });
    }
  }

  async remove(routineId, pace) {
    await this.offline.remove(routineId, pace);
    await this.refresh();
  }
}
