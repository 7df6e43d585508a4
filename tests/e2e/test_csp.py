"""The Content-Security-Policy really stops injected inline script in Chromium."""

import pytest

pytestmark = pytest.mark.e2e


def test_injected_inline_script_is_blocked(server, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(server)
    page.wait_for_selector("body[data-screen]")
    blocked = page.evaluate("""() => new Promise((resolve) => {
        document.addEventListener('securitypolicyviolation',
            (e) => resolve({directive: e.effectiveDirective, ran: !!window.__pwned}));
        const s = document.createElement('script');
        s.textContent = 'window.__pwned = true';
        document.body.appendChild(s);
        setTimeout(() => resolve({directive: null, ran: !!window.__pwned}), 2000);
    })""")
    assert blocked == {"directive": "script-src-elem", "ran": False}
    # an inline event handler is refused too
    page.evaluate("""() => { const d = document.createElement('div');
        d.setAttribute('onclick', 'window.__pwned = true'); document.body.appendChild(d);
        d.click(); }""")
    assert page.evaluate("() => !!window.__pwned") is False
    context.close()
