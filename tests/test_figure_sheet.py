"""Every figure in the routine library draws in the player's renderer (static/js/figure.js,
run by node through tools/figure_sheet.py): every pose, each side, half way between."""

import re

from sessions.library import load_library
from tests.conftest import ROOT
from tools.figure_sheet import jobs_for, page, render


def seed_sections():
    routine = load_library(ROOT / "sessions" / "routines").routines["lower-back-hip"]
    return routine, jobs_for(routine)


def test_every_seed_figure_renders_each_pose_and_side():
    routine, sections = seed_sections()
    assert [eid for eid, _, _ in sections] == [e.id for e in routine.exercises]
    jobs = [(eid, side, job) for eid, _, rows in sections for side, cells in rows
            for _, job in cells]
    svgs = render([job for _, _, job in jobs])
    assert len(svgs) == len(jobs)
    for (eid, side, job), svg in zip(jobs, svgs):
        where = f"{eid} {side or '-'} {job.get('from')}->{job.get('to')}"
        assert svg.startswith("<svg ") and svg.endswith("</svg>"), where
        assert "NaN" not in svg and "undefined" not in svg, where
        if "icon" in job["figure"]:
            assert 'class="part plate"' in svg, where
            continue
        assert 'class="scene floor' in svg, where
        if side:  # the working leg, and only it, is highlighted
            other = "right" if side == "left" else "left"
            if "legs" in job["figure"]["focus"]:
                assert re.search(rf'class="part {side} thigh focus', svg), where
                assert not re.search(rf'class="part {other} thigh focus', svg), where


def test_the_sheet_page_holds_one_section_per_exercise():
    _, sections = seed_sections()
    html = page(sections)
    assert html.count("<section ") == len(sections) == 9
    assert html.count("<svg ") == sum(len(cells) for _, _, rows in sections
                                      for _, cells in rows)
