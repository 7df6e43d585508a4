"""Signing in as a clinic member in tests: the key the test servers use, and sign-in for a
Flask test client or a browser context."""

from __future__ import annotations

KEY = "test clinic key for limber"  # LIMBER_CLINIC_KEY of the test servers (tests/e2e)


def signed_in(app, key: str = KEY):
    """A Flask test client of `app` signed in as a clinic member (the key set first)."""
    from sessions.web.clinic import EXTENSION
    app.extensions[EXTENSION].key.set(key, 0)
    client = app.test_client()
    answer = client.post("/api/clinic/session", json={"key": key})
    assert answer.status_code == 200, answer.get_json()
    return client


def sign_in_browser(context, server: str, key: str = KEY) -> None:
    """Sign a Playwright browser context in (its requests share the context's cookies)."""
    answer = context.request.post(f"{server}/api/clinic/session", data={"key": key})
    assert answer.ok, answer.text()
