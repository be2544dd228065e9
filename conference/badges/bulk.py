"""Bulk printing: which badges, and rendering many of them fast with bounded memory.

WeasyPrint renders one document at a time per process (conference.pdf holds a lock), and a
single document of hundreds of badges grows slower per badge and large in memory. So a batch
is cut into chunks of a few dozen badges. This process reads each chunk's data and the
edition's texts in both languages; it and worker processes (one fewer than the CPUs) make
the QR codes and HTML of a chunk each and render it; the chunks are merged in order with
pypdf into the output file.
"""

import io
import multiprocessing
import os
import threading
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from datetime import date, datetime, time

from sqlalchemy import select

from ..models import Edition, Participant, db
from ..models.vocabulary import ParticipantCategory, RegistrationStatus, Sector
from ..pdf import render_html_to_pdf
from ..search import fold
from .layouts import geometry
from .render import EditionTexts, badges_html, edition_texts

SORTS = ("name", "organization")
CHUNK_BADGES = 60  # per worker task: large enough to amortise a document, small enough to stay fast


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
        Participant.status == RegistrationStatus.CONFIRMED,
        Participant.anonymized_at.is_(None),
    )
    if selection.category in ParticipantCategory.values():
        query = query.where(Participant.category == selection.category)
    if selection.sector in Sector.values():
        query = query.where(Participant.sector == selection.sector)
    if organization := fold(selection.organization):
        query = query.where(Participant.organization_key.contains(organization, autoescape=True))
    if selection.only_unprinted:
        query = query.where(Participant.badge_printed_at.is_(None))
    if selection.registered_since:
        since = datetime.combine(date.fromisoformat(selection.registered_since), time.min, tzinfo=edition.tz)
        query = query.where(Participant.created_at >= since)
    name = Participant.name_sort_key
    order = ((name, Participant.id) if selection.sort != "organization"
             else (Participant.organization_sort_key, name, Participant.id))
    return list(db.session.scalars(query.order_by(*order)))


def chunk_size(layout: str, badges: int = CHUNK_BADGES) -> int:
    """Badges per chunk: whole sheets, so no sheet is left half empty between chunks."""
    per_page = geometry(layout).per_page
    return max(per_page, badges // per_page * per_page)


def chunk_bounds(total: int, layout: str, workers: int) -> list[tuple[int, int]]:
    """(start, end) of each chunk. The last ones are a third the size, so the processes finish
    together instead of one waiting for another's last large chunk."""
    large, small = chunk_size(layout), chunk_size(layout, CHUNK_BADGES // 3)
    bounds, start = [], 0
    while start < total:
        size = large if total - start > 2 * workers * large else small
        bounds.append((start, min(start + size, total)))
        start += size
    return bounds


BADGE_FIELDS = ("id", "honorific", "name_ar", "name_en", "organization", "category", "badge_number", "badge_code")


def badge_rows(ids: list[int]) -> list[dict]:
    """What the badges of `ids` print, in that order, as plain data a worker process can receive."""
    columns = [getattr(Participant, name) for name in BADGE_FIELDS]
    found = {row.id: row._asdict() for row in db.session.execute(select(*columns).where(Participant.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def render_rows(texts: EditionTexts, rows: list[dict], layout: str) -> bytes:
    """The PDF of these badges (in a worker process, or in this one)."""
    return render_html_to_pdf(badges_html(texts, [Participant(**row) for row in rows], layout))


def worker_count() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def render_to_file(edition: Edition, layout: str, ids: list[int], *, out, progress=None, workers: int | None = None) -> int:
    """Write the badges of `ids` (in order) as one PDF to the path or binary file `out`.

    Returns the number of badges. `progress(done, total)` is called as chunks are merged.
    """
    workers = workers or worker_count()
    chunks = (badge_rows(ids[start:end]) for start, end in chunk_bounds(len(ids), layout, workers))
    return render_chunks_to_file(edition_texts(edition), chunks, layout, out=out, total=len(ids), progress=progress,
                                 workers=workers)


def render_chunks_to_file(texts: EditionTexts, chunks, layout: str, *, out, total: int, progress=None,
                          workers: int | None = None, start_method: str | None = None) -> int:
    """Render chunks of badge rows and merge them, in order, into `out`.

    With `workers` (default: one per CPU) badges render in parallel: `workers - 1` worker
    processes, and this process whenever they have enough queued, so memory is this process
    plus as few new processes as possible, and the work balances itself.
    """
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
            merge(render_rows(texts, rows, layout), len(rows))
    else:
        context = multiprocessing.get_context(start_method or _start_method())
        with ProcessPoolExecutor(max_workers=workers - 1, mp_context=context) as pool:
            window = deque()  # rendered PDFs (bytes) or futures, in print order
            for rows in chunks:
                busy = sum(1 for result, _count in window if not _ready(result))
                if busy < 2 * (workers - 1):  # keep every worker busy with one chunk queued behind
                    window.append((pool.submit(render_rows, texts, rows, layout), len(rows)))
                else:  # the workers have enough to do: this process renders this chunk itself
                    window.append((render_rows(texts, rows, layout), len(rows)))
                while window and (_ready(window[0][0]) or len(window) > 4 * workers):
                    result, count = window.popleft()
                    merge(_value(result), count)
            while window:
                result, count = window.popleft()
                merge(_value(result), count)
    if not writer.pages:
        writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return done


def _start_method() -> str:
    """'fork' (instant, warm, shares memory) from a single-threaded process such as the command
    line or an RQ worker; 'spawn' (a fresh interpreter) from a threaded web server, where a fork
    could copy a lock another thread holds."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


def _ready(result) -> bool:
    return isinstance(result, bytes) or result.done()


def _value(result) -> bytes:
    return result if isinstance(result, bytes) else result.result()
