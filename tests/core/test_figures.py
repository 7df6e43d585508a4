"""Exercise figures: the routine format's `figure` field, the pose library, and which pose
each timeline step's picture starts in and moves to."""

import copy

import pytest
import yaml

from sessions.core.compiler import compile_timeline
from sessions.core.figures import POSITIONS, parse_figure
from sessions.core.figures_poses import BODY_JOINTS, LIBRARY, LIMB_JOINTS
from sessions.core.model import RoutineError, parse_routine
from sessions.core.timeline import Options, Timeline
from tests.conftest import SEED_FILE


def seed_data():
    return yaml.safe_load(SEED_FILE.read_text())


def figures_of(timeline, exercise_id, kind=None):
    return [(s.kind, s.figure.from_pose, s.figure.to_pose, s.figure.side) for s in timeline.steps
            if s.exercise_id == exercise_id and (kind is None or s.kind == kind)]


def test_every_seed_item_has_a_figure_and_the_advice_an_icon(seed_routine):
    figures = {e.id: e.figure for e in seed_routine.exercises}
    assert all(figures.values()), [eid for eid, f in figures.items() if f is None]
    assert figures["lifting-weights"].icon == "weights"
    assert figures["lifting-weights"].to_dict() == {"icon": "weights"}
    positions = {eid: f.position for eid, f in figures.items() if not f.icon}
    assert positions["press-up-back-extensions"] == "prone"
    assert positions["wall-sits"] == "wall"
    assert {positions[e] for e in ("knee-to-chest", "both-knees-to-chest", "knee-rotations",
                                   "bridge", "hamstring-stretch", "pelvic-tilts")} == {"supine"}


def test_library_poses_are_complete_and_within_each_joints_range():
    for name, pose in LIBRARY.items():
        for joint, (low, high) in BODY_JOINTS.items():
            assert low <= pose[joint] <= high, (name, joint)
        for limb in ("leg", "other_leg", "arm", "other_arm"):
            joints = LIMB_JOINTS["leg" if "leg" in limb else "arm"]
            assert set(pose[limb]) == set(joints), (name, limb)
            for joint, (low, high) in joints.items():
                assert low <= pose[limb][joint] <= high, (name, limb, joint)


def test_every_position_has_a_library_pose_to_start_from():
    # A routine author can use each position with library poses alone.
    for position in POSITIONS:
        raw = {"position": position, "start": "standing", "hold": "standing"}
        figure, problems = parse_figure(raw, "hold", 0)
        assert problems == [] and figure.to_dict()["body"] == POSITIONS[position]["body"]


def test_a_one_leg_pose_bends_only_the_working_leg():
    hug, lying = LIBRARY["knee-hug"], LIBRARY["lying"]
    assert hug["leg"]["hip"] > 90 and hug["other_leg"] == lying["other_leg"]
    both = LIBRARY["knees-hug"]
    assert both["other_leg"]["hip"] > 90


def test_own_poses_change_a_library_pose():
    raw = {"position": "supine", "start": "lying", "hold": "top",
           "poses": {"top": {"like": "bridge", "trunk": -25, "leg": {"knee": 90}},
                     "higher": {"like": "top", "trunk": -30}},
           "show": "higher"}
    figure, problems = parse_figure(raw, "hold", 0)
    assert problems == []
    top = figure.poses["top"]
    assert top["trunk"] == -25 and top["leg"]["knee"] == 90
    assert top["other_leg"] == LIBRARY["bridge"]["other_leg"]
    assert figure.poses["higher"]["trunk"] == -30 and figure.poses["higher"]["leg"]["knee"] == 90
    assert set(figure.poses) == {"lying", "top", "higher"}  # only the poses it uses


def test_the_telling_pose_defaults_to_the_held_or_first_moved_to_pose():
    hold, _ = parse_figure({"position": "supine", "start": "lying", "hold": "knee-hug"}, "hold", 0)
    assert hold.show == "knee-hug"
    reps, _ = parse_figure({"position": "supine", "start": "knees-bent",
                            "tempo": ["knees-bent", "bridge"]}, "reps", 2)
    assert reps.show == "bridge"


@pytest.mark.parametrize("raw, kind, count, message", [
    ("supine", "hold", 0, "field 'figure': expected a mapping"),
    ({"start": "lying", "hold": "lying"}, "hold", 0, "field 'figure.position': expected one of"),
    ({"position": "upside-down", "start": "lying", "hold": "lying"}, "hold", 0,
     "got 'upside-down'"),
    ({"position": "supine", "start": "lyin", "hold": "lying"}, "hold", 0,
     "field 'figure.start': unknown pose 'lyin'"),
    ({"position": "supine", "start": "lying"}, "hold", 0, "field 'figure.hold': unknown pose None"),
    ({"position": "supine", "start": "lying", "tempo": ["bridge"]}, "reps", 3,
     "field 'figure.tempo': expected a list of 3 pose names"),
    ({"position": "supine", "start": "lying", "tempo": ["bridge", "nope"]}, "reps", 2,
     "field 'figure.tempo[2]': unknown pose 'nope'"),
    ({"position": "supine", "start": "lying", "hold": "lying", "tempo": ["bridge"]}, "hold", 0,
     "field 'figure.tempo': only a 'reps' exercise"),
    ({"position": "supine", "start": "lying", "hold": "lying"}, "reps", 1,
     "field 'figure.hold': only a 'hold' exercise"),
    ({"position": "supine", "start": "lying", "hold": "lying", "colour": "red"}, "hold", 0,
     "field 'figure': unknown field 'colour'"),
    ({"position": "supine", "start": "lying", "hold": "lying", "view": "top"}, "hold", 0,
     "field 'figure.view': expected one of side, end"),
    ({"position": "supine", "start": "lying", "hold": "lying", "focus": ["toes"]}, "hold", 0,
     "field 'figure.focus': expected a list of trunk, head, legs, arms"),
    ({"position": "supine", "start": "lying", "hold": "lying", "props": "towel"}, "hold", 0,
     "field 'figure.props': expected a list of towel, tilt-arrow"),
    ({"position": "supine", "start": "x", "hold": "x", "poses": {"x": {"trunk": 10}}}, "hold", 0,
     "field 'figure.poses.x': 'like' must name the pose"),
    ({"position": "supine", "start": "x", "hold": "x",
      "poses": {"x": {"like": "lying", "trunk": 400}}}, "hold", 0,
     "field 'figure.poses.x': 'trunk' 400 is outside -60..135 degrees"),
    ({"position": "supine", "start": "x", "hold": "x",
      "poses": {"x": {"like": "lying", "leg": {"knee": "bent"}}}}, "hold", 0,
     "'leg.knee' expected an angle in degrees, got 'bent'"),
    ({"position": "supine", "start": "x", "hold": "x",
      "poses": {"x": {"like": "lying", "legs": {"toe": 10}}}}, "hold", 0,
     "'legs' has no joint 'toe'"),
    ({"position": "supine", "start": "x", "hold": "x",
      "poses": {"x": {"like": "lying", "tail": 10}}}, "hold", 0, "unknown joint 'tail'"),
    ({"icon": "kettlebell"}, "advice", 0, "field 'figure.icon': expected one of weights"),
    ({"icon": "weights", "position": "supine"}, "advice", 0, "an icon figure has only 'icon'"),
])
def test_a_faulty_figure_is_refused_with_a_message_naming_the_field(raw, kind, count, message):
    figure, problems = parse_figure(raw, kind, count)
    assert figure is None
    assert any(message in p for p in problems), problems


def test_the_parser_names_file_exercise_and_field_and_keeps_every_problem():
    data = seed_data()
    bridge = next(e for e in data["exercises"] if e["id"] == "bridge")
    bridge["figure"]["tempo"] = ["bridge"]
    wall = next(e for e in data["exercises"] if e["id"] == "wall-sits")
    wall["figure"]["hold"] = "squat"
    with pytest.raises(RoutineError) as err:
        parse_routine(data, "lower-back-hip.yaml")
    assert ("lower-back-hip.yaml: exercise 'bridge' (#4): field 'figure.tempo': expected a "
            "list of 3 pose names") in err.value.problems[0]
    assert any(p.startswith("lower-back-hip.yaml: exercise 'wall-sits' (#7): field "
                            "'figure.hold': unknown pose 'squat'") for p in err.value.problems)


def test_a_routine_without_figures_still_parses(seed_routine):
    data = seed_data()
    for item in data["exercises"]:
        item.pop("figure", None)
    routine = parse_routine(data, "lower-back-hip.yaml")
    tl = compile_timeline(routine)
    assert all(s.figure is None for s in tl.steps)
    assert all(e["figure"] is None for e in tl.exercises)


def test_a_hold_keeps_still_on_the_named_side_and_a_rest_eases_back(seed_routine):
    tl = compile_timeline(seed_routine, Options(pace="gentle"))
    steps = figures_of(tl, "knee-to-chest")
    assert steps[:8] == [
        ("announce", "knee-hug", "knee-hug", "left"),  # what it looks like, first side
        ("instruct", "lying", "knee-hug", "left"),  # each sentence demonstrates it
        ("instruct", "lying", "knee-hug", "left"),
        ("instruct", "lying", "knee-hug", "left"),
        ("ready", "lying", "lying", "left"),
        ("hold", "knee-hug", "knee-hug", "left"),
        ("switch", "lying", "lying", "right"),
        ("hold", "knee-hug", "knee-hug", "right"),
    ]
    assert steps[8] == ("rest", "knee-hug", "lying", "right")
    holds = [s for s in steps if s[0] == "hold"]
    assert [s[3] for s in holds] == ["left", "right"] * 3


def test_tempo_phases_move_from_where_the_last_one_ended(seed_routine):
    tl = compile_timeline(seed_routine, Options(pace="gentle"))
    bridge = [s for s in tl.steps if s.exercise_id == "bridge" and s.kind == "rep"]
    # lift (2 s) from down to up, hold still at the top, lower slowly back down
    assert [(s.duration_ms, s.figure.from_pose, s.figure.to_pose) for s in bridge[:4]] == [
        (2000, "knees-bent", "bridge"), (2000, "bridge", "bridge"), (3000, "bridge", "knees-bent"),
        (2000, "knees-bent", "bridge")]
    rotations = figures_of(tl, "knee-rotations", "rep")
    assert rotations[:3] == [("rep", "knees-bent-arms-out", "knees-left", None),
                             ("rep", "knees-left", "knees-right", None),
                             ("rep", "knees-right", "knees-left", None)]
    # The rest between sets eases back to the start; the next set starts from there.
    rest_then = [s for s in figures_of(tl, "knee-rotations") if s[0] in ("rest", "rep")]
    first_rest = next(i for i, s in enumerate(rest_then) if s[0] == "rest")
    assert rest_then[first_rest] == ("rest", "knees-right", "knees-bent-arms-out", None)
    assert rest_then[first_rest + 1][1] == "knees-bent-arms-out"


def test_the_rest_before_an_exercise_shows_its_start_and_advice_its_icon(seed_routine):
    tl = compile_timeline(seed_routine, Options(pace="gentle"))
    rests = [s for s in tl.steps if s.kind == "rest" and s.exercise_id is None]
    assert rests
    for rest in rests:
        following = next(s for s in tl.steps[rest.index + 1:] if s.exercise_id)
        figure = seed_routine.exercise(following.exercise_id).figure
        assert rest.figure.exercise == following.exercise_id
        assert rest.figure.from_pose == rest.figure.to_pose == figure.start
    hamstring_rest = next(r for r in rests if r.figure.exercise == "hamstring-stretch")
    assert hamstring_rest.figure.side == "left"  # the side it starts with
    advice = [s.figure for s in tl.steps if s.exercise_id == "lifting-weights"]
    assert advice and all((f.from_pose, f.to_pose, f.side) == (None, None, None) for f in advice)
    assert [s.figure for s in tl.steps if s.kind in ("intro", "done")] == [None] * sum(
        1 for s in tl.steps if s.kind in ("intro", "done"))


def test_every_step_names_poses_its_exercise_figure_carries(seed_routine):
    for pace in ("gentle", "standard", "extended"):
        data = compile_timeline(seed_routine, Options(pace=pace)).to_dict()
        figures = {e["id"]: e["figure"] for e in data["exercises"]}
        for step in data["steps"]:
            if "figure" not in step:
                continue
            figure = figures[step["figure"]["exercise"]]
            if "icon" in figure:
                continue
            assert step["figure"]["from"] in figure["poses"], step
            assert step["figure"]["to"] in figure["poses"], step
            assert figure["show"] in figure["poses"] and figure["start"] in figure["poses"]


def test_the_side_view_of_a_sided_step_is_the_steps_own_side(seed_routine):
    tl = compile_timeline(seed_routine, Options(pace="extended"))
    for s in tl.steps:
        if s.figure and s.side and seed_routine.exercise(s.figure.exercise).sides == "each":
            assert s.figure.side == s.side
    # knee rotations name a direction per phase, not a working side: never mirrored
    assert {s.figure.side for s in tl.steps if s.exercise_id == "knee-rotations"} == {None}


def test_figures_round_trip_and_change_the_hash(seed_routine):
    tl = compile_timeline(seed_routine, Options(pace="standard")).scaled(5)
    again = Timeline.from_dict(copy.deepcopy(tl.to_dict()))
    assert again == tl and again.hash == tl.hash
    assert [s.figure for s in again.steps] == [s.figure for s in tl.steps]
    bare = Timeline.from_dict({**tl.to_dict(), "steps": [
        {k: v for k, v in s.items() if k != "figure"} for s in tl.to_dict()["steps"]]})
    assert bare.hash != tl.hash
    assert all("figure" not in s for s in bare.to_dict()["steps"])


def test_a_figures_json_is_a_copy_the_caller_may_change(seed_routine):
    figure = seed_routine.exercise("bridge").figure
    before = copy.deepcopy(LIBRARY["bridge"])
    data = figure.to_dict()
    data["poses"]["bridge"]["leg"]["knee"] = 0
    data["poses"]["bridge"]["trunk"] = 0
    assert figure.to_dict()["poses"]["bridge"] == before == LIBRARY["bridge"]
