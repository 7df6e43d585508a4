"""Refusal codes: a fixed vocabulary, each documented for third-party clients."""

from pathlib import Path

import pytest

from sessions.core.refusals import CODES, Refusal

PROTOCOL = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"


def test_a_refusal_carries_its_code_and_sentence():
    err = Refusal("only the controller can do that", "not_controller")
    assert err.code == "not_controller" and str(err) == "only the controller can do that"


def test_an_unknown_code_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown refusal code 'nope'"):
        Refusal("no", "nope")


def test_every_code_is_documented():
    text = PROTOCOL.read_text()
    missing = [code for code in CODES if f"`{code}`" not in text]
    assert not missing, f"docs/protocol.md does not list {missing}"
