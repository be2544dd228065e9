"""The menus. An entry shows once its view exists and the visitor's role may open it."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user

PUBLIC_MENU = (
    ("public.home", _l("Home")),
    ("registration.register", _l("Register")),
    ("agenda.index", _l("Agenda")),
    ("awards.index", _l("Awards")),
    ("experiences.library", _l("Experiences")),
    ("public.archive", _l("Archive")),
)

STAFF_MENU = (
    ("admin.dashboard", _l("Dashboard"), "organizer"),
    ("registration.console.participants", _l("Participants"), "organizer"),
    ("agenda.console.overview", _l("Agenda"), "organizer"),
    ("awards.console.overview", _l("Awards"), "organizer"),
    ("experiences.console.overview", _l("Call for experiences"), "organizer"),
    ("feedback.console.overview", _l("Feedback"), "organizer"),
    ("badges.console.overview", _l("Badges"), "organizer"),
    ("printing.console.stations", _l("Print stations"), "organizer"),
    ("admin.showcase.partners", _l("Partners"), "organizer"),
    ("admin.showcase.faq", _l("FAQ"), "organizer"),
    ("checkin.desk.scan", _l("Check-in desk"), "desk"),
    ("checkin.console.counts", _l("Live counts"), "organizer"),
    ("awards.jury.jury_home", _l("Jury"), "jury"),
    ("experiences.review.review_home", _l("Review"), "reviewer"),
    ("admin.edition.edit_edition", _l("Edition settings"), "admin"),
    ("admin.staff.users", _l("Accounts"), "admin"),
    ("admin.staff.audit_log", _l("Audit log"), "admin"),
)


def menus() -> dict:
    views = current_app.view_functions
    public = [(e, label) for e, label in PUBLIC_MENU if e in views]
    staff = []
    if current_user.is_authenticated:
        staff = [(e, label) for e, label, role in STAFF_MENU if e in views and current_user.has_role(role)]
    return {"public_menu": public, "staff_menu": staff, "has_view": views.__contains__}
