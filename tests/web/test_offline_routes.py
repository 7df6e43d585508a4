"""The routes offline use needs: the service worker at the root, the web manifest and its
icons, and timelines as this server's sessions play them (?scaled=1)."""

import json
import re
from pathlib import Path

from sessions.web.modules import module_graph
from tests.support.socket_calls import create

ROOT = Path(__file__).resolve().parents[2]


def test_service_worker_is_served_at_the_root_never_cached(app):
    res = app.test_client().get("/sw.js")
    assert res.status_code == 200
    assert res.mimetype == "text/javascript"
    assert res.headers["Service-Worker-Allowed"] == "/"
    assert res.headers["Cache-Control"] == "no-cache"
    assert b"SHELL_URLS" in res.data


def test_the_shell_list_names_every_module_and_stylesheet_and_each_is_served(app):
    """Every module of the player's page (the clinic's pages, such as the editor, need not
    work offline and are not precached for every patient)."""
    text = (ROOT / "static" / "sw.js").read_text()
    block = text[text.index("const SHELL_URLS"):]
    urls = re.findall(r"'([^']+)'", block[:block.index("];")])
    modules = {f"/static/{p}" for p in module_graph(str(ROOT / "static"), "js/app.js")}
    # and the vendored ones (the Socket.IO client is imported when the connection opens)
    modules |= {f"/static/vendor/{p.name}" for p in (ROOT / "static" / "vendor").glob("*.js")}
    assert modules <= set(urls), modules - set(urls)
    assert "/static/css/app.css" in urls and "/" in urls
    client = app.test_client()
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_web_manifest_makes_the_app_installable(app):
    res = app.test_client().get("/manifest.webmanifest")
    assert res.status_code == 200 and res.mimetype == "application/manifest+json"
    m = json.loads(res.data)
    assert m["start_url"] == "/" and m["scope"] == "/" and m["display"] == "standalone"
    assert m["name"] and m["short_name"] and re.fullmatch(r"#[0-9a-f]{6}", m["theme_color"])
    sizes = {(i["sizes"], i.get("purpose", "any")) for i in m["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    client = app.test_client()
    for icon in m["icons"]:
        png = client.get(icon["src"])
        assert png.status_code == 200 and png.data[:8] == b"\x89PNG\r\n\x1a\n"
        w, h = int.from_bytes(png.data[16:20], "big"), int.from_bytes(png.data[20:24], "big")
        assert f"{w}x{h}" == icon["sizes"]
    page = client.get("/").data.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in page


def test_scaled_timeline_is_the_one_sessions_play(app, socket_client):
    client = app.test_client()
    plain = client.get("/api/routines/lower-back-hip/timeline?pace=gentle").get_json()
    scaled = client.get("/api/routines/lower-back-hip/timeline?pace=gentle&scaled=1").get_json()
    played = create(socket_client())["timeline"]  # what a session of it on this server plays
    assert scaled == played
    assert plain["time_scale"] == 1 and scaled["hash"] != plain["hash"]
    assert [s["cue"] for s in scaled["steps"]] == [s["cue"] for s in plain["steps"]]
    assert all("audio" in s for s in scaled["steps"])
