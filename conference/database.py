"""Connection settings that make SQLite safe for many workers: WAL, foreign keys, busy timeout,
and writers that queue in order instead of polling."""

import fcntl
import os
import sqlite3
from contextvars import ContextVar

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

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


def _may_write() -> bool:
    if has_request_context():
        return request.method not in ("GET", "HEAD", "OPTIONS")
    return immediate_outside_requests.get()


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


def write_beside_reads(statement) -> None:
    """A small bookkeeping write (last seen, last used) that any request may make.

    In a request that only reads, it runs in its own short transaction whose first statement
    is the write, so the page's read snapshot can never make it fail; otherwise it joins the
    request's transaction and commits with its change."""
    from .extensions import db

    if _may_write():
        db.session.execute(statement.execution_options(synchronize_session=False))
        return
    with db.engine.begin() as connection:
        connection.execute(statement)
