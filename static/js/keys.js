// Keyboard shortcuts while the player shows: Space pauses or resumes, the arrows skip.
// Pure: the page passes the key event's fields and what it knows, and acts on the answer.

// Is the player on screen (alone, or in the console once the session has started)?
export function playerShown({ screen, snapshot }) {
  return screen === 'player' || (screen === 'console' && Boolean(snapshot) && snapshot.status !== 'ready');
}

// Typing in a field: keys belong to the field.
export function isTyping(target) {
  return Boolean(target && (target.isContentEditable
    || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)));
}

// type 'keydown' | 'keyup'. Returns null (not ours) or {prevent, command}, command one of
// 'toggle', 'next', 'previous' or null. Space is swallowed on keyup too, or a focused button
// would be clicked as well.
export function keyAction(type, ev, { shown, canControl, typing }) {
  if (!shown || typing) return null;
  const space = ev.key === ' ' || ev.code === 'Space';
  if (type === 'keyup') return space ? { prevent: true, command: null } : null;
  if (!canControl || ev.altKey || ev.ctrlKey || ev.metaKey) return null;
  if (space) return { prevent: true, command: ev.repeat ? null : 'toggle' };
  if (ev.key === 'ArrowRight') return { prevent: true, command: 'next' };
  if (ev.key === 'ArrowLeft') return { prevent: true, command: 'previous' };
  return null;
}
