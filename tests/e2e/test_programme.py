"""A patient's programme in real browsers (issue 14): the clinician, signed in, gives the
console's routine to a patient; the patient opens the link on a phone, saves it, goes
offline, plays it on the device (time scale 60), answers pain 7 after one exercise (the
exercise is stopped with a kind message) and comes back online: the outbox sends the run,
and the clinician's page shows the run, the flag and the pain plot. A wrong or revoked link
shows nothing of any programme, and a revoked link's saved copy is forgotten; a changed
programme is picked up (and said) the next time the phone opens it online."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import PHONE, watched_page
from tests.support.clinic import sign_in_browser

pytestmark = pytest.mark.e2e

CHOSEN = ["knee-to-chest", "bridge"]  # two exercises keep the run short
LABEL = "Knee, Tuesday 9:00"


@pytest.fixture
def clinician(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    sign_in_browser(context, server)
    yield watched_page(context)
    context.close()


@pytest.fixture
def patient(browser):
    context = browser.new_context(**PHONE)
    yield watched_page(context)
    context.close()


def give(page, server, label: str = LABEL, check: str = "each") -> str:
    """The clinician's console: gentle, two exercises, given to the patient (asked how it
    felt after each exercise, or at the end); the link."""
    page.goto(server + "/?console")
    expect(page.locator("#console-code")).to_have_text(re.compile(r"-"))
    page.locator("#setup-pace-options").get_by_role("radio", name=re.compile("^Gentle")).check()
    for box in page.locator("#setup-exercises input[type=checkbox]").all():
        if box.get_attribute("value") not in CHOSEN:
            box.uncheck()
    page.get_by_text("Give this to the patient").click()
    page.get_by_label("Label (a pseudonym: no name needed)").fill(label)
    page.get_by_label("Ask how it felt").select_option(check)
    page.get_by_role("button", name="Create the programme").click()
    link = page.locator("#give-link")
    expect(link).to_have_text(re.compile(r"/p/[\w-]{22}$"))
    expect(page.get_by_alt_text("QR code of the programme's link")).to_be_visible()
    return link.inner_text()


def test_offline_run_with_pain_7_reaches_the_clinician(clinician, patient, server):
    link = give(clinician, server)
    overview = clinician.locator("#give-overview").get_attribute("href")

    page = patient
    page.goto(link)
    expect(page.get_by_role("heading", name="Lower back & hip pain")).to_be_visible()
    expect(page.get_by_text(LABEL)).to_be_visible()
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller",
                           timeout=15_000)
    page.get_by_role("button", name="Save for offline").click()
    expect(page.locator("#offline-state")).to_have_text(re.compile("^Saved on this phone"))

    page.context.set_offline(True)
    page.reload()  # the page, the programme and its audio come from the phone
    expect(page.get_by_role("heading", name="Lower back & hip pain")).to_be_visible()
    page.get_by_role("button", name="Start").click()

    expect(page.get_by_role("heading", name="How did Knee to chest feel?")).to_be_visible(
        timeout=30_000)
    page.get_by_role("radio", name="7", exact=True).check()
    page.get_by_role("radio", name="Too hard").check()
    page.get_by_role("button", name="Done").click()
    expect(page.get_by_role("heading", name="Let's stop that one")).to_be_visible()
    expect(page.locator("#stopped-text")).to_contain_text("skip it next time")
    page.get_by_role("button", name="Carry on").click()

    expect(page.get_by_role("heading", name="How did Bridge feel?")).to_be_visible(timeout=30_000)
    page.get_by_role("radio", name="2", exact=True).check()
    page.get_by_role("radio", name="About right").check()
    page.get_by_role("button", name="Done").click()
    expect(page.get_by_role("heading", name="Well done")).to_be_visible(timeout=30_000)
    expect(page.locator("#done-sent")).to_have_text(
        re.compile(r"^\d+ answers are saved on this phone"))
    # A cue clip by its content hash (the silent clip that unlocks sound is under /audio/ too).
    played = page.evaluate("() => window.__programme.audio.filter(e => e.type === 'playing'"
                           " && /\\/audio\\/[0-9a-f]{64}\\.mp3$/.test(e.src)).length")
    assert played > 0, "no cue clip played from the phone's copy"
    # Nothing has reached the server yet.
    assert clinician.request.get(server + "/api/programmes/" + overview.rsplit("/", 1)[1]).json()[
        "runs"] == []

    assert page.errors == []
    waiting = page.locator("#done-sent").inner_text()
    page.close()  # the tab closed; opened again, still offline: the outbox is still there
    page = watched_page(patient.context)
    page.goto(link)
    expect(page.locator("#outbox-state")).to_have_text(waiting)
    expect(page.get_by_role("checkbox", name="Knee to chest")).to_be_checked()  # skip next time

    page.context.set_offline(False)  # the online event sends the outbox
    expect(page.locator("#outbox-state")).to_have_text("Everything is sent to your clinician.")
    assert page.errors == []

    clinician.goto(server + "/programmes")
    row = clinician.locator("#list-body tr").filter(has_text=LABEL)
    expect(row).to_contain_text("1 flag to see")
    expect(row).to_contain_text("1 of 1 done")
    row.get_by_role("link", name=LABEL).click()
    expect(clinician).to_have_url(server + overview)
    expect(clinician.get_by_role("heading", name=LABEL)).to_be_visible()
    flag = clinician.locator("#flags li").first
    expect(flag).to_contain_text("Knee to chest, pain 7")
    expect(clinician.locator("#runs li").first).to_contain_text("completed, 2 done, 0 skipped; "
                                                                "stopped: Knee to chest")
    knee = clinician.locator('[data-exercise="knee-to-chest"] svg[data-field="pain"]')
    expect(knee.locator("circle")).to_have_count(1)
    expect(knee).to_have_attribute("aria-label", re.compile(r"pain 7$"))
    bridge = clinician.locator('[data-exercise="bridge"] svg[data-field="pain"]')
    expect(bridge.locator("circle")).to_have_count(1)
    flag.get_by_role("button", name="Mark as seen").click()
    expect(clinician.locator("#flags li").first).to_contain_text("Seen")
    assert clinician.errors == []


def test_a_wrong_or_revoked_link_shows_nothing_of_any_programme(clinician, patient, server):
    link = give(clinician, server, "Revoked one")
    overview = clinician.locator("#give-overview").get_attribute("href")
    page = patient
    page.goto(link)
    expect(page.get_by_role("heading", name="Lower back & hip pain")).to_be_visible()
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller",
                           timeout=15_000)
    page.get_by_role("button", name="Save for offline").click()
    expect(page.locator("#offline-state")).to_have_text(re.compile("^Saved on this phone"))

    # The clinician changes it: the phone picks up the new version, says so, saves it again.
    clinician.goto(server + overview)
    clinician.get_by_label("Stop at pain").fill("6")
    clinician.get_by_role("button", name="Save as a new version").click()
    expect(clinician.locator("#change-result")).to_have_text(re.compile("^Saved as version 2"))
    page.reload()
    expect(page.locator("#change-note")).to_have_text(re.compile(
        r"^Picked up the new version\. "
        r"Your clinician changed your programme on \d{4}-\d\d-\d\d\.$"))
    page.wait_for_function("() => window.__programme.page.saved?.version === 2")
    assert page.evaluate("""async () => {
        const res = await (await caches.open('limber-programmes')).match(
            '/offline' + location.pathname);
        return (await res.json()).programme.pain_threshold;
    }""") == 6

    wrong = re.sub(r"/p/[\w-]+$", "/p/AAAAAAAAAAAAAAAAAAAAAA", link)
    answer = page.goto(wrong)
    assert answer.status == 404
    expect(page.get_by_role("heading", name="This link does not open a programme")).to_be_visible()
    assert "Revoked one" not in page.content() and "Lower back" not in page.content()

    clinician.get_by_role("button", name="Revoke the link").click()
    clinician.get_by_role("button", name=re.compile("^Revoke for good")).click()
    expect(clinician.locator("#ov-revoked")).to_be_visible()

    page.goto(link)  # online: the server says the link is dead; the page forgets its copy
    expect(page.get_by_role("heading", name="This link does not open a programme")).to_be_visible()
    assert "Revoked one" not in page.content() and "Lower back" not in page.content()
    assert page.evaluate("""async () => {
        const saved = await (await caches.open('limber-programmes')).keys();
        const pages = await (await caches.open('limber-runtime')).keys();
        return saved.length === 0 && !pages.some((r) => r.url.includes('/p/'));
    }"""), "the revoked programme is still saved on the phone"
    page.context.set_offline(True)
    page.goto(link)  # offline: nothing of it is left on the phone either
    assert "Revoked one" not in page.content() and "Lower back" not in page.content()


def test_a_suggestion_accepted_then_export_and_delete(clinician, server):
    """Three easy sessions suggest a step up: accepted, it is a new version; the exports
    download; Delete asks twice and leaves nothing."""
    from tests.support.programmes import run
    api = clinician.context.request
    made = api.post(server + "/api/programmes", data={
        "routine_id": "lower-back-hip", "label": "Easy one",
        "frequency": {"times": 1, "per": "day"}}).json()
    records = [r for i in range(3) for r in run(1 + 3 * i, f"r{i}", pains=(1,),
                                                  effort="too_easy")]
    sent = api.post(f"{server}/api/p/{made['key']}/records",
                    data={"device_id": "phone-1", "records": records})
    assert sent.json() == {"acked_through": 9}

    page = clinician
    page.goto(f"{server}/programmes/{made['id']}")
    suggestion = page.locator("#suggestions li").first
    expect(suggestion).to_contain_text("Knee to chest")
    suggestion.get_by_role("button", name="Accept").click()
    expect(page.locator("#ov-sub")).to_contain_text("programme version 2")
    expect(page.locator("#sugg-none")).to_be_visible()

    for link, kind in (("#export-json", "application/json"), ("#export-csv", "text/csv")):
        answer = api.get(server + page.locator(link).get_attribute("href"))
        assert answer.ok and answer.headers["content-type"].startswith(kind)

    page.get_by_role("button", name="Delete the programme").click()
    sure = page.get_by_role("button", name="Delete it and all its data for good")
    expect(sure).to_be_focused()
    sure.click()
    expect(page).to_have_url(server + "/programmes")
    expect(page.locator("#list-body")).not_to_contain_text("Easy one")
    assert api.get(f"{server}/api/programmes/{made['id']}").status == 404
    assert page.errors == []


def test_a_record_the_server_did_not_take_is_sent_again_on_a_timer(clinician, patient, server):
    """The phone is online but the server cannot be reached (a lost connection, a restart):
    the run's first record waits, and a retry sends it without any online event."""
    link = give(clinician, server, label="Knee, retry")
    page = patient
    page.clock.install()  # the retry's timer, moved on by hand
    page.route("**/records", lambda route: route.abort())
    page.goto(link)
    expect(page.get_by_role("heading", name="Lower back & hip pain")).to_be_visible()
    page.get_by_role("button", name="Start").click()
    page.get_by_role("button", name="Pause").click()  # no other record while it waits
    # Said once the send has failed, and so once the retry is on the timer.
    expect(page.locator("#outbox-state")).to_have_text(re.compile(r"^1 answer is saved"))
    page.unroute("**/records")
    with page.expect_response(lambda r: r.url.endswith("/records") and r.ok) as sent:
        page.clock.fast_forward(16_000)
    assert [r["kind"] for r in sent.value.request.post_data_json["records"]] == ["run_started"]
    assert page.errors == []


def test_ending_for_today_asks_about_the_exercises_done_first(clinician, patient, server):
    """Asked at the end: "End for today" in the second exercise asks about both, each under
    its own name, then ends the run."""
    link = give(clinician, server, label="Knee, leaving", check="end")
    page = patient
    page.goto(link)
    page.get_by_role("button", name="Start").click()
    expect(page.locator("#play-name")).to_have_text("Knee to chest")
    page.get_by_role("button", name="Pause").click()
    while page.locator("#play-name").inner_text() != "Bridge":
        page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="End for today").click()
    title = page.locator("#check-title")
    expect(title).to_have_text("How did Knee to chest feel?")
    expect(title).to_be_focused()
    page.get_by_role("radio", name="3", exact=True).check()
    page.get_by_role("button", name="Done").click()
    expect(title).to_have_text("How did Bridge feel?")
    expect(title).to_be_focused()
    expect(page.get_by_role("radio", name="3", exact=True)).not_to_be_checked()
    page.get_by_role("button", name="Skip this question").click()
    expect(page.get_by_role("heading", name="Well done")).to_be_visible()
    expect(page.locator("#outbox-state")).to_have_text("Everything is sent to your clinician.")
    assert page.errors == []
