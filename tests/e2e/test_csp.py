"""The Content-Security-Policy really stops injected inline script in Chromium."""

import pytest

pytestmark = pytest.mark.e2e


def test_injected_inline_script_is_blocked(server, browser):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(server)
        page.wait_for_selector("body[data-screen]")
        ran = page.evaluate("""() => {
            window.__violations = [];
            document.addEventListener('securitypolicyviolation',
                (e) => window.__violations.push(e.effectiveDirective));
            const s = document.createElement('script');
            s.textContent = 'window.__pwned = true';
            document.body.appendChild(s);  // an inline script allowed to run has run by now
            return !!window.__pwned;
        }""")
        assert ran is False
        page.wait_for_function("() => window.__violations.length > 0")
        assert page.evaluate("() => window.__violations") == ["script-src-elem"]
        # an inline event handler is refused too
        page.evaluate("""() => { const d = document.createElement('div');
            d.setAttribute('onclick', 'window.__pwned = true'); document.body.appendChild(d);
            d.click(); }""")
        assert page.evaluate("() => !!window.__pwned") is False
    finally:
        context.close()
