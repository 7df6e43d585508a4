"""Short human join codes: easy to read aloud and type, no look-alike characters.

Pure: the shell supplies the random bytes. The alphabet leaves out 0/O, 1/I/L, 2/Z, 5/S,
6/G, 8/B and U/V, so a code read off a screen across the room is typed right.
"""

from __future__ import annotations

ALPHABET = "ACDEFHJKMNPRTWXY3479"
LENGTH = 6


def code_from_bytes(random_bytes: bytes) -> str:
    if len(random_bytes) < LENGTH:
        raise ValueError(f"need {LENGTH} random bytes")
    return "".join(ALPHABET[b % len(ALPHABET)] for b in random_bytes[:LENGTH])


def normalize(typed: str) -> str | None:
    """The code a person meant, or None: case, spaces and dashes do not matter."""
    code = "".join(ch for ch in typed.upper() if ch not in " -")
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def display(code: str) -> str:
    """ABC-DEF: two halves are easier to read aloud."""
    half = LENGTH // 2
    return f"{code[:half]}-{code[half:]}"
