// Voice control's words on the device: what the acknowledgement line says for each command
// the server heard, and which of the server's answers (the timeline's `answers`, from
// sessions/core/answers.py) to say for "how long left" and "what's next". Pure.

// The command as the person would say it (the acknowledgement echoes their words).
const SAID = {
  pause: 'pause', resume: 'continue', next: 'next', previous: 'back', repeat: 'repeat',
  time_left: 'how long left', whats_next: "what's next", stop: 'stop', yes: 'yes', no: 'no',
};

export function saidAs(command) {
  return SAID[command] || String(command);
}

// The acknowledgement line for a voice_heard event: "Heard: pause", and when the command
// was refused the server's reason ("Heard: next. Only the clinician can skip ahead.").
export function heardText(heard) {
  const head = `Heard: ${saidAs(heard.command)}`;
  if (heard.ok === false) {
    const why = String(heard.error || 'not allowed here').replace(/[.\s]+$/, '');
    return `${head}. ${why.charAt(0).toUpperCase()}${why.slice(1)}.`;
  }
  return head;
}

// The time-left answer for `msLeft`: the last row whose from_ms is at most it.
export function timeLeftAnswer(answers, msLeft) {
  const rows = (answers && answers.time_left) || [];
  let found = null;
  for (const row of rows) if (row.from_ms <= msLeft) found = row;
  return found || rows[0] || null;
}

// The exercise after the one at `index` (a step with another exercise_id), or null.
export function nextExerciseId(timeline, index) {
  const step = timeline.steps[index];
  const current = step ? step.exercise_id : null;
  const next = timeline.steps.slice(index + 1).find((s) => s.exercise_id && s.exercise_id !== current);
  return next ? next.exercise_id : null;
}

// "Next up: Bridge." or "This is the last exercise."
export function whatsNextAnswer(timeline, index) {
  const answers = timeline.answers || {};
  const id = nextExerciseId(timeline, index);
  return (id && answers.whats_next && answers.whats_next[id]) || answers.last_exercise || null;
}

// Why the microphone stopped, in words for the switch's line.
export const STOPPED = {
  off: '',
  hidden: 'Stopped listening while Limber was in the background.',
  ended: 'The microphone was switched off or taken by another app.',
  muted: 'The microphone was muted by the system or another app.',
  session_ended: 'Stopped listening: the session ended.',
  finished: 'Stopped listening: the routine is over.',
  left: 'Stopped listening: this device left the session.',
  idle: 'Stopped listening after a long time with nothing said.',
  unavailable: 'Stopped listening: the server\'s recogniser stopped. Switch Voice control on again to retry.',
  disconnected: 'Stopped listening: the connection to the server was lost.',
  denied: 'Limber may not use the microphone. Allow it in the browser\'s site settings to use voice control.',
  no_microphone: 'No microphone was found on this device.',
  unsupported: 'This browser cannot capture audio for voice control.',
  insecure: 'Voice control needs a secure (https) connection to this Limber server.',
  needs_tap: 'Tap Voice control to listen: the browser needs a tap on this page first.',
};

export function stoppedText(reason, fallback = '') {
  return STOPPED[reason] !== undefined ? STOPPED[reason] : (fallback || `Stopped listening (${reason}).`);
}
