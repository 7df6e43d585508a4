// The console's "Give this to the patient": the routine with this patient's dose, pace and
// exercises (the console's setup) becomes a programme; its link, QR and calendar file are
// shown to hand over. A clinic member only: the server says so otherwise.
import { byId } from './dom.js';
import { configurePayload } from './console.js';

// The request body from the console's setup and the form's fields.
export function programmeBody(routine, setup, form) {
  const options = configurePayload(setup, routine.exercises.map((x) => x.id));
  return {
    routine_id: routine.id,
    options: options || {},
    label: form.label.trim(),
    frequency: { times: Number(form.times), per: form.per },
    end_date: form.end_date || null,
    check: form.check,
    pain_threshold: Number(form.pain_threshold),
  };
}

export class GiveProgramme {
  constructor(store) {
    this.store = store;
    byId('give-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.give(Object.fromEntries(new FormData(ev.target)));
    });
  }

  async give(form) {
    const routine = this.store.selectedRoutine();
    const setup = this.store.get('setup');
    if (!routine || !setup) return;
    this.show({ error: '' });
    try {
      const res = await fetch('/api/programmes', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, credentials: 'same-origin',
        body: JSON.stringify(programmeBody(routine, setup, form)),
      });
      const body = await res.json().catch(() => ({}));
      if (res.status === 401) {
        this.show({ error: 'Only clinic members can give a programme: sign in at /clinic first.' });
      } else if (!res.ok) {
        this.show({ error: `Not created: ${body.error || `the server answered ${res.status}`}.` });
      } else {
        this.show({ created: body });
      }
    } catch (err) {
      this.show({ error: 'No answer from the server: the programme was not created.' });
    }
  }

  show({ error = '', created = null }) {
    byId('give-error').hidden = !error;
    byId('give-error').textContent = error;
    if (!created) return;
    const key = created.link.split('/p/')[1];
    byId('give-done').hidden = false;
    byId('give-link').textContent = created.link;
    byId('give-link').href = created.link;
    byId('give-qr').src = created.qr_url;
    byId('give-calendar').href = `/p/${key}/calendar.ics`;
    byId('give-overview').href = `/programmes/${encodeURIComponent(created.id)}`;
    byId('give-link').focus();
  }
}
