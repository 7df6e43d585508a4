"""The clinic key and the clinic_only guard: what patients cannot reach, sign-in and out,
wrong keys, limited attempts, the key stored hashed and shown once at first run."""

import re
import sqlite3

import pytest

from app import create_app
from sessions.config import Settings
from sessions.services import CLINIC_LIMIT
from sessions.web.clinic import COOKIE, local_path
from tests.support.clinic import KEY

# Every route the contract gives to clinic members only (the editor page comes with it).
GUARDED = [
    ("GET", "/history"), ("GET", "/history.csv"), ("GET", "/api/history"),
    ("GET", "/api/library"), ("POST", "/api/library"), ("POST", "/api/library/import"),
    ("POST", "/api/library/check"), ("GET", "/api/library/lower-back-hip"),
    ("PUT", "/api/library/lower-back-hip"), ("GET", "/api/library/lower-back-hip/versions/1"),
    ("GET", "/api/library/lower-back-hip/export"),
]
RULES = {"/history", "/history.csv", "/api/history", "/api/library", "/api/library/import",
         "/api/library/check", "/api/library/<routine_id>",
         "/api/library/<routine_id>/versions/<int:version>",
         "/api/library/<routine_id>/export"}


def guarded_rules(app) -> set[str]:
    return {rule.rule for rule in app.url_map.iter_rules()
            if getattr(app.view_functions[rule.endpoint], "clinic_only", False)}


def test_every_route_of_the_clinic_is_guarded(app):
    assert RULES <= guarded_rules(app)
    assert {"/", "/api/routines", "/clinic", "/api/clinic/session"}.isdisjoint(
        guarded_rules(app))


def test_every_guarded_route_the_app_has_refuses_a_request_without_the_key(app):
    """Also the ones added after this test was written (the editor, the handouts)."""
    client, seen = app.test_client(), 0
    for rule in app.url_map.iter_rules():
        if not getattr(app.view_functions[rule.endpoint], "clinic_only", False):
            continue
        url = re.sub(r"<int:[^>]+>", "1", re.sub(r"<(?!int:)[^>]+>", "lower-back-hip",
                                                   rule.rule))
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            answer = client.open(url, method=method, json={})
            expected = 401 if url.startswith("/api/") else 302
            assert answer.status_code == expected, (method, url)
            seen += 1
    assert seen >= len(GUARDED)


@pytest.mark.parametrize("method,url", GUARDED)
def test_without_the_key_an_api_gets_401_and_a_page_the_sign_in(app, method, url):
    record_a_run(app)
    answer = app.test_client().open(url, method=method, json={"routine": {}})
    if url.startswith("/api/"):
        assert answer.status_code == 401
        assert answer.get_json()["code"] == "clinic_only"
    else:
        assert answer.status_code == 302
        assert answer.headers["Location"] == f"/clinic?next={url}"
        assert b"patient-routine" not in answer.data
    assert answer.headers["Content-Security-Policy"]


@pytest.mark.parametrize("method,url", GUARDED)
def test_a_wrong_bearer_key_gets_403(app, method, url):
    answer = app.test_client().open(url, method=method, json={"routine": {}},
                                    headers={"Authorization": "Bearer not the key at all"})
    assert answer.status_code == 403 and answer.get_json()["code"] == "bad_key"


def record_a_run(app):
    from sessions.services import Limber
    Limber.of(app).store.record_run({
        "session_id": "s", "routine_id": "patient-routine", "options": {}, "started_at": 1,
        "ended_at": 2, "steps_total": 1, "steps_completed": 1, "steps_skipped": 0,
        "pauses": 0, "outcome": "finished"})


def test_the_sign_in_page_shows_no_clinic_data_and_only_a_local_next(app):
    record_a_run(app)
    client = app.test_client()
    page = client.get("/clinic?next=/history").get_data(as_text=True)
    assert 'data-next="/history"' in page and "patient-routine" not in page
    assert 'type="password"' in page and "/static/js/clinic.js" in page
    for elsewhere in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "x"):
        assert local_path(elsewhere) == ""
        assert 'data-next=""' in client.get("/clinic", query_string={"next": elsewhere}) \
            .get_data(as_text=True)


def test_sign_in_sets_a_strict_httponly_cookie_and_sign_out_ends_it(app, clinic_client):
    from tests.support.clinic import signed_in
    client = signed_in(app)
    cookie = client.get_cookie(COOKIE)
    assert cookie.http_only and cookie.same_site == "Strict"
    assert client.get("/api/clinic/session").get_json() == {"clinic": True}
    page = client.get("/history")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "private, no-store"
    assert client.delete("/api/clinic/session").get_json() == {"clinic": False}
    assert client.get("/api/clinic/session").get_json() == {"clinic": False}
    assert client.get("/api/history").status_code == 401


def test_a_wrong_key_gets_403_and_no_cookie(app):
    from tests.support.clinic import signed_in
    signed_in(app)
    client = app.test_client()
    answer = client.post("/api/clinic/session", json={"key": "not the clinic key"})
    assert answer.status_code == 403 and answer.get_json()["code"] == "bad_key"
    assert client.get_cookie(COOKIE) is None
    assert client.get("/api/history").status_code == 401


@pytest.mark.parametrize("body", [None, b"not json", b'{"key": 5}', b'{"key": " "}', b"[]"])
def test_a_sign_in_without_a_key_is_a_bad_request(app, body):
    answer = app.test_client().post("/api/clinic/session", data=body,
                                    content_type="application/json")
    assert answer.status_code == 400 and answer.get_json()["code"] == "bad_request"


def test_wrong_keys_are_limited_per_address_and_then_even_the_right_key_is_refused(app):
    from tests.support.clinic import signed_in
    signed_in(app, KEY)  # a right key does not count
    client = app.test_client()
    capacity = CLINIC_LIMIT[0]
    codes = [client.post("/api/clinic/session", json={"key": f"guess number {i}"}).status_code
             for i in range(capacity)]
    assert codes == [403] * capacity
    for key in ("another guess", KEY):  # past the limit a guess learns nothing
        answer = client.post("/api/clinic/session", json={"key": key})
        assert answer.status_code == 429 and answer.get_json()["code"] == "rate_limited"
    answer = client.get("/api/history", headers={"Authorization": "Bearer yet another guess"})
    assert answer.status_code == 429
    other = app.test_client().post("/api/clinic/session", json={"key": KEY},
                                   environ_base={"REMOTE_ADDR": "10.0.0.7"})
    assert other.status_code == 200


def test_a_script_with_the_bearer_key_is_not_slowed_by_the_limit(app):
    from tests.support.clinic import signed_in
    signed_in(app)
    client = app.test_client()
    for _ in range(CLINIC_LIMIT[0] + 2):
        answer = client.get("/api/library", headers={"Authorization": f"Bearer {KEY}"})
        assert answer.status_code == 200
    assert client.post("/api/clinic/session", json={"key": KEY}).status_code == 200


def test_the_key_is_stored_hashed_never_in_clear(tmp_path):
    key = "a clinic key that must not be stored"
    app = create_app(Settings(data_dir=tmp_path, clinic_key=key))
    [(stored,)] = sqlite3.connect(tmp_path / "limber.db").execute("SELECT hash FROM clinic_key")
    assert stored.startswith("scrypt$") and key not in stored
    for file in tmp_path.glob("limber.db*"):
        assert key.encode() not in file.read_bytes(), file
    assert app.test_client().post("/api/clinic/session", json={"key": key}).status_code == 200


def test_first_run_makes_a_passphrase_and_prints_it_once(tmp_path, capsys):
    first = create_app(Settings(data_dir=tmp_path))
    printed = capsys.readouterr().out
    [passphrase] = [line.strip() for line in printed.splitlines()
                    if line.startswith("    ") and line.strip()]
    assert len(passphrase.split()) == 6 and "clinic set-key" in printed
    again = create_app(Settings(data_dir=tmp_path))
    assert passphrase not in capsys.readouterr().out
    for app in (first, again):
        answer = app.test_client().post("/api/clinic/session", json={"key": passphrase})
        assert answer.status_code == 200


def test_a_configured_key_replaces_the_stored_one(tmp_path, capsys):
    create_app(Settings(data_dir=tmp_path))
    app = create_app(Settings(data_dir=tmp_path, clinic_key="the configured key"))
    client = app.test_client()
    assert client.post("/api/clinic/session", json={"key": "the configured key"}).status_code \
        == 200


def test_set_key_replaces_the_key_and_ends_every_sign_in(app, clinic_client):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["clinic", "set-key"], input="short\nshort\n")
    assert result.exit_code != 0 and "8 to 200 characters" in result.output
    assert clinic_client.get("/api/history").status_code == 200
    result = runner.invoke(args=["clinic", "set-key"],
                           input="the new clinic key\nthe new clinic key\n")
    assert result.exit_code == 0, result.output
    assert clinic_client.get("/api/history").status_code == 401  # signed in with the old key
    client = app.test_client()
    assert client.post("/api/clinic/session", json={"key": KEY}).status_code == 403
    assert client.post("/api/clinic/session", json={"key": "the new clinic key"}).status_code \
        == 200


def test_set_key_takes_the_key_from_the_environment(app, monkeypatch):
    monkeypatch.setenv("LIMBER_CLINIC_KEY", "key from the environment")
    result = app.test_cli_runner().invoke(args=["clinic", "set-key"])
    assert result.exit_code == 0, result.output
    answer = app.test_client().post("/api/clinic/session",
                                    json={"key": "key from the environment"})
    assert answer.status_code == 200
