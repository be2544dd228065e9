"""Consistent backups while the app runs: SQLite's online backup API, or pg_dump on PostgreSQL."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    pass


def backup_database(database_url: str, out: Path) -> Path:
    url = make_url(database_url)
    out.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "sqlite":
        _backup_sqlite(url.database, out)
    elif url.get_backend_name() == "postgresql":
        _backup_postgresql(url, out)
    else:
        raise BackupError(f"no backup method for {url.get_backend_name()}")
    return out


def _backup_sqlite(path: str, out: Path) -> None:
    if not path or not Path(path).exists():
        raise BackupError(f"no SQLite database at {path}")
    tmp = out.with_suffix(out.suffix + ".part")
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    target = sqlite3.connect(tmp)
    try:
        # Copies a consistent snapshot page by page; writers are held only briefly.
        source.backup(target, pages=1024)
    finally:
        target.close()
        source.close()
    os.replace(tmp, out)


def _backup_postgresql(url, out: Path) -> None:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError("pg_dump is not installed (Debian package postgresql-client)")
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    libpq_url = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    result = subprocess.run(  # noqa: S603  (fixed program, arguments from our own settings)
        [pg_dump, "--format=custom", "--no-owner", f"--file={out}", f"--dbname={libpq_url}"],
        env=env, capture_output=True, text=True, timeout=3600,
    )
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or "pg_dump failed")
