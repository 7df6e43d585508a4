// Exercise figures: the body (static/js/pose.js: joint positions for known angles,
// mirroring for the working side, interpolation and easing) and its drawing
// (static/js/figure.js: well-formed SVG, frames, highlights, thumbnails).
// Run with `node --test tests/js/` (tests/test_js.py does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { between, ease, joints, skeleton } from '../../static/js/pose.js';
import { frame, scene, stepFrame, thumbnail, toSvg } from '../../static/js/figure.js';

const limb = (hip, knee, ankle = 0) => ({ hip, knee, ankle, out: 0 });
const arm = (shoulder, elbow) => ({ shoulder, elbow, out: 0 });
const pose = (changes = {}) => ({
  trunk: 90, spine: 0, neck: 0, roll: 0,
  leg: limb(0, 0), other_leg: limb(0, 0), arm: arm(0, 0), other_arm: arm(0, 0),
  ...changes,
});
const lying = pose({ trunk: 0, leg: limb(0, 0, 45), other_leg: limb(0, 0, 45) });
// The library's knee-hug (sessions/core/figures_poses.py), the other leg flat.
const hug = pose({ trunk: 0, leg: limb(130, 140, 30), other_leg: limb(0, 0, 45),
  arm: arm(6, 96), other_arm: arm(6, 96) });
const kneeToChest = {
  position: 'supine', body: 'face-up', anchor: 'shoulders', scene: ['floor'], view: 'side',
  start: 'lying', show: 'hug', focus: ['legs'], props: [], poses: { lying, hug },
};

const near = (a, b, eps = 1e-6) => Math.abs(a - b) < eps;
const close = (p, q, eps = 1e-6) => p.every((v, i) => near(v, q[i], eps));

test('standing straight: knee under the hip, ankle under the knee, foot forward', () => {
  const p = skeleton('face-up', pose());
  assert.ok(close(p.right_knee, [0, -24.5, 5]));
  assert.ok(close(p.right_ankle, [0, -49.1, 5]));
  assert.ok(p.right_toe[0] > p.right_ankle[0] + 11, 'a standing figure faces right');
  assert.ok(close(p.left_knee, [0, -24.5, -5]), 'facing right, the left leg is the far one');
  assert.ok(p.head[1] > p.shoulder[1] && p.shoulder[1] > p.waist[1]);
});

test('hip flexion takes the thigh forward; knee flexion takes the shin back', () => {
  const p = skeleton('face-up', pose({ leg: limb(90, 90), other_leg: limb(90, 90) }));
  assert.ok(near(p.right_knee[1], 0) && near(p.right_knee[0], 24.5), 'thigh straight forward');
  assert.ok(near(p.right_ankle[0], 24.5) && near(p.right_ankle[1], -24.6), 'shin straight down');
  const kneel = skeleton('face-up', pose({ leg: limb(0, 90), other_leg: limb(0, 90) }));
  assert.ok(near(kneel.right_ankle[0], -24.6), 'knee bent: the foot goes behind');
});

test('elbows bend forward and a raised arm goes up over the head', () => {
  const p = skeleton('face-up', pose({ arm: arm(0, 90), other_arm: arm(180, 0) }));
  assert.ok(p.right_wrist[0] > p.right_elbow[0] + 14, 'forearm forward');
  assert.ok(near(p.right_wrist[1], p.right_elbow[1]));
  assert.ok(p.left_hand[1] > p.head[1], 'arm overhead');
});

test('lying on the back the face is up; on the front it is down', () => {
  const back = skeleton('face-up', lying);
  assert.ok(back.head[0] < back.hip[0], 'head to the left');
  assert.ok(back.nose[1] > back.head[1] + 7);
  const front = skeleton('face-down', lying);
  assert.ok(front.nose[1] < front.head[1] - 7);
  assert.ok(front.left_knee[2] > 0, 'lying on the front, the left side is near');
});

test('a pose is set on the floor and held at its anchor', () => {
  const bridge = pose({ trunk: -22, neck: 22, leg: limb(0, 99, 13), other_leg: limb(0, 99, 13),
    arm: arm(-22, 5), other_arm: arm(-22, 5) });
  const fig = { ...kneeToChest, poses: { lying, bridge } };
  const flat = joints(fig, lying);
  const up = joints(fig, bridge);
  assert.ok(near(flat.shoulder[0], 0) && near(up.shoulder[0], 0), 'the shoulders stay put');
  assert.ok(up.hip[1] > flat.hip[1] + 10, 'the hips lift');
  assert.ok(near(up.shoulder[1], flat.shoulder[1], 0.5), 'the shoulders stay on the floor');
  const trunkBottom = Math.min(flat.hip[1], flat.waist[1]) - 7.5;
  assert.ok(near(trunkBottom, 0), 'lying flat, the trunk rests on the floor');
});

test('the working leg is the near one, and the picture mirrors for the other side', () => {
  const left = joints(kneeToChest, hug, 'left');
  const right = joints(kneeToChest, hug, 'right');
  assert.ok(left.left_knee[1] > 20 && left.right_knee[1] < 10, 'left: the left knee is up');
  assert.ok(right.right_knee[1] > 20 && right.left_knee[1] < 10);
  assert.ok(left.left_knee[2] > 0 && right.right_knee[2] > 0, 'the working leg is near');
  assert.ok(left.head[0] > left.hip[0] && right.head[0] < right.hip[0], 'head ends swap');
  assert.ok(close(left.left_knee, [-right.right_knee[0], right.right_knee[1],
    right.right_knee[2]]), 'one is the mirror image of the other');
});

test('the working limb is drawn highlighted, the other leg is not', () => {
  const svg = toSvg(scene(kneeToChest, { from: 'hug', to: 'hug', side: 'left' }));
  assert.match(svg, /class="part left thigh focus"[^>]*stroke="#e8590c"/);
  assert.doesNotMatch(svg, /class="part right thigh focus/);
  assert.doesNotMatch(svg, /class="part left upper-arm focus/);
});

test('ease: starts and ends gently, clamps, and a bad value shows the end', () => {
  assert.equal(ease(0), 0);
  assert.equal(ease(1), 1);
  assert.ok(near(ease(0.5), 0.5));
  assert.ok(ease(0.1) < 0.1 && ease(0.9) > 0.9);
  assert.equal(ease(-2), 0);
  assert.equal(ease(7), 1);
  assert.equal(ease(Number.NaN), 1);
});

test('between: the end points are the poses themselves, half way is the middle', () => {
  assert.deepEqual(between(lying, hug, 0), lying);
  assert.deepEqual(between(lying, hug, 1), hug);
  const mid = between(lying, hug, 0.5);
  assert.equal(mid.leg.hip, 65);
  assert.equal(mid.other_leg.hip, 0);
});

test('a scene at progress 0 and 1 is the still picture of each pose; reduced motion is the end', () => {
  const at = (progress, extra = {}) => toSvg(scene(kneeToChest,
    { from: 'lying', to: 'hug', side: 'right', progress, ...extra }));
  const still = (name) => toSvg(scene(kneeToChest, { from: name, to: name, side: 'right' }));
  assert.equal(at(0), still('lying'));
  assert.equal(at(1), still('hug'));
  assert.notEqual(at(0.5), still('lying'));
  assert.notEqual(at(0.5), still('hug'));
  assert.equal(at(0.2, { reducedMotion: true }), still('hug'));
});

test('the frame stays still through a movement and holds every pose', () => {
  const viewBox = (progress) => scene(kneeToChest, { from: 'lying', to: 'hug', progress }).attrs.viewBox;
  assert.equal(viewBox(0), viewBox(0.37));
  assert.equal(viewBox(0), viewBox(1));
  const box = frame(kneeToChest, 'right');
  for (const p of [lying, hug]) {
    for (const [x, y] of Object.values(joints(kneeToChest, p, 'right'))) {
      assert.ok(x > box.x0 && x < box.x1 && y > box.y0 && y < box.y1, 'every joint inside');
    }
  }
  assert.ok(box.y0 < 0 && box.x1 - box.x0 > 100, 'the floor, and the whole body lying');
});

test('knee to chest: the thigh past vertical toward the chest, the hands on the shin below the knee', () => {
  const p = skeleton('face-up', hug, 'right');
  // Lying with the head to the left: toward the chest is -x.
  const thigh = [p.right_knee[0] - p.right_hip[0], p.right_knee[1] - p.right_hip[1]];
  const pastVertical = Math.atan2(-thigh[0], thigh[1]) / (Math.PI / 180);
  assert.ok(pastVertical >= 30 && pastVertical <= 50, `thigh ${pastVertical.toFixed(0)}° past vertical`);
  assert.ok(p.right_knee[0] < p.waist[0], 'the knee is over the chest, not the belly');
  const shin = [p.right_ankle[0] - p.right_knee[0], p.right_ankle[1] - p.right_knee[1]];
  const length = Math.hypot(...shin);
  for (const hand of [p.right_hand, p.left_hand]) {
    const rel = [hand[0] - p.right_knee[0], hand[1] - p.right_knee[1]];
    const along = (rel[0] * shin[0] + rel[1] * shin[1]) / length;
    const off = Math.abs(rel[0] * shin[1] - rel[1] * shin[0]) / length;
    assert.ok(along >= 2 && along <= 10, `the hand ${along.toFixed(1)} units down the shin`);
    assert.ok(off <= 4, `the hand ${off.toFixed(1)} units off the shin`);
  }
});

test('nothing goes below the floor', () => {
  for (const side of [null, 'left', 'right']) {
    for (const p of [lying, hug, between(lying, hug, 0.5)]) {
      const points = joints(kneeToChest, p, side);
      assert.ok(Math.min(...Object.values(points).map((q) => q[1])) >= 0 - 1e-9);
    }
  }
});

// Tags nest and close; attributes are quoted; nothing unescaped leaks out.
function wellFormed(markup) {
  const stack = [];
  const tags = markup.match(/<[^>]*>/g);
  assert.equal(markup.replace(/<[^>]*>/g, ''), '', 'no stray text');
  for (const tag of tags) {
    const m = tag.match(/^<(\/?)([a-z]+)((?:\s[a-zA-Z0-9:-]+="[^"<>]*")*)>$/);
    assert.ok(m, `malformed tag ${tag}`);
    if (m[1]) assert.equal(stack.pop(), m[2]);
    else stack.push(m[2]);
  }
  assert.deepEqual(stack, []);
}

test('the markup is well formed, labelled, and escapes its label', () => {
  const svg = toSvg(scene(kneeToChest, { from: 'lying', to: 'hug', side: 'left', progress: 0.3,
    label: 'Knee to chest "left" <now> & then' }));
  wellFormed(svg);
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="[-\d. ]+"/);
  assert.match(svg, /role="img" aria-label="Knee to chest &#34;left&#34; &#60;now&#62; &#38; then"/);
  assert.match(svg, /stroke="currentColor"/);
  assert.match(svg, /class="scene floor"/);
  assert.doesNotMatch(svg, /NaN|undefined/);
});

test('a wall figure draws the wall behind the back, on the side it turns to', () => {
  const stand = pose({ leg: limb(13, 0, 13), other_leg: limb(13, 0, 13) });
  const sit = pose({ leg: limb(75, 75), other_leg: limb(75, 75) });
  const wall = { ...kneeToChest, position: 'wall', anchor: 'back', scene: ['floor', 'wall'],
    start: 'stand', show: 'sit', poses: { stand, sit } };
  const svg = toSvg(scene(wall, { from: 'stand', to: 'sit', progress: 0.5 }));
  wellFormed(svg);
  assert.match(svg, /class="scene wall" x1="-1"/);
  const p = joints(wall, sit);
  assert.ok(near(Math.min(p.hip[0], p.waist[0]) - 7.5, 0), 'the back touches the wall');
  assert.ok(near(p.right_knee[0], p.right_ankle[0], 1), 'knees over the ankles');
});

test('the view from the feet draws a mat, and the knees roll to the named side', () => {
  const bent = pose({ trunk: 0, leg: limb(45, 105, 30), other_leg: limb(45, 105, 30) });
  const fig = { ...kneeToChest, view: 'end', start: 'bent', show: 'left',
    poses: { bent, left: { ...bent, roll: 55 } } };
  const p = joints(fig, fig.poses.left);
  assert.ok(p.left_knee[2] < -15, 'rolled to the left, toward the person\'s left (away, -z)');
  const svg = toSvg(scene(fig, { from: 'bent', to: 'left', progress: 1 }));
  wellFormed(svg);
  assert.match(svg, /<path class="scene floor mat"/);
  // Seen from the feet the person's left is on the screen's right.
  const knee = svg.match(/class="part left thigh[^"]*" x1="[-\d.]+" y1="[-\d.]+" x2="([-\d.]+)"/);
  assert.ok(Number(knee[1]) > 15);
});

test('a thumbnail is the telling pose, tightly framed; an icon figure draws its icon', () => {
  const thumb = thumbnail(kneeToChest, { label: 'Knee to chest' });
  assert.equal(thumb.attrs.class, 'figure thumb');
  assert.equal(toSvg(thumb), toSvg(scene(kneeToChest, { from: 'hug', to: 'hug',
    label: 'Knee to chest', extraClass: 'thumb', tight: true })));
  const icon = toSvg(thumbnail({ icon: 'weights' }, { label: 'Lifting weights' }));
  wellFormed(icon);
  assert.match(icon, /class="figure icon thumb"/);
  assert.match(icon, /class="part plate"/);
});

test('an unknown pose is an error, not a blank picture', () => {
  assert.throws(() => scene(kneeToChest, { from: 'lying', to: 'splits' }), /no pose "splits"/);
});

test('stepFrame: where a step\'s picture is, elapsed ms into it (frozen when paused)', () => {
  const step = { duration_ms: 2000,
    figure: { exercise: 'bridge', from: 'knees-bent', to: 'bridge', side: null } };
  assert.deepEqual(stepFrame(step, 500), { exercise: 'bridge', from: 'knees-bent',
    to: 'bridge', side: null, progress: 0.25 });
  assert.equal(stepFrame(step, 5000).progress, 1);
  assert.equal(stepFrame(step, -10).progress, 0);
  assert.equal(stepFrame({ duration_ms: 1000 }, 10), null);
});
