// Words about a programme, the same on the patient's page and the clinician's: how often,
// until when, what a record or a flag means. Pure.

export function frequencyText({ times, per }) {
  if (per === 'day') return times === 1 ? 'Once a day' : `${times} times a day`;
  return times === 1 ? 'Once a week' : `${times} times a week`;
}

export function planText(programme) {
  const often = frequencyText(programme.frequency);
  return programme.end_date ? `${often}, until ${programme.end_date}.` : `${often}.`;
}

export const REASON_WORDS = {
  pain_threshold: 'pain at or over the threshold',
  pain_rise: 'pain rose 2 or more during the session',
};

// What the outbox's count means to the patient.
export function outboxText(waiting, stopped) {
  if (stopped) return 'This link no longer works: your answers stay on this phone.';
  if (!waiting) return 'Everything is sent to your clinician.';
  return `${waiting} ${waiting === 1 ? 'answer is' : 'answers are'} saved on this phone `
    + 'and will be sent when you are online.';
}

// The attention column of the clinician's list.
export function attentionText(p) {
  if (p.revoked) return 'Link revoked';
  if (p.attention === 'open_flags') return `${p.open_flags} ${p.open_flags === 1 ? 'flag' : 'flags'} to see`;
  if (p.attention === 'missed_sessions') return `${p.planned_7d - p.done_7d} sessions missed this week`;
  return 'On track';
}
