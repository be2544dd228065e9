"""Self check-in kiosks: a public screen opened by staff with the station's device code and PIN.

An open kiosk is a mark in the screen's own session cookie (station id and the station's
kiosk epoch), never a staff sign-in: it can do nothing but check people in at that station.
Raising the epoch closes every screen of the station at once.
"""

import hmac
import unicodedata

from flask import session
from sqlalchemy import func, select

from ..models import Participant, db
from ..models.printing import PrintStation
from ..registration.validation import clean_email, clean_phone

SESSION_KEY = "kiosk"


def open_kiosk(station: PrintStation, code: str, pin: str) -> bool:
    code_ok = hmac.compare_digest((code or "").strip().upper().encode(), station.kiosk_code.encode())
    if not (code_ok and station.kiosk_pin_matches(pin or "")):
        return False
    session[SESSION_KEY] = {"station": station.id, "epoch": station.kiosk_epoch}
    return True


def is_open(station: PrintStation) -> bool:
    mark = session.get(SESSION_KEY) or {}
    return station.kiosk_enabled and mark.get("station") == station.id and mark.get("epoch") == station.kiosk_epoch


def close_everywhere(station: PrintStation) -> None:
    """Close every open screen of this station (the caller commits)."""
    station.kiosk_epoch += 1


def find_attendee(edition, contact: str, last_four: str) -> Participant | None:
    """Someone typing their email or mobile number, confirmed by the last four digits of their phone."""
    contact = (contact or "").strip()
    last_four = "".join(str(unicodedata.digit(ch)) for ch in (last_four or "") if ch.isdigit())[-4:]
    if len(last_four) != 4 or not contact:
        return None
    query = select(Participant).where(Participant.edition_id == edition.id)
    if "@" in contact:
        email, error = clean_email(contact)
        if error:
            return None
        query = query.where(func.lower(Participant.email) == email.lower())
    else:
        phone, error = clean_phone(contact)
        if error or not phone:
            return None
        query = query.where(Participant.phone == phone)
    for person in db.session.scalars(query.order_by(Participant.id)):
        if person.phone and hmac.compare_digest(person.phone[-4:].encode(), last_four.encode()):
            return person
    return None
