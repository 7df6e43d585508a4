"""`flask --app app routines check`: list every problem in the routine files."""

from __future__ import annotations

import click
from flask import Blueprint, current_app

from ..core.timeline import PACES

bp = Blueprint("routines", __name__, cli_group="routines")


@bp.cli.command("check")
def check() -> None:
    """Validate every routine file; exit 1 if any has a problem."""
    catalog = current_app.extensions["limber.catalog"]
    for routine in catalog.library.routines.values():
        minutes = ", ".join(
            f"{p} {catalog.compile(routine.id, catalog.options(p)).total_ms / 60000:.1f} min"
            for p in PACES)
        click.echo(f"ok   {routine.id}: {len(routine.exercises)} exercises ({minutes})")
    for problem in catalog.library.problems:
        click.echo(f"FAIL {problem}", err=True)
    if catalog.library.problems:
        raise SystemExit(1)
