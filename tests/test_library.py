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
        "min: 8, max: 10", "min: 12, max: 10")), "field 'hold': min 12 is more than max 10"),
    "no-origin": (GOOD.format(id="no-origin", exercises=HOLD.replace(
        "{value: 3, from: source}", "{value: 3}")), "field 'reps': 'from' must say"),
    "not-a-number": (GOOD.format(id="not-a-number", exercises=HOLD.replace(
        "value: 3", "value: three")), "field 'reps': expected a whole number"),
    "missing-hold": (GOOD.format(id="missing-hold", exercises=HOLD.replace(
        "    hold: {min: 8, max: 10, from: source}\n", "")), "field 'hold': missing"),
    "negative": (GOOD.format(id="negative", exercises=HOLD.replace(
        "value: 3", "value: -1")), "field 'reps': -1 is not between 1 and 50"),
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
        "value: 3", "value: true")), "expected a whole number"),
    "no-phrases": (GOOD.format(id="no-phrases", exercises=HOLD) + "language: es\n",
                   "routine: field 'language': no spoken phrases for 'es' (available: en)"),
    "placeholder-in-cue": (GOOD.format(id="placeholder-in-cue", exercises=HOLD.replace(
        "Lie down.", "Lie on your {side}.")),
        "exercise 'stretch' (#1): field 'instructions', sentence 1: '{side}' is not allowed"),
    "placeholder-typo": (GOOD.format(id="placeholder-typo", exercises=HOLD)
                         + "outro: ['Call {clinc} today.']\n",
                         "routine: field 'outro', sentence 1: '{clinc}' is not allowed here "
                         "(allowed: {clinic}, {phone}, {booking})"),
    "attribute-access": (GOOD.format(id="attribute-access", exercises=HOLD)
                         + "outro: ['Call {clinic.nope} today.']\n",
                         "'{clinic.nope}' is not allowed here"),
    "lone-brace": (GOOD.format(id="lone-brace", exercises=HOLD) + "outro: ['Call { us.']\n",
                   "field 'outro', sentence 1: a lone '{'"),
    "nested-too-deep": ("id: " + "[" * 20_000 + "]" * 20_000 + "\n",
                        "nested more than 20 levels deep"),
    "alias-bomb": ("a: &a [x, x, x, x, x, x, x, x, x]\n"
                   + "".join(f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n"
                             for p, n in zip("abcde", "bcdef")) + "id: *f\n",
                   "too large once its aliases are expanded"),
    "refers-to-itself": ("id: &a [*a]\n", "too large once its aliases are expanded"),
    "too-large": ("# " + "x" * 1_000_000 + "\n", "larger than 1,000,000 bytes"),
    "huge-number": (GOOD.format(id="huge-number", exercises=HOLD.replace(
        "value: 3", "value: " + "9" * 5000)), "not valid YAML"),
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


@pytest.mark.parametrize("name", ["no-phrases", "placeholder-typo", "attribute-access",
                                  "lone-brace", "nested-too-deep", "alias-bomb", "huge-number"])
def test_one_bad_file_never_breaks_the_others(tmp_path, name):
    """Each of these once made GET /api/routines answer 500, or stopped the server at start."""
    folder = tmp_path / "routines"
    folder.mkdir()
    shutil.copy(SEED_FILE, folder)
    (folder / f"{name}.yaml").write_text(BAD[name][0])
    client = create_app(Settings(routines_dir=folder, data_dir=tmp_path / "data")).test_client()
    answer = client.get("/api/routines")
    assert answer.status_code == 200
    body = answer.get_json()
    assert [r["id"] for r in body["routines"]] == ["lower-back-hip"]
    assert any(p.startswith(f"{name}.yaml: ") and BAD[name][1] in p for p in body["problems"])


def test_an_echoed_value_is_cut_short(tmp_path):
    (tmp_path / "long.yaml").write_text(GOOD.format(id="x" * 100_000, exercises=HOLD))
    (tmp_path / "alias-bomb.yaml").write_text(BAD["alias-bomb"][0].replace("id: *f", "id: *e"))
    problems = load_library(tmp_path).problems
    long = [p for p in problems if p.startswith("long.yaml: ")]
    assert any("field 'id'" in p and "xxx" in p for p in long), long
    assert all(len(p) < 300 for p in problems), [len(p) for p in problems]


def test_the_problems_of_one_file_are_capped(tmp_path):
    fields = "".join(f"    field{n}: {n}\n" for n in range(1000))
    (tmp_path / "many.yaml").write_text(GOOD.format(id="many", exercises=HOLD + fields))
    problems = load_library(tmp_path).problems
    assert len(problems) == 21  # 1,000 unknown fields: the first 20, then a count
    assert problems[-1] == "many.yaml: ... and 980 more problems"


def test_an_unexpected_fault_in_one_routine_skips_that_routine_only(tmp_path, monkeypatch):
    """Every routine is compiled at every pace when it is loaded, so a fault that only
    compiling would meet is found then, reported for its file, and the others still load."""
    import sessions.library as library
    (tmp_path / "fine.yaml").write_text(GOOD.format(id="fine", exercises=HOLD))
    (tmp_path / "faulty.yaml").write_text(GOOD.format(id="faulty", exercises=HOLD))
    real = library.compile_timeline

    def compile_timeline(routine, options, **kw):
        if routine.id == "faulty" and options.pace == "extended":
            raise ZeroDivisionError("a bug")
        return real(routine, options, **kw)

    monkeypatch.setattr(library, "compile_timeline", compile_timeline)
    lib = load_library(tmp_path)
    assert list(lib.routines) == ["fine"]
    assert lib.problems == ["faulty.yaml: cannot be compiled at pace extended "
                            "(ZeroDivisionError: a bug); this file is skipped"]


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
    assert "Traceback" not in out.stderr
    for name in ("no-phrases", "attribute-access", "nested-too-deep", "alias-bomb"):
        assert f"FAIL {name}.yaml: " in out.stderr


def test_cli_check_passes_on_the_shipped_routines():
    out = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "routines", "check"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "lower-back-hip: 9 exercises" in out.stdout
