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
            # Batch CMN (the cepstral mean of each utterance itself): with live CMN a new
            # decoder misheard its first commands, before the mean had settled. No best-path
            # pass: over a lattice of the whole garbage loop it took seconds per utterance
            # (the result came 4.6 s after "pause"), and the first pass gives the same words.
            # Beams narrower than the defaults (1e-48, 7e-29): half the CPU per second of
            # speech for the same words on the bench's corpus; at 1e-20 they start to differ.
            self._decoder = Decoder(lm=None, samprate=16000, loglevel="FATAL", cmn="batch",
                                    bestpath=False, beam=1e-25, wbeam=1e-15, pbeam=1e-25)
        except (RuntimeError, ValueError) as err:
            raise Unavailable(f"the recogniser's model did not load ({err})") from None
        known = self._decoder.lookup_word
        missing = [w for w in spoken.phrase_words() if known(w) is None]
        if missing:
            raise Unavailable(f"the recogniser's dictionary lacks {', '.join(missing)}")
        # a cue word the dictionary lacks cannot be in the grammar; its neighbours still are
        garbage = [w for w in spoken.garbage_words(cue_texts) if known(w) is not None]
        self._decoder.add_jsgf_string("limber", spoken.grammar(garbage, spoken.COMMAND_WEIGHT))
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

    def end(self) -> str | None:
        """The utterance's hypothesis (None for none)."""
        if not self._open:
            return None
        self._decoder.end_utt()
        self._open = False
        hyp = self._decoder.hyp()
        return hyp.hypstr if hyp is not None else None

    def drop(self) -> None:
        if self._open:
            self._decoder.end_utt()
            self._open = False

    def close(self) -> None:
        """Done with it (the decoder is freed with this object)."""
        self.drop()
