"""Moves the e2e tests share."""

from playwright.sync_api import expect


def skip_to_the_end(page) -> None:
    """Press Next (the right arrow) until the end screen shows."""
    for _ in range(400):
        if page.locator("#finished").is_visible():
            break
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(20)
    expect(page.get_by_role("heading", name="Well done")).to_be_visible(timeout=60_000)
