"""The routine parser refuses, with a message naming the field, what the compiler or the
voice could not use: a language without phrases, placeholders it would not fill, and it
never echoes a value back whole."""

import pytest
import yaml

from sessions.core.model import RoutineError, parse_routine
from tests.conftest import SEED_FILE


@pytest.fixture
def seed():
    return yaml.safe_load(SEED_FILE.read_text())


def problems(data) -> list[str]:
    with pytest.raises(RoutineError) as err:
        parse_routine(data, "r.yaml")
    return err.value.problems


def test_a_language_without_phrases_is_refused_listing_the_available_ones(seed):
    assert problems({**seed, "language": "es"}) == [
        "r.yaml: routine: field 'language': no spoken phrases for 'es' (available: en)"]


def test_a_regional_language_uses_its_base_phrases(seed):
    assert parse_routine({**seed, "language": "en-GB"}, "r.yaml").language == "en-GB"


@pytest.mark.parametrize("sentence, message", [
    ("Call {clinc} now.", "'{clinc}' is not allowed here (allowed: {clinic}, {phone}, {booking})"),
    ("Call {side} now.", "'{side}' is not allowed here"),
    ("Call {clinic.nope} now.", "'{clinic.nope}' is not allowed here"),
    ("Call {clinic[0]} now.", "'{clinic[0]}' is not allowed here"),
    ("Call {clinic!r} now.", "'{clinic!r}' is not allowed here"),
    ("Call {} now.", "'{}' is not allowed here"),
    ("Call { now.", "a lone '{'"),
    ("Call } now.", "a lone '}'"),
    ("Call {{clinic}} now.", "a lone '{'"),
])
def test_the_outro_takes_only_the_clinic_placeholders(seed, sentence, message):
    found = problems({**seed, "outro": ["The number is {phone}.", sentence]})
    assert len(found) == 1 and found[0].startswith("r.yaml: routine: field 'outro', sentence 2: ")
    assert message in found[0]


@pytest.mark.parametrize("field", ["instructions", "cautions"])
def test_exercise_text_takes_no_placeholder(seed, field):
    seed["exercises"][0][field] = ["Bring your {side} knee up.", "{hold} seconds."]
    found = problems(seed)
    assert found == [
        f"r.yaml: exercise 'knee-to-chest' (#1): field '{field}', sentence 1: '{{side}}' is "
        "not allowed here (this text takes no placeholders)",
        f"r.yaml: exercise 'knee-to-chest' (#1): field '{field}', sentence 2: '{{hold}}' is "
        "not allowed here (this text takes no placeholders)"]


def test_the_intro_names_and_tempo_words_take_no_placeholder(seed):
    seed["intro"] = ["Welcome to {clinic}."]
    seed["exercises"][0]["name"] = "Knee {name}"
    bridge = next(e for e in seed["exercises"] if e["id"] == "bridge")
    bridge["tempo"][0]["say"] = "{rep}. Lift"
    found = problems(seed)
    assert [p.split(": ")[1:3] for p in found] == [
        ["routine", "field 'intro', sentence 1"],
        ["exercise 'knee-to-chest' (#1)", "field 'name'"],
        ["exercise 'bridge' (#4)", "tempo phase 1"]]


def test_the_seed_outro_is_accepted(seed):
    assert parse_routine(seed, "r.yaml").outro[1] == "The number is {phone}."


def test_a_long_value_is_shown_cut_short(seed):
    seed["exercises"][0]["id"] = "X" * 1_000_000
    seed["title"] = ["t"] * 1_000_000
    found = problems(seed)
    assert len(found) == 2 and all(len(p) < 300 for p in found), [len(p) for p in found]
    assert "field 'title': expected non-empty text, got ['t', 't'," in found[0]


def test_an_id_longer_than_a_session_can_name_is_refused(seed):
    found = problems({**seed, "id": "a" * 101})
    assert len(found) == 1 and "field 'id': expected a lower-case id" in found[0]
