"""The printable handout in Chromium: printed to PDF (A4), read back with pdftotext, it holds
the routine's title, the safety note, and every exercise with its dose per side and its
instructions, on one page; each exercise's figures are drawn (start and end pose)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def _pdf_text(pdf: bytes, tmp_path) -> tuple[str, int]:
    assert shutil.which("pdftotext"), "pdftotext not found: apt-get install poppler-utils"
    path = tmp_path / "handout.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    return text, int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def test_the_handout_prints_every_exercise_with_its_dose_and_the_safety_note(
        server, phone, tmp_path):
    page = phone
    routine = page.request.get(server + "/api/routines").json()["routines"][0]
    page.goto(server + "/print/lower-back-hip?pace=standard&knee-to-chest.hold=12")
    expect(page.locator("body")).to_have_attribute("data-figures", "drawn")
    # Two pictures (start, held or moved to) per exercise; one icon for the advice.
    figures = page.locator(".handout-item").evaluate_all(
        "items => items.map(i => i.querySelectorAll('svg.figure').length)")
    assert figures == [1 if x["kind"] == "advice" else 2 for x in routine["exercises"]]
    expect(page.get_by_role("img", name="Knee to chest: hold")).to_have_count(1)
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print")).to_be_hidden()  # not on paper
    text, pages = _pdf_text(page.pdf(format="A4", print_background=True), tmp_path)
    flat = " ".join(text.split())

    assert pages == 1
    assert "Lower back & hip pain" in flat and "Standard pace" in flat
    assert "stop if your pain gets worse, or if you feel numbness or tingling" in flat
    for n, x in enumerate(routine["exercises"], start=1):
        assert f"{n}. {x['name']}" in flat, x["name"]
    assert "Hold 12 seconds, 3 times on each side" in flat  # the dose typed for this patient
    assert "Hold 9 seconds, 3 times" in flat                 # both knees at standard pace
    assert "10 times, 3 sets" in flat                        # knee rotations
    assert "Bring one knee to your chest and hold it there." in flat
    assert "Take care: Only go as low as is comfortable for your knees and back." in flat
    assert "Massage Rx" in flat
    assert page.console_errors == []


def test_a_bad_handout_address_says_why(server, phone):
    res = phone.goto(server + "/print/lower-back-hip?knee-to-chest.hold=0")
    assert res.status == 400
    expect(phone.get_by_role("alert")).to_contain_text("hold must be a whole number from 1 to 600")
