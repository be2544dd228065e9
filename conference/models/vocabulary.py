"""The closed sets of values stored in the database, each with its label in both languages.

Every vocabulary is a `StrEnum`: a member equals its stored string ("confirmed" ==
RegistrationStatus.CONFIRMED), so rows, forms, JSON and the OpenAPI document keep the same
values. Labels are English msgids (Arabic in the foundation catalog); `member.label` gives
the text in the current language, `Vocabulary.label_of(value)` the same for a stored string.
"""

import enum

from flask_babel import lazy_gettext as _l


class Vocabulary(enum.StrEnum):
    """A closed set of stored values with their labels (in LABELS, below)."""

    @property
    def label(self) -> str:
        return str(LABELS[type(self)][self])

    @classmethod
    def values(cls) -> tuple[str, ...]:
        """The stored values in their order, as plain strings (for schemas and queries)."""
        return tuple(member.value for member in cls)

    @classmethod
    def get(cls, value: object):
        """The member for a stored or submitted value, or None when it is not one."""
        try:
            return cls(value)
        except (ValueError, TypeError):
            return None

    @classmethod
    def has(cls, value: object) -> bool:
        return cls.get(value) is not None

    @classmethod
    def labels(cls) -> dict:
        """value → lazy label, in order (keys are members, so plain strings look them up too)."""
        return dict(LABELS[cls])

    @classmethod
    def choices(cls) -> list[tuple[str, object]]:
        """(value, lazy label) pairs for a select field."""
        return [(member.value, label) for member, label in LABELS[cls].items()]

    @classmethod
    def label_of(cls, value: object) -> str:
        """The label of a stored value; the value itself when it is not one of the set."""
        member = cls.get(value)
        return member.label if member is not None else str(value or "")


class RegistrationStatus(Vocabulary):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    PENDING = "pending"
    CANCELLED = "cancelled"


class Sector(Vocabulary):
    GOVERNMENT = "government"
    PRIVATE = "private"
    ACADEMIC = "academic"
    NON_PROFIT = "non_profit"
    MEDIA = "media"
    OTHER = "other"


class ParticipantCategory(Vocabulary):
    PARTICIPANT = "participant"
    SPEAKER = "speaker"
    VIP = "vip"
    MEDIA = "media"
    ORGANIZER = "organizer"
    EXHIBITOR = "exhibitor"


class RegistrationSource(Vocabulary):
    """How a registration came in."""

    ONLINE = "online"
    IMPORT = "import"
    WALK_IN = "walk_in"
    ORGANIZER = "organizer"


class CheckInResult(Vocabulary):
    OK = "ok"
    ALREADY_CHECKED_IN = "already_checked_in"
    INVALID = "invalid"
    REVOKED = "revoked"
    CANCELLED = "cancelled"
    NOT_CONFIRMED = "not_confirmed"


class CheckInPlace(Vocabulary):
    DOOR = "door"
    SESSION = "session"


class CheckInMethod(Vocabulary):
    SCAN = "scan"
    MANUAL = "manual"
    WALK_IN = "walk_in"


class JobStatus(Vocabulary):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class CertificateKind(Vocabulary):
    ATTENDANCE = "attendance"
    AWARD = "award"


class SessionKind(Vocabulary):
    OPENING = "opening"
    KEYNOTE = "keynote"
    PANEL = "panel"
    WORKSHOP = "workshop"
    BREAK = "break"
    AWARDS_CEREMONY = "awards_ceremony"
    EXPERIENCE = "experience"


class SpeakerRole(Vocabulary):
    SPEAKER = "speaker"
    MODERATOR = "moderator"


class AwardLevel(Vocabulary):
    INTERNATIONAL = "international"
    REGIONAL = "regional"
    LOCAL = "local"


class StaffRole(Vocabulary):
    ADMIN = "admin"
    ORGANIZER = "organizer"
    DESK = "desk"
    JURY = "jury"
    REVIEWER = "reviewer"


LABELS: dict[type[Vocabulary], dict[Vocabulary, object]] = {
    RegistrationStatus: {
        RegistrationStatus.CONFIRMED: _l("Confirmed"),
        RegistrationStatus.WAITLISTED: _l("Waitlisted"),
        RegistrationStatus.PENDING: _l("Pending approval"),
        RegistrationStatus.CANCELLED: _l("Cancelled"),
    },
    Sector: {
        Sector.GOVERNMENT: _l("Government"),
        Sector.PRIVATE: _l("Private sector"),
        Sector.ACADEMIC: _l("Academic"),
        Sector.NON_PROFIT: _l("Non-profit"),
        Sector.MEDIA: _l("Media"),
        Sector.OTHER: _l("Other"),
    },
    ParticipantCategory: {
        ParticipantCategory.PARTICIPANT: _l("Participant"),
        ParticipantCategory.SPEAKER: _l("Speaker"),
        ParticipantCategory.VIP: _l("VIP"),
        ParticipantCategory.MEDIA: _l("Media"),
        ParticipantCategory.ORGANIZER: _l("Organizer"),
        ParticipantCategory.EXHIBITOR: _l("Exhibitor"),
    },
    RegistrationSource: {
        RegistrationSource.ONLINE: _l("Online form"),
        RegistrationSource.IMPORT: _l("Import"),
        RegistrationSource.WALK_IN: _l("Walk-in"),
        RegistrationSource.ORGANIZER: _l("Organizer"),
    },
    CheckInResult: {
        CheckInResult.OK: _l("Checked in"),
        CheckInResult.ALREADY_CHECKED_IN: _l("Already checked in"),
        CheckInResult.INVALID: _l("Unknown code"),
        CheckInResult.REVOKED: _l("Replaced badge"),
        CheckInResult.CANCELLED: _l("Cancelled"),
        CheckInResult.NOT_CONFIRMED: _l("Not confirmed"),
    },
    CheckInPlace: {
        CheckInPlace.DOOR: _l("Entrance"),
        CheckInPlace.SESSION: _l("Session"),
    },
    CheckInMethod: {
        CheckInMethod.SCAN: _l("Badge scan"),
        CheckInMethod.MANUAL: _l("Entered by hand"),
        CheckInMethod.WALK_IN: _l("Walk-in"),
    },
    JobStatus: {
        JobStatus.QUEUED: _l("Waiting to start"),
        JobStatus.RUNNING: _l("In progress"),
        JobStatus.DONE: _l("Finished"),
        JobStatus.FAILED: _l("Did not finish"),
    },
    CertificateKind: {
        CertificateKind.ATTENDANCE: _l("Certificate of attendance"),
        CertificateKind.AWARD: _l("Award certificate"),
    },
    SessionKind: {
        SessionKind.OPENING: _l("Opening"),
        SessionKind.KEYNOTE: _l("Keynote"),
        SessionKind.PANEL: _l("Panel discussion"),
        SessionKind.WORKSHOP: _l("Workshop"),
        SessionKind.BREAK: _l("Break"),
        SessionKind.AWARDS_CEREMONY: _l("Awards ceremony"),
        SessionKind.EXPERIENCE: _l("Experience"),
    },
    SpeakerRole: {
        SpeakerRole.SPEAKER: _l("Speaker"),
        SpeakerRole.MODERATOR: _l("Moderator"),
    },
    AwardLevel: {
        AwardLevel.INTERNATIONAL: _l("International accreditation"),
        AwardLevel.REGIONAL: _l("Regional award"),
        AwardLevel.LOCAL: _l("Local award"),
    },
    StaffRole: {
        StaffRole.ADMIN: _l("Administrator"),
        StaffRole.ORGANIZER: _l("Organizer"),
        StaffRole.DESK: _l("Desk staff"),
        StaffRole.JURY: _l("Jury member"),
        StaffRole.REVIEWER: _l("Programme committee reviewer"),
    },
}

VOCABULARIES: tuple[type[Vocabulary], ...] = tuple(LABELS)
# For templates: {{ participant.sector|label("Sector") }}.
BY_NAME: dict[str, type[Vocabulary]] = {vocabulary.__name__: vocabulary for vocabulary in VOCABULARIES}

for _vocabulary, _labels in LABELS.items():
    assert list(_labels) == list(_vocabulary), f"{_vocabulary.__name__}: one label per member, in order"


def label(value: object, vocabulary: str) -> str:
    """The template filter: the label of a stored value in the named vocabulary."""
    return BY_NAME[vocabulary].label_of(value)
