"""The per-address session cap, as a user meets it: the page says what the server counts and
lists the live sessions this browser started, which the user can end from there and then
start again. The server allows two live sessions per address, in its own process."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.server import LimberServer

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def capped_server(tmp_path_factory):
    server = LimberServer(tmp_path_factory.mktemp("limber-cap"), time_scale=60,
                          max_sessions_per_address=2)
    with server:
        yield server.url


@pytest.fixture
def phone(browser):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                              has_touch=True)
    page = ctx.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    ctx.close()


def start_and_walk_away(page, url):
    """Start a routine, then reload: the session runs on, on the server, unattended."""
    page.goto(url)
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.locator("#player")).to_be_visible()
    page.reload()
    expect(page.get_by_role("button", name="Start", exact=True)).to_be_enabled()


def test_too_many_sessions_lists_this_browsers_own_and_ends_them(capped_server, phone):
    start_and_walk_away(phone, capped_server)
    start_and_walk_away(phone, capped_server)

    phone.get_by_role("button", name="Start", exact=True).click()
    box = phone.locator("#capped")
    expect(box).to_be_visible()
    expect(phone.locator("#player")).to_be_hidden()
    expect(box).to_contain_text("2 live sessions")  # the server's sentence
    expect(box).to_contain_text("network address")  # what it counts
    own = box.get_by_role("list", name="Live sessions started in this browser")
    expect(own.get_by_role("listitem")).to_have_count(2)
    expect(own.get_by_role("listitem").first).to_contain_text(re.compile(r"[A-Z0-9]{3}-[A-Z0-9]{3}"))

    # One of them, then the rest: the box goes once none is left.
    own.get_by_role("button", name=re.compile("^End ")).first.click()
    expect(own.get_by_role("listitem")).to_have_count(1)
    expect(box).to_be_visible()
    own.get_by_role("button", name=re.compile("^End ")).click()
    expect(box).to_be_hidden()
    expect(phone.get_by_role("status")).to_contain_text("start a session again")

    # The server counts them as ended: a new session starts.
    phone.get_by_role("button", name="Start", exact=True).click()
    expect(phone.locator("#player")).to_be_visible()
    expect(phone.locator("body")).to_have_attribute("data-status", "running")
    assert phone.evaluate("() => JSON.parse(localStorage.getItem('limber.owned')).length") == 1
    assert phone.errors == []
