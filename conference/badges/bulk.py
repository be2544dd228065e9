"""Bulk printing: which badges, and rendering many of them fast with bounded memory.

WeasyPrint renders one document at a time per process (conference.pdf holds a lock), and a
single document of hundreds of badges grows slower per badge and large in memory. So a batch
is cut into chunks of a few dozen badges. This process reads each chunk's data; worker
processes (each with its own warm app) make the QR codes and HTML and render the PDF; the
chunks are merged in order with pypdf into the output file.
"""

import io
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from datetime import date, datetime, time

from flask import current_app
from sqlalchemy import func, select

from ..models import Edition, Participant, db
from ..models.people import CATEGORIES, SECTORS
from ..pdf import render_html_to_pdf
from .layouts import geometry
from .render import badges_html

SORTS = ("name", "organization")
CHUNK_BADGES = 40  # per worker task: large enough to amortise a document, small enough to stay fast


@dataclass
class Selection:
    """The console's choice of badges to print (always confirmed participants of one edition)."""

    layout: str
    category: str = ""
    sector: str = ""
    organization: str = ""
    only_unprinted: bool = False
    registered_since: str = ""  # ISO date, in the edition's time zone
    sort: str = "name"

    def to_params(self) -> dict:
        return asdict(self)

    @classmethod
    def from_params(cls, params: dict) -> "Selection":
        return cls(**{k: v for k, v in params.items() if k in cls.__dataclass_fields__})


def selected_ids(edition: Edition, selection: Selection) -> list[int]:
    """Ids of the confirmed participants matching the selection, in print order."""
    query = select(Participant.id).where(
        Participant.edition_id == edition.id,
        Participant.status == "confirmed",
        Participant.anonymized_at.is_(None),
    )
    if selection.category in CATEGORIES:
        query = query.where(Participant.category == selection.category)
    if selection.sector in SECTORS:
        query = query.where(Participant.sector == selection.sector)
    if selection.organization.strip():
        pattern = "%" + selection.organization.strip().lower().replace("%", r"\%").replace("_", r"\_") + "%"
        query = query.where(func.lower(Participant.organization).like(pattern, escape="\\"))
    if selection.only_unprinted:
        query = query.where(Participant.badge_printed_at.is_(None))
    if selection.registered_since:
        since = datetime.combine(date.fromisoformat(selection.registered_since), time.min, tzinfo=edition.tz)
        query = query.where(Participant.created_at >= since)
    name = func.coalesce(func.nullif(Participant.name_ar, ""), Participant.name_en)
    order = (name, Participant.id) if selection.sort != "organization" else (Participant.organization, name, Participant.id)
    return list(db.session.scalars(query.order_by(*order)))


def chunk_size(layout: str) -> int:
    """Badges per chunk: whole sheets, so no sheet is left half empty between chunks."""
    per_page = geometry(layout).per_page
    return max(per_page, CHUNK_BADGES // per_page * per_page)


BADGE_FIELDS = ("id", "name_ar", "name_en", "organization", "category", "badge_number", "badge_code")
EDITION_FIELDS = ("number", "year", "title_ar", "title_en")


def badge_rows(ids: list[int]) -> list[dict]:
    """What the badges of `ids` print, in that order, as plain data a worker process can receive."""
    columns = [getattr(Participant, name) for name in BADGE_FIELDS]
    found = {row.id: row._asdict() for row in db.session.execute(select(*columns).where(Participant.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def edition_row(edition: Edition) -> dict:
    return {name: getattr(edition, name) for name in EDITION_FIELDS}


_worker_app = None


def _start_worker() -> None:
    """Each worker process builds the app once: templates, translations and fonts stay warm."""
    global _worker_app
    from .. import create_app

    _worker_app = create_app()


def render_rows(edition: dict, rows: list[dict], layout: str) -> bytes:
    """The PDF of these badges, in a worker process or in this one."""
    app = _worker_app or current_app._get_current_object()
    with app.app_context():
        html = badges_html(Edition(**edition), [Participant(**row) for row in rows], layout)
    return render_html_to_pdf(html)


def worker_count() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def render_to_file(edition: Edition, layout: str, ids: list[int], out, progress=None, workers: int | None = None) -> int:
    """Write the badges of `ids` (in order) as one PDF to the path or binary file `out`.

    Returns the number of badges. `progress(done, total)` is called as chunks are merged.
    """
    size = chunk_size(layout)
    chunks = (badge_rows(ids[i : i + size]) for i in range(0, len(ids), size))
    return render_chunks_to_file(edition_row(edition), chunks, layout, out, total=len(ids), progress=progress,
                                 workers=workers)


def render_chunks_to_file(edition: dict, chunks, layout: str, out, total: int, progress=None,
                          workers: int | None = None) -> int:
    """Render chunks of badge rows in worker processes and merge them, in order, into `out`."""
    from pypdf import PdfWriter

    workers = workers or worker_count()
    writer = PdfWriter()
    done = 0

    def merge(pdf: bytes, count: int) -> None:
        nonlocal done
        writer.append(io.BytesIO(pdf))
        done += count
        if progress:
            progress(done, total)

    if total <= CHUNK_BADGES or workers == 1:
        for rows in chunks:
            merge(render_rows(edition, rows, layout), len(rows))
    else:
        # "spawn": a clean interpreter; forking a threaded web server process is not safe.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker) as pool:
            pending = []  # (future, count), at most 2 per worker: bounded memory
            for rows in chunks:
                pending.append((pool.submit(render_rows, edition, rows, layout), len(rows)))
                while len(pending) >= 2 * workers:
                    future, count = pending.pop(0)
                    merge(future.result(), count)
            for future, count in pending:
                merge(future.result(), count)
    if not writer.pages:
        writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return done
