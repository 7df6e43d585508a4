// An exercise's figure in the editor: the body position and poses picked from the figure
// library the server sends, and the pictures they make, drawn by the player's renderer.
import { el } from './dom.js';
import { scene } from './figure.js';
import { drawInto, svgElement } from './figuredom.js';
import { button, checkboxes, field, select } from './editorfields.js';
import { movement, movementAt, previewOf, previewSide } from './editorfigure.js';

const words = (name) => name.replace(/-/g, ' ');
const LEG_MS = 1500;  // each move of the movement, as a tempo phase of a second or two
const stillPreferred = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

// One picture that moves through the exercise's poses once, when its button is pressed.
function moving(shown, side, label) {
  const legs = movement(shown.pictures);
  const stage = el('div', { cls: 'pose-moving' });
  const draw = (at) => drawInto(stage, scene(shown.figure, { ...at, side, label: `${label}: the movement` }));
  draw({ from: legs[0].from, to: legs[0].from, progress: 1 });
  const play = button('Play the movement', 'play-movement', {});
  play.addEventListener('click', () => {
    const begun = performance.now();
    const frame = (now) => {
      const at = movementAt(legs, now - begun, LEG_MS);
      draw(at || { from: legs[0].from, to: legs[0].from, progress: 1 });
      if (at && stage.isConnected) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  return el('div', { cls: 'movement' }, [stage, play]);
}

function poseSelect(value, lib) {
  const names = Object.keys(lib.poses);
  const options = [['', 'Choose a pose'], ...names.map((n) => [n, words(n)])];
  if (value && !lib.poses[value]) options.push([value, `${value} (its own pose)`]);
  return select(value || '', options, { action: 'shape' });
}

function pictures(x, lib) {
  const box = el('div', { cls: 'figure-preview', attrs: { 'aria-live': 'polite' } });
  const shown = previewOf(lib, x.figure, x.kind, x.tempo || []);
  if (!shown) {
    box.append(el('p', { cls: 'hint', text: 'Pick a position and its poses to see the picture.' }));
    return box;
  }
  if (shown.missing.length) {
    const text = `No picture here for ${shown.missing.join(', ')}: it is defined in the routine file itself.`;
    box.append(el('p', { cls: 'hint', text }));
    return box;
  }
  const side = previewSide(x);
  for (const { caption, from, to } of shown.pictures) {
    const label = `${x.name || 'Exercise'}${caption ? `: ${caption.toLowerCase()}` : ''}`;
    const fig = el('figure', { cls: 'pose-picture' }, [svgElement(scene(shown.figure, { from, to, side, label }))]);
    if (caption) fig.append(el('figcaption', { text: caption }));
    box.append(fig);
  }
  if (movement(shown.pictures).length && !stillPreferred()) box.append(moving(shown, side, x.name || 'Exercise'));
  return box;
}

/** The figure part of exercise `i`'s card. */
export function exerciseFigure(x, i, lib) {
  const at = `exercises[${i}].figure`;
  const fig = x.figure || {};
  const box = el('fieldset', { cls: 'figure-fields', attrs: { 'data-field': at } },
    [el('legend', { text: 'Picture' })]);
  if (x.kind === 'advice') {
    const icons = [['', 'No picture'], ...lib.icons.map((n) => [n, words(n)])];
    box.append(field(`${at}.icon`, 'Icon', select(fig.icon || '', icons, { action: 'figure-icon' })));
  } else {
    const positions = [['', 'No picture'], ...Object.keys(lib.positions).map((n) => [n, words(n)])];
    const position = select(fig.position || '', positions, { action: 'figure-position' });
    box.append(field(`${at}.position`, 'Body position', position));
    if (fig.position) {
      box.append(field(`${at}.view`, 'Seen from', select(fig.view || 'side',
        lib.views.map((v) => [v, v === 'end' ? 'the end (from the feet)' : 'the side']), { action: 'shape' })));
      box.append(field(`${at}.start`, 'Starting pose', poseSelect(fig.start, lib)));
      if (x.kind === 'hold') box.append(field(`${at}.hold`, 'Held pose', poseSelect(fig.hold, lib)));
      if (x.kind === 'reps') {
        (x.tempo || []).forEach((phase, j) => {
          const pose = poseSelect((fig.tempo || [])[j], lib);
          box.append(field(`${at}.tempo[${j}]`, `Pose at the end of phase ${j + 1}`, pose));
        });
      }
      box.append(checkboxes(`${at}.focus`, 'Highlighted', lib.focus, fig.focus));
    }
  }
  box.append(el('p', { cls: 'problem', attrs: { id: `f-exercises-${i}-figure-problem`, hidden: '' } }));
  box.append(pictures(x, lib));
  if (x.figure) box.append(button('Remove the picture', 'remove-field', { path: at }));
  return box;
}
