// The editor's figure picker: what a routine exercise's `figure` field (position and pose
// names) looks like, drawn by the player's own renderer (figure.js) from the figure library
// the server puts in the page (body positions, views, focus groups and complete poses).
// Pure: the view draws what previewOf() describes.

/** The pose names an exercise's figure uses, each with the caption of its picture. */
export function posesOf(fig, kind, tempo = []) {
  if (!fig || fig.icon || !fig.start) return [];
  const out = [{ caption: 'Start', pose: fig.start }];
  if (kind === 'hold' && fig.hold) out.push({ caption: 'Hold', pose: fig.hold });
  if (kind === 'reps') {
    (fig.tempo || []).forEach((pose, i) => {
      const say = tempo[i] && tempo[i].say ? `: ${String(tempo[i].say).replace(/[.!]+$/, '')}` : '';
      if (pose) out.push({ caption: `Phase ${i + 1}${say}`, pose });
    });
  }
  return out;
}

/**
 * The pictures of an exercise's figure: {figure, pictures: [{caption, from, to}], missing}.
 * `figure` is what figure.js's scene() draws (only the poses used, so each picture is framed
 * to them); `missing` names poses the library does not have (the picture then waits for a
 * choice, and the server's check says what is wrong). Null when there is nothing to draw.
 */
export function previewOf(lib, fig, kind, tempo = []) {
  if (!fig) return null;
  if (fig.icon) {
    return lib.icons.includes(fig.icon)
      ? { figure: { icon: fig.icon }, pictures: [{ caption: '', from: null, to: null }], missing: [] }
      : null;
  }
  const place = lib.positions[fig.position];
  const used = posesOf(fig, kind, tempo);
  if (!place || !used.length) return null;
  const missing = used.map((u) => u.pose).filter((p) => !lib.poses[p]);
  if (missing.length) return { figure: null, pictures: [], missing };
  const poses = Object.fromEntries(used.map((u) => [u.pose, lib.poses[u.pose]]));
  const figure = {
    position: fig.position, ...place, view: fig.view || 'side', start: fig.start,
    show: fig.start, focus: fig.focus || [], props: fig.props || [], poses,
  };
  return {
    figure,
    pictures: used.map((u) => ({ caption: u.caption, from: u.pose, to: u.pose })),
    missing: [],
  };
}

/** The side drawn in the preview: the left, for an exercise done on each side. */
export const previewSide = (exercise) => (exercise.sides === 'each' ? 'left' : null);

/**
 * The movement an exercise's pictures make, as legs [{from, to}]: from the start through
 * each chosen pose and back to the start (a leg that goes nowhere is left out).
 */
export function movement(pictures) {
  const poses = pictures.map((p) => p.to);
  const path = [...poses, poses[0]];
  return path.slice(1).map((to, i) => ({ from: path[i], to })).filter((leg) => leg.from !== leg.to);
}

/** Where the movement is `ms` into it, each leg `legMs` long: {from, to, progress}; null after. */
export function movementAt(legs, ms, legMs) {
  const i = Math.floor(Math.max(0, ms) / legMs);
  if (i >= legs.length) return null;
  return { ...legs[i], progress: (ms - i * legMs) / legMs };
}
