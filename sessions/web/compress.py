"""gzip for text responses (the page, its modules and stylesheets, JSON, SVG), so that a
phone on a slow network loads about a third of the bytes. A front proxy that compresses
does the same; this keeps `python app.py` from being the slow case.

WSGI middleware. Left alone: Socket.IO (its transports and the WebSocket upgrade), HEAD,
anything but a complete 200, ranges, bodies already encoded and small ones. A compressed
response's ETag gets a `-gzip` suffix (it is another representation), and a request's
If-None-Match has it taken off again, so that the app can still answer 304."""

from __future__ import annotations

import gzip
import re

COMPRESSIBLE = ("text/", "application/javascript", "application/json",
                "application/manifest+json", "image/svg+xml")
MIN_BYTES = 1024
SUFFIX = "-gzip"


def accepts_gzip(header: str) -> bool:
    """True when Accept-Encoding allows gzip (and does not give it q=0)."""
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() in ("gzip", "*"):
            q = re.search(r"q\s*=\s*([0-9.]+)", params)
            return not q or float(q.group(1)) > 0
    return False


class Compress:
    def __init__(self, app, level: int = 6):
        self.app = app
        self.level = level

    def __call__(self, environ, start_response):
        if (environ.get("PATH_INFO", "").startswith("/socket.io")
                or environ.get("REQUEST_METHOD") != "GET"
                or not accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", ""))):
            return self.app(environ, start_response)
        if "HTTP_IF_NONE_MATCH" in environ:
            environ["HTTP_IF_NONE_MATCH"] = environ["HTTP_IF_NONE_MATCH"].replace(
                SUFFIX + '"', '"')
        held: dict = {}

        def start(status, headers, exc_info=None):
            names = {k.lower(): v for k, v in headers}
            if (status.startswith("200") and "content-encoding" not in names
                    and "content-range" not in names
                    and names.get("content-type", "").startswith(COMPRESSIBLE)):
                held.update(status=status, headers=headers, exc_info=exc_info, written=[])
                return held["written"].append
            return start_response(status, headers, exc_info)  # streams through untouched

        # Flask answers start_response before it returns (no lazy iterables here).
        result = self.app(environ, start)
        if "status" not in held:
            return result
        try:
            body = b"".join([*held["written"], *result])
        finally:
            if hasattr(result, "close"):
                result.close()
        headers = held["headers"]
        if len(body) >= MIN_BYTES:
            names = {k.lower(): v for k, v in headers}
            body = gzip.compress(body, self.level)
            vary = names.get("vary")
            headers = [(k, v) for k, v in headers
                       if k.lower() not in ("content-length", "etag", "vary")]
            headers += [("Content-Encoding", "gzip"), ("Content-Length", str(len(body))),
                        ("Vary", f"{vary}, Accept-Encoding" if vary else "Accept-Encoding")]
            if "etag" in names:
                etag = names["etag"]
                headers.append(("ETag", etag[:-1] + SUFFIX + '"' if etag.endswith('"') else etag))
        start_response(held["status"], headers, held["exc_info"])
        return [body]
