"""HTTP: the pre-generated voice of a routine being edited, for the editor's Listen button
(clinic members only; docs/api.md).

POST /api/library/voice {"routine": doc} checks the draft, then makes the clips of its cue
script (the editor's preview pace) in a background task with the project's own synthesiser,
and answers 202 {"build", "total"}; GET /api/library/voice/<build> reports its progress
and, per cue, the clip made. Only clips are written (content-addressed, shared with every
routine that says the same words): no manifest, so an unsaved draft never changes what a
saved routine plays. Builds are kept in this process's memory (a few, newest first).
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from flask import Blueprint, jsonify

from ..core.compiler import compile_timeline
from ..core.model import RoutineError
from ..library import check_document
from ..services import services
from ..voice.build import Synthesizer
from ..voice.service import AUDIO_URL
from .bodies import Refused, answer, posted_routine
from .clinic import clinic_only
from .library_api import PREVIEW_PACE

log = logging.getLogger(__name__)
bp = Blueprint("draft_voice", __name__, url_prefix="/api/library/voice")
MAX_RUNNING = 2  # builds at once in this process; a further one is asked to wait
MAX_KEPT = 20  # finished builds remembered for their clips


@dataclass
class Build:
    total: int
    done: int = 0
    failed: int = 0
    running: bool = True
    clips: dict[str, str] = field(default_factory=dict)  # cue text -> audio URL

    def to_dict(self) -> dict:
        return {"state": "building" if self.running else "done", "total": self.total,
                "done": self.done, "failed": self.failed, "clips": dict(self.clips)}


class Builds:
    def __init__(self):
        self._lock = threading.Lock()
        self._builds: OrderedDict[str, Build] = OrderedDict()

    def start(self, total: int) -> tuple[str, Build] | None:
        """A new build of `total` cues, or None while MAX_RUNNING are under way."""
        with self._lock:
            if sum(b.running for b in self._builds.values()) >= MAX_RUNNING:
                return None
            while len(self._builds) >= MAX_KEPT:
                oldest = next((k for k, b in self._builds.items() if not b.running), None)
                if oldest is None:
                    break
                del self._builds[oldest]
            key = secrets.token_urlsafe(12)
            self._builds[key] = build = Build(total)
            return key, build

    def made(self, build: Build, out) -> None:
        with self._lock:
            build.done += 1
            if out.ok:
                build.clips[out.text] = AUDIO_URL.format(file=out.file)
            else:
                build.failed += 1

    def finish(self, build: Build) -> None:
        with self._lock:
            build.running = False

    def get(self, key: str) -> dict | None:
        with self._lock:
            build = self._builds.get(key)
            return build.to_dict() if build else None


BUILDS = Builds()


bp.register_error_handler(Refused, answer)


@bp.post("")
@clinic_only
def start():
    try:
        routine = check_document(posted_routine(), "routine")
    except RoutineError as err:
        return jsonify({"error": "the routine has problems; fix them first",
                        "code": "invalid_routine", "problems": err.details}), 422
    svc = services()
    tl = compile_timeline(routine, svc.catalog.options(PREVIEW_PACE))
    jobs = [(tl.language, step.cue) for step in tl.steps if step.cue]
    started = BUILDS.start(len(dict.fromkeys(jobs)))
    if started is None:
        return jsonify({"error": "the voice is being made for other routines; try again in "
                                 "a minute", "code": "busy"}), 429
    key, build = started
    synth = Synthesizer(svc.voice.engines_factory(), svc.voice.store)

    def work():
        try:
            synth.run(jobs, on_done=lambda out: BUILDS.made(build, out))
        except Exception:  # a background task must not die silently
            log.exception("voice for a draft failed")
        finally:
            BUILDS.finish(build)

    svc.spawn(work)
    return jsonify({"build": key, "total": build.total}), 202


@bp.get("/<key>")
@clinic_only
def progress(key: str):
    found = BUILDS.get(key)
    if found is None:
        return jsonify({"error": "no such voice build (builds are kept for a while only)",
                        "code": "no_such_build"}), 404
    return jsonify(found)
