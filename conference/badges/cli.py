"""`flask --app conference badges render --out FILE.pdf [--layout NAME] [--only-unprinted]`."""

import time

import click
from flask.cli import AppGroup

from .. import audit
from ..models import Edition, db
from .bulk import Selection, render_to_file, selected_ids
from .layouts import LAYOUTS
from .service import layout_for, mark_printed

badges = AppGroup("badges", help="Badges.")


@badges.command("render")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True), help="The PDF to write.")
@click.option("--layout", type=click.Choice(list(LAYOUTS)), help="Default: the edition's layout.")
@click.option("--only-unprinted", is_flag=True, help="Only badges not printed yet.")
def render(out, layout, only_unprinted):
    """Render the badges of the current edition's confirmed participants into one PDF (marked printed)."""
    edition = Edition.current()
    if edition is None:
        raise click.ClickException("there is no current edition")
    layout = layout_for(edition, layout)
    ids = selected_ids(edition, Selection(layout=layout, only_unprinted=only_unprinted))
    if not ids:
        raise click.ClickException("no confirmed participant to print")
    start = time.perf_counter()
    render_to_file(edition, layout, ids, out=out)
    mark_printed(ids)
    audit.record("badge.bulk_print", edition, count=len(ids), layout=layout, via="cli")
    db.session.commit()
    seconds = time.perf_counter() - start
    click.echo(f"{len(ids)} badges ({layout}) written to {out} in {seconds:.1f} s")


def register(app) -> None:
    app.cli.add_command(badges)
