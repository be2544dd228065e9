"""Registration figures for the dashboard and the API, and the per-day chart as inline SVG."""

from collections import Counter
from datetime import date, timedelta

from flask_babel import format_date
from markupsafe import Markup, escape
from sqlalchemy import func, select

from ..models import Edition, Participant, db
from ..models.vocabulary import ParticipantCategory, RegistrationStatus, Sector

TOP_ORGANIZATIONS = 10


def _counts_by(edition: Edition, column, keys) -> dict:
    rows = db.session.execute(
        select(column, func.count()).where(Participant.edition_id == edition.id).group_by(column)
    ).all()
    found = dict(rows)
    return {key: found.get(key, 0) for key in keys} | {k: v for k, v in found.items() if k not in keys}


def archive_figures(editions: list[Edition]) -> dict[int, dict]:
    """Each edition's registered (every registration not cancelled) and attended counts, in one query."""
    rows = db.session.execute(
        select(Participant.edition_id,
               func.count().filter(Participant.status != RegistrationStatus.CANCELLED),
               func.count(Participant.checked_in_at))
        .where(Participant.edition_id.in_([e.id for e in editions]))
        .group_by(Participant.edition_id)
    ).all()
    figures = {e.id: {"registered": 0, "attended": 0} for e in editions}
    figures.update({edition_id: {"registered": registered, "attended": attended}
                    for edition_id, registered, attended in rows})
    return figures


def registrations_per_day(edition: Edition) -> list[tuple[date, int]]:
    """(day at the venue, registrations made that day), every day from the first to the last."""
    created = db.session.scalars(
        select(Participant.created_at).where(Participant.edition_id == edition.id)
    ).all()
    per_day = Counter(moment.astimezone(edition.tz).date() for moment in created)
    if not per_day:
        return []
    first, last = min(per_day), max(per_day)
    return [(first + timedelta(days=n), per_day.get(first + timedelta(days=n), 0))
            for n in range((last - first).days + 1)]


def edition_stats(edition: Edition) -> dict:
    active = Participant.status != RegistrationStatus.CANCELLED
    top = db.session.execute(
        select(Participant.organization, func.count().label("n"))
        .where(Participant.edition_id == edition.id, Participant.organization != "", active)
        .group_by(Participant.organization)
        .order_by(func.count().desc(), Participant.organization)
        .limit(TOP_ORGANIZATIONS)
    ).all()
    checked_in = db.session.scalar(
        select(func.count()).where(Participant.edition_id == edition.id, Participant.checked_in_at.is_not(None))
    )
    by_status = _counts_by(edition, Participant.status, RegistrationStatus.values())
    return {
        "edition": edition.number,
        "capacity": edition.capacity,
        "seats_taken": edition.seats_taken,
        "total": sum(by_status.values()),
        "checked_in": checked_in,
        "by_status": by_status,
        "by_sector": _counts_by(edition, Participant.sector, Sector.values()),
        "by_category": _counts_by(edition, Participant.category, ParticipantCategory.values()),
        "top_organizations": [{"organization": name, "count": n} for name, n in top],
        "per_day": [{"date": day.isoformat(), "count": n} for day, n in registrations_per_day(edition)],
    }


# ---- the chart -----------------------------------------------------------------------

WIDTH, HEIGHT = 720, 240
MARGIN_START, MARGIN_END, MARGIN_TOP, MARGIN_BOTTOM = 40, 10, 16, 36


def per_day_chart(per_day: list[tuple[date, int]], title: str, direction: str = "ltr") -> Markup:
    """Registrations per day; time runs with the reading direction (right to left in Arabic)."""
    label_every = max(len(per_day) // 8, 1)
    bars = [(f"{format_date(day, 'long')}: {count}", format_date(day, "d MMM") if i % label_every == 0 else "", count)
            for i, (day, count) in enumerate(per_day)]
    return bar_chart(bars, title, direction)


def bar_chart(bars: list[tuple[str, str, int]], title: str, direction: str = "ltr", *, chart_id: str = "chart") -> Markup:
    """A bar chart drawn on the server: no script, no style attributes (classes only).

    `bars` are (tooltip, axis label or "", value), laid out in the reading direction.
    """
    if not bars:
        return Markup("")
    highest = max(n for _t, _l, n in bars) or 1
    step = _nice_step(highest)
    top_value = step * -(-highest // step)
    plot_w = WIDTH - MARGIN_START - MARGIN_END
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    slot = plot_w / len(bars)
    bar_w = max(slot * 0.75, 1)
    rtl = direction == "rtl"
    axis_x = WIDTH - MARGIN_START if rtl else MARGIN_START

    def x_of(index: int) -> float:
        start = MARGIN_START + index * slot + (slot - bar_w) / 2
        return WIDTH - start - bar_w if rtl else start

    def y_of(value: float) -> float:
        return MARGIN_TOP + plot_h - plot_h * value / top_value

    title_id = f"{escape(chart_id)}-title"
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{title_id}" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="{title_id}">{escape(title)}</title>'
    ]
    for value in range(0, top_value + 1, step):
        y = y_of(value)
        parts.append(f'<line class="chart__grid" x1="{MARGIN_END if rtl else MARGIN_START}" y1="{y:.1f}" '
                     f'x2="{WIDTH - MARGIN_START if rtl else WIDTH - MARGIN_END}" y2="{y:.1f}"/>')
        label_x = axis_x + 6 if rtl else axis_x - 6
        # "end" is the side away from the plot in both directions: the left end of
        # right-to-left text, the right end of left-to-right text.
        parts.append(f'<text class="chart__axis" x="{label_x}" y="{y + 4:.1f}" text-anchor="end">{value}</text>')
    for index, (tooltip, axis_label, count) in enumerate(bars):
        x = x_of(index)
        height = plot_h * count / top_value
        parts.append(f'<rect class="chart__bar" x="{x:.1f}" y="{y_of(count):.1f}" width="{bar_w:.1f}" '
                     f'height="{height:.1f}"><title>{escape(tooltip)}</title></rect>')
        if axis_label:
            parts.append(f'<text class="chart__axis" x="{x + bar_w / 2:.1f}" y="{HEIGHT - MARGIN_BOTTOM + 18}" '
                         f'text-anchor="middle">{escape(axis_label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (numbers and escaped text only)


def _nice_step(highest: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if highest / step <= 5:
            return step
    return 10 ** len(str(highest))


def dashboard_figures(edition: Edition, direction: str) -> dict:
    """The figures and the per-day chart for the console dashboard."""
    from flask_babel import gettext as _

    figures = edition_stats(edition)
    per_day = [(date.fromisoformat(d["date"]), d["count"]) for d in figures["per_day"]]
    figures["chart"] = per_day_chart(per_day, _("Registrations per day"), direction)
    figures["busiest"] = max((n for _d, n in per_day), default=0)
    figures["labels"] = {"sector": Sector.label_of, "category": ParticipantCategory.label_of}
    return figures
