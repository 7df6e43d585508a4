"""Following through a short outage: a follower whose server dies mid-session keeps going on
its own from the last snapshot (the schedule is known: steps advance, captions change), and
quietly resyncs when the server is back (the session runs on by its schedule after a
restart, so the follower lands where the server says, without starting over)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import step_index
from tests.support.schedule import origin
from tests.support.server import LimberServer
from tests.support.socket_device import HUNG_S, Device

pytestmark = pytest.mark.e2e


@pytest.fixture
def server(tmp_path):
    srv = LimberServer(tmp_path, time_scale=20).start()
    yield srv
    srv.stop()


def test_follower_carries_on_through_an_outage_and_resyncs(server, browser):
    controller = Device(server.url)
    ack = controller.call("create", {"routine_id": "lower-back-hip", "pace": "extended"})
    session = {"session_id": ack["session_id"], "token": ack["control_token"]}
    timeline = ack["timeline"]
    controller.join_payload = session
    ctx = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True,
                              has_touch=True)
    try:
        page = ctx.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{server.url}/j/{ack['code'].replace('-', '')}")
        expect(page.get_by_role("heading", name="Waiting for your clinician")).to_be_visible()
        page.get_by_role("button", name="Tap to enable sound").first.tap()
        started = controller.call("command", {**session, "command": "start"})["state"]
        expect(page.locator("#player")).to_be_visible()
        page.wait_for_function("() => Number(document.getElementById('player').dataset.step) >= 2")

        server.kill()
        lost = step_index(page)
        # The follower keeps walking the schedule on its own.
        page.wait_for_function(
            f"() => Number(document.getElementById('player').dataset.step) >= {lost + 3}",
            timeout=15_000)
        expect(page.locator("#status")).to_contain_text("Carrying on")
        assert page.evaluate("document.body.dataset.status") == "running"

        controller.rejoined.clear()
        server.start()
        assert controller.rejoined.wait(HUNG_S)
        # Re-joined: connected, and the outage's message replaced ("Reconnected." for a moment).
        page.wait_for_function("""() => window.__limber.conn.connected
            && !/Connection lost/.test(document.getElementById('status').textContent)""",
                               timeout=20_000)
        # Back in step with the server: the page's snapshot now comes from the server and has
        # the session's own schedule (the one it had before the server died), to the ms.
        theirs = controller.call("join", session)["state"]
        ours = page.evaluate("() => window.__limber.store.get('snapshot')")
        assert theirs["status"] == ours["status"] == "running"
        assert origin(ours, timeline) == origin(theirs, timeline) == origin(started, timeline)
        assert step_index(page) > lost + 3
        assert errors == []
    finally:
        ctx.close()
        controller.client.disconnect()
