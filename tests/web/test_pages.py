"""The pages around the player: the module graph asked for at once, the favicon, the meta
description, the figures in the routine list, /history in words, and the printable handout."""

import re
from pathlib import Path

import pytest

from sessions.services import Limber
from sessions.web.handout import BadQuery, options_from_query
from sessions.web.history import duration_words
from sessions.web.modules import module_graph

ROOT = Path(__file__).resolve().parents[2]


def test_every_module_of_the_page_is_preloaded_and_served(app):
    client = app.test_client()
    page = client.get("/").get_data(as_text=True)
    preloaded = re.findall(r'<link rel="modulepreload" href="([^"]+)">', page)
    graph = module_graph(str(ROOT / "static"), "js/app.js")
    assert ["/static/" + m for m in graph[1:]] == preloaded
    # the Socket.IO client is loaded when the connection opens, after the first paint
    assert not any("socket.io" in url for url in preloaded)
    assert '<script type="module" src="/static/js/app.js">' in page
    for url in preloaded:
        assert client.get(url).status_code == 200, url
    # a join link serves the same page
    assert client.get("/j/ACDEFH").get_data(as_text=True).count("modulepreload") == len(preloaded)


def test_the_module_graph_follows_every_import_form(tmp_path):
    (tmp_path / "js").mkdir()
    (tmp_path / "vendor").mkdir()
    (tmp_path / "js" / "a.js").write_text(
        "import { x,\n  y } from './b.js';\nimport './c.js';\nexport { z } from \"../vendor/d.js\";\n"
        "// import nothing from './not-an-import.js' in a comment's middle\n")
    for name in ("js/b.js", "js/c.js", "vendor/d.js"):
        (tmp_path / name).write_text("import { a } from './a.js';\n" if name == "js/b.js" else "")
    assert module_graph(str(tmp_path), "js/a.js") == ("js/a.js", "js/b.js", "js/c.js", "vendor/d.js")
    (tmp_path / "js" / "e.js").write_text("import './gone.js';\n")
    with pytest.raises(FileNotFoundError, match="gone.js"):
        module_graph(str(tmp_path), "js/e.js")


def test_favicon_is_served_and_named_by_the_pages(app, clinic_client):
    client = clinic_client
    ico = client.get("/favicon.ico")
    assert ico.status_code == 200 and ico.mimetype == "image/x-icon"
    assert ico.data[:4] == b"\0\0\1\0" and b"\x89PNG" in ico.data
    svg = client.get("/static/icons/favicon.svg")
    assert svg.status_code == 200 and b"<svg" in svg.data
    for url in ("/", "/history", "/print/lower-back-hip"):
        page = client.get(url).get_data(as_text=True)
        assert 'rel="icon" type="image/svg+xml" href="/static/icons/favicon.svg"' in page, url


def test_pages_have_a_meta_description(app, clinic_client):
    client = clinic_client
    for url in ("/", "/history", "/clinic", "/print/lower-back-hip"):
        page = client.get(url).get_data(as_text=True)
        assert re.search(r'<meta name="description" content="[^"]{40,}">', page), url


def test_the_routine_list_carries_each_exercise_figure(app):
    body = app.test_client().get("/api/routines").get_json()
    seed = next(r for r in body["routines"] if r["id"] == "lower-back-hip")
    knee = seed["exercises"][0]
    assert knee["figure"]["show"] in knee["figure"]["poses"]
    assert knee["figure"]["start"] in knee["figure"]["poses"]
    assert seed["exercises"][4]["figure"] == {"icon": "weights"}  # advice has an icon
    timeline = app.test_client().get("/api/routines/lower-back-hip/timeline").get_json()
    assert [x["figure"] for x in seed["exercises"]] == [x["figure"] for x in timeline["exercises"]]


# -- /history ---------------------------------------------------------------------------------

def test_a_runs_length_in_words():
    assert duration_words(0) == "0 s"
    assert duration_words(45_400) == "45 s"
    assert duration_words(60_000) == "1 min"
    assert duration_words(12 * 60_000 + 20_000) == "12 min"
    assert duration_words(65 * 60_000) == "1 h 5 min"
    assert duration_words(120 * 60_000) == "2 h"


def test_history_shows_titles_words_and_utc_times_for_the_device_to_localise(app,
                                                                             clinic_client):
    store = Limber.of(app).store
    store.record_run({"session_id": "s1", "routine_id": "lower-back-hip",
                      "options": {"pace": "gentle"}, "started_at": 1_767_225_600_000,
                      "ended_at": 1_767_225_600_000 + 12 * 60_000, "steps_total": 40,
                      "steps_completed": 38, "steps_skipped": 2, "pauses": 1,
                      "outcome": "ended"})
    store.record_run({"session_id": "s2", "routine_id": "gone-routine", "options": {},
                      "started_at": 1_767_200_000_000, "ended_at": 1_767_200_030_000,
                      "steps_total": 1, "steps_completed": 1, "steps_skipped": 0, "pauses": 0,
                      "outcome": "finished"})
    page = clinic_client.get("/history").get_data(as_text=True)
    assert '<th scope="row" data-label="Routine">Lower back &amp; hip pain</th>' in page
    assert ">gone-routine</th>" in page  # no longer on offer: its id
    assert '<td data-label="Length">12 min</td>' in page and "30 s" in page
    assert "Ended early" in page and ">Gentle<" in page and "38 of 40" in page
    assert '<time datetime="2026-01-01T00:00:00Z">2026-01-01 00:00 UTC</time>' in page
    assert '<script type="module" src="/static/js/history.js">' in page
    # the scroll region is reachable by keyboard and named
    assert re.search(r'class="table-wrap" role="region" aria-labelledby="history-title" '
                     r'tabindex="0"', page)
    assert "minutes" in clinic_client.get("/history.csv").get_data(as_text=True)


# -- the handout ------------------------------------------------------------------------------

def test_handout_lists_each_exercise_with_its_dose_instructions_and_the_safety_note(app):
    res = app.test_client().get("/print/lower-back-hip?pace=gentle")
    assert res.status_code == 200
    page = res.get_data(as_text=True)
    assert "<h1>Lower back &amp; hip pain</h1>" in page and "Gentle pace" in page
    assert "stop if your pain gets worse" in page
    assert page.count('class="handout-item"') == 9
    assert "1. Knee to chest" in page and "Hold 8 seconds, 3 times on each side" in page
    assert "Bring one knee to your chest and hold it there." in page
    assert "10 times, 3 sets" in page  # knee rotations
    assert "Take care: Only go as low as is comfortable" in page
    assert page.count('class="handout-figures" data-index=') == 9
    assert '<script type="application/json" id="handout-figures">' in page
    assert '<script type="module" src="/static/js/print.js">' in page


def test_handout_at_a_patients_dose(app):
    query = ("pace=extended&exercises=knee-to-chest,bridge&knee-to-chest.hold=14"
             "&knee-to-chest.reps=2&bridge.sets=1")
    page = app.test_client().get(f"/print/lower-back-hip?{query}").get_data(as_text=True)
    assert page.count('class="handout-item"') == 2
    assert "1. Knee to chest" in page and "2. Bridge" in page
    assert "Hold 14 seconds, 2 times on each side" in page
    assert "<p class=\"handout-dose\">10 times</p>" in page  # one set: not said


@pytest.mark.parametrize("query, status, words", [
    ("pace=quick", 400, "unknown pace"),
    ("knee-to-chest.hold=twelve", 400, "a whole number"),
    ("knee-to-chest.speed=3", 400, "only hold, reps, sets"),
    ("knee-to-chest.hold=601", 400, "hold must be a whole number from 1 to 600"),
    ("bridge.hold=5", 400, "has no &#39;hold&#39;"),
    ("exercises=nope", 400, "unknown exercise"),
])
def test_a_handout_that_cannot_be_made_says_why(app, query, status, words):
    res = app.test_client().get(f"/print/lower-back-hip?{query}")
    assert res.status_code == status
    page = res.get_data(as_text=True)
    assert "This handout cannot be made" in page and words in page, page


def test_no_handout_for_an_unknown_routine(app):
    res = app.test_client().get("/print/no-such-routine")
    assert res.status_code == 404 and "no routine" in res.get_data(as_text=True)


def test_handout_query():
    assert options_from_query({"pace": "gentle"}) == {"pace": "gentle"}
    assert options_from_query({"exercises": "a,b", "a.hold": "12", "a.reps": "2", "b.sets": "3"}) == {
        "pace": "standard", "exercises": ("a", "b"),
        "overrides": (("a", (("hold", 12), ("reps", 2))), ("b", (("sets", 3),)))}
    with pytest.raises(BadQuery):
        options_from_query({"a.hold": "-1"})
    with pytest.raises(BadQuery):
        options_from_query({".hold": "3"})
