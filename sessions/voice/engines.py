"""Speech engines: text in, MP3 bytes out.

An engine has a `name`, an `options` dict (everything besides engine, language and text that
changes the sound: it goes into the clip's content hash), how many requests a text costs, how
many may run at once and how far apart they must start. Failures are one of two kinds:
`TransientError` (worth retrying later: 429, 5xx, timeouts, no connection) or
`PermanentError` (retrying cannot help: 403, 200 without audio, unsupported language).
"""

from __future__ import annotations

import io
import json
import subprocess
import threading
import wave
from pathlib import Path
from typing import Protocol


class EngineError(Exception):
    """A clip could not be made."""


class TransientError(EngineError):
    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class PermanentError(EngineError):
    pass


class Engine(Protocol):
    name: str
    options: dict
    concurrency: int  # requests in flight at once
    min_interval: float  # seconds between the starts of two requests (politeness)

    def requests_for(self, text: str, lang: str) -> int: ...

    def synthesize(self, text: str, lang: str) -> bytes: ...


class GTTSEngine:
    """Google Translate's voice through gTTS. One HTTP request per <=100-character chunk.

    gTTS has no timeout by default and no retry: we always pass a timeout and leave retrying
    to the build, which knows which failures are worth it.
    """

    name = "gtts"
    concurrency = 3
    min_interval = 0.1  # at most ten requests a second, whatever the concurrency

    def __init__(self, tld: str = "com", slow: bool = False, timeout: float = 10.0):
        self.tld, self.slow, self.timeout = tld, bool(slow), float(timeout)
        self.options = {"tld": self.tld, "slow": self.slow}

    def _tts(self, text: str, lang: str):
        from gtts import gTTS
        try:
            return gTTS(text, lang=lang, tld=self.tld, slow=self.slow, timeout=self.timeout)
        except (ValueError, AssertionError) as err:  # unsupported language, nothing to say
            raise PermanentError(f"gTTS refused {text!r}: {err}") from None

    def requests_for(self, text: str, lang: str) -> int:
        return max(1, len(self._tts(text, lang)._tokenize(text)))

    def synthesize(self, text: str, lang: str) -> bytes:
        from gtts import gTTSError
        tts = self._tts(text, lang)
        try:
            parts = list(tts.stream())
        except gTTSError as err:
            raise classify_gtts_error(err) from None
        return parts[0] if len(parts) == 1 else join_mp3(parts)


def classify_gtts_error(err) -> EngineError:
    """gTTSError.rsp is None when no answer came (timeout, no connection)."""
    rsp = getattr(err, "rsp", None)
    if rsp is None:
        return TransientError(f"no answer: {err}")
    status = rsp.status_code
    if status == 429 or status >= 500:
        return TransientError(f"HTTP {status}: {err}", _retry_after(rsp))
    return PermanentError(f"HTTP {status}: {err}")


def _retry_after(rsp) -> float | None:
    try:
        return max(0.0, float(rsp.headers.get("Retry-After", "")))
    except ValueError:
        return None


class PiperEngine:
    """Piper, offline, with a local voice model (.onnx plus its .onnx.json).

    Piper makes WAV; ffmpeg (Debian's) turns it into MP3 so every clip is served the same way.
    """

    name = "piper"
    concurrency = 1  # local CPU: one at a time is as fast and keeps the server responsive
    min_interval = 0.0

    def __init__(self, model_path: str | Path, ffmpeg: str = "ffmpeg"):
        self.model_path = Path(model_path)
        if not self.model_path.is_file():
            raise PermanentError(f"no Piper voice model at {self.model_path}")
        self.ffmpeg = ffmpeg
        self.options = {"model": self.model_path.name}
        config = json.loads(Path(f"{self.model_path}.json").read_text())
        self.language = config.get("language", {}).get("family") or \
            config.get("espeak", {}).get("voice", "").split("-")[0]
        self._voice = None
        self._lock = threading.Lock()

    def requests_for(self, text: str, lang: str) -> int:
        return 1

    def synthesize(self, text: str, lang: str) -> bytes:
        if self.language and lang.split("-")[0].lower() != self.language.lower():
            raise PermanentError(f"the Piper model {self.model_path.name} speaks "
                                 f"{self.language!r}, not {lang!r}")
        with self._lock:
            if self._voice is None:
                from piper import PiperVoice
                self._voice = PiperVoice.load(self.model_path)
            buf = io.BytesIO()
            with wave.open(buf, "wb") as wav:
                self._voice.synthesize_wav(text, wav)
        return wav_to_mp3(buf.getvalue(), self.ffmpeg)


def _ffmpeg(ffmpeg: str, args: list[str], what: str, stdin: bytes | None = None) -> bytes:
    """Run ffmpeg to MP3 at a constant 48 kbit/s; PermanentError (naming `what`) if it fails.
    Constant bitrate: a pipe lets ffmpeg write no VBR header, and without one a VBR clip's
    length would be misread."""
    try:
        done = subprocess.run(
            [ffmpeg, "-hide_banner", "-loglevel", "error", "-y", *args],
            input=stdin, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise PermanentError(f"ffmpeg could not {what}: {err}") from None
    if done.returncode != 0:
        raise PermanentError(f"ffmpeg could not {what}: "
                             f"{done.stderr.decode(errors='replace')[-300:]}")
    return done.stdout


MP3_OUT = ["-codec:a", "libmp3lame", "-b:a", "48k", "-f", "mp3"]


def join_mp3(parts: list[bytes], ffmpeg: str = "ffmpeg") -> bytes:
    """One MP3 from a long cue's chunks. Plain concatenation would keep the first chunk's
    header, which tells players (and mutagen) the whole clip is only as long as that chunk:
    ffmpeg joins them into one stream with a header for the whole."""
    import tempfile
    with tempfile.TemporaryDirectory(prefix="limber-join-") as tmp:
        names = []
        for i, part in enumerate(parts):
            names.append(Path(tmp) / f"{i}.mp3")
            names[-1].write_bytes(part)
        return _ffmpeg(ffmpeg, ["-i", "concat:" + "|".join(str(n) for n in names), *MP3_OUT,
                                "pipe:1"], f"join {len(parts)} chunks")


def wav_to_mp3(wav: bytes, ffmpeg: str = "ffmpeg") -> bytes:
    return _ffmpeg(ffmpeg, ["-f", "wav", "-i", "pipe:0", *MP3_OUT, "pipe:1"],
                   "turn WAV into MP3", stdin=wav)


def engines_from_settings(settings) -> list[Engine]:
    """The configured engine first; Piper as the fallback when a model is configured."""
    tld, slow, timeout = settings.voice_tld, settings.voice_slow, settings.voice_timeout
    model, kind = str(settings.piper_model or ""), settings.voice_engine
    engines: list[Engine] = []
    if kind == "piper":
        engines.append(PiperEngine(model))
    else:
        engines.append(GTTSEngine(tld=tld, slow=slow, timeout=timeout))
        if model:
            engines.append(PiperEngine(model))
    return engines


def engine_key(engine: Engine) -> dict:
    return {"engine": engine.name, "options": dict(engine.options)}
