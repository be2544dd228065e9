"""Emails that registration changes send (confirmation, waitlist, promotion, cancellation)."""

from ..models import Participant


def registration_received(participant: Participant) -> None:
    """Queue the email for a new registration (confirmed, waitlisted or pending)."""


def seats_given(participants: list[Participant]) -> None:
    """Queue the email telling people who moved off the waitlist that they have a seat."""
