"""The body's joints and the library of reusable poses a routine's figures name.

Angles are degrees, as a physiotherapist measures them from the body's neutral standing
position (static/js/pose.js builds the body from them):
- trunk: the pelvis's incline from the floor: 0 lying (head end to the left), 90 upright,
  below 0 the hip end raised (a bridge);
- spine: bend at the waist, flexion (+) curls the chest forward, extension (-) arches back;
- neck: flexion (+) brings the chin to the chest;
- roll: both legs rolled about the trunk's long axis toward the person's left (+) or right;
- per leg: hip flexion (the thigh forward), knee flexion, ankle plantarflexion (toes pointed;
  - is toes pulled up), out (abduction);
- per arm: shoulder flexion (0 the arm along the side, 90 forward, 180 overhead), elbow
  flexion, out (abduction).
`leg`/`arm` are the working limbs (the side named by the step), `other_leg`/`other_arm` the
others; with no side the two are drawn alike unless a pose says otherwise.
"""

from __future__ import annotations

BODY_JOINTS = {"trunk": (-60, 135), "spine": (-60, 60), "neck": (-60, 90), "roll": (-90, 90)}
LIMB_JOINTS = {
    "leg": {"hip": (-40, 160), "knee": (0, 160), "ankle": (-40, 90), "out": (-20, 90)},
    "arm": {"shoulder": (-90, 200), "elbow": (0, 160), "out": (-20, 180)},
}
# Which limbs a pose key sets: `legs` both, `leg` the working one, `other_leg` the other.
LIMB_KEYS = {"legs": ("leg", "other_leg"), "leg": ("leg",), "other_leg": ("other_leg",),
             "arms": ("arm", "other_arm"), "arm": ("arm",), "other_arm": ("other_arm",)}
POSE_KEYS = ("like", *BODY_JOINTS, *LIMB_KEYS)

STANDING = {
    "trunk": 90, "spine": 0, "neck": 0, "roll": 0,
    "leg": {"hip": 0, "knee": 0, "ankle": 0, "out": 0},
    "other_leg": {"hip": 0, "knee": 0, "ankle": 0, "out": 0},
    "arm": {"shoulder": 0, "elbow": 5, "out": 0},
    "other_arm": {"shoulder": 0, "elbow": 5, "out": 0},
}

# Each pose is written as changes to another (`like`); STANDING is the root. Lying poses
# are tuned so the body rests on the floor: feet flat, arms by the sides on the mat.
_ON_MAT_ARMS = {"shoulder": -4, "elbow": 8}
LIBRARY_SPECS: dict[str, dict] = {
    "standing": {},
    # On the back.
    "lying": {"like": "standing", "trunk": 0, "legs": {"hip": -3, "ankle": 45},
              "arms": _ON_MAT_ARMS},
    "knees-bent": {"like": "lying", "legs": {"hip": 45, "knee": 105, "ankle": 30}},
    "knees-bent-arms-out": {"like": "knees-bent", "arms": {"shoulder": 0, "elbow": 10, "out": 70}},
    "knees-left": {"like": "knees-bent-arms-out", "roll": 55},
    "knees-right": {"like": "knees-bent-arms-out", "roll": -55},
    "knee-hug": {"like": "lying", "leg": {"hip": 130, "knee": 140, "ankle": 30},
                 "arms": {"shoulder": 6, "elbow": 96}},
    # The far leg a little apart from the near one, so that both show from the side.
    "knees-hug": {"like": "knee-hug", "other_leg": {"hip": 121, "knee": 132, "ankle": 30}},
    "bridge": {"like": "knees-bent", "trunk": -22, "neck": 22,
               "legs": {"hip": 0, "knee": 99, "ankle": 13}, "arms": {"shoulder": -22}},
    "pelvic-tilt": {"like": "knees-bent", "trunk": -14, "spine": 14,
                    "legs": {"hip": 31, "knee": 118, "ankle": 18}},
    "towel-knee-bent": {"like": "knees-bent", "leg": {"hip": 90, "knee": 90, "ankle": -5},
                        "arms": {"shoulder": 16, "elbow": 100}},
    "towel-leg-straight": {"like": "knees-bent", "leg": {"hip": 80, "knee": 0, "ankle": -10},
                           "arms": {"shoulder": 28, "elbow": 88}},
    # On the front.
    "prone": {"like": "standing", "trunk": 0, "neck": -12, "legs": {"hip": 0, "ankle": 70},
              "arms": {"shoulder": -40, "elbow": 160}},
    # The back arches from the hips up (the pelvis tilts, the spine extends at the waist);
    # the hips stay on the floor.
    "prone-on-elbows": {"like": "prone", "trunk": 26, "spine": -16, "neck": -5,
                        "legs": {"hip": -26}, "arms": {"shoulder": 38, "elbow": 98}},
    "hands-and-knees": {"like": "prone", "legs": {"hip": 90, "knee": 90, "ankle": 70},
                        "arms": {"shoulder": 90, "elbow": 0}},
    # Upright.
    "sitting": {"like": "standing", "legs": {"hip": 90, "knee": 90}},
    "wall-stand": {"like": "standing", "legs": {"hip": 13, "knee": 0, "ankle": 13}},
    "wall-sit": {"like": "standing", "legs": {"hip": 75, "knee": 75},
                 "arms": {"shoulder": -10, "elbow": 82}},
    # On the side (lying on the side away from the working limbs).
    "side-lying": {"like": "standing", "trunk": 0, "legs": {"hip": 20, "knee": 30},
                   "arms": {"shoulder": 90, "elbow": 60}},
}


def merged(base: dict, changes: dict) -> dict:
    """A full pose: `base` with a spec's joint changes applied (legs, then leg/other_leg)."""
    pose = {k: (dict(v) if isinstance(v, dict) else v) for k, v in base.items()}
    for key in BODY_JOINTS:
        if key in changes:
            pose[key] = changes[key]
    for key in ("legs", "arms", "leg", "other_leg", "arm", "other_arm"):
        for limb in LIMB_KEYS[key] if key in changes else ():
            pose[limb].update(changes[key])
    return pose


def _library() -> dict[str, dict]:
    poses: dict[str, dict] = {}
    for name, spec in LIBRARY_SPECS.items():
        base = poses[spec["like"]] if "like" in spec else STANDING
        poses[name] = merged(base, spec)
    return poses


LIBRARY = _library()
