"""Staff, roles and what each role may do: the rules every service checks (issue: staff accounts).

Personal accounts only; two roles. The desk role records visits, refers, prints, works the
follow-ups and reads the statistics; the admin role may do all of that and also keep the
catalogue, users, settings and retention, export personal data for a data subject request and
read the audit trail.
``ROLE_PERMISSIONS`` is the one table of who may do what: services call
``Access.require(permission)`` (``desk_app.services.access``), the UI only hides what a role
cannot use.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    DESK = "desk"
    ADMIN = "admin"


class Permission(StrEnum):
    RECORD_VISIT = "record_visit"  # record, correct, delete and undo visits; tallies
    REFER = "refer"  # find services and refer visitors to them
    PRINT = "print"  # referral sheets, leaflets, the booklet
    WORK_FOLLOW_UPS = "work_follow_ups"  # follow-ups and their consented contact details
    EDIT_CATALOGUE = "edit_catalogue"  # services, channels, hours, topics, actors, programmes
    EXCHANGE_CATALOGUE = "exchange_catalogue"  # JSON/HSDS export, JSON and PTV import
    MANAGE_USERS = "manage_users"  # add, disable and reset staff accounts
    EDIT_SETTINGS = "edit_settings"
    RUN_RETENTION = "run_retention"  # purge now, see what a purge would remove
    SUBJECT_REQUESTS = "subject_requests"  # find, export and erase a person's data
    VIEW_AUDIT = "view_audit"  # read and verify the audit trail
    VIEW_STATISTICS = "view_statistics"  # the dashboard, tables and exports (counts only)
    MANAGE_BACKUPS = "manage_backups"  # back up now, list, inspect and restore backups


DESK_PERMISSIONS = frozenset(
    {
        Permission.RECORD_VISIT,
        Permission.REFER,
        Permission.PRINT,
        Permission.WORK_FOLLOW_UPS,
        Permission.VIEW_STATISTICS,
    }
)
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.DESK: DESK_PERMISSIONS,
    Role.ADMIN: frozenset(Permission),
}


def allows(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


@dataclass(frozen=True)
class StaffSession:
    """Who is signed in at this workstation. ``user_id`` is None only for the system session
    of a command-line job run by the machine's administrator."""

    user_id: str | None
    username: str
    display_name: str
    role: Role
    workstation: str

    @property
    def is_system(self) -> bool:
        return self.user_id is None
