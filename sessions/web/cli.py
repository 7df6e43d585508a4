"""`flask --app app routines check`: list every problem in the routine files.
`flask --app app routines import HANDOUT [-o FILE]`: draft a routine from a handout.
`flask --app app voice build [ROUTINE...] [--pace P]`: make the cue audio.
`flask --app app clinic set-key`: set the clinic key (prompted, or LIMBER_CLINIC_KEY)."""

from __future__ import annotations

import os
from pathlib import Path

import click
import yaml
from flask import Blueprint

from ..clinic_key import BadKey
from ..core.handout_parser import MAX_BYTES, HandoutError, parse_handout, read_handout
from ..core.model import RoutineError, parse_routine
from ..core.timeline import PACES
from ..services import services
from .clinic import guard

bp = Blueprint("routines", __name__, cli_group="routines")
voice_bp = Blueprint("voice", __name__, cli_group="voice")
clinic_bp = Blueprint("clinic_cli", __name__, cli_group="clinic")


@bp.cli.command("check")
def check() -> None:
    """Validate every routine file; exit 1 if any has a problem. The clinic's own routines
    (checked when saved) are listed too, at their latest versions."""
    catalog = services().catalog
    for routine in catalog.routines().values():
        minutes = ", ".join(
            f"{p} {catalog.compile(routine.id, catalog.options(p)).total_ms / 60000:.1f} min"
            for p in PACES)
        version = catalog.routine(routine.id)[1]
        origin = f" (the clinic's, version {version})" if version else ""
        click.echo(f"ok   {routine.id}{origin}: {len(routine.exercises)} exercises ({minutes})")
    for problem in catalog.library.problems:
        click.echo(f"FAIL {problem}", err=True)
    if catalog.library.problems:
        raise SystemExit(1)


@bp.cli.command("import")
@click.argument("handout", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="write the draft here instead of printing it")
def import_handout(handout: Path, output: Path | None) -> None:
    """Draft a routine (YAML) from a plain-text handout; review notes go to stderr."""
    with handout.open("rb") as f:
        data = f.read(MAX_BYTES + 1)  # never more than the cap, whatever the file's size
    try:
        draft = parse_handout(read_handout(data))
        parse_routine(draft.routine, str(handout))
    except (HandoutError, RoutineError) as err:
        raise click.ClickException(f"{handout}: {err}") from None
    text = (f"# Drafted from {handout.name} by `routines import`: review before use.\n"
            f"# `from: editorial` marks every value the handout did not give.\n"
            + yaml.safe_dump(draft.routine, sort_keys=False, allow_unicode=True, width=100))
    for flag in draft.flags:
        click.echo(f"REVIEW {flag['path']}: {flag['message']}", err=True)
    for sentence in draft.unplaced:
        click.echo(f"UNPLACED {sentence}", err=True)
    click.echo(f"{len(draft.routine['exercises'])} exercises, {len(draft.found)} values "
               f"from the handout, {len(draft.editorial)} editorial, {len(draft.flags)} to "
               f"review, {len(draft.unplaced)} sentences unplaced", err=True)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


@voice_bp.cli.command("build")
@click.argument("routine_ids", metavar="[ROUTINE]...", nargs=-1)
@click.option("--pace", "paces", multiple=True, type=click.Choice(PACES),
              help="only this pace (repeatable); default: every pace")
def voice_build(routine_ids: tuple[str, ...], paces: tuple[str, ...]) -> None:
    """Synthesise every distinct cue once and write the manifests; exit 1 if any failed."""
    catalog, voice = services().catalog, services().voice
    known = catalog.routines()  # the files and the clinic's own (their latest versions)
    unknown = [r for r in routine_ids if r not in known]
    if unknown:
        raise click.UsageError(f"unknown routine(s): {', '.join(unknown)}; "
                               f"known: {', '.join(known)}")
    routines = [known[r] for r in (routine_ids or known)]
    bar = None

    def on_plan(count: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=count, label="voice", show_pos=True,
                                    item_show_func=lambda text: text and text[:40])
            bar.__enter__()
        else:
            bar.length += count

    try:
        report = voice.build(routines, catalog.options, paces or PACES, on_plan=on_plan,
                             on_done=lambda out: bar.update(1, out.text))
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for out in report.failed:
        click.echo(f"FAIL {out.text!r}: {out.error}", err=True)
    click.echo(f"voice: {report.summary()}")
    click.echo(f"manifests: {', '.join(str(p) for p in report.manifests)}")
    if report.failed:
        raise SystemExit(1)


@clinic_bp.cli.command("set-key")
def set_key() -> None:
    """Set a new clinic key; every sign-in made with the old one ends."""
    key = os.environ.get("LIMBER_CLINIC_KEY") or click.prompt(
        "New clinic key (a few words)", hide_input=True, confirmation_prompt=True)
    try:
        guard().key.set(key, services().clock())
    except BadKey as err:
        raise click.UsageError(str(err)) from None
    click.echo("clinic key set (stored hashed); clinic members sign in with it at /clinic")
