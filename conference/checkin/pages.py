"""What the check-in pages share: the words for each scan result."""

from flask_babel import gettext as _


def result_messages() -> dict:
    return {
        "ok": _("Checked in — welcome"),
        "already_checked_in": _("Already checked in at %(time)s", time="{time}"),
        "invalid": _("Unknown code"),
        "revoked": _("Old badge: this code was replaced by a reissue"),
        "cancelled": _("Registration cancelled"),
        "not_confirmed": _("Not confirmed: waitlisted or awaiting approval"),
    }
