"""`flask --app conference …` commands. Features add theirs in their own cli.py (register(app))."""

import sys
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from . import audit
from .accounts.service import AccountError, create_user, find_user, issue_api_token, revoke_tokens, token_state
from .models import db
from .models.accounts import DEFAULT_TOKEN_DAYS
from .models.vocabulary import StaffRole

users = AppGroup("users", help="Staff accounts.")
mail = AppGroup("mail", help="Outgoing email.")
jobs = AppGroup("jobs", help="Background jobs.")


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(StaffRole.values()), required=True)
@click.option("--name", default="")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def users_create(email, role, name, password_stdin):
    """Create a staff account."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(email, role, password, name=name)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Created {user.email} ({user.role}).")


def _account(email: str):
    user = find_user(email)
    if user is None:
        raise click.ClickException(f"no account for {email}")
    return user


@users.command("token")
@click.argument("email")
@click.option("--days", type=click.IntRange(1, 3 * 365), default=DEFAULT_TOKEN_DAYS, show_default=True,
              help="Days until the token expires.")
@click.option("--name", default="", help="What the token is for (shown in the console).")
def users_token(email, days, name):
    """Print a new API bearer token for an account (stored hashed; shown once)."""
    user = _account(email)
    token = issue_api_token(user, days=days, name=name[:100])
    db.session.commit()
    click.echo(token)


@users.command("tokens")
@click.argument("email")
def users_tokens(email):
    """List an account's API tokens: number, name, state, expiry, last use."""
    user = _account(email)
    for token in user.tokens:
        used = token.last_used_at.isoformat(timespec="minutes") if token.last_used_at else "never used"
        expires = token.expires_at.isoformat(timespec="minutes") if token.expires_at else "-"
        click.echo(f"{token.id}\t{token_state(token)}\texpires {expires}\t{used}\t{token.name}")


@users.command("revoke-token")
@click.argument("email")
@click.option("--id", "token_id", type=click.IntRange(1, 2**31 - 1), help="The token's number (from users tokens).")
@click.option("--all", "revoke_all", is_flag=True, help="Revoke every token of the account.")
def users_revoke_token(email, token_id, revoke_all):
    """Revoke one API token (--id N) or all of an account's tokens (--all)."""
    if revoke_all == (token_id is not None):
        raise click.UsageError("give either --id N or --all")
    user = _account(email)
    count = revoke_tokens(user, token_id)
    if token_id is not None and count == 0:
        raise click.ClickException(f"{email} has no active token {token_id}")
    audit.record("user.revoke_tokens", user, tokens=count)
    db.session.commit()
    click.echo(f"revoked {count} token(s) of {user.email}")


@mail.command("deliver")
def mail_deliver():
    """Send pending email now (also retries earlier failures that are due)."""
    from .mail import deliver_pending

    sent, failed = deliver_pending()
    click.echo(f"sent {sent}, failed {failed}")


@jobs.command("worker")
def jobs_worker():
    """Run an RQ worker for background jobs (needs REDIS_URL)."""
    from .jobs import run_worker

    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL is not set; jobs run inside the app process.")
    run_worker()


@click.command("backup")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the backup (SQLite file, or pg_dump custom format).")
def backup_command(out):
    """Make a consistent copy of the database while the app runs."""
    from .backup import BackupError, backup_database

    try:
        backup_database(current_app.config["SQLALCHEMY_DATABASE_URI"], out)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backup written to {out} ({out.stat().st_size:,} bytes).")


@click.command("demo")
@click.option("--participants", "participant_count", default=None, type=click.IntRange(min=0),
              help="How many demo participants (default: a realistic crowd).")
def demo_command(participant_count):
    """Load the demo forum (idempotent)."""
    from .demo import load_demo

    for line in load_demo(participant_count):
        click.echo(line)


def init_app(app) -> None:
    for group in (users, mail, jobs):
        app.cli.add_command(group)
    app.cli.add_command(demo_command)
    app.cli.add_command(backup_command)
    from .features import FEATURES

    for feature in FEATURES:
        if find_spec(f"conference.{feature}.cli"):
            import_module(f"conference.{feature}.cli").register(app)
