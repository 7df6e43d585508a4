"""Each problem with a routine has a path to its field (for the editor) beside the message
`routines check` prints: the same rules, one list."""

import copy

import pytest
import yaml

from sessions.core.fields import MAX_PROBLEMS, path_of
from sessions.core.model import RoutineError, parse_routine
from tests.conftest import SEED_FILE

SEED = yaml.safe_load(SEED_FILE.read_text())


@pytest.mark.parametrize("base, message, path", [
    ("", "field 'title': expected non-empty text, got None", "title"),
    ("exercises[2]", "field 'hold': min 12 is more than max 10", "exercises[2].hold"),
    ("exercises[0]", "field 'instructions', sentence 2: '{x}' is not allowed here",
     "exercises[0].instructions[1]"),
    ("exercises[1]", "field 'figure.poses.up': unknown joint 'tail'",
     "exercises[1].figure.poses.up"),
    ("timing", "unknown field 'nap' (expected one of get_ready)", "timing.nap"),
    ("exercises[4]", "expected a mapping, got str", "exercises[4]"),
])
def test_the_path_is_the_place_and_the_field_a_message_names(base, message, path):
    assert path_of(base, message) == path


def details(data) -> list[dict]:
    with pytest.raises(RoutineError) as err:
        parse_routine(data, "r.yaml")
    assert [f"r.yaml: {d['message']}" for d in err.value.details] == err.value.problems
    return err.value.details


def test_every_problem_has_its_path_and_the_checkers_message():
    data = copy.deepcopy(SEED)
    data["title"] = ""
    data["exercises"][2]["tempo"][1]["seconds"] = {"value": 0, "from": "editorial"}
    data["exercises"][3]["timing"] = {"rest_between_reps": {"value": 3}}
    data["exercises"][5] = "hamstrings"
    data["timing"]["get_ready"] = {"min": 1, "max": 2, "from": "guess"}
    assert [d["path"] for d in details(data)] == [
        "title", "timing.get_ready", "exercises[2].tempo[1].seconds",
        "exercises[3].timing.rest_between_reps", "exercises[5]"]


def test_past_the_most_problems_they_are_counted():
    data = copy.deepcopy(SEED)
    for x in data["exercises"]:
        x.update(name="", instructions="say it", kind="stretch")
    found = details(data)
    assert len(found) == MAX_PROBLEMS + 1
    assert found[-1]["path"] == "" and found[-1]["message"].startswith("... and ")
