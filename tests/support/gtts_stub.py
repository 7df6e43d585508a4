"""Stubbing Google's TTS endpoint: the answers gTTS expects, made from silent MP3s."""

from __future__ import annotations

import base64
import json
import subprocess
import urllib.parse
from pathlib import Path

TTS_URL = "https://translate.google.com/_/TranslateWebserverUi/data/batchexecute"


def make_mp3(path: Path, seconds: float) -> bytes:
    if not path.exists():
        subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
                        "-i", "anullsrc=r=24000:cl=mono", "-t", str(seconds), "-ac", "1",
                        "-b:a", "32k", "-codec:a", "libmp3lame", str(path)], check=True)
    return path.read_bytes()


def body_for(mp3: bytes) -> str:
    b64 = base64.b64encode(mp3).decode()
    row = '[["wrb.fr","jQ1olc","[\\"' + b64 + '\\"]",null,null,null,"generic"]]'
    return ")]}'\n\n" + str(len(row)) + "\n" + row + "\n"


NO_AUDIO_BODY = ")]}'\n\n60\n" + '[["wrb.fr","jQ1olc",null,null,null,[3],"generic"]]' + "\n"


def text_of(request) -> str:
    """The chunk of text a gTTS request asks to speak."""
    body = request.body.decode() if isinstance(request.body, bytes) else request.body
    rpc = json.loads(urllib.parse.parse_qs(body)["f.req"][0])
    return json.loads(rpc[0][0][1])[0]


def length_for(text: str) -> float:
    """A clip length that grows with the text, longer than the 150 wpm estimate."""
    words = len(text.split())
    return 0.5 if words <= 1 else 1.0 if words <= 3 else 2.0 if words <= 6 else 4.0


