"""Exercise figures as data, and the parser for a routine exercise's `figure:` field.

A figure is a body position (what the body lies or stands on, and which way it faces) and
named poses as joint angles (figures_poses.py), with a pose for each phase: `start`, the held
pose of a `hold` exercise, or the pose each `tempo` phase moves to. Or, for advice, an icon.
Pure: static/js/figure.js draws what `Figure.to_dict()` describes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .echo import shown
from .figures_poses import BODY_JOINTS, LIBRARY, LIMB_JOINTS, LIMB_KEYS, POSE_KEYS, merged

# What each position means to the drawing: which way the body faces when lying head to
# the left (face-up also stands facing right), the point that stays put while it moves,
# and what it rests on or against.
POSITIONS = {
    "supine": {"body": "face-up", "anchor": "shoulders", "scene": ("floor",)},
    "prone": {"body": "face-down", "anchor": "hips", "scene": ("floor",)},
    "side-lying": {"body": "on-side", "anchor": "hips", "scene": ("floor",)},
    "sitting": {"body": "face-up", "anchor": "hips", "scene": ("floor", "chair")},
    "standing": {"body": "face-up", "anchor": "feet", "scene": ("floor",)},
    "wall": {"body": "face-up", "anchor": "back", "scene": ("floor", "wall")},
    "hands-and-knees": {"body": "face-down", "anchor": "knees", "scene": ("floor",)},
}
VIEWS = ("side", "end")  # end: along the body from the feet (lying) or the front (upright)
FOCUS = ("trunk", "head", "legs", "arms")  # highlighted; with a side, only the working limb
PROPS = ("towel", "tilt-arrow")
ICONS = ("weights",)
FIELDS = {"position", "view", "poses", "start", "hold", "tempo", "show", "focus", "props"}


@dataclass(frozen=True)
class Figure:
    """A resolved figure: every pose it names is complete (all joints), ready to draw."""

    position: str = ""
    view: str = "side"
    start: str = ""
    hold: str | None = None
    tempo: tuple[str, ...] = ()
    show: str = ""  # the telling pose: thumbnails and the exercise's announcement
    focus: tuple[str, ...] = ()
    props: tuple[str, ...] = ()
    poses: dict = field(default_factory=dict, hash=False)  # name -> complete pose
    icon: str | None = None

    def to_dict(self) -> dict:
        if self.icon:
            return {"icon": self.icon}
        place = POSITIONS[self.position]
        return {"position": self.position, "body": place["body"], "anchor": place["anchor"],
                "scene": list(place["scene"]), "view": self.view, "start": self.start,
                "show": self.show, "focus": list(self.focus), "props": list(self.props),
                "poses": {name: {k: dict(v) if isinstance(v, dict) else v for k, v in pose.items()}
                          for name, pose in self.poses.items()}}  # copies: the JSON is theirs


def parse_figure(raw: Any, kind: str, tempo_count: int) -> tuple[Figure | None, list[str]]:
    """A routine exercise's `figure:` field, for an exercise of `kind` with `tempo_count`
    tempo phases. Returns the figure (None when absent or faulty) and every problem found."""
    if raw is None:
        return None, []
    problems: list[str] = []
    if not isinstance(raw, dict):
        return None, ["field 'figure': expected a mapping such as {position: supine, "
                      "start: lying, hold: knee-hug}, or {icon: weights}"]
    if "icon" in raw:
        return _icon(raw, problems), problems
    for key in raw:
        if key not in FIELDS:
            problems.append(f"field 'figure': unknown field {shown(key)} "
                            f"(expected one of {', '.join(sorted(FIELDS | {'icon'}))})")
    position = _one_of(problems, raw, "position", POSITIONS, None)
    view = _one_of(problems, raw, "view", VIEWS, "side")
    own = _own_poses(problems, raw.get("poses", {}))
    known = {**LIBRARY, **own}

    def pose(name: Any, label: str) -> str:
        if isinstance(name, str) and name in known:
            return name
        problems.append(f"field 'figure.{label}': unknown pose {shown(name)} (a pose under "
                        f"'figure.poses', or one of {', '.join(LIBRARY)})")
        return ""

    start = pose(raw.get("start"), "start")
    hold, tempo = None, ()
    if kind == "hold":
        hold = pose(raw.get("hold"), "hold")
    elif "hold" in raw:
        problems.append("field 'figure.hold': only a 'hold' exercise has a held pose")
    if kind == "reps" and tempo_count:  # (a faulty tempo is reported on its own)
        names = raw.get("tempo")
        if not isinstance(names, list) or len(names) != tempo_count:
            problems.append(f"field 'figure.tempo': expected a list of {tempo_count} pose "
                            f"names, the pose each tempo phase moves to, got {shown(names)}")
        else:
            tempo = tuple(pose(n, f"tempo[{i}]") for i, n in enumerate(names, start=1))
    elif "tempo" in raw and kind != "reps":
        problems.append("field 'figure.tempo': only a 'reps' exercise moves through tempo phases")
    telling = hold or next((n for n in tempo if n != start), start)
    show = pose(raw["show"], "show") if "show" in raw else telling
    focus = _listed(problems, raw, "focus", FOCUS)
    props = _listed(problems, raw, "props", PROPS)
    if problems:
        return None, problems
    used = {n: known[n] for n in (start, hold, *tempo, show) if n}
    return Figure(position, view, start, hold, tempo, show, focus, props, used), []


def _icon(raw: dict, problems: list[str]) -> Figure | None:
    if set(raw) != {"icon"}:
        problems.append("field 'figure': an icon figure has only 'icon'")
    if raw["icon"] not in ICONS:
        problems.append(f"field 'figure.icon': expected one of {', '.join(ICONS)}, "
                        f"got {shown(raw['icon'])}")
    return None if problems else Figure(icon=raw["icon"])


def _one_of(problems: list[str], raw: dict, key: str, allowed, default):
    value = raw.get(key, default)
    if value not in allowed:
        problems.append(f"field 'figure.{key}': expected one of {', '.join(allowed)}, "
                        f"got {shown(value)}")
    return value


def _listed(problems: list[str], raw: dict, key: str, allowed: tuple) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(v in allowed for v in value):
        problems.append(f"field 'figure.{key}': expected a list of {', '.join(allowed)}, "
                        f"got {shown(value)}")
        return ()
    return tuple(value)


def _own_poses(problems: list[str], raw: Any) -> dict[str, dict]:
    """A figure's own poses, each built `like` a library pose (or an earlier own one)."""
    if not isinstance(raw, dict):
        problems.append("field 'figure.poses': expected a mapping of pose names to joint "
                        "angles, e.g. {top: {like: bridge, trunk: -25}}")
        return {}
    own: dict[str, dict] = {}
    for name, spec in raw.items():
        at = f"field 'figure.poses.{name}'"
        if not isinstance(spec, dict):
            problems.append(f"{at}: expected a mapping of joint angles")
            continue
        before = len(problems)
        for key in spec:
            if key not in POSE_KEYS:
                problems.append(f"{at}: unknown joint {shown(key)} (expected one of "
                                f"{', '.join(POSE_KEYS)})")
        base = {**LIBRARY, **own}.get(spec.get("like"))
        if base is None:
            problems.append(f"{at}: 'like' must name the pose this one changes (a library "
                            f"pose or an earlier one here), got {shown(spec.get('like'))}")
        for key, (low, high) in BODY_JOINTS.items():
            if key in spec:
                _angle(problems, at, key, spec[key], low, high)
        for key in LIMB_KEYS:
            if key in spec:
                _limb(problems, at, key, spec[key])
        if len(problems) == before:
            own[name] = merged(base, spec)
    return own


def _limb(problems: list[str], at: str, key: str, value: Any) -> None:
    joints = LIMB_JOINTS["leg" if "leg" in key else "arm"]
    if not isinstance(value, dict):
        problems.append(f"{at}: '{key}' expected a mapping of {', '.join(joints)}")
        return
    for joint, angle in value.items():
        if joint not in joints:
            problems.append(f"{at}: '{key}' has no joint {shown(joint)} (expected one of "
                            f"{', '.join(joints)})")
        else:
            _angle(problems, at, f"{key}.{joint}", angle, *joints[joint])


def _angle(problems: list[str], at: str, name: str, value: Any, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        problems.append(f"{at}: '{name}' expected an angle in degrees, got {shown(value)}")
    elif not low <= value <= high:
        problems.append(f"{at}: '{name}' {value} is outside {low}..{high} degrees")
