// The routines on offer: the server's list (with its paces and dose limits), or, with no
// server and nothing cached, the routines saved on this device.
import { paceFrom, routineFrom } from './prefs.js';
import { routinesFromSaved } from './saving.js';

export async function loadRoutines(store, { prefs, saving }) {
  const choose = (routines, paces) => ({
    routines, paces,
    routineId: routineFrom(prefs.get('routine', null), routines),
    pace: paceFrom(prefs.get('pace', null), paces),
  });
  try {
    const res = await fetch('/api/routines', { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(`the server answered ${res.status}`);
    const data = await res.json();
    const routines = Array.isArray(data.routines) ? data.routines : [];
    store.set({
      ...choose(routines, Array.isArray(data.paces) ? data.paces : []),
      doseFields: Array.isArray(data.dose_fields) ? data.dose_fields : [],
      routinesError: routines.length ? '' : 'No routines are available.',
    });
  } catch (err) {
    await saving.refresh();
    const { routines, paces } = routinesFromSaved(store.get('saved'));
    if (routines.length) {
      store.set({ ...choose(routines, paces), routinesError: '' });
    } else {
      store.set({ routinesError: store.noServer()
        ? 'You are offline and no routine is saved on this device yet.'
        : `Could not load routines: ${err.message}` });
    }
  }
}
