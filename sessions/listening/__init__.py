"""Listening: spoken commands recognised on the server (issue 12). Not the voice that
speaks the cues: that is sessions/voice.

`Listening` (pool.py) keeps a `Listener` (listener.py) per listening device: an energy
endpointer (sessions/core/endpointer.py) feeding a pocketsphinx decoder (recogniser.py)
through the session's grammar (sessions/core/spoken.py); the decoders run in a process of
their own (decoding.py). Audio is never written anywhere.
"""

from .decoding import Decoders
from .listener import Listener
from .pool import Listening
from .recogniser import Recogniser, Unavailable

__all__ = ["Decoders", "Listener", "Listening", "Recogniser", "Unavailable"]
