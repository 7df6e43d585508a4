// The clinician's list of programmes (/programmes), in the server's order of need.
import { byId, el } from './dom.js';
import { attentionText, frequencyText } from './programmewords.js';

function row(p) {
  return el('tr', {}, [
    el('td', {}, [el('a', { text: p.label, attrs: { href: `/programmes/${encodeURIComponent(p.id)}` } })]),
    el('td', { text: `${p.routine_title} (version ${p.version})` }),
    el('td', { text: frequencyText(p.frequency) + (p.end_date ? `, until ${p.end_date}` : '') }),
    el('td', { text: attentionText(p), cls: p.revoked ? '' : `attention-${p.attention}` }),
    el('td', { text: `${p.done_7d} of ${p.planned_7d} done` }),
    el('td', { text: p.last_activity_day || 'never' }),
  ]);
}

async function load() {
  const res = await fetch('/api/programmes', { cache: 'no-store' });
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || `the server answered ${res.status}`);
  const list = body.programmes;
  byId('list-empty').hidden = list.length > 0;
  byId('list-table').hidden = list.length === 0;
  byId('list-body').replaceChildren(...list.map(row));
}

load().catch((err) => {
  byId('list-error').hidden = false;
  byId('list-error').textContent = `The programmes could not be loaded: ${err.message}.`;
});
