"""Column types shared by the models."""

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores UTC; always hands back an aware datetime, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Bilingual:
    """A record whose texts are stored twice, as `<field>_ar` and `<field>_en`."""

    def localized(self, field: str, locale: str) -> str:
        """The text in `locale`, falling back to the other language, or ""."""
        first, second = ("ar", "en") if locale == "ar" else ("en", "ar")
        return getattr(self, f"{field}_{first}") or getattr(self, f"{field}_{second}") or ""
