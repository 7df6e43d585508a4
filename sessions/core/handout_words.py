"""What a handout's sentences are, by their words: an instruction to move, a caution, a call
to the clinic, general safety advice, or only a dose ("Repeat three times.").

Pure. Word lists, not grammar: a handout that says "Lie on your back" instructs; one that
says "Consult your doctor" advises.
"""

from __future__ import annotations

import re

_F = re.IGNORECASE
# Verbs a clinician starts a movement instruction with (British and American spellings).
MOVES = (
    "lie|lying|lay|sit|sitting|stand|standing|kneel|bring|lift|raise|lower|bend|straighten|"
    "hold|rotate|turn|twist|tighten|squeeze|clench|pull|push|press|slide|step|reach|tilt|tip|"
    "tuck|roll|curl|arch|extend|flex|point|place|put|rest|keep|return|repeat|march|walk|"
    "balance|squat|lunge|stretch|draw|drop|let|move|shrug|circle|rock|swing|cross|wrap|hug|"
    "relax|breathe|brace|engage|hinge|clasp|interlace|grip|hook|pump|hop|jump|tap|nod|"
    "glide|hover|plank|bridge|rise|come|go|look|gaze|stay|maintain|sustain|start|begin|"
    "do|perform|lean|open|close|float|hang|support|sink|shift|transfer|trace|write|spell|"
    "scrunch|pick|spread|lay|position|align|pivot|loop|anchor|tie|attach|imagine")
_MOVE = re.compile(rf"(?:^|[.;:!?,]\s*|\b(?:then|and|slowly|gently|now|carefully)\s+)"
                   rf"(?:{MOVES})\b", _F)
_CAUTION = re.compile(
    r"^\s*(?:stop\b|do\s+not\b|don'?t\b|don’t\b|avoid\b|never\b|only\b|if\s+(?:it|this|you)\s+"
    r"(?:hurts?|causes?|feel\s+(?:pain|dizzy|faint))|it\s+should\s+not\b|this\s+should\s+not\b|"
    r"you\s+should\s+not\s+feel\s+pain|take\s+care\b|be\s+careful\b)", _F)
_CALL = re.compile(
    r"\b(?:call|phone|ring|contact|book|booking|appointment|visit\s+(?:us|our)|email|"
    r"website|www\.|https?://|follow\s+us|get\s+in\s+touch)\b", _F)
_SAFETY = re.compile(
    r"\b(?:stop\s+(?:if|any|the|these|doing|exercising)|numbness|tingling|dizz|"
    r"pain\s+(?:gets|becomes|increases|worsens)|worse|not\s+(?:a\s+)?(?:substitute|replace)|"
    r"seek\s+(?:medical|advice|help)|consult|your\s+(?:doctor|physio|GP|clinician|therapist|"
    r"physiotherapist|physical\s+therapist|midwife)|should\s+not\s+(?:hurt|be\s+painful)|"
    r"warm\s+up|pain-free|comfortable\s+range|sharp\s+pain|should\s+not\s+cause)\b", _F)
_GENERAL = re.compile(
    r"\b(?:these|all\s+(?:the|of\s+the|these)|this|the\s+following|each\s+of\s+the|your)\s+"
    r"(?:exercises|stretches|programme|program|routine|movements|sheet|handout|leaflet)\b", _F)
_AFTERCARE = re.compile(r"^\s*(?:apply\s+(?:ice|heat|an?\s+ice\s+pack)|ice\s+(?:your|the|it)\b|"
                        r"use\s+(?:ice|heat|a\s+hot\s+water\s+bottle))", _F)
# The words left in a sentence that says nothing but its dose ("Repeat this three times.").
_FILLER = set(
    "repeat rep reps do perform complete hold holding it this that exercise stretch movement "
    "position the and then for each side leg arm both times time sets set of a an on with "
    "more total again x up to aim try at least about around per other opposite switch sides "
    "legs arms as you your can is be rest relax in between".split())


def instructs(text: str) -> bool:
    """A sentence (or block) that tells the reader to move: starts a clause with a verb."""
    return bool(_MOVE.search(text))


def is_caution(sentence: str) -> bool:
    return bool(_CAUTION.search(sentence))


def is_call(sentence: str) -> bool:
    """The clinic's call to action ("Call us now or book online")."""
    return bool(_CALL.search(sentence))


def is_safety(sentence: str) -> bool:
    return bool(_SAFETY.search(sentence))


def is_general(sentence: str) -> bool:
    """About the handout's exercises as a whole, not one of them."""
    return bool(_GENERAL.search(sentence))


def is_aftercare(sentence: str) -> bool:
    """Ice or heat after exercising: care for the joint, not a step of the last exercise."""
    return bool(_AFTERCARE.search(sentence))


def only_dose(sentence: str, spans: list[tuple[int, int]]) -> bool:
    """True when `sentence` says nothing beyond the dose phrases at `spans`."""
    chars = list(sentence)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    rest = "".join(chars)
    words = re.findall(r"[a-z]+", rest.lower())
    return bool(spans) and all(w in _FILLER for w in words)


_STOP = set("the and your you with for this that then into onto from keep back side one "
            "other should feel will are was have has not but off".split())


def content_words(text: str) -> set[str]:
    """The words that tell one exercise's text from another's."""
    return {w for w in re.findall(r"[a-z]{3,}", text.lower()) if w not in _STOP}
