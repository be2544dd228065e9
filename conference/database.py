"""Connection settings that make SQLite safe for many workers: WAL, foreign keys, busy timeout,
and writers that queue in order instead of polling."""

import fcntl
import os
import socket
import sqlite3
import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from .extensions import db

# Outside requests (CLI commands, background jobs) transactions take the write lock up
# front by default; the test suite turns this off for its own inspecting session.
immediate_outside_requests: ContextVar[bool] = ContextVar("immediate_outside_requests", default=True)


class QueuedWriterConnection(sqlite3.Connection):
    """A SQLite connection whose write transactions first take an OS lock beside the database.

    SQLite lets a waiting writer sleep and retry (naps of up to 100 ms), which makes slow tails
    when gunicorn's workers write at once. Waiting on a file lock instead, every process's
    writers are woken the moment the previous one commits. The OS drops the lock if a process dies.
    """

    def __init__(self, database, *args, **kwargs):
        super().__init__(database, *args, **kwargs)
        path = os.fspath(database)
        self._lock_path = None if path in ("", ":memory:") or path.startswith("file:") else path + "-writers"
        self._lock_fd: int | None = None

    def take_write_lock(self) -> None:
        if self._lock_path is None or self._lock_fd is not None:
            return
        fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        self._lock_fd = fd

    def _release_write_lock(self) -> None:
        if self._lock_fd is not None:
            fd, self._lock_fd = self._lock_fd, None
            os.close(fd)  # closing the descriptor releases the lock

    def commit(self):
        try:
            super().commit()
        finally:
            self._release_write_lock()

    def rollback(self):
        try:
            super().rollback()
        finally:
            self._release_write_lock()

    def close(self):
        self._release_write_lock()
        super().close()


def sqlite_engine_options() -> dict:
    return {"connect_args": {"factory": QueuedWriterConnection}}


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy issue BEGIN itself so that a writer can use BEGIN IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# Set while a read-only request runs its own short write transaction (write_transaction()).
_own_write: ContextVar[bool] = ContextVar("own_write", default=False)


OFFLINE = "forum.offline"


def offline_request_context():
    """A request context for work done outside any HTTP request (CLI commands, jobs, composing
    email): templates and url_for need one, but it is no GET, so its transactions may write."""
    from flask import current_app

    return current_app.test_request_context(base_url=current_app.config["SERVER_BASE_URL"],
                                            environ_overrides={OFFLINE: True})


def _in_http_request() -> bool:
    return has_request_context() and not request.environ.get(OFFLINE)


def _may_write() -> bool:
    if _own_write.get():
        return True
    if _in_http_request():
        return request.method not in ("GET", "HEAD", "OPTIONS")
    return immediate_outside_requests.get()


def in_read_only_request() -> bool:
    """A GET (or HEAD) request: its own transaction only reads; writes go through write_transaction()."""
    return _in_http_request() and request.method in ("GET", "HEAD", "OPTIONS") and not _own_write.get()


@contextmanager
def write_transaction():
    """A short write transaction of its own, for the few writes a GET must make.

    A GET reads in a deferred SQLite transaction; upgrading that to a write fails with
    "database is locked" as soon as another process committed meanwhile (a stale WAL snapshot).
    This one starts as a writer on its own connection (BEGIN IMMEDIATE, queued behind other
    writers), so it reads the newest data and cannot fail that way; on PostgreSQL it is simply a
    separate short transaction. It commits on leaving the block.
    """
    from .extensions import db

    flag = _own_write.set(True)
    try:
        with Session(db.engine, expire_on_commit=False) as session, session.begin():
            yield session
    finally:
        _own_write.reset(flag)


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection):
    if connection.dialect.name != "sqlite":
        return
    if not _may_write():
        connection.exec_driver_sql("BEGIN")
        return
    # A transaction that may write takes the write lock up front: one that read first and
    # wrote later would fail with "database is locked" instead of waiting its turn.
    dbapi_connection = connection.connection.dbapi_connection
    if isinstance(dbapi_connection, QueuedWriterConnection):
        dbapi_connection.take_write_lock()
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def claim_name() -> str:
    """Who claims a piece of once-only work: this server, this process and a fresh round."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def end_sessions_even_if_the_database_went_away(app) -> None:
    """Registered after Flask-SQLAlchemy, so it runs first at the end of each request: a
    connection the database closed (a restart) cannot roll back, and that failure must not turn
    the answer already made (often a 503 "try again") into a 500. The broken connection is
    dropped instead; the pool opens a new one for the next request."""

    @app.teardown_appcontext
    def _remove_session(_exc):
        try:
            db.session.remove()
        except SQLAlchemyError as error:
            app.logger.warning("database connection lost at the end of a request: %s", error)
            try:
                db.session.registry().invalidate()
            except SQLAlchemyError:
                pass
            db.session.registry.clear()
