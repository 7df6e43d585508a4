"""One pocketsphinx decoder, listening for a session's commands through its grammar.

pocketsphinx (5.x) ships its US English acoustic model and dictionary inside the wheel: it
recognises offline, in memory. Each decoder holds its own copy of the model (about 27 MB),
so decoders are made only for devices that listen, and dropped when they stop.
"""

from __future__ import annotations

from ..core import spoken


class Unavailable(RuntimeError):
    """No recogniser: pocketsphinx is missing or its model would not load."""


class Recogniser:
    def __init__(self, cue_texts: list[str]):
        try:
            from pocketsphinx import Decoder
        except ImportError as err:
            raise Unavailable(f"the recogniser is not installed ({err})") from None
        try:
            self._decoder = Decoder(lm=None, samprate=16000, loglevel="FATAL")
        except (RuntimeError, ValueError) as err:
            raise Unavailable(f"the recogniser's model did not load ({err})") from None
        known = self._decoder.lookup_word
        missing = [w for w in spoken.phrase_words() if known(w) is None]
        if missing:
            raise Unavailable(f"the recogniser's dictionary lacks {', '.join(missing)}")
        # a cue word the dictionary lacks cannot be in the grammar; its neighbours still are
        garbage = [w for w in spoken.garbage_words(cue_texts) if known(w) is not None]
        self._decoder.add_jsgf_string("limber", spoken.grammar(garbage))
        self._decoder.activate_search("limber")
        self._open = False

    def begin(self, audio: bytes) -> None:
        if self._open:
            self._decoder.end_utt()
        self._decoder.start_utt()
        self._open = True
        self.more(audio)

    def more(self, audio: bytes) -> None:
        if self._open and audio:
            self._decoder.process_raw(audio, False, False)

    def end(self) -> tuple[str | None, float]:
        """The utterance's hypothesis and its posterior probability (None, 0.0 for none)."""
        if not self._open:
            return None, 0.0
        self._decoder.end_utt()
        self._open = False
        hyp = self._decoder.hyp()
        return (hyp.hypstr, hyp.prob) if hyp is not None else (None, 0.0)

    def drop(self) -> None:
        if self._open:
            self._decoder.end_utt()
            self._open = False
