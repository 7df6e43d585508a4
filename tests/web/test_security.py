import csv
import io
import json
import stat
import urllib.error
import urllib.request

import pytest

from app import create_app
from sessions.config import Settings
from sessions.services import Limber
from sessions.web.security import CSP, HEADERS, secret_key
from tests.support.server import LimberServer


def test_security_headers_on_every_kind_of_response(app, clinic_client):
    client = clinic_client
    for url in ("/", "/j/ACDEFH", "/history", "/history.csv", "/api/history", "/clinic",
                "/api/library", "/api/library/lower-back-hip/export",
                "/api/routines", "/api/routines/nope/timeline", "/static/css/app.css",
                "/no-such-page", "/api/join/ACDEFH/qr.svg"):
        r = client.get(url)
        assert r.headers["Content-Security-Policy"] == CSP, url
        assert "'unsafe-inline'" not in CSP and "script-src 'self'" in CSP
        assert r.headers["X-Content-Type-Options"] == "nosniff", url
        assert r.headers["X-Frame-Options"] == "DENY", url
        assert r.headers["Referrer-Policy"] == "no-referrer", url


def fetch(url: str, body: bytes | None = None):
    """Status, headers and body of one real HTTP request, error statuses included."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=body), timeout=10) as r:
            return r.status, r.headers, r.read().decode()
    except urllib.error.HTTPError as r:
        return r.code, r.headers, r.read().decode()


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    with LimberServer(tmp_path_factory.mktemp("security")) as srv:
        yield srv


def test_socket_io_responses_carry_the_security_headers_too(running):
    polling = running.url + "/socket.io/?EIO=4&transport=polling"
    status, headers, opened = fetch(polling)
    assert status == 200 and opened.startswith("0")  # engine.io's handshake
    sid = json.loads(opened[1:])["sid"]
    answers = [(status, headers),
               fetch(f"{polling}&sid={sid}", b"40")[:2],  # Socket.IO connect: "ok"
               fetch(f"{polling}&sid={sid}")[:2],  # the poll that answers it
               fetch(f"{polling}&sid=nope")[:2],  # engine.io's own 400
               fetch(running.url + "/socket.io/?EIO=3&transport=polling")[:2],
               fetch(running.url + "/")[:2]]
    assert [status for status, _ in answers] == [200, 200, 200, 400, 400, 200]
    for status, headers in answers:
        assert {name: headers[name] for name in HEADERS} == HEADERS, status


def test_the_data_dir_is_made_private_with_the_key(tmp_path):
    key = secret_key("", tmp_path / "data")
    assert (tmp_path / "data" / "secret_key").read_text() == key
    assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o700


def test_secret_key_is_generated_once_kept_private_and_reused(tmp_path):
    first = create_app(Settings(data_dir=tmp_path))
    key_file = tmp_path / "secret_key"
    assert len(first.secret_key) == 64 and key_file.read_text() == first.secret_key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    again = create_app(Settings(data_dir=tmp_path))
    assert again.secret_key == first.secret_key
    configured = create_app(Settings(data_dir=tmp_path / "other", secret_key="from-settings"))
    assert configured.secret_key == "from-settings"


def test_debug_is_off_unless_asked_for():
    assert Settings.from_env({}).debug is False
    assert Settings.from_env({"LIMBER_DEBUG": "1"}).debug is True


def test_history_page_and_csv_list_finished_runs(app, socket_client, clinic_client):
    c = socket_client()
    ack = c.emit("create", {"routine_id": "lower-back-hip", "pace": "gentle",
                            "exercises": ["pelvic-tilts"]}, callback=True)
    s = {"session_id": ack["session_id"], "token": ack["control_token"]}
    c.emit("command", {**s, "command": "start"}, callback=True)
    c.emit("command", {**s, "command": "pause"}, callback=True)
    c.emit("command", {**s, "command": "resume"}, callback=True)
    c.emit("command", {**s, "command": "next"}, callback=True)
    c.emit("end", s, callback=True)
    client = clinic_client
    page = client.get("/history").get_data(as_text=True)
    assert "lower-back-hip" in page and "ended" in page and "gentle" in page
    export = client.get("/history.csv")
    assert export.mimetype == "text/csv"
    [row] = list(csv.DictReader(io.StringIO(export.get_data(as_text=True))))
    assert (row["routine_id"], row["pace"], row["outcome"], row["pauses"],
            row["steps_skipped"]) == ("lower-back-hip", "gentle", "ended", "1", "1")


def test_history_csv_cannot_smuggle_spreadsheet_formulas(app, clinic_client):
    store = Limber.of(app).store
    store.record_run({"session_id": "s", "routine_id": "=HYPERLINK(\"x\")", "options": {},
                      "started_at": 1, "ended_at": 2, "steps_total": 1, "steps_completed": 1,
                      "steps_skipped": 0, "pauses": 0, "outcome": "finished"})
    text = clinic_client.get("/history.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in text
    page = clinic_client.get("/history").get_data(as_text=True)
    assert "=HYPERLINK(&#34;x&#34;)" in page  # escaped, never markup

