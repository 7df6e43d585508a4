// Words and numbers as the page shows them. Pure: no DOM, no state.

// "About 19 min": a routine's length in the picker.
export function formatDuration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  return `${Math.round(s / 60)} min`;
}

// "1:05": time left, rounded up to the second.
export function formatClock(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = String(total % 60).padStart(2, '0');
  return `${m}:${s}`;
}

// "12 min 30 s": the console's total of a session.
export function formatTotal(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  const rest = s % 60;
  return rest ? `${m} min ${rest} s` : `${m} min`;
}

export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

// A clock figure of the devices panel: "12 ms", or a dash when unknown.
export function formatMs(value) {
  if (value == null || Number.isNaN(Number(value))) return '–';
  return `${Math.round(Number(value))} ms`;
}

// "cannot skip: the session is finished" -> "Cannot skip: the session is finished."
export function sentence(text) {
  const t = String(text).trim();
  if (!t) return '';
  const s = t[0].toUpperCase() + t.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

export const NO_ANSWER = 'No answer from the server. Check the connection and try again.';

// What to say about a failed request: `noAnswer` when the server did not answer in time,
// else its refusal as a sentence (after `prefix`).
export function failure(err, noAnswer = NO_ANSWER, prefix = '') {
  return err.timeout ? noAnswer : `${prefix}${sentence(err.message)}`;
}

// "at 14:05": when a session was started, in the device's own time.
export function formatTime(epochMs) {
  const d = new Date(epochMs);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

const DOSE_WORDS = { hold: ['Hold (s)', 'Hold seconds'], reps: ['Reps', 'Reps'], sets: ['Sets', 'Sets'] };

// A dose field's label in the console's form ("Hold (s)") ...
export function doseLabel(field) {
  return (DOSE_WORDS[field] || [field])[0];
}

// ... and its name for one exercise, read out and in messages ("Hold seconds for Bridge").
export function doseName(field, exerciseName) {
  return `${(DOSE_WORDS[field] || [field, field])[1]} for ${exerciseName}`;
}

// "28 Nov 2026, 14:05": a moment (ISO 8601) in the device's own time zone, or the zone given.
export function localTime(iso, { locale = undefined, timeZone = undefined } = {}) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit',
    hourCycle: 'h23', timeZone,
  }).format(d);
}
