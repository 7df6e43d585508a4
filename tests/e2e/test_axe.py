"""axe-core in Chromium on every state of the page it can reach: the picker (light, dark,
offline), the console before and after Start (with a dose error showing), the player on a
phone, in landscape and on a tablet (running and paused), a follower waiting and following,
the end screen, the clinic sign-in, /history, the handout, the routine editor (its
library, the import, a draft under review with a problem showing), a patient's programme
page (home, the check, the stop message, the end) and the clinician's programme list and
overview. No serious or critical violation is allowed.

axe-core is a local copy (tests/support/axe/); the page's CSP forbids injected scripts, so
these contexts bypass it (the CSP itself is tested in test_csp.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.browser import skip_to_the_end
from tests.support.clinic import sign_in_browser

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[1] / "support" / "axe" / "axe.min.js"
ROUTINE = "Lower back & hip pain"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}
LANDSCAPE = {"viewport": {"width": 844, "height": 390}, "is_mobile": True, "has_touch": True}
TABLET = {"viewport": {"width": 820, "height": 1180}, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}
SEED = Path(__file__).resolve().parents[1] / "corpus" / "handouts" / "seed_lower_back_hip.txt"

RUN_AXE = """async () => {
  const result = await axe.run(document, { resultTypes: ['violations'] });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                   nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}"""


def _page(browser, **context):
    page = browser.new_context(bypass_csp=True, **context).new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return page


def serious(page) -> list[dict]:
    """The serious and critical violations on the page as it is now."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE)


def check(found: dict, state: str, page) -> None:
    violations = serious(page)
    if violations:
        found[state] = violations


def start_solo(page, server) -> None:
    page.goto(server)
    page.get_by_role("radio", name=ROUTINE).check()
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.locator("#player")).to_be_visible()


def pause(page) -> None:
    page.get_by_role("button", name="Pause").click()
    expect(page.locator("#paused-banner")).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_picker_history_and_handout(server, browser, scheme):
    found: dict = {}
    page = _page(browser, color_scheme=scheme, **PHONE)
    try:
        page.goto(server)
        expect(page.get_by_role("radio", name=ROUTINE)).to_be_visible()
        check(found, "picker", page)
        page.context.set_offline(True)
        expect(page.locator("#net-status")).to_be_visible()
        check(found, "picker offline", page)
        page.context.set_offline(False)
        page.goto(server + "/clinic")
        check(found, "clinic sign-in", page)
        sign_in_browser(page.context, server)
        page.goto(server + "/history")
        expect(page.locator("#history-title")).to_be_visible()
        check(found, "history", page)
        page.goto(server + "/print/lower-back-hip?pace=gentle")
        expect(page.locator("body")).to_have_attribute("data-figures", "drawn")
        check(found, "handout", page)
        assert page.errors == []
    finally:
        page.context.close()
    assert found == {}


@pytest.mark.parametrize("name, context", [
    ("phone", PHONE), ("landscape", LANDSCAPE), ("tablet", TABLET),
    ("phone dark", {**PHONE, "color_scheme": "dark"}),
])
def test_the_player(server, browser, name, context):
    found: dict = {}
    page = _page(browser, **context)
    try:
        start_solo(page, server)
        page.wait_for_function("() => !document.getElementById('countdown').hidden", timeout=60_000)
        check(found, f"{name}: running", page)
        pause(page)
        check(found, f"{name}: paused", page)
        skip_to_the_end(page)
        check(found, f"{name}: finished", page)
        assert page.errors == []
    finally:
        page.context.close()
    assert found == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_console_and_a_follower(server, browser, scheme):
    found: dict = {}
    console = _page(browser, color_scheme=scheme, **LAPTOP)
    follower = _page(browser, color_scheme=scheme, **TABLET)
    try:
        console.goto(server + "/?console")
        expect(console.locator("#console-code")).to_have_text(re.compile("-"))
        check(found, "console: dose form", console)
        console.get_by_label("Hold seconds for Knee to chest").fill("0")
        console.get_by_role("button", name="Start the session").click()
        expect(console.locator("#setup-error")).to_be_focused()
        check(found, "console: dose error", console)
        console.get_by_label("Hold seconds for Knee to chest").fill("9")

        follower.goto(console.locator("#console-link").get_attribute("href"))
        expect(follower.get_by_role("heading", name="Waiting for your clinician")).to_be_visible()
        check(found, "follower: waiting", follower)
        follower.get_by_role("button", name="Tap to enable sound").tap()

        expect(console.locator("#setup-error")).to_be_hidden()
        console.get_by_role("button", name="Start the session").click()
        expect(follower.locator("#player")).to_be_visible()
        pause(console)
        expect(follower.locator("#paused-banner")).to_be_visible()
        check(found, "console: running", console)
        check(found, "follower: following", follower)
        assert console.errors == [] and follower.errors == []
    finally:
        console.context.close()
        follower.context.close()
    assert found == {}


@pytest.mark.parametrize("name, context", [("phone", PHONE), ("laptop", LAPTOP)])
def test_the_editor(server, browser, name, context):
    found: dict = {}
    page = _page(browser, **context)
    try:
        sign_in_browser(page.context, server)
        page.goto(server + "/editor")
        expect(page.locator(".library-item").first).to_be_visible()
        check(found, f"{name}: editor library", page)
        page.get_by_role("button", name="Import from a handout").click()
        page.get_by_label("The handout's text").fill(SEED.read_text(encoding="utf-8"))
        check(found, f"{name}: editor import", page)
        page.get_by_role("button", name="Read the handout").click()
        expect(page.locator("#preview .paces")).to_be_visible()
        page.locator("details").first.evaluate("(d) => { d.open = true; }")
        page.locator("#f-exercises-0-hold-min").fill("ten")
        expect(page.locator("#problems")).to_contain_text("problem")
        check(found, f"{name}: editor draft with a problem", page)
        assert page.errors == []
    finally:
        page.context.close()
    assert found == {}, json.dumps(found, indent=1)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_programme_for_the_patient_and_the_clinician(server, browser, scheme):
    found: dict = {}
    clinician = _page(browser, color_scheme=scheme, **LAPTOP)
    patient = _page(browser, color_scheme=scheme, **PHONE)
    try:
        sign_in_browser(clinician.context, server)
        clinician.goto(server + "/?console")
        expect(clinician.locator("#console-code")).to_have_text(re.compile("-"))
        clinician.get_by_text("Give this to the patient").click()
        check(found, "console: give form", clinician)
        clinician.get_by_label("Label (a pseudonym: no name needed)").fill(f"Axe {scheme}")
        clinician.get_by_role("button", name="Create the programme").click()
        link = clinician.locator("#give-link")
        expect(link).to_have_text(re.compile("/p/"))
        check(found, "console: programme given", clinician)

        patient.goto(link.inner_text())
        expect(patient.get_by_role("button", name="Start")).to_be_visible()
        check(found, "programme: home", patient)
        patient.get_by_role("button", name="Start").click()
        expect(patient.locator("#play")).to_be_visible()
        check(found, "programme: playing", patient)
        patient.get_by_role("button", name="It hurts: stop this exercise").click(timeout=30_000)
        expect(patient.locator("#check")).to_be_visible()
        check(found, "programme: check", patient)
        patient.get_by_role("radio", name="9", exact=True).check()
        patient.get_by_role("button", name="Done").click()
        expect(patient.locator("#stopped")).to_be_visible()
        check(found, "programme: stopped", patient)
        patient.get_by_role("button", name="Carry on").click()
        patient.get_by_role("button", name="End for today").click()
        expect(patient.locator("#done")).to_be_visible()
        check(found, "programme: done", patient)

        clinician.goto(server + "/programmes")
        expect(clinician.locator("#list-body tr").first).to_be_visible()
        check(found, "programmes: list", clinician)
        clinician.get_by_role("link", name=f"Axe {scheme}").click()
        expect(clinician.locator("#flags li").first).to_be_visible()
        check(found, "programmes: overview", clinician)
        assert found == {}
        assert clinician.errors == [] and patient.errors == []
    finally:
        clinician.context.close()
        patient.context.close()
