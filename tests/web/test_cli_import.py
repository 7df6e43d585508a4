"""`flask routines import HANDOUT [-o FILE]`: the draft as YAML (printed or written), review
notes on stderr; bad input refused with a message, a non-zero exit and nothing written."""

import pytest
import yaml

from sessions.core.handout_parser import MAX_BYTES
from sessions.core.model import parse_routine
from tests.corpus.scoring import HANDOUTS

SEED = HANDOUTS / "seed_lower_back_hip.txt"


@pytest.fixture
def run(app):
    def run(*args):
        return app.test_cli_runner(mix_stderr=False).invoke(args=["routines", "import", *args])
    return run


def test_prints_the_draft_as_yaml_and_the_review_on_stderr(run):
    result = run(str(SEED))
    assert result.exit_code == 0, result.stderr
    draft = yaml.safe_load(result.stdout)
    routine = parse_routine(draft, "draft")
    assert len(routine.exercises) == 9
    assert routine.exercises[0].hold.origin == "source"
    assert routine.exercises[0].hold.quote == "hold for eight to ten seconds"
    assert draft["exercises"][0]["sets"] == {"value": 1, "from": "editorial"}
    assert "REVIEW exercises[6]: its instructions repeat those of exercise 6" in result.stderr
    assert "REVIEW exercises[4]: advice rather than an exercise" in result.stderr
    assert "UNPLACED Your hip joint is placed near your spine." in result.stderr
    assert "9 exercises" in result.stderr and "REVIEW" not in result.stdout


def test_writes_the_draft_to_a_file(run, tmp_path):
    out = tmp_path / "draft.yaml"
    result = run(str(SEED), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and f"wrote {out}" in result.stderr
    assert len(yaml.safe_load(out.read_text())["exercises"]) == 9


def _binary(path):
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)


def _empty(path):
    path.write_bytes(b"")


def _too_big(path):
    path.write_bytes(SEED.read_bytes() * (MAX_BYTES // SEED.stat().st_size + 1))


def _no_exercises(path):
    path.write_text("Thank you for visiting the clinic.\nWe hope to see you again soon.\n")


@pytest.mark.parametrize("make, message", [
    (_binary, "not plain text"),
    (_empty, "the handout is empty"),
    (_too_big, "the limit is 1 MB (1,000,000 bytes)"),
    (_no_exercises, "no exercises found"),
])
def test_bad_input_is_refused_and_nothing_is_written(run, tmp_path, make, message):
    handout, out = tmp_path / "handout.txt", tmp_path / "draft.yaml"
    make(handout)
    result = run(str(handout), "-o", str(out))
    assert result.exit_code == 1
    assert message in result.stderr and str(handout) in result.stderr
    assert not out.exists() and result.stdout == ""


def test_a_missing_file_is_a_usage_error(run, tmp_path):
    result = run(str(tmp_path / "nope.txt"))
    assert result.exit_code == 2 and "does not exist" in result.stderr
