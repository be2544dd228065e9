"""Files the app writes and serves (job results, uploads, import files), kept where every app server finds them.

`FLASK_STORAGE_URL` chooses the place:
- empty (the default): the instance folder, fine for one server;
- `file:///shared/path`: a folder every server mounts;
- `database`: a table in the app's own database, so servers that share PostgreSQL share files
  with no other infrastructure.
Keys are relative paths such as `jobs/badges-<id>.pdf` or `uploads/speakers/<name>.jpg`.
"""

import io
from pathlib import Path
from urllib.parse import unquote, urlparse

from flask import current_app, send_file
from sqlalchemy import delete as sql_delete
from sqlalchemy import select

from .models import db
from .models.storage import StoredFile


class FolderStorage:
    def __init__(self, root: str):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ValueError(f"storage key outside the storage folder: {key!r}")
        return path

    def save(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.write_bytes(data)
        partial.replace(path)  # readers never see half a file

    def load(self, key: str) -> bytes | None:
        path = self._path(key)
        return path.read_bytes() if path.is_file() else None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def keys(self, prefix: str) -> list[str]:
        folder = self._path(prefix)
        if not folder.is_dir():
            return []
        root = self.root.resolve()
        return sorted(str(p.relative_to(root)) for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".partial"))


class DatabaseStorage:
    """Files as rows (bytea on PostgreSQL, BLOB on SQLite), in the caller's transaction: a file
    is kept exactly when the change that refers to it commits."""

    def save(self, key: str, data: bytes) -> None:
        db.session.merge(StoredFile(key=key, data=data, size=len(data)))

    def load(self, key: str) -> bytes | None:
        return db.session.scalar(select(StoredFile.data).where(StoredFile.key == key))

    def delete(self, key: str) -> None:
        db.session.execute(sql_delete(StoredFile).where(StoredFile.key == key))

    def keys(self, prefix: str) -> list[str]:
        prefix = prefix.rstrip("/") + "/"
        return list(db.session.scalars(
            select(StoredFile.key).where(StoredFile.key.startswith(prefix, autoescape=True)).order_by(StoredFile.key)
        ))


def storage() -> FolderStorage | DatabaseStorage:
    url = current_app.config.get("STORAGE_URL") or ""
    if not url:
        return FolderStorage(current_app.instance_path)
    if url == "database":
        return DatabaseStorage()
    parsed = urlparse(url)
    if parsed.scheme == "file" and parsed.path:
        return FolderStorage(unquote(parsed.path))
    raise ValueError(f"FLASK_STORAGE_URL must be empty, 'database' or file:///path, not {url!r}")


def save(key: str, data: bytes) -> None:
    storage().save(key, data)


def load(key: str) -> bytes | None:
    return storage().load(key)


def delete(key: str) -> None:
    storage().delete(key)


def keys(prefix: str) -> list[str]:
    """The keys of the files stored under a folder such as `outbox/`."""
    return storage().keys(prefix)


def send(key: str, mimetype: str | None = None, download_name: str | None = None, max_age: int = 0):
    """A response with a stored file, or None when there is no such file."""
    data = load(key)
    if data is None:
        return None
    name = download_name or key.rsplit("/", 1)[-1]
    return send_file(io.BytesIO(data), mimetype=mimetype, download_name=name, as_attachment=False, max_age=max_age)
