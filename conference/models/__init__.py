"""All models, one module per domain; importing this package registers every table."""

from ..extensions import db
from . import agenda, awards, certificates, checkin, experiences, feedback, identity, printing, storage  # noqa: F401  (their tables)
from .accounts import ApiToken, RecoveryCode, RolePolicy, StaffSession, User
from .audit import AuditLog
from .editions import Edition
from .jobs import Job
from .messaging import OutgoingEmail
from .people import Participant, RevokedBadgeCode
from .types import utcnow
from .vocabulary import (
    AwardLevel,
    CertificateKind,
    CheckInMethod,
    CheckInPlace,
    CheckInResult,
    JobStatus,
    ParticipantCategory,
    RegistrationSource,
    RegistrationStatus,
    Sector,
    SessionKind,
    SpeakerRole,
    StaffRole,
)

__all__ = [
    "db",
    "AwardLevel",
    "CertificateKind",
    "CheckInMethod",
    "CheckInPlace",
    "CheckInResult",
    "JobStatus",
    "ParticipantCategory",
    "RegistrationSource",
    "RegistrationStatus",
    "Sector",
    "SessionKind",
    "SpeakerRole",
    "StaffRole",
    "ApiToken",
    "AuditLog",
    "Edition",
    "Job",
    "OutgoingEmail",
    "Participant",
    "RecoveryCode",
    "RolePolicy",
    "StaffSession",
    "RevokedBadgeCode",
    "User",
    "utcnow",
]
