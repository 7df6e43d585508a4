// Exercise figures drawn as SVG from the pose data the timeline carries (made by
// sessions/core/figures.py; the body is static/js/pose.js). Pure: no DOM, no clock. A
// caller asks for a scene (from pose, to pose, side, progress 0..1) and gets a description
// tree, which toSvg() turns into markup.
import {
  LEN, RAD, SEGMENTS, WIDTH, add, between, ease, joints, scale, sidesOf, turns,
} from './pose.js';

// The page's CSS may restyle `.focus`; this orange reads on light and dark backgrounds.
const FOCUS_COLOUR = '#e8590c';
const FAR_OPACITY = 0.45;
const PAD = 5;

// The cameras, by the figure's `view`. side: level, looking at the body's side. end: from
// the feet (lying; from the front when upright) and a little above, as a physiotherapist
// standing at the end of the mat sees it.
const CAMERAS = { side: { yaw: 0, pitch: 0 }, end: { yaw: 90, pitch: 30 } };

const round = (v) => Math.round(v * 10) / 10;

// --- what is drawn ------------------------------------------------------------------------

// The projected, depth-sorted shapes of a pose.
function shapes(figure, points, working) {
  const view = figure.view;
  const focus = new Set(figure.focus);
  const lit = (group, side) => focus.has(group) && (!side || !working || side === working);
  const out = SEGMENTS.map(([name, a, b, w, group, side]) => {
    const pa = project(view, points[a]);
    const pb = project(view, points[b]);
    return { kind: 'line', name, a: pa, b: pb, width: WIDTH[w], focus: lit(group, side),
      side, depth: (pa[2] + pb[2]) / 2 };
  });
  const head = project(view, points.head);
  out.push({ kind: 'circle', name: 'head', c: head, r: LEN.head, focus: focus.has('head'),
    depth: head[2] });
  const nose = project(view, points.nose);
  out.push({ kind: 'circle', name: 'nose', c: nose, r: WIDTH.nose / 2, depth: head[2] + 0.01 });
  for (const prop of figure.props) out.push(...PROPS[prop](points, view, working));
  // Far limbs are lighter, so near and far read apart in a side view.
  for (const it of out) it.far = Boolean(view === 'side' && it.side && it.depth < -1);
  return out.sort((x, y) => x.depth - y.depth);
}

const PROPS = {
  // A towel or strap from both hands round the ball of the working foot.
  towel(points, view, working) {
    const [side] = sidesOf(working);
    const ankle = points[`${side}_ankle`];
    const ball = add(ankle, scale(add(points[`${side}_toe`], scale(ankle, -1)), 0.7));
    return ['left', 'right'].map((s) => {
      const a = project(view, points[`${s}_hand`]);
      const b = project(view, ball);
      return { kind: 'line', name: 'towel', a, b, width: 2.4, prop: true,
        depth: Math.max(a[2], b[2]) + 0.5 };
    });
  },
  // A curved arrow round the pelvis: its front rocks toward the head (a posterior tilt),
  // pressing the small of the back into the floor.
  'tilt-arrow'(points, view) {
    const mid = scale(add(points.hip, points.waist), 0.5);
    return [{ kind: 'arc', name: 'tilt-arrow', c: project(view, mid),
      toward: project(view, points.waist), r: 15, prop: true, depth: 1000 }];
  },
};

function project(view, p) {
  // World point -> [across, up, depth toward the viewer] on the screen.
  const { yaw, pitch } = CAMERAS[view];
  const across = p[0] * Math.cos(yaw * RAD) - p[2] * Math.sin(yaw * RAD);
  const depth = p[2] * Math.cos(yaw * RAD) + p[0] * Math.sin(yaw * RAD);
  return [across, p[1] * Math.cos(pitch * RAD) - depth * Math.sin(pitch * RAD),
    depth * Math.cos(pitch * RAD) + p[1] * Math.sin(pitch * RAD)];
}

function extent(shape) {
  if (shape.kind === 'line') return [[shape.a, shape.width / 2], [shape.b, shape.width / 2]];
  return [[shape.c, shape.kind === 'arc' ? shape.r + 4 : shape.r]];
}

function box(points2d) {
  const xs = points2d.flatMap(([p, r]) => [p[0] - r, p[0] + r]);
  const ys = points2d.flatMap(([p, r]) => [p[1] - r, p[1] + r]);
  return { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
}

/**
 * The fixed frame of a figure on one side, holding every pose it has (or only `pose`), so
 * that a movement happens inside a still picture: {x0, x1, y0, y1} on the screen, y up,
 * and `mat`, the floor's outline when the camera looks down on it (else null).
 */
export function frame(figure, side = null, only = null) {
  const poses = only ? [figure.poses[only]] : Object.values(figure.poses);
  const all = poses.map((pose) => joints(figure, pose, side));
  const ends = all.flatMap((points) => shapes(figure, points, side).flatMap(extent));
  let mat = null;
  if (CAMERAS[figure.view].pitch) {
    const w = all.flatMap((points) => Object.values(points));
    const [x0, x1] = [Math.min(...w.map((p) => p[0])) - 22, Math.max(...w.map((p) => p[0])) + 6];
    const [z0, z1] = [Math.min(...w.map((p) => p[2])) - 8, Math.max(...w.map((p) => p[2])) + 8];
    mat = [[x0, 0, z0], [x1, 0, z0], [x1, 0, z1], [x0, 0, z1]].map((p) => project(figure.view, p));
    ends.push(...mat.map((p) => [p, 1]));
  } else {
    ends.push([[0, -1, 0], 1]);
  }
  if (figure.scene.includes('wall')) ends.push([[turns(figure, side) ? 2 : -2, 0, 0], 1]);
  const b = box(ends);
  return { x0: b.x0 - PAD, x1: b.x1 + PAD, y0: b.y0 - PAD, y1: b.y1 + PAD, mat };
}

// --- description nodes and markup ---------------------------------------------------------

// A node is {tag, attrs, children}: toSvg() makes markup of it; a view may instead build
// elements from it with createElementNS. Classes name every part for a stylesheet.
const node = (tag, attrs, children = []) => ({ tag, attrs, children });

function shapeNode(it, fb) {
  // Screen y runs down from the frame's top.
  const y = (v) => round(fb.y1 - v);
  const classes = ['part', it.name, it.focus && 'focus', it.far && 'far', it.prop && 'prop']
    .filter(Boolean).join(' ');
  if (it.kind === 'line') {
    const attrs = { class: classes, x1: round(it.a[0]), y1: y(it.a[1]), x2: round(it.b[0]),
      y2: y(it.b[1]), 'stroke-width': it.width };
    if (it.focus) attrs.stroke = FOCUS_COLOUR;
    if (it.far) attrs.opacity = FAR_OPACITY;
    return node('line', attrs);
  }
  if (it.kind === 'circle') {
    return node('circle', { class: classes, cx: round(it.c[0]), cy: y(it.c[1]), r: it.r,
      fill: it.focus ? FOCUS_COLOUR : 'currentColor', stroke: 'none' });
  }
  // The arc: over the top from the hip end toward the waist end, arrowhead at the end.
  const dir = Math.sign(it.toward[0] - it.c[0]) || -1;
  const at = (deg) => [round(it.c[0] + dir * it.r * Math.cos(deg * RAD)),
    y(it.c[1] + it.r * Math.sin(deg * RAD))];
  const [sx, sy] = at(160);
  const [ex, ey] = at(30);
  const tip = [[ex - dir * 0.5, ey - 6], [ex, ey], [ex - dir * 6, ey + 0.5]];
  return node('g', { class: classes, 'stroke-width': 2.6 }, [
    node('path', { d: `M${sx} ${sy} A${it.r} ${it.r} 0 0 ${dir > 0 ? 1 : 0} ${ex} ${ey}` }),
    node('path', { d: `M${tip.map((p) => p.map(round).join(' ')).join(' L')}` }),
  ]);
}

function sceneNodes(figure, fb, side, show) {
  const y = (v) => round(fb.y1 - v);
  const line = { 'stroke-width': 2, opacity: 0.6 };
  const out = [];
  if (fb.mat) {
    const d = fb.mat.map(([x, v], i) => `${i ? 'L' : 'M'}${round(x)} ${y(v)}`).join(' ');
    out.push(node('path', { class: 'scene floor mat', d: `${d} Z`, fill: 'currentColor',
      stroke: 'none', opacity: 0.14 }));
  } else {
    out.push(node('line', { class: 'scene floor', x1: round(fb.x0), y1: y(-1), x2: round(fb.x1),
      y2: y(-1), ...line }));
  }
  if (figure.scene.includes('wall') && !fb.mat) {
    const x = turns(figure, side) ? 1 : -1;
    out.push(node('line', { class: 'scene wall', x1: x, y1: y(-1), x2: x, y2: y(fb.y1), ...line }));
  }
  if (figure.scene.includes('chair') && !fb.mat) {
    // A seat under the hips of the telling pose, with a leg down to the floor.
    const seat = show.hip[1] - WIDTH.pelvis / 2 - 1.5;
    const back = show.hip[0] + (turns(figure, side) ? 8 : -8);
    const front = show.hip[0] + (turns(figure, side) ? -14 : 14);
    out.push(node('path', { class: 'scene chair', d: `M${round(back)} ${y(seat)} L${round(front)} `
      + `${y(seat)} M${round(back)} ${y(seat)} L${round(back)} ${y(-1)}`, ...line }));
  }
  return out;
}

function svgRoot(fb, label, children, extraClass) {
  const viewBox = `${round(fb.x0)} 0 ${round(fb.x1 - fb.x0)} ${round(fb.y1 - fb.y0)}`;
  return node('svg', {
    xmlns: 'http://www.w3.org/2000/svg', viewBox, class: `figure ${extraClass}`.trim(),
    role: 'img', 'aria-label': label, fill: 'none', stroke: 'currentColor',
    'stroke-linecap': 'round', 'stroke-linejoin': 'round',
  }, children);
}

/**
 * The picture of a figure part-way through a step: `from` and `to` are pose names in
 * figure.poses, `progress` 0..1 of the step (eased here), `side` 'left', 'right' or null.
 * With reducedMotion the end pose is shown, still. `label` is the picture's accessible name.
 */
export function scene(figure, { from, to, side = null, progress = 1, reducedMotion = false,
  label = '', extraClass = '', tight = false } = {}) {
  if (figure.icon) return iconScene(figure.icon, label, extraClass);
  const a = figure.poses[from];
  const b = figure.poses[to];
  if (!a || !b) throw new Error(`the figure has no pose ${JSON.stringify(a ? to : from)}`);
  const t = reducedMotion ? 1 : ease(progress);
  const fb = frame(figure, side, tight ? to : null);
  const show = joints(figure, figure.poses[figure.show], side);
  const body = shapes(figure, joints(figure, between(a, b, t), side), side)
    .map((it) => shapeNode(it, fb));
  return svgRoot(fb, label, [...sceneNodes(figure, fb, side, show), ...body], extraClass);
}

/** A small still picture of the figure's telling pose (`show`), framed tightly, for lists. */
export function thumbnail(figure, { side = null, label = '' } = {}) {
  if (figure.icon) return iconScene(figure.icon, label, 'thumb');
  return scene(figure, { from: figure.show, to: figure.show, side, label, extraClass: 'thumb',
    tight: true });
}

// Advice has an icon instead of a body: a dumbbell.
const ICONS = {
  weights: [
    ['bar', 14, 40, 66, 40, 6], ['plate', 20, 24, 20, 56, 10], ['plate', 60, 24, 60, 56, 10],
    ['plate', 9, 31, 9, 49, 7], ['plate', 71, 31, 71, 49, 7],
  ],
};

function iconScene(icon, label, extraClass) {
  const children = (ICONS[icon] || []).map(([name, x1, y1, x2, y2, w]) => node('line', {
    class: `part ${name}`, x1, y1, x2, y2, 'stroke-width': w }));
  return svgRoot({ x0: 0, x1: 80, y0: 0, y1: 80 }, label, children, `icon ${extraClass}`.trim());
}

/**
 * The scene options for a timeline step's figure, `elapsedMs` into the step (a paused
 * player passes the elapsed time it froze at): {exercise, from, to, side, progress}.
 */
export function stepFrame(step, elapsedMs) {
  const f = step.figure;
  if (!f) return null;
  const progress = step.duration_ms > 0 ? elapsedMs / step.duration_ms : 1;
  return { exercise: f.exercise, from: f.from, to: f.to, side: f.side,
    progress: Math.min(1, Math.max(0, progress)) };
}

const escape = (s) => String(s).replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Markup for a description node (attribute values escaped). */
export function toSvg(n) {
  const attrs = Object.entries(n.attrs).map(([k, v]) => ` ${k}="${escape(v)}"`).join('');
  return `<${n.tag}${attrs}>${n.children.map(toSvg).join('')}</${n.tag}>`;
}
