"""Seats are taken and given back only here, each in one conditional UPDATE.

The UPDATE either moves the counter or touches no row, so two registrations racing for
the last seat cannot both win: PostgreSQL locks the edition row for the statement, and on
SQLite the writing transaction holds the database's write lock (BEGIN IMMEDIATE).
"""

from sqlalchemy import update

from ..models import Edition, db


def take_seat(edition_id: int) -> bool:
    result = db.session.execute(
        update(Edition)
        .where(Edition.id == edition_id, Edition.seats_taken < Edition.capacity)
        .values(seats_taken=Edition.seats_taken + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def take_seat_over_capacity(edition_id: int) -> None:
    """An organizer's override: the seat is counted even though the edition is full."""
    db.session.execute(
        update(Edition)
        .where(Edition.id == edition_id)
        .values(seats_taken=Edition.seats_taken + 1)
        .execution_options(synchronize_session=False)
    )


def release_seat(edition_id: int) -> None:
    db.session.execute(
        update(Edition)
        .where(Edition.id == edition_id, Edition.seats_taken > 0)
        .values(seats_taken=Edition.seats_taken - 1)
        .execution_options(synchronize_session=False)
    )


def next_badge_number(edition_id: int) -> int:
    return db.session.execute(
        update(Edition)
        .where(Edition.id == edition_id)
        .values(badges_issued=Edition.badges_issued + 1)
        .returning(Edition.badges_issued)
        .execution_options(synchronize_session=False)
    ).scalar_one()
