"""Audio clips on disk: content-addressed names, MP3 validation, atomic writes.

A clip's name is the SHA-256 of what made it (engine, language, engine options, text), so a
name never points at different audio, and the files can be cached forever. A file only gets
its final name once it is complete and valid: it is written under a temporary name and
renamed, so a build killed halfway leaves at most a temporary file (swept by the next build),
never a partial clip.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
from pathlib import Path

NAME_RE = re.compile(r"^[0-9a-f]{64}$")
SUFFIX = ".mp3"
PARTIAL_PREFIX = ".partial-"


class InvalidClip(ValueError):
    """Bytes that are not an MP3 of a plausible length for their text."""


def clip_name(engine: str, lang: str, options: dict, text: str) -> str:
    key = json.dumps({"engine": engine, "lang": lang, "options": options, "text": text},
                     sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def mp3_duration_ms(data: bytes) -> int:
    """The length of an MP3, or InvalidClip if mutagen cannot read it as one."""
    from mutagen import MutagenError
    from mutagen.mp3 import MP3
    if len(data) < 64:
        raise InvalidClip(f"too short to be audio ({len(data)} bytes)")
    try:
        info = MP3(io.BytesIO(data)).info
    except (MutagenError, ValueError, EOFError) as err:
        raise InvalidClip(f"not an MP3: {err}") from None
    if getattr(info, "sketchy", False) or not info.length or info.length <= 0:
        raise InvalidClip("not an MP3: no valid audio frames")
    return round(info.length * 1000)


def plausible_ms(text: str) -> tuple[int, int]:
    """Bounds no real reading of `text` falls outside (slow speech, pauses included)."""
    chars = len(text.strip())
    return max(150, 5 * chars), 3000 + 250 * chars


def validate_clip(data: bytes, text: str) -> int:
    """The clip's duration in ms when it is an MP3 of a plausible length; else InvalidClip."""
    ms = mp3_duration_ms(data)
    low, high = plausible_ms(text)
    if not low <= ms <= high:
        raise InvalidClip(f"{ms} ms is not a plausible length for {len(text)} characters "
                          f"(expected {low}-{high} ms)")
    return ms


class ClipStore:
    """The audio directory: `<name>.mp3` files, nothing else is ever served from it."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def path(self, name: str) -> Path:
        if not NAME_RE.fullmatch(name):
            raise ValueError(f"not a clip name: {name!r}")
        return self.root / f"{name}{SUFFIX}"

    def exists(self, name: str) -> bool:
        return self.path(name).is_file()

    def read(self, name: str) -> bytes:
        return self.path(name).read_bytes()

    def write(self, name: str, data: bytes) -> Path:
        final = self.path(name)
        atomic_write(final, data)
        return final

    def sweep_partials(self) -> int:
        """Remove temporary files left by builds that died (their process is gone)."""
        removed = 0
        for tmp in list(self.root.glob(f"{PARTIAL_PREFIX}*")) + \
                list((self.root / "manifests").glob(f"{PARTIAL_PREFIX}*")):
            pid = _pid_of(tmp.name)
            if pid is not None and pid != os.getpid() and _alive(pid):
                continue
            try:
                tmp.unlink()
                removed += 1
            except FileNotFoundError:
                pass
        return removed


def atomic_write(final: Path, data: bytes) -> None:
    """Write to a temporary file beside `final`, fsync, then rename over it."""
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.parent / f"{PARTIAL_PREFIX}{os.getpid()}-{os.urandom(6).hex()}-{final.name}"
    tmp = tmp.with_name(tmp.name + ".part")  # never *.mp3, never a clip name
    try:
        with open(tmp, "wb") as fh:
            _write_all(fh, data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, final)
    except BaseException:
        try:
            tmp.unlink()
        except FileNotFoundError:
            pass
        raise


def _write_all(fh, data: bytes) -> None:  # a seam for tests that interrupt a write
    fh.write(data)


def _pid_of(name: str) -> int | None:
    try:
        return int(name[len(PARTIAL_PREFIX):].split("-", 1)[0])
    except ValueError:
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
