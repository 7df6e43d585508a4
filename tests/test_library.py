"""Malformed routine files: each gets a clear message; the good ones are still served."""

import shutil
import subprocess
import sys

import pytest

from app import create_app
from sessions.config import Settings
from sessions.library import load_library
from tests.conftest import ROOT, SEED_FILE

GOOD = """
id: {id}
title: Test
timing:
  rest_between_reps: {{value: 3, from: editorial}}
  rest_between_sets: {{value: 10, from: editorial}}
  rest_between_exercises: {{value: 10, from: editorial}}
  get_ready: {{value: 5, from: editorial}}
  switch_sides: {{value: 4, from: editorial}}
exercises:
{exercises}
"""
HOLD = """  - id: stretch
    name: Stretch
    kind: hold
    instructions: ["Lie down."]
    hold: {min: 8, max: 10, from: source}
    reps: {value: 3, from: source}
"""

BAD = {
    "not-a-mapping": ("- just\n- a list\n", "must hold a mapping"),
    "empty": ("", "must hold a mapping"),
    "bad-yaml": ("id: [unclosed\n", "not valid YAML at line"),
    "no-exercises": (GOOD.format(id="no-exercises", exercises="  []"),
                     "field 'exercises': expected a non-empty list"),
    "bad-id": (GOOD.format(id="Bad_ID", exercises=HOLD), "field 'id': expected a lower-case id"),
    "wrong-name": (GOOD.format(id="something-else", exercises=HOLD),
                   "the file is named 'wrong-name'"),
    "unknown-kind": (GOOD.format(id="unknown-kind", exercises=HOLD.replace("kind: hold",
                                                                           "kind: dance")),
                     "exercise 'stretch' (#1): field 'kind': expected one of"),
    "range-reversed": (GOOD.format(id="range-reversed", exercises=HOLD.replace(
        "min: 8, max: 10", "min: 12, max: 10")), "field 'hold': min 12 is greater than max 10"),
    "no-origin": (GOOD.format(id="no-origin", exercises=HOLD.replace(
        "{value: 3, from: source}", "{value: 3}")), "field 'reps': 'from' must say"),
    "not-a-number": (GOOD.format(id="not-a-number", exercises=HOLD.replace(
        "value: 3", "value: three")), "field 'reps': expected whole numbers"),
    "missing-hold": (GOOD.format(id="missing-hold", exercises=HOLD.replace(
        "    hold: {min: 8, max: 10, from: source}\n", "")), "field 'hold': missing"),
    "negative": (GOOD.format(id="negative", exercises=HOLD.replace(
        "value: 3", "value: -1")), "field 'reps': -1 is outside 1..50"),
    "no-instructions": (GOOD.format(id="no-instructions", exercises=HOLD.replace(
        '    instructions: ["Lie down."]\n', "")), "field 'instructions': expected a list"),
    "advice-with-timer": (GOOD.format(id="advice-with-timer", exercises=HOLD.replace(
        "kind: hold", "kind: advice")), "an advice item has no timer"),
    "duplicate-exercise": (GOOD.format(id="duplicate-exercise", exercises=HOLD + HOLD),
                           "exercise 'stretch' (#2): field 'id': used by an earlier"),
    "unknown-field": (GOOD.format(id="unknown-field", exercises=HOLD + "    colour: red\n"),
                      "unknown field 'colour'"),
    "bad-sides": (GOOD.format(id="bad-sides", exercises=HOLD + "    sides: three\n"),
                  "field 'sides': expected one of none, each, both"),
    "reps-without-tempo": (GOOD.format(id="reps-without-tempo", exercises=HOLD.replace(
        "kind: hold", "kind: reps").replace("    hold: {min: 8, max: 10, from: source}\n", "")),
        "field 'tempo': expected a list of phases"),
    "missing-timing": ("id: missing-timing\ntitle: T\nexercises:\n" + HOLD,
                       "routine: timing: field 'rest_between_reps': missing"),
    "bool-count": (GOOD.format(id="bool-count", exercises=HOLD.replace(
        "value: 3", "value: true")), "expected whole numbers"),
}


@pytest.fixture
def routines_dir(tmp_path):
    folder = tmp_path / "routines"
    folder.mkdir()
    shutil.copy(SEED_FILE, folder)
    for name, (text, _) in BAD.items():
        (folder / f"{name}.yaml").write_text(text)
    (folder / "binary.yaml").write_bytes(b"\xff\xfe\x00bad")
    return folder


def test_good_template_is_valid(tmp_path):
    (tmp_path / "fine.yaml").write_text(GOOD.format(id="fine", exercises=HOLD))
    lib = load_library(tmp_path)
    assert lib.problems == [] and list(lib.routines) == ["fine"]


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_malformed_file_has_a_clear_message(routines_dir, name):
    lib = load_library(routines_dir)
    mine = [p for p in lib.problems if p.startswith(f"{name}.yaml: ")]
    expected = BAD[name][1]
    assert any(expected in p for p in mine), mine
    assert name not in lib.routines


def test_unreadable_file_is_reported(routines_dir):
    lib = load_library(routines_dir)
    assert any(p.startswith("binary.yaml: cannot read") for p in lib.problems)


def test_every_problem_in_one_file_is_listed_at_once(tmp_path):
    text = GOOD.format(id="many", exercises=HOLD.replace("kind: hold", "kind: dance")
                       .replace("value: 3", "value: x") + "    colour: red\n")
    (tmp_path / "many.yaml").write_text(text)
    problems = load_library(tmp_path).problems
    assert len(problems) >= 2


def test_the_app_still_serves_the_good_routine(routines_dir, tmp_path):
    app = create_app(Settings(routines_dir=routines_dir, data_dir=tmp_path / "data"))
    client = app.test_client()
    body = client.get("/api/routines").get_json()
    assert [r["id"] for r in body["routines"]] == ["lower-back-hip"]
    assert len(body["problems"]) >= 15
    assert client.get("/api/routines/lower-back-hip/timeline?pace=gentle").status_code == 200
    assert client.get("/api/routines/bad-id/timeline").status_code == 404


def test_cli_check_lists_problems_and_fails(routines_dir):
    env = {"LIMBER_ROUTINES_DIR": str(routines_dir), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "routines", "check"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 1
    assert "ok   lower-back-hip" in out.stdout
    assert "FAIL range-reversed.yaml" in out.stderr


def test_cli_check_passes_on_the_shipped_routines():
    out = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "routines", "check"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "lower-back-hip: 9 exercises" in out.stdout
