"""Live counts for organizers: who has arrived, by sector and category, and arrivals per 15 minutes."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from markupsafe import Markup
from sqlalchemy import func, select

from ..i18n import local_time
from ..models import Edition, Participant, db, utcnow
from ..models.agenda import AgendaSession
from ..models.checkin import CheckIn
from ..models.vocabulary import CheckInResult, RegistrationStatus
from ..registration.stats import bar_chart

BUCKET = timedelta(minutes=15)


@dataclass
class Row:
    key: str
    confirmed: int
    checked_in: int

    @property
    def percent(self) -> int:
        return round(100 * self.checked_in / self.confirmed) if self.confirmed else 0


def _grouped(edition: Edition, column) -> list[Row]:
    statement = (
        select(column, func.count(), func.count(Participant.checked_in_at))
        .where(Participant.edition_id == edition.id, Participant.status == RegistrationStatus.CONFIRMED)
        .group_by(column)
    )
    rows = [Row(key, confirmed, checked) for key, confirmed, checked in db.session.execute(statement)]
    return sorted(rows, key=lambda r: (-r.confirmed, r.key))


def live_counts(edition: Edition) -> dict:
    by_sector = _grouped(edition, Participant.sector)
    return {
        "confirmed": sum(r.confirmed for r in by_sector),
        "checked_in": sum(r.checked_in for r in by_sector),
        "by_sector": by_sector,
        "by_category": _grouped(edition, Participant.category),
        "arrivals": arrivals_per_quarter_hour(edition),
        "sessions": session_counts(edition),
        "scans": scan_results(edition),
    }


def scan_results(edition: Edition) -> dict:
    rows = db.session.execute(
        select(CheckIn.result, func.count()).where(CheckIn.edition_id == edition.id).group_by(CheckIn.result)
    )
    return dict(rows.all())


def session_counts(edition: Edition) -> list[tuple[AgendaSession, int]]:
    attended = dict(
        db.session.execute(
            select(CheckIn.session_id, func.count())
            .where(CheckIn.edition_id == edition.id, CheckIn.session_id.is_not(None), CheckIn.result == CheckInResult.OK)
            .group_by(CheckIn.session_id)
        ).all()
    )
    if not attended:
        return []
    sessions = db.session.scalars(
        select(AgendaSession).where(AgendaSession.id.in_(attended)).order_by(AgendaSession.starts_at)
    )
    return [(s, attended[s.id]) for s in sessions]


def _quarter(moment: datetime) -> datetime:
    return moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0)


def arrivals_per_quarter_hour(edition: Edition) -> list[tuple[datetime, int]]:
    """(start of each 15 minutes in the edition's time zone, arrivals), gaps filled with zeros."""
    times = db.session.scalars(
        select(Participant.checked_in_at).where(
            Participant.edition_id == edition.id, Participant.checked_in_at.is_not(None)
        )
    ).all()
    if not times:
        return []
    counts = Counter(_quarter(t.astimezone(edition.tz)) for t in times)
    start, end = min(counts), max(counts)
    # While the doors are open the chart runs up to now, so a quiet quarter shows as a gap.
    now = _quarter(utcnow().astimezone(edition.tz))
    if end < now < start + timedelta(hours=24):
        end = now
    series, moment = [], start
    while moment <= end:
        series.append((moment, counts.get(moment, 0)))
        moment += BUCKET
    return series[-96:]  # a day at most


def arrivals_chart(series: list[tuple[datetime, int]], tz, title: str, *, direction: str) -> Markup:
    """Arrivals per quarter hour, drawn like every chart of the site: time runs with the
    reading direction (right to left in Arabic), as on the dashboard."""
    label_every = max(1, round(len(series) / 8))
    bars = [(f"{local_time(moment, tz)}: {count}", local_time(moment, tz) if index % label_every == 0 else "", count)
            for index, (moment, count) in enumerate(series)]
    return bar_chart(bars, title, direction, chart_id="arrivals")
