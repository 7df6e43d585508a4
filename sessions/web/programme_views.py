"""What the programme routes answer, put together from the programme store, the catalog
(routine versions compiled with a programme's options) and the core's rules (adherence,
attention). No request handling here: sessions.web.programmes_api and programme_link."""

from __future__ import annotations

from ..catalog import Catalog, dose_ranges
from ..core import adherence, attention
from ..core.days import day_number, day_text
from ..core.stop_rule import PAIN_RISE
from ..core.timeline import Options, OptionsError
from ..programme_store import Programme, ProgrammeStore
from .schemas import OPTIONS, PayloadError

RUNS_SHOWN = 100


def options_of(catalog: Catalog, raw: dict) -> Options:
    """A programme's stored options as the compiler's; OptionsError if malformed."""
    unknown = [k for k in raw if k not in OPTIONS]
    if unknown:
        raise OptionsError(f"unexpected option {str(unknown[0])[:40]!r}")
    try:
        chosen = {k: OPTIONS[k].check(k, v) for k, v in raw.items() if v is not None}
    except PayloadError as err:
        raise OptionsError(str(err)) from None
    return catalog.options(**chosen)


def normal_options(options: Options) -> dict:
    """Options as stored: plain JSON, the same for the same choice."""
    return {"pace": options.pace,
            "exercises": list(options.exercises) if options.exercises else None,
            "overrides": {eid: dict(values) for eid, values in options.overrides}}


def fitted(catalog: Catalog, body: dict) -> dict:
    """`body` with its routine version fixed and options normalised, once they compile
    together: UnknownRoutine or OptionsError otherwise."""
    _, version = catalog.routine_at(body["routine_id"], body.get("routine_version"))
    options = options_of(catalog, body["options"])
    catalog.compile_at(body["routine_id"], version, options)  # OptionsError if they misfit
    return {**body, "routine_version": version, "options": normal_options(options)}


def doses(catalog: Catalog):
    """For the store: a version's body -> {exercise_id: {field: (min, max, value played)}}."""
    def of(body: dict) -> dict:
        routine, _ = catalog.routine_at(body["routine_id"], body["routine_version"])
        options = options_of(catalog, body["options"])
        chosen = set(options.exercises or [e.id for e in routine.exercises])
        return {e.id: dose_ranges(e, options) for e in routine.exercises if e.id in chosen}
    return of


def with_step(body: dict, suggestion: dict) -> dict:
    """A version's body with an accepted suggestion's dose as the exercise's override."""
    options = dict(body["options"])
    overrides = {eid: dict(values) for eid, values in (options.get("overrides") or {}).items()}
    overrides.setdefault(suggestion["exercise_id"], {})[suggestion["field"]] = suggestion["to"]
    return {**body, "options": {**options, "overrides": overrides}}


def title(catalog: Catalog, programme: Programme) -> str:
    try:
        routine, _ = catalog.routine_at(programme.routine_id, programme.body["routine_version"])
    except LookupError:
        return programme.routine_id
    return routine.title


def fields(programme: Programme) -> dict:
    body = programme.body
    return {"version": programme.version, "routine_version": body["routine_version"],
            "options": body["options"], "frequency": body["frequency"],
            "end_date": body["end_date"], "check": body["check"],
            "pain_threshold": body["pain_threshold"], "pain_rise": PAIN_RISE}


def _end(programme: Programme) -> int | None:
    end = programme.body["end_date"]
    return day_number(end) if end else None


def _numbered(done: dict[str, int], numbers: dict[str, int] | None = None) -> dict[int, int]:
    """Days as numbers; `numbers` remembers them across programmes (they share their days)."""
    numbers = {} if numbers is None else numbers
    out = {}
    for day, n in done.items():
        if day not in numbers:
            numbers[day] = day_number(day)
        out[numbers[day]] = n
    return out


def listing(store: ProgrammeStore, catalog: Catalog, today: int) -> list[dict]:
    since = day_text(today - adherence.WINDOW + 1)
    done, flags, out, numbers = store.done_by_day(since), store.open_flags(), [], {}
    for p in store.all():
        done_7d, planned_7d = adherence.recent(p.body["frequency"], p.first_day, _end(p),
                                               today, _numbered(done.get(p.id, {}), numbers))
        open_flags = flags.get(p.id, 0)
        out.append({"id": p.id, "label": p.label, "routine_id": p.routine_id,
                    "routine_title": title(catalog, p), "version": p.version,
                    "frequency": p.body["frequency"], "end_date": p.body["end_date"],
                    "created_at": p.created_at, "revoked": p.revoked,
                    "last_activity_day": p.last_activity_day, "open_flags": open_flags,
                    "done_7d": done_7d, "planned_7d": planned_7d,
                    "attention": attention.reason(open_flags, done_7d, planned_7d)})
    return attention.order(out)


def overview(store: ProgrammeStore, catalog: Catalog, p: Programme, today: int,
             link: str, qr_url: str) -> dict:
    frequency, end = p.body["frequency"], _end(p)
    records = store.records(p.id)
    done = _numbered(_count_done(records))
    return {
        "programme": {"id": p.id, "label": p.label, "key": p.key, "link": link,
                      "qr_url": qr_url, "revoked": p.revoked, "created_at": p.created_at,
                      "routine_id": p.routine_id, "routine_title": title(catalog, p),
                      **fields(p),
                      "versions": [{k: v[k] for k in ("version", "saved_at", "note")}
                                   for v in store.versions(p.id)]},
        "calendar": adherence.calendar(frequency, p.first_day, end, today, done),
        "weeks": adherence.weeks(frequency, p.first_day, end, today, done),
        "exercises": _exercises(catalog, p, records),
        "flags": [{k: f[k] for k in ("id", "day", "exercise_id", "pain", "reason", "seen")}
                  for f in store.flags(p.id)],
        "suggestions": [{k: s[k] for k in ("id", "exercise_id", "field", "from", "to", "why")}
                        for s in store.suggestions(p.id)],
        "runs": _runs(records),
    }


def _count_done(records: list[dict]) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in records:
        if r["kind"] == "run_ended" and r["exercises_done"] >= 1:
            out[r["local_day"]] = out.get(r["local_day"], 0) + 1
    return out


def _exercises(catalog: Catalog, p: Programme, records: list[dict]) -> list[dict]:
    try:
        routine, _ = catalog.routine_at(p.routine_id, p.body["routine_version"])
        names = {e.id: e.name for e in routine.exercises}
    except LookupError:
        names = {}
    chosen = p.body["options"].get("exercises") or list(names)
    out = {eid: {"exercise_id": eid, "name": names.get(eid, eid), "series": [], "skipped": 0}
           for eid in chosen}
    for r in records:
        if r["kind"] != "check" or r["exercise_id"] not in out:
            continue
        entry = out[r["exercise_id"]]
        if r["skipped"]:
            entry["skipped"] += 1
        else:
            entry["series"].append({"day": r["local_day"], "pain": r["pain"],
                                    "effort": r["effort"]})
    return list(out.values())


def _runs(records: list[dict]) -> list[dict]:
    runs: dict[tuple, dict] = {}
    for r in records:
        key = (r["device_id"], r["run_id"])
        run = runs.setdefault(key, {"device_id": key[0], "run_id": key[1],
                                    "day": r["local_day"], "version": None,
                                    "start_pain": None, "ended": False, "completed": False,
                                    "exercises_done": 0, "exercises_skipped": 0,
                                    "duration_ms": 0, "stopped": []})
        if r["kind"] == "run_started":
            run.update(day=r["local_day"], version=r["version"],
                       start_pain=r.get("start_pain"))
        elif r["kind"] == "exercise_stopped":
            run["stopped"].append(r["exercise_id"])
        elif r["kind"] == "run_ended":
            run.update(ended=True, **{k: r[k] for k in ("completed", "exercises_done",
                                                        "exercises_skipped", "duration_ms")})
    return list(reversed(list(runs.values())))[:RUNS_SHOWN]
