import subprocess
import sys

import pytest
from sqlalchemy import select

from conference.models import ApiToken, AuditLog, User
from conference.models.accounts import hash_token
from tests.helpers import TEST_PASSWORD, form_post, login, make_user


def test_login_and_logout(client, db):
    user = make_user(db, "organizer")
    response = login(client, user)
    assert response.headers["Location"].endswith("/console/")
    assert client.get("/console/").status_code == 200
    page = client.get("/console/").get_data(as_text=True)
    response = form_post(client, "/account/logout", {}, form_url="/console/")
    assert response.status_code == 302
    assert client.get("/console/").status_code == 302
    assert "/account/logout" in page
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "login")).user_id == user.id


def test_wrong_password_is_refused_in_the_users_language(client, db):
    user = make_user(db, "admin")
    response = form_post(client, "/account/login", {"email": user.email, "password": "nope"})
    assert response.status_code == 200
    assert "البريد الإلكتروني أو كلمة المرور غير صحيحة" in response.get_data(as_text=True)
    client.get("/language/en")
    response = form_post(client, "/account/login", {"email": user.email.upper(), "password": "nope"})
    assert "The email or password is not right." in response.get_data(as_text=True)


def test_disabled_account_cannot_sign_in(client, db):
    user = make_user(db, "organizer")
    user.active = False
    db.session.commit()
    response = form_post(client, "/account/login", {"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 200


def test_login_without_csrf_token_is_refused(client, db):
    user = make_user(db, "admin")
    response = client.post("/account/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert "انتهت صلاحية هذا النموذج" in response.get_data(as_text=True)
    tampered = client.post("/account/login", data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": "x"})
    assert tampered.status_code == 400


@pytest.mark.app_config(RATELIMIT_ENABLED=True)
def test_login_is_rate_limited(client, db):
    user = make_user(db, "admin")
    statuses = [
        form_post(client, "/account/login", {"email": user.email, "password": "wrong"}).status_code
        for _ in range(12)
    ]
    assert statuses[:10] == [200] * 10
    assert statuses[-1] == 429


def test_passwords_are_hashed_with_scrypt(db):
    user = make_user(db, "desk")
    assert user.password_hash.startswith("scrypt:")
    assert TEST_PASSWORD not in user.password_hash


def test_role_ranks():
    admin, organizer, desk, jury = (User(role=r) for r in ("admin", "organizer", "desk", "jury"))
    assert admin.has_role("organizer") and admin.has_role("desk")
    assert organizer.has_role("desk") and not organizer.has_role("admin")
    assert not desk.has_role("organizer")
    assert jury.has_role("jury") and not jury.has_role("desk") and not admin.has_role("jury")


def _flask(app, *args, input_text=None):
    env = {"CONFERENCE_INSTANCE_PATH": app.instance_path, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "PATH": "/usr/bin:/bin", "SECRET_KEY": "cli-test"}
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "conference", *args],
        input=input_text, capture_output=True, text=True, env=env, timeout=60,
    )


def test_cli_users_create_and_token(app, client, db):
    result = _flask(app, "users", "create", "Chair@Forum.example", "--role", "organizer", "--password-stdin",
                    input_text="a long enough password\n")
    assert result.returncode == 0, result.stderr
    user = db.session.scalar(select(User).where(User.email == "Chair@Forum.example"))
    assert user.role == "organizer" and user.check_password("a long enough password")
    db.session.rollback()

    again = _flask(app, "users", "create", "chair@forum.example", "--role", "desk", "--password-stdin",
                   input_text="another long password\n")
    assert again.returncode != 0 and "already has an account" in again.stderr

    token = _flask(app, "users", "token", "chair@forum.example").stdout.strip()
    assert len(token) >= 40
    db.session.rollback()  # end the read snapshot taken before the CLI ran
    stored = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).all()
    assert [t.token_hash for t in stored] == [hash_token(token)]
    assert token not in stored[0].token_hash
    response = client.get("/api/v1/editions/current", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code in (200, 404)

    assert _flask(app, "users", "token", "nobody@example.org").returncode != 0
    short = _flask(app, "users", "create", "x@example.org", "--role", "desk", "--password-stdin", input_text="short\n")
    assert short.returncode != 0
