"""Every route and API endpoint, for anonymous, participant token, desk, organizer, admin, jury and reviewer.

EXPECTED says who may use each endpoint. The test fails for a route it does not know, so a
new page cannot ship without someone deciding who may open it.
"""

import re

import pytest

from conference.registration.service import register_participant
from tests.helpers import csrf_from

PUBLIC, TOKEN, DESK, ORGANIZER, ADMIN, JURY, REVIEWER = "public", "token", "desk", "organizer", "admin", "jury", "reviewer"
KIOSK = "kiosk"
ROLE_RANK = {DESK: 1, ORGANIZER: 2, ADMIN: 3}

EXPECTED = {
    # Public pages and files
    "public.home": PUBLIC, "public.archive": PUBLIC, "public.edition": PUBLIC, "public.switch_language": PUBLIC,
    "public.font": PUBLIC, "public.font_faces": PUBLIC,
    "public.favicon": PUBLIC, "public.verify_form": PUBLIC, "public.verify_certificate": PUBLIC, "static": PUBLIC,
    "public.identity_image": PUBLIC, "public.identity_image_sized": PUBLIC, "public.faq": PUBLIC,
    "accounts.login": PUBLIC,
    "registration.register": PUBLIC, "registration.send_link": PUBLIC, "registration.privacy": PUBLIC,
    "agenda.index": PUBLIC, "agenda.agenda_ics": PUBLIC, "agenda.agenda_pdf": PUBLIC, "agenda.session": PUBLIC,
    "agenda.session_ics": PUBLIC, "agenda.speakers": PUBLIC, "agenda.speaker": PUBLIC, "agenda.speaker_photo": PUBLIC,
    "agenda.tracks_css": PUBLIC,
    "awards.index": PUBLIC, "awards.logo": PUBLIC, "awards.nominate": PUBLIC, "awards.nomination_received": PUBLIC,
    "awards.winner_certificate": PUBLIC,
    "experiences.call": PUBLIC, "experiences.library": PUBLIC, "experiences.slides": PUBLIC,
    "api.create_submission": PUBLIC, "api.list_experiences": PUBLIC,
    "api.openapi_document": PUBLIC, "api.get_current_edition": PUBLIC, "api.create_registration": PUBLIC,
    "api.get_agenda": PUBLIC, "api.list_awards": PUBLIC,
    # A participant's own pages, reachable only with their secret link
    "registration.manage": TOKEN, "registration.edit": TOKEN, "registration.cancel": TOKEN, "registration.restore": TOKEN,
    "registration.calendar": TOKEN, "registration.unsubscribe": TOKEN, "badges.participant_badge": TOKEN, "checkin.certificate": TOKEN,
    "agenda.personal": TOKEN, "agenda.personal_ics": TOKEN,
    # The code step of signing in: only after the password step, which no identity here is in
    "accounts.login_code": "after_password",
    # A submitter's and a presenter's pages, reachable only with their own secret links
    "experiences.manage": TOKEN, "experiences.edit": TOKEN,
    "experiences.upload_slides": TOKEN, "experiences.presenter": TOKEN,
    "feedback.sessions": TOKEN, "feedback.survey": TOKEN,
    # Signed-in staff of any rank
    "accounts.logout": "signed_in", "accounts.sign_out_everywhere": "signed_in", "accounts.account": "signed_in",
    "accounts.two_factor_setup": "signed_in", "accounts.new_recovery_codes": "signed_in", "accounts.two_factor_off": "signed_in",
    "accounts.change_password": "signed_in",
    "jobs.show": DESK, "jobs.state": DESK, "jobs.download": DESK,
    # Desk
    "checkin.desk.scan": DESK, "checkin.desk.lookup": DESK, "checkin.desk.manual_checkin": DESK, "checkin.desk.sessions": DESK,
    "checkin.desk.walk_in": DESK, "checkin.desk.walk_in_done": DESK, "badges.desk.reprint": DESK, "badges.desk.reissue": DESK,
    "api.post_checkin": DESK, "api.participant_badge_pdf": DESK, "api.get_job": DESK, "api.get_job_result": DESK,
    "printing.desk.choose_desk_station": DESK, "printing.desk.retry_job": DESK, "printing.desk.cancel_job": DESK,
    "printing.desk.move_job": DESK, "printing.desk.person_prints": DESK, "printing.desk.print_person": DESK,
    "api.print_participant_badge": DESK, "api.get_print_job": DESK,
    "api.list_stations": ORGANIZER, "api.create_station": ORGANIZER, "api.get_station": ORGANIZER,
    "api.patch_station": ORGANIZER,
    # Kiosk screens: opened with the station's device code and PIN, never by a staff role
    "printing.kiosk.screen": KIOSK, "printing.kiosk.open_screen": KIOSK, "printing.kiosk.kiosk_scan": KIOSK,
    "printing.kiosk.kiosk_find": KIOSK, "printing.kiosk.kiosk_state": KIOSK,
    # Organizer
    "admin.dashboard": ORGANIZER, "checkin.console.counts": ORGANIZER, "checkin.console.counts_data": ORGANIZER,
    "checkin.console.email_certificates": ORGANIZER, "checkin.console.open_certificates": ORGANIZER,
    "badges.console.overview": ORGANIZER, "badges.console.preview": ORGANIZER, "badges.console.preview_pdf": ORGANIZER,
    "api.list_participants": ORGANIZER, "api.get_participant": ORGANIZER, "api.cancel_participant": ORGANIZER,
    "api.create_session": ORGANIZER, "api.get_session": ORGANIZER, "api.patch_session": ORGANIZER,
    "api.get_stats": ORGANIZER, "api.post_decision": ORGANIZER, "api.release_decisions": ORGANIZER,
    "api.post_session": ORGANIZER, "api.post_badge_print_job": ORGANIZER,
    "admin.showcase.partners": ORGANIZER, "admin.showcase.edit_partner": ORGANIZER, "admin.showcase.delete_partner": ORGANIZER,
    "admin.showcase.move_partner": ORGANIZER, "admin.showcase.faq": ORGANIZER, "admin.showcase.edit_faq": ORGANIZER,
    "admin.showcase.delete_faq": ORGANIZER, "admin.showcase.move_faq": ORGANIZER,
    # Admin
    "admin.edition.edit_edition": ADMIN, "admin.edition.new_edition": ADMIN,
    "admin.staff.users": ADMIN, "admin.staff.edit_user": ADMIN, "admin.staff.toggle_user": ADMIN, "admin.staff.audit_log": ADMIN,
    "admin.staff.sign_out_user": ADMIN, "admin.staff.revoke_user_tokens": ADMIN,
    "admin.staff.reset_two_factor": ADMIN, "admin.staff.two_factor_policy": ADMIN, "api.patch_current_edition": ADMIN,
    "registration.console.privacy.privacy_page": ADMIN, "registration.console.privacy.anonymize": ADMIN,
    # Jury
    "awards.jury.jury_home": JURY, "awards.jury.score": JURY,
    # Programme committee (per submission, only the reviewer's tracks)
    "experiences.review.review_home": REVIEWER, "experiences.review.review": REVIEWER, "experiences.review.declare_conflict": REVIEWER,
    "api.post_review": REVIEWER, "api.list_submissions": "reviewer_or_organizer",
    # Nomination attachments: the organizers and the category's jurors (checked per nomination)
    "awards.attachment": "jury_or_organizer",
}
# Whole families of organizer pages.
ORGANIZER_PREFIXES = ("registration.", "agenda.", "awards.", "badges.", "experiences.", "feedback.", "printing.")

SAMPLE_VALUES = {
    "kind": "rooms", "layout": "a6", "name": "missing.png", "code": "en", "slug": "noto-sans", "job_id": "missing",
    "action": "approve", "filename": "css/app.css", "number": "1",
}


def expected_for(endpoint: str) -> str:
    if endpoint in EXPECTED:
        return EXPECTED[endpoint]
    if endpoint.startswith(ORGANIZER_PREFIXES):
        return ORGANIZER
    raise AssertionError(f"{endpoint} is not in the access matrix: decide who may use it")


def url_for_rule(rule, token: str) -> str:
    def value(match):
        name = match.group(2)
        if name == "token":
            return token
        if match.group(1) and match.group(1).startswith("int"):
            return "999999"
        return SAMPLE_VALUES.get(name, "x")

    return re.sub(r"<(?:([a-z]+(?:\([^)]*\))?):)?([a-z_]+)>", value, rule.rule)


def may(identity: str, rule_kind: str) -> bool:
    if rule_kind == PUBLIC:
        return True
    if rule_kind == "after_password":
        return False
    if rule_kind == TOKEN:
        return identity == "participant"
    if rule_kind == "signed_in":
        return identity in (DESK, ORGANIZER, ADMIN, JURY, REVIEWER)
    if rule_kind in (JURY, REVIEWER):
        return identity == rule_kind
    if rule_kind == "reviewer_or_organizer":
        return identity in (REVIEWER, ORGANIZER, ADMIN)
    if rule_kind == KIOSK:
        return False  # no identity here holds an open kiosk screen: unknown stations are simply not found
    if rule_kind == "jury_or_organizer":
        return identity in (JURY, ORGANIZER, ADMIN)
    return ROLE_RANK.get(identity, 0) >= ROLE_RANK[rule_kind]


@pytest.fixture
def participant(db, edition):
    outcome = register_participant(edition, {"name_ar": "هند الشهري", "name_en": "Hind Alshehri",
                                             "email": "hind@example.org"}, notify=False)
    db.session.commit()
    return outcome.participant


IDENTITIES = ("anonymous", "participant", DESK, ORGANIZER, ADMIN, JURY, REVIEWER)


@pytest.mark.parametrize("identity", IDENTITIES)
def test_access_matrix(app, client, db, edition, participant, login_as, identity):
    if identity in (DESK, ORGANIZER, ADMIN, JURY, REVIEWER):
        login_as(identity)
    token = participant.manage_token if identity == "participant" else "not-a-real-token-" + "x" * 20
    form_page = "/account/login" if identity in ("anonymous", "participant") else "/register"
    csrf = csrf_from(client.get(form_page).get_data(as_text=True))
    problems = []
    for rule in app.url_map.iter_rules():
        kind = expected_for(rule.endpoint)
        url = url_for_rule(rule, token)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if rule.endpoint in ("accounts.logout", "accounts.sign_out_everywhere"):
                continue  # signing out would end the identity under test
            response = _call(client, method, url, csrf)
            verdict = _judge(response, kind, may(identity, kind))
            if verdict:
                problems.append(f"{identity:11} {method:5} {url} ({rule.endpoint}, {kind}): {verdict}")
    assert not problems, "\n".join(problems)


def _call(client, method: str, url: str, csrf: str):
    if method == "GET":
        return client.get(url)
    if url.startswith("/api/"):
        return client.open(url, method=method, json={}, headers={"X-CSRFToken": csrf})
    return client.open(url, method=method, data={"csrf_token": csrf})


# Endpoints that check each object: to an outsider the object is simply not found.
CHECKED_PER_OBJECT = (TOKEN, "jury_or_organizer", KIOSK)


def _judge(response, kind: str, allowed: bool) -> str | None:
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    to_login = status == 302 and "/account/login" in response.headers.get("Location", "")
    refused = status in (401, 403) or to_login
    if allowed and refused:
        return f"refused with {status}"
    if not allowed:
        if kind in CHECKED_PER_OBJECT and status == 404:
            return None
        if not refused:
            return f"not refused ({status})"
        if response.request.path.startswith("/api/") and status == 302:
            return "API redirected to a page instead of answering 401/403 JSON"
    return None


def test_one_participants_token_never_shows_another_participants_data(client, db, edition):
    first = register_participant(edition, {"name_ar": "ريم المالكي", "name_en": "Reem Almalki",
                                           "email": "reem@example.org", "phone": "+966555000111"}, notify=False)
    second = register_participant(edition, {"name_ar": "عمر الحربي", "name_en": "Omar Alharbi",
                                            "email": "omar@example.org", "phone": "+966555000222"}, notify=False)
    db.session.commit()
    mine, theirs = first.participant, second.participant
    for path in ("", "/edit", "/cancel", "/event.ics", "/agenda", "/agenda.ics", "/badge.pdf", "/certificate.pdf"):
        response = client.get(f"/r/{mine.manage_token}{path}")
        assert response.status_code < 500, path
        body = response.get_data()
        for secret in (theirs.name_ar, theirs.name_en, theirs.email, theirs.phone, theirs.badge_code, theirs.manage_token):
            assert secret.encode() not in body, (path, secret)
    assert client.get(f"/r/{mine.manage_token[:-2]}xx").status_code == 404
    assert client.get(f"/r/{mine.badge_code}").status_code == 404  # the QR code is not a key to the page
