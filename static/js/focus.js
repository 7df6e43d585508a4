// Where the keyboard's focus goes when the screen changes, so that a screen reader says
// where the person now is and Tab starts from there, instead of from a button that has
// just been hidden. Pure: the view applies it.

// The heading each main section opens with. The console's join card and side panel sit
// beside a main section and never take the focus themselves.
export const SCREEN_HEADINGS = {
  picker: 'picker-title',
  setup: 'setup-title',
  player: 'exercise-name',
  finished: 'finished-title',
  waiting: 'waiting-title',
};

/**
 * The id of the heading to focus when the visible sections go from `before` to `after`
 * (lists of section ids): the heading of the first main section that was not showing.
 * Null on the first render (the page just loaded: focus stays where the browser put it)
 * and when no main section is new.
 */
export function headingToFocus(before, after, headings = SCREEN_HEADINGS) {
  if (!before) return null;
  const fresh = after.find((section) => !before.includes(section) && headings[section]);
  return fresh ? headings[fresh] : null;
}
