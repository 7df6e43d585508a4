// The printable handout (sessions/web/handout.py renders its words): its address for a
// routine at a dose, and its figures, drawn by the player's own renderer (figure.js) from
// the data the page carries.
import { scene } from './figure.js';
import { svgElement } from './figuredom.js';

/**
 * The handout's address: /print/<routine>?pace=..., with the chosen exercises and each
 * override typed for this patient ({exercise: {hold|reps|sets: n}}) when given.
 */
export function handoutUrl(routineId, { pace, exercises = null, overrides = {} } = {}) {
  const query = new URLSearchParams();
  if (pace) query.set('pace', pace);
  if (exercises && exercises.length) query.set('exercises', exercises.join(','));
  for (const [id, fields] of Object.entries(overrides)) {
    for (const [field, value] of Object.entries(fields)) {
      if (value != null) query.set(`${id}.${field}`, String(value));
    }
  }
  const q = query.toString();
  return `/print/${encodeURIComponent(routineId)}${q ? `?${q}` : ''}`;
}

/**
 * An exercise's pictures on the handout, as {caption, node}: where it starts and the
 * position it holds or moves to (one picture when they are the same), the working side
 * shown for a side-by-side exercise; advice has its icon.
 */
export function handoutScenes({ figure, kind, name, side = null }) {
  if (!figure) return [];
  if (figure.icon) return [{ caption: '', node: scene(figure, { label: name }) }];
  const still = (pose, caption) => ({
    caption,
    node: scene(figure, { from: pose, to: pose, side, label: `${name}: ${caption.toLowerCase()}` }),
  });
  const start = still(figure.start, 'Start');
  if (figure.show === figure.start) return [start];
  return [start, still(figure.show, kind === 'hold' ? 'Hold' : 'Move')];
}

/** Draws every exercise's figures into the page (its `.handout-figures` boxes). */
export function drawHandout(doc) {
  const data = doc.getElementById('handout-figures');
  const entries = data ? JSON.parse(data.textContent) : [];
  for (const box of doc.querySelectorAll('.handout-figures[data-index]')) {
    const entry = entries[Number(box.dataset.index)];
    if (!entry) continue;
    box.replaceChildren(...handoutScenes(entry).map(({ caption, node }) => {
      const figure = doc.createElement('figure');
      figure.className = 'handout-figure';
      figure.append(svgElement(node));
      if (caption) {
        const text = doc.createElement('figcaption');
        text.textContent = caption;
        figure.append(text);
      }
      return figure;
    }));
  }
  doc.body.dataset.figures = 'drawn';
}
