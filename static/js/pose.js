// The body of an exercise figure: joint angles (sessions/core/figures_poses.py explains
// them) -> joint positions. Pure. The body is built in 3D, so that it can be seen from the
// side or from the feet, then set on the floor, held still at its position's anchor and
// turned so that the working side faces the viewer. static/js/figure.js draws it.

// Lengths in figure units: the body is 100 units tall standing (Drillis and Contini's
// proportions; the head a little large, as drawings read better so).
export const LEN = {
  pelvis: 10, chest: 19, neck: 12, head: 7.5, upperArm: 18.6, forearm: 14.6, hand: 5,
  thigh: 24.5, shin: 24.6, foot: 12, hipHalf: 5, shoulderHalf: 10,
  // The trunk is drawn short of the neck's base, so a neck shows; the shoulder joints sit
  // a little below that base.
  collar: 5, armRoot: 4.5,
};
// Stroke widths: thick rounded limbs that still read at thumbnail size.
export const WIDTH = {
  pelvis: 15, chest: 15, neck: 6, upperArm: 6.5, forearm: 5.5, hand: 5, thigh: 9.5,
  shin: 7, foot: 5, hips: 15, shoulders: 12, nose: 3.8,
};
export const RAD = Math.PI / 180;

// --- vectors -----------------------------------------------------------------------------
export const add = (a, b) => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const scale = (a, k) => [a[0] * k, a[1] * k, a[2] * k];
const along = (p, dir, len) => add(p, scale(dir, len));
const cross = (a, b) => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0]];
const dot = (a, b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

// The direction `deg` of the way from a toward b (0 is a, 90 is b; a and b at right angles).
function turn(a, b, deg) {
  return add(scale(a, Math.cos(deg * RAD)), scale(b, Math.sin(deg * RAD)));
}

// v rotated about a unit axis by deg, right-handed (Rodrigues).
function rotate(v, axis, deg) {
  const c = Math.cos(deg * RAD);
  const s = Math.sin(deg * RAD);
  return add(add(scale(v, c), scale(cross(axis, v), s)), scale(axis, dot(axis, v) * (1 - c)));
}

// --- easing and interpolation -------------------------------------------------------------

/** Ease in and out: a movement starts and ends gently. t is clamped to 0..1. */
export function ease(t) {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 1));
  return 0.5 - 0.5 * Math.cos(Math.PI * x);
}

/** The pose part-way from a to b (t 0..1, already eased): every joint angle interpolated. */
export function between(a, b, t) {
  if (typeof a === 'number') return a + (b - a) * t;
  const out = {};
  for (const key of Object.keys(a)) out[key] = between(a[key], b[key], t);
  return out;
}

// --- the body -----------------------------------------------------------------------------

// The body's axes in the world (x right, y up, z toward the viewer) for a trunk incline
// (0 lying with the head to the left, 90 upright): u runs up the trunk, f out of the front,
// l to the person's left. face-up: lying on the back (upright: facing right); face-down:
// lying on the front; on-side: lying on the right side, facing the viewer.
function axes(body, incline) {
  const u = [-Math.cos(incline * RAD), Math.sin(incline * RAD), 0];
  if (body === 'face-down') return { u, f: [-u[1], u[0], 0], l: [0, 0, 1] };
  if (body === 'on-side') return { u, f: [0, 0, 1], l: [u[1], -u[0], 0] };
  return { u, f: [u[1], -u[0], 0], l: [0, 0, -1] };
}

// The working limbs are on the named side; with no side, on the right.
export const sidesOf = (working) => (working === 'left' ? ['left', 'right'] : ['right', 'left']);
const lateral = (side) => (side === 'left' ? 1 : -1);

/**
 * Joint positions of a pose relative to the hips, before the body is placed: a map of
 * named points, [x, y, z] each, with `left_knee`, `right_hand` and so on.
 */
export function skeleton(body, pose, working = null) {
  const { u, f, l } = axes(body, pose.trunk);
  const hip = [0, 0, 0];
  const waist = along(hip, u, LEN.pelvis);
  // The spine bends at the waist: flexion (+) curls the chest toward the front.
  const c = turn(u, f, pose.spine);
  const fc = turn(f, scale(u, -1), pose.spine);
  const shoulder = along(waist, c, LEN.chest);
  const head = along(shoulder, turn(c, fc, pose.neck), LEN.neck);
  const face = turn(fc, scale(c, -1), pose.neck);
  const points = { hip, waist, shoulder, head, nose: along(head, face, LEN.head + 0.6),
    collar: along(shoulder, c, -LEN.collar) };
  const armRoot = along(shoulder, c, -LEN.armRoot);
  const [work, other] = sidesOf(working);
  for (const [key, side] of [['leg', work], ['other_leg', other]]) {
    const a = pose[key];
    const root = along(hip, l, lateral(side) * LEN.hipHalf);
    // Abduction turns the leg outward about the front axis; roll turns both legs about
    // the trunk's axis toward the person's left.
    const swing = (d) => rotate(rotate(d, scale(f, lateral(side)), a.out), u, pose.roll);
    const down = scale(u, -1);
    const knee = along(root, swing(turn(down, f, a.hip)), LEN.thigh);
    const ankle = along(knee, swing(turn(down, f, a.hip - a.knee)), LEN.shin);
    const foot = swing(turn(down, f, a.hip - a.knee + 90 - a.ankle));
    Object.assign(points, { [`${side}_hip`]: root, [`${side}_knee`]: knee,
      [`${side}_ankle`]: ankle, [`${side}_toe`]: along(ankle, foot, LEN.foot) });
  }
  for (const [key, side] of [['arm', work], ['other_arm', other]]) {
    const a = pose[key];
    const root = along(armRoot, l, lateral(side) * LEN.shoulderHalf);
    const swing = (d) => rotate(d, scale(fc, lateral(side)), a.out);
    const down = scale(c, -1);
    const elbow = along(root, swing(turn(down, fc, a.shoulder)), LEN.upperArm);
    const fore = swing(turn(down, fc, a.shoulder + a.elbow));
    const wrist = along(elbow, fore, LEN.forearm);
    Object.assign(points, { [`${side}_shoulder`]: root, [`${side}_elbow`]: elbow,
      [`${side}_wrist`]: wrist, [`${side}_hand`]: along(wrist, fore, LEN.hand) });
  }
  return points;
}

// The drawn segments: name, end points, stroke width, and the group `focus` lights up
// (with the limb's side).
export const SEGMENTS = [
  ['pelvis', 'hip', 'waist', 'pelvis', 'trunk'],
  ['chest', 'waist', 'collar', 'chest', 'trunk'],
  ['hips', 'left_hip', 'right_hip', 'hips', 'trunk'],
  ['shoulders', 'left_shoulder', 'right_shoulder', 'shoulders', 'trunk'],
  ['neck', 'shoulder', 'head', 'neck', 'head'],
  ...['left', 'right'].flatMap((s) => [
    [`${s} thigh`, `${s}_hip`, `${s}_knee`, 'thigh', 'legs', s],
    [`${s} shin`, `${s}_knee`, `${s}_ankle`, 'shin', 'legs', s],
    [`${s} foot`, `${s}_ankle`, `${s}_toe`, 'foot', 'legs', s],
    [`${s} upper-arm`, `${s}_shoulder`, `${s}_elbow`, 'upperArm', 'arms', s],
    [`${s} forearm`, `${s}_elbow`, `${s}_wrist`, 'forearm', 'arms', s],
    [`${s} hand`, `${s}_wrist`, `${s}_hand`, 'hand', 'arms', s],
  ]),
];

// Which side faces away from the viewer as the body is built. A figure working that side
// is turned half round, so that the named limb is always the near one (lying on the side:
// the upper one); the head's end and the wall's side swap with it.
const AWAY = { 'face-up': 'left', 'face-down': 'right', 'on-side': 'right' };
export const turns = (figure, working) => Boolean(working) && AWAY[figure.body] === working;

// The lowest drawn point: the head's circle, or a segment's rounded end.
function lowest(points) {
  const ends = SEGMENTS.flatMap(([, a, b, w]) => [points[a][1] - WIDTH[w] / 2,
    points[b][1] - WIDTH[w] / 2]);
  return Math.min(points.head[1] - LEN.head, ...ends);
}

// Where along x the body is held still, measured with the head to the left.
const ANCHORS = {
  shoulders: (p) => p.shoulder[0],
  hips: (p) => p.hip[0],
  knees: (p) => (p.left_knee[0] + p.right_knee[0]) / 2,
  feet: (p) => (p.left_ankle[0] + p.right_ankle[0]) / 2,
  // Against a wall: the back of the trunk and head touch x 0 (the wall is behind).
  back: (p) => Math.min(...['hip', 'waist', 'shoulder'].map((k) => p[k][0] - WIDTH.chest / 2),
    p.head[0] - LEN.head),
};

/**
 * The joints of a pose as drawn: set on the floor (its lowest point at y 0), held along x
 * at the position's anchor (the shoulders stay put in a bridge, the hips in a press-up, the
 * back on the wall in a wall sit) and turned for the working side.
 */
export function joints(figure, pose, side = null) {
  const raw = skeleton(figure.body, pose, side);
  const dx = -ANCHORS[figure.anchor](raw);
  // Half round about the vertical (or, lying on the side, about the line of sight).
  const half = figure.body === 'on-side' ? ([x, y, z]) => [-x, -y, z] : ([x, y, z]) => [-x, y, -z];
  const flip = turns(figure, side);
  const moved = {};
  for (const [k, [x, y, z]] of Object.entries(raw)) {
    moved[k] = flip ? half([x + dx, y, z]) : [x + dx, y, z];
  }
  const low = lowest(moved);
  for (const p of Object.values(moved)) p[1] -= low;
  return moved;
}
