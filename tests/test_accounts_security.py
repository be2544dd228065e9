"""Staff sessions that end for good, API tokens that expire and can be revoked, two-factor sign-in."""

import re
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select, update

from conference.models import ApiToken, RecoveryCode, StaffSession, User, utcnow
from tests.helpers import TEST_PASSWORD, form_post, login, make_user, totp_code
from tests.test_accounts import _flask


def _session_cookie(client) -> str:
    return client.get_cookie("session").value


def _replay(client, cookie: str, path: str = "/desk/"):
    client.set_cookie("session", cookie)
    return client.get(path)


def test_a_cookie_replayed_after_sign_out_opens_nothing(app, db, edition):
    desk = make_user(db, "desk")
    browser = app.test_client()
    login(browser, desk)
    assert browser.get("/desk/").status_code == 200
    kept = _session_cookie(browser)
    form_post(browser, "/account/logout", {}, form_url="/desk/")
    thief = app.test_client()
    answer = _replay(thief, kept)
    assert answer.status_code == 302 and "/account/login" in answer.headers["Location"]
    assert _replay(thief, kept, "/api/v1/stats").status_code == 401


@pytest.mark.parametrize("change", ["password", "role", "disable"])
def test_an_admins_change_to_an_account_ends_its_sessions(app, db, edition, change):
    desk = make_user(db, "desk")
    browser = app.test_client()
    login(browser, desk)
    kept = _session_cookie(browser)
    admin_browser = app.test_client()
    login(admin_browser, make_user(db, "admin", "chief@test.example"))
    if change == "disable":
        form_post(admin_browser, f"/console/users/{desk.id}/active", {}, form_url="/console/users")
    else:
        form = {"email": desk.email, "name": desk.name, "role": "organizer" if change == "role" else "desk",
                "password": "a brand new password" if change == "password" else ""}
        assert form_post(admin_browser, f"/console/users/{desk.id}", form).status_code == 302
    assert _replay(app.test_client(), kept).status_code == 302
    if change == "role":  # a fresh sign-in gets the new role
        login(browser, desk)
        assert browser.get("/console/").status_code == 200


def test_sign_out_everywhere(app, db, edition):
    desk = make_user(db, "desk")
    phone, laptop = app.test_client(), app.test_client()
    login(phone, desk)
    login(laptop, desk)
    account = laptop.get("/account/").get_data(as_text=True)
    assert account.count("<tr>") >= 3  # header and both browsers
    form_post(laptop, "/account/sign-out-everywhere", {}, form_url="/account/")
    assert phone.get("/desk/").status_code == 302 and laptop.get("/desk/").status_code == 302
    assert db.session.scalar(select(StaffSession).where(StaffSession.ended_at.is_(None))) is None


def test_an_admin_signs_an_account_out_everywhere(app, db, edition, client, login_as):
    desk = make_user(db, "desk")
    browser = app.test_client()
    login(browser, desk)
    login_as("admin")
    page = client.get(f"/console/users/{desk.id}").get_data(as_text=True)
    assert "Mozilla" in page or "werkzeug" in page.lower() or "<td" in page
    form_post(client, f"/console/users/{desk.id}/sign-out", {}, form_url=f"/console/users/{desk.id}")
    assert browser.get("/desk/").status_code == 302


@pytest.mark.app_config(SESSION_IDLE_MINUTES=60)
def test_an_idle_session_ends(app, db, edition):
    desk = make_user(db, "desk")
    browser = app.test_client()
    login(browser, desk)
    assert browser.get("/desk/").status_code == 200
    db.session.execute(update(StaffSession).values(last_seen_at=utcnow() - timedelta(minutes=61)))
    db.session.commit()
    assert browser.get("/desk/").status_code == 302


def test_a_page_view_records_when_the_session_was_last_seen(app, db, edition):
    desk = make_user(db, "desk")
    browser = app.test_client()
    login(browser, desk)
    earlier = utcnow() - timedelta(minutes=30)
    db.session.execute(update(StaffSession).values(last_seen_at=earlier))
    db.session.commit()
    assert browser.get("/desk/").status_code == 200
    db.session.expire_all()
    assert db.session.scalar(select(StaffSession.last_seen_at)) > earlier + timedelta(minutes=29)


# ---- API tokens ----------------------------------------------------------------------


def test_revoked_and_expired_tokens_answer_401(app, db, client, edition):
    user = make_user(db, "organizer")
    _record, live = ApiToken.issue(user, name="reports")
    old, expired = ApiToken.issue(user, days=1)
    old.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    headers = {"Authorization": f"Bearer {live}"}
    assert client.get("/api/v1/stats", headers=headers).status_code == 200
    assert client.get("/api/v1/stats", headers={"Authorization": f"Bearer {expired}"}).status_code == 401
    db.session.expire_all()
    assert db.session.scalar(select(ApiToken.last_used_at).where(ApiToken.name == "reports")) is not None

    listed = _flask(app, "users", "tokens", user.email)
    assert listed.returncode == 0 and "reports" in listed.stdout and "expired" in listed.stdout
    token_id = db.session.scalar(select(ApiToken.id).where(ApiToken.name == "reports"))
    revoked = _flask(app, "users", "revoke-token", user.email, "--id", str(token_id))
    assert revoked.returncode == 0, revoked.stderr
    answer = client.get("/api/v1/stats", headers=headers)
    assert answer.status_code == 401 and answer.get_json()["error"]["code"] == "invalid_token"
    assert _flask(app, "users", "revoke-token", user.email).returncode != 0  # neither --id nor --all


def test_cli_token_takes_days_and_a_name(app, db):
    user = make_user(db, "desk")
    result = _flask(app, "users", "token", user.email, "--days", "7", "--name", "door tablet")
    assert result.returncode == 0, result.stderr
    db.session.rollback()
    token = db.session.scalar(select(ApiToken))
    assert token.name == "door tablet"
    assert timedelta(days=6, hours=23) < token.expires_at - token.created_at <= timedelta(days=7)
    assert _flask(app, "users", "token", user.email).returncode == 0
    db.session.rollback()
    default = db.session.scalars(select(ApiToken).order_by(ApiToken.id)).all()[-1]
    assert timedelta(days=89) < default.expires_at - default.created_at <= timedelta(days=90)
    assert _flask(app, "users", "revoke-token", user.email, "--all").stdout.startswith("revoked 2")


def test_the_console_lists_and_revokes_tokens(app, db, client, login_as):
    user = make_user(db, "desk")
    _record, token = ApiToken.issue(user, name="door tablet")
    db.session.commit()
    login_as("admin")
    page = client.get(f"/console/users/{user.id}").get_data(as_text=True)
    assert "door tablet" in page
    form_post(client, f"/console/users/{user.id}/tokens/revoke", {"token_id": str(_record.id)},
              form_url=f"/console/users/{user.id}")
    assert client.get("/api/v1/agenda", headers={"Authorization": f"Bearer {token}"}).status_code == 401


# ---- two-factor sign-in --------------------------------------------------------------


def _password_step(client, user):
    return form_post(client, "/account/login", {"email": user.email, "password": TEST_PASSWORD})


def test_an_enrolled_admin_cannot_sign_in_without_the_code(app, db, client):
    admin = make_user(db, "admin")
    after_password = _password_step(client, admin)
    assert after_password.headers["Location"].startswith("/account/login/code")
    assert client.get("/console/").status_code == 302  # the password alone opens nothing
    wrong = form_post(client, "/account/login/code", {"code": "000000"})
    assert wrong.status_code == 422 and "الرمز غير صحيح" in wrong.get_data(as_text=True)
    code = totp_code(admin)
    assert form_post(client, "/account/login/code", {"code": code}).status_code == 302
    assert client.get("/console/").status_code == 200
    other = app.test_client()
    _password_step(other, admin)
    assert form_post(other, "/account/login/code", {"code": code}).status_code == 422  # a code signs in once


def test_recovery_codes_stand_in_once(app, db, client):
    admin = make_user(db, "admin", two_factor=False)
    login(client, admin)
    assert client.get("/console/").headers["Location"].endswith("/account/two-factor")  # must enrol first
    setup = client.get("/account/two-factor").get_data(as_text=True)
    secret = re.search(r'class="secret-key">([A-Z2-7]+)<', setup).group(1)
    assert "<svg" in setup
    assert client.get("/account/two-factor").get_data(as_text=True).count(secret) == 1  # same key on reload
    shown = form_post(client, "/account/two-factor", {"code": pyotp.TOTP(secret).now()}).get_data(as_text=True)
    codes = re.findall(r"<code>([0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})</code>", shown)
    assert len(codes) == 10
    stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert not set(c.replace("-", "") for c in codes) & set(stored)  # kept hashed
    assert client.get("/console/").status_code == 200

    for attempt in ("once", "twice"):
        browser = app.test_client()
        _password_step(browser, admin)
        answer = form_post(browser, "/account/login/code", {"code": codes[0].lower()})
        assert answer.status_code == (302 if attempt == "once" else 422)


def test_the_admin_requires_two_factor_for_a_role(app, db, client, login_as, edition):
    desk = make_user(db, "desk")
    login_as("admin")
    form_post(client, "/console/users/two-factor-policy", {"roles": ["desk"]}, form_url="/console/users")
    browser = app.test_client()
    login(browser, desk)
    assert browser.get("/desk/").headers["Location"].endswith("/account/two-factor")
    assert browser.post("/api/v1/checkin", json={"code": "X"}).status_code in (400, 403)
    form_post(client, "/console/users/two-factor-policy", {}, form_url="/console/users")
    assert browser.get("/desk/").status_code == 200


def test_an_admin_resets_a_lost_phone(app, db, client, login_as):
    organizer = make_user(db, "organizer", two_factor=True)
    login_as("admin")
    form_post(client, f"/console/users/{organizer.id}/two-factor/reset", {}, form_url=f"/console/users/{organizer.id}")
    db.session.expire_all()
    assert db.session.get(User, organizer.id).totp_secret is None
    browser = app.test_client()
    assert _password_step(browser, organizer).headers["Location"].endswith("/console/")


NEW_PASSWORD = "olive grove harbour lantern"


def _change_password(client, current: str, new: str, again: str | None = None):
    return form_post(client, "/account/password", {"current_password": current, "new_password": new,
                                                   "confirm_password": new if again is None else again})


def test_changing_ones_own_password_signs_out_every_other_browser(app, db, edition):
    from conference.models import AuditLog

    organizer = make_user(db, "organizer")
    phone, laptop = app.test_client(), app.test_client()
    login(phone, organizer)
    login(laptop, organizer)
    kept = _session_cookie(laptop)
    account = laptop.get("/account/").get_data(as_text=True)
    assert 'href="/account/password"' in account and 'href="/account/two-factor"' in account
    answer = _change_password(laptop, TEST_PASSWORD, NEW_PASSWORD)
    assert answer.status_code == 302 and answer.headers["Location"] == "/account/"
    assert laptop.get("/console/").status_code == 200  # this browser stays signed in
    assert phone.get("/console/").status_code == 302  # the other one is signed out
    assert _replay(app.test_client(), kept, "/console/").status_code == 302  # and so is the old cookie
    live = db.session.scalars(select(StaffSession).where(StaffSession.ended_at.is_(None))).all()
    assert len(live) == 1
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "user.password_changed"))
    assert entry.actor == organizer.email and entry.target_id == str(organizer.id)
    assert entry.details == {"other_sessions_ended": 1}
    assert NEW_PASSWORD not in str(entry.details) and TEST_PASSWORD not in str(entry.details)
    # the old password no longer opens the account, the new one does
    fresh = app.test_client()
    assert form_post(fresh, "/account/login", {"email": organizer.email, "password": TEST_PASSWORD}).status_code == 200
    assert form_post(fresh, "/account/login", {"email": organizer.email, "password": NEW_PASSWORD}).status_code == 302


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("current, new, again, message_en, message_ar", [
    (TEST_PASSWORD + "x", NEW_PASSWORD, None, "The current password is not right.", "كلمة المرور الحالية غير صحيحة."),
    (TEST_PASSWORD, "short one", None, "Use at least 10 characters.", "استخدم 10 أحرف على الأقل."),
    (TEST_PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "!", "The two new passwords are not the same.",
     "كلمتا المرور الجديدتان غير متطابقتين."),
    (TEST_PASSWORD, TEST_PASSWORD, None, "Choose a password different from the current one.",
     "اختر كلمة مرور مختلفة عن الحالية."),
], ids=["wrong-current", "too-short", "not-the-same", "unchanged"])
def test_a_refused_password_change_says_why_and_changes_nothing(app, db, edition, language, current, new, again,
                                                                 message_en, message_ar):
    from conference.models import AuditLog

    desk = make_user(db, "desk")
    phone, laptop = app.test_client(), app.test_client()
    login(phone, desk)
    login(laptop, desk)
    laptop.get(f"/language/{language}")
    before = db.session.get(User, desk.id).password_hash
    answer = _change_password(laptop, current, new, again)
    assert answer.status_code == 422
    assert (message_ar if language == "ar" else message_en) in answer.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, desk.id).password_hash == before
    assert phone.get("/desk/").status_code == 200
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "user.password_changed")) is None


def test_every_role_can_change_its_own_password(app, db, edition):
    for role in ("admin", "organizer", "desk", "jury", "reviewer"):
        user = make_user(db, role)
        browser = app.test_client()
        login(browser, user)
        assert browser.get("/account/password").status_code == 200, role
        assert _change_password(browser, TEST_PASSWORD, NEW_PASSWORD).status_code == 302, role
        assert db.session.get(User, user.id).check_password(NEW_PASSWORD), role
