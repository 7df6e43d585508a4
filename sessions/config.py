"""Settings, read once from environment variables. Each has a documented default."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, fields
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIN_LEASE_MS = 1000


class ConfigError(ValueError):
    """A setting whose value cannot be used; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 5000
    time_scale: float = 1.0  # 20 plays a 20-minute routine in one minute (tests, demos)
    data_dir: Path = ROOT / "data"
    routines_dir: Path = ROOT / "sessions" / "routines"
    audio_dir: Path = ROOT / "audio_cache"
    clinic_name: str = "Massage Rx"
    clinic_phone: str = ""
    clinic_booking_url: str = ""
    debug: bool = False
    async_mode: str = "threading"  # or gevent (pip install gevent): see docs/deploy.md
    proxy_hops: int = 0  # behind nginx: how many proxies' X-Forwarded-* headers to trust
    redis_url: str = ""  # set (redis://host:6379/0) to share sessions between processes
    # With Redis: how soon another process takes a dead one's sessions over (within this and
    # a quarter second), short enough to fall inside one hold; renewed every quarter of it.
    lease_ms: int = 2000
    secret_key: str = ""  # empty: one is generated and kept in the data dir
    clinic_key: str = ""  # empty: one is made at first run, shown once, stored hashed
    session_idle_minutes: float = 30.0  # a session with no device connected this long ends
    max_followers: int = 8
    max_sessions_per_address: int = 5  # live sessions one address may hold at once
    voice_engine: str = "gtts"  # gtts (online, the default) or piper (offline)
    voice_tld: str = "com"  # Google host for gTTS: the accent (com, co.uk, com.au, ca, ...)
    voice_slow: bool = False  # gTTS slow speech
    voice_timeout: float = 10.0  # seconds per gTTS request
    voice_autobuild: bool = False  # at start, make missing clips in the background
    piper_model: str = ""  # a Piper .onnx voice model: the offline engine or the fallback

    @classmethod
    def from_env(cls, environ=os.environ, **overrides) -> "Settings":
        """Every field comes from LIMBER_<NAME> when set; `overrides` win over both."""
        values = {}
        for f in fields(cls):
            raw = environ.get(f"LIMBER_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _convert(f.name, f.type, raw)
        values.update(overrides)
        settings = cls(**values)
        if settings.time_scale <= 0:
            raise ConfigError("LIMBER_TIME_SCALE must be a positive number")
        if settings.async_mode not in ("threading", "gevent"):
            raise ConfigError("LIMBER_ASYNC_MODE must be threading or gevent")
        if not 0 < settings.port < 65536:
            raise ConfigError("LIMBER_PORT must be a port number from 1 to 65535")
        if settings.voice_engine not in ("gtts", "piper"):
            raise ConfigError("LIMBER_VOICE_ENGINE must be gtts or piper")
        if settings.voice_engine == "piper" and not settings.piper_model:
            raise ConfigError("LIMBER_VOICE_ENGINE=piper needs LIMBER_PIPER_MODEL "
                              "(the path of a .onnx voice model)")
        if settings.piper_model and not Path(settings.piper_model).is_file():
            raise ConfigError(f"LIMBER_PIPER_MODEL: no file at {settings.piper_model}")
        if settings.voice_timeout <= 0:
            raise ConfigError("LIMBER_VOICE_TIMEOUT must be a positive number of seconds")
        if settings.lease_ms < MIN_LEASE_MS:
            raise ConfigError(f"LIMBER_LEASE_MS must be at least {MIN_LEASE_MS}: a shorter "
                              f"lease lapses whenever the server is busy for a moment")
        if settings.redis_url and find_spec("redis") is None:
            raise ConfigError("LIMBER_REDIS_URL is set but the redis package is not installed: "
                              "pip install -e \".[redis]\"")
        return settings

    def cautions(self) -> list[str]:
        """Settings that work but are unsafe together, as sentences for the start-up log."""
        if self.proxy_hops and not _is_loopback(self.host):
            return [f"LIMBER_PROXY_HOPS={self.proxy_hops} trusts X-Forwarded-For, but "
                    f"LIMBER_HOST={self.host} lets clients reach the app without the proxy and "
                    f"name their own address, escaping the per-address limits: behind a proxy "
                    f"on this machine serve on 127.0.0.1 (docs/deploy.md)"]
        return []


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: it may resolve to anything
        return False


def _convert(name: str, kind: str, raw: str):
    var = f"LIMBER_{name.upper()}"
    try:
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
    except ValueError:
        raise ConfigError(f"{var}: expected a number, got {raw!r}") from None
    if kind == "bool":
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off", ""):
            return False
        raise ConfigError(f"{var}: expected 1/0, true/false, got {raw!r}")
    if kind == "Path":
        return Path(raw)
    return raw
