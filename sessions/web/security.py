"""The app's secret key and the security headers on every response."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

from ..store import private_directory

# No inline script or style anywhere: the page is ES modules and a stylesheet.
CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), screen-wake-lock=(self)",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def secret_key(configured: str, data_dir: Path) -> str:
    """The configured key, else one generated once and kept (owner-only) in the data dir."""
    if configured:
        return configured
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    private_directory(data_dir)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key


def protect(app: Flask, configured_key: str, data_dir: Path) -> None:
    """Call once the app is fully wired: the headers wrap its WSGI app as it is then."""
    app.secret_key = secret_key(configured_key, data_dir)
    app.wsgi_app = SecurityHeaders(app.wsgi_app)


class SecurityHeaders:
    """WSGI middleware: HEADERS on every response, Flask's and Socket.IO's (engine.io's) alike.

    A response that sets one of them itself keeps its own value. The WebSocket handshake
    (101) is written to the socket by simple-websocket, past WSGI: it carries none, and it
    opens no document for them to protect.
    """

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        def start(status, headers, exc_info=None):
            present = {name.lower() for name, _ in headers}
            headers = list(headers) + [(name, value) for name, value in HEADERS.items()
                                       if name.lower() not in present]
            return start_response(status, headers, exc_info)
        return self.app(environ, start)
