"""The clinic's sign-in in a real browser: a patient's device sent to /history gets the
sign-in page and nothing of the clinic's; a wrong key is said so; the right one opens the
page it came for; signing out closes it again."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.clinic import KEY

pytestmark = pytest.mark.e2e


def test_sign_in_then_out(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.goto(server + "/history")
        expect(page).to_have_url(server + "/clinic?next=/history")
        expect(page.get_by_role("heading", name="Clinic sign-in")).to_be_visible()
        assert context.request.get(server + "/api/history").status == 401

        page.get_by_label("Clinic key").fill("not the key at all")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert")).to_have_text("that is not the clinic key")

        page.get_by_label("Clinic key").fill(KEY)
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(server + "/history")
        expect(page.get_by_role("heading", name="Session history")).to_be_visible()

        page.goto(server + "/clinic")
        # A sign-out that does not reach the server says so and stays signed in.
        page.route("**/api/clinic/session", lambda route: route.abort()
                   if route.request.method == "DELETE" else route.continue_())
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("alert")).to_have_text(
            "The server did not answer; check the connection and try again.")
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        page.unroute("**/api/clinic/session")
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()
        expect(page.get_by_role("alert")).to_have_text("")
        # Asked from the page itself: the browser that signed out (Playwright's own request
        # context reads the browser's cookies through the driver, a step behind at times).
        assert page.evaluate("() => fetch('/api/history').then((r) => r.status)") == 401
        assert errors == []
    finally:
        context.close()
