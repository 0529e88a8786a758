"""All mapped models in one import, so ``Base.metadata`` is complete for Alembic and tests."""

from desk_app.db.base import Base
from desk_app.db.models_aggregates import VisitMonthCount
from desk_app.db.models_audit import AuditAnchor, AuditLog
from desk_app.db.models_catalogue import (
    Address,
    Channel,
    ChannelText,
    ExceptionalHours,
    ExceptionalHoursText,
    Organisation,
    OrganisationText,
    Programme,
    ProgrammeText,
    RegularHours,
    Service,
    ServiceChannel,
    ServiceLanguage,
    ServiceText,
    ServiceTopic,
    Topic,
    TopicText,
)
from desk_app.db.models_staff import StaffUser
from desk_app.db.models_visits import FollowUpContact, HandoutPrint, Referral, Visit, VisitTopic

__all__ = [
    "Address",
    "AuditAnchor",
    "AuditLog",
    "Base",
    "Channel",
    "ChannelText",
    "ExceptionalHours",
    "ExceptionalHoursText",
    "FollowUpContact",
    "HandoutPrint",
    "Organisation",
    "OrganisationText",
    "Programme",
    "ProgrammeText",
    "Referral",
    "RegularHours",
    "Service",
    "ServiceChannel",
    "ServiceLanguage",
    "ServiceText",
    "ServiceTopic",
    "StaffUser",
    "Topic",
    "TopicText",
    "Visit",
    "VisitMonthCount",
    "VisitTopic",
]
