"""Spoken commands: the phrases, the grammar they are heard through, and what counts as heard.

Pure. The recogniser (sessions/listening) is given a JSGF grammar in which an utterance is
either one whole command phrase or any run of "garbage" words: the session's own cue words
(so the app's cues, and a person repeating them, land in the garbage) plus everyday filler.
Keyword spotting fired many times a minute on the cues ("next", "stop", "back" are in them);
a whole-phrase grammar does not, because a cue never is just a command.
"""

from __future__ import annotations

import re

# phrase as the recogniser spells it -> the command (docs/protocol.md, `voice_heard`)
PHRASES: dict[str, str] = {
    "pause": "pause",
    "continue": "resume",
    "resume": "resume",
    "next": "next",
    "skip": "next",
    "back": "previous",
    "previous": "previous",
    "go back": "previous",
    "repeat": "repeat",
    "say again": "repeat",
    "how long left": "time_left",
    "how long": "time_left",
    "time left": "time_left",
    "what's next": "whats_next",
    "stop": "stop",
    "yes": "yes",
    "no": "no",
}
COMMANDS = tuple(dict.fromkeys(PHRASES.values()))
# The confidence rule: the prior of "a command" against "garbage" in the grammar. Below 1, a
# command must out-score every run of garbage words by that factor to be heard.
COMMAND_WEIGHT = 1.0
# Everyday words heard on the mat, beside the cue words: an utterance made of them is garbage
# rather than the nearest command ("hold on", "okay", "that hurts", "ow", a cough's "uh").
FILLER = ("a", "ah", "all", "and", "are", "at", "bit", "can", "come", "do", "done", "feel",
          "fine", "for", "get", "go", "good", "got", "hang", "have", "he", "her", "here",
          "hey", "hi", "hmm", "hold", "hurts", "i", "i'm", "in", "is", "it", "it's", "just",
          "know", "let", "like", "me", "mm", "my", "now", "oh", "ok", "okay", "on", "one",
          "ouch", "ow", "phone", "right", "see", "so", "that", "the", "then", "there",
          "this", "to", "uh", "um", "up", "wait", "we", "well", "what", "where", "why",
          "with", "yeah", "you", "your")
# Numbers in cues are digits ("3. Lift."); they are spoken as words.
_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+")


def number_words(n: int) -> list[str]:
    """0 to 999 as the words said for it; larger numbers digit by digit."""
    if n < 20:
        return [_ONES[n]]
    if n < 100:
        return [_TENS[n // 10]] + (number_words(n % 10) if n % 10 else [])
    if n < 1000:
        return [_ONES[n // 100], "hundred"] + (number_words(n % 100) if n % 100 else [])
    return [w for d in str(n) for w in number_words(int(d))]


def words(text: str) -> list[str]:
    """The words of a cue as spoken: lower case, digits as words, punctuation gone."""
    out = []
    for token in _WORD.findall(text.lower().replace("\u2019", "'")):
        out += number_words(int(token)) if token.isdigit() else [token]
    return out


def garbage_words(cue_texts: list[str]) -> list[str]:
    """The words an utterance may be made of without being a command, sorted."""
    return sorted({w for text in cue_texts for w in words(text)} | set(FILLER))


def phrase_words() -> list[str]:
    """Every word of every command phrase (the recogniser must know each one)."""
    return sorted({w for phrase in PHRASES for w in phrase.split()})


def grammar(garbage: list[str], weight: float = 1.0) -> str:
    """The JSGF grammar: one whole command phrase, or one or more garbage words. `weight`
    is the command branch's prior against the garbage branch's (1): the confidence rule."""
    alternatives = " | ".join(PHRASES)
    loop = " | ".join(garbage) if garbage else "<VOID>"
    return ("#JSGF V1.0;\ngrammar limber;\n"
            f"public <utterance> = /{weight:g}/ <command> | /1/ <garbage>+;\n"
            f"<command> = {alternatives};\n"
            f"<garbage> = {loop};\n")


def heard(hypothesis: str | None) -> str | None:
    """The command in a recogniser's hypothesis, or None: only a whole command phrase
    counts. Garbage, or a phrase with other words around it, says nothing rather than
    guess."""
    if not hypothesis:
        return None
    return PHRASES.get(" ".join(hypothesis.split()))
