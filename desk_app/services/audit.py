"""The audit trail of personal data and admin actions: one hash-chained row per action.

``record(uow, session, action, record_kind, record_id)`` writes the row inside the caller's unit of
work, so it commits or rolls back with the access it records; when it cannot be written it raises
``AuditUnavailableError`` and the caller's access to personal data is refused with it. A row holds
the UTC time, the staff member (id, login name, role), the workstation, the action, what kind of
record and its id, and the result: never a name, phone number or email address.

``AuditTrail`` is the admin viewer's use case (rows by date, verifying the chain);
``verify_database`` is ``pointti-desk check``'s. Both check the chain against the database anchor
and the anchor file next to a SQLite database (``desk_app.domain.audit_chain`` explains why).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from desk_app.domain.audit_chain import (
    Anchor,
    AuditRow,
    ChainStart,
    Problem,
)
from desk_app.domain.staff import Permission, StaffSession
from desk_app.services.access import Access, workstation_name
from desk_app.services.unit_of_work import UnitOfWork, UnitOfWorkFactory

# The vocabulary of actions ("<what>.<verb>"). Other names of the same shape are accepted so a new
# use case can record before this list is updated, but every call in the app uses one of these.
CONTACT_ACTIONS = frozenset(
    {
        "contact.view",
        "contact.search",
        "contact.create",
        "contact.update",
        "contact.delete",
        "contact.print",
        "contact.export",
        "contact.erase",
    }
)
ADMIN_ACTIONS = frozenset(
    {
        "login.ok",
        "login.failed",
        "login.throttled",
        "logout",
        "password.change",
        "user.first_admin",
        "user.add",
        "user.update",
        "user.disable",
        "user.enable",
        "user.reset_password",
        "catalogue.save",
        "catalogue.import",
        "settings.change",
        "retention.purge",
        "subject.search",
        "subject.export",
        "subject.erase",
        "audit.verify",
        "backup.create",
        "backup.restore",
    }
)
ACTIONS = CONTACT_ACTIONS | ADMIN_ACTIONS

# Record kinds: what ``record_id`` names.
CONTACT = "follow_up_contact"  # record_id: the referral whose contact details these are
VISIT = "visit"
STAFF_USER = "staff_user"
CATALOGUE = "catalogue"
AUDIT = "audit_log"

_CODE = re.compile(r"[a-z][a-z_]*(\.[a-z_]+)?\Z")
DEFAULT_LIMIT = 2000


class AuditRepo(Protocol):
    """What these use cases need of the database (``desk_app.db``'s implementation)."""

    def append(
        self,
        *,
        at: dt.datetime,
        user_id: str | None,
        username: str,
        role: str,
        workstation: str,
        action: str,
        record_kind: str,
        record_id: str | None,
        result: str,
    ) -> AuditRow: ...
    def chain(self) -> list[AuditRow]: ...
    def entries(
        self, start: dt.datetime | None, end: dt.datetime | None, limit: int | None
    ) -> list[AuditRow]: ...
    def anchor(self) -> Anchor | None: ...
    def anchor_file(self) -> Path | None: ...
    def start(self) -> ChainStart: ...
    def verify(self, anchor_file: Path | None) -> tuple[int, list[Problem]]: ...
    def count_before(self, cutoff: dt.datetime) -> int: ...
    def trim_before(self, cutoff: dt.datetime) -> tuple[int, ChainStart | None]: ...


def record(
    uow: UnitOfWork,
    session: StaffSession | None,
    action: str,
    record_kind: str,
    record_id: str | None,
    result: str = "ok",
    workstation: str | None = None,
) -> None:
    """Append one audit row in ``uow``'s transaction (the caller commits).

    ``session`` None records an action with nobody signed in (username "-").
    Raises ``AuditUnavailableError`` when the row cannot be written.
    """
    for name, value in (("action", action), ("record_kind", record_kind), ("result", result)):
        if not _CODE.match(value):  # codes only: no free text can carry personal data in
            raise ValueError(f"audit {name} must be a lower-case code, not {value!r}")
    uow.audit.append(
        at=dt.datetime.now(dt.UTC),
        user_id=session.user_id if session else None,
        username=session.username if session else "-",
        role=session.role.value if session else "-",
        workstation=workstation or (session.workstation if session else workstation_name()),
        action=action,
        record_kind=record_kind,
        record_id=record_id,
        result=result,
    )


@dataclass(frozen=True)
class AuditReport:
    rows: int
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One line for ``check`` and logs (English, like the rest of ``check``)."""
        if self.ok:
            return f"audit trail: {self.rows} rows, chain ok"
        return f"audit trail: {self.rows} rows, {len(self.problems)} problem(s)"


def _verify(uow: UnitOfWork, anchor_path: Path | None) -> AuditReport:
    path = anchor_path if anchor_path is not None else uow.audit.anchor_file()
    rows, problems = uow.audit.verify(path)
    return AuditReport(rows, tuple(problems))


def verify_database(uow_factory: UnitOfWorkFactory, anchor_path: Path | None = None) -> AuditReport:
    """Verify the whole chain (for ``pointti-desk check``); writes nothing."""
    with uow_factory() as uow:
        return _verify(uow, anchor_path)


class AuditTrail:
    """The admin audit viewer's use cases; every method requires ``Permission.VIEW_AUDIT``."""

    def __init__(
        self, uow_factory: UnitOfWorkFactory, access: Access, anchor_path: Path | None = None
    ) -> None:
        self._uow = uow_factory
        self._access = access
        self._anchor_path = anchor_path  # None: next to the SQLite file, if there is one

    def entries(
        self,
        from_dt: dt.datetime | None = None,
        to_dt: dt.datetime | None = None,
        limit: int | None = DEFAULT_LIMIT,
    ) -> list[AuditRow]:
        """Rows with ``from_dt <= at < to_dt`` (aware datetimes), newest first."""
        self._access.require(Permission.VIEW_AUDIT)
        with self._uow() as uow:
            return uow.audit.entries(from_dt, to_dt, limit)

    def verify(self) -> AuditReport:
        """Verify the chain and its anchors; the verification itself is recorded."""
        session = self._access.require(Permission.VIEW_AUDIT)
        with self._uow() as uow:
            report = _verify(uow, self._anchor_path)
        with self._uow(write=True) as uow:
            record(uow, session, "audit.verify", AUDIT, None, "ok" if report.ok else "problems")
            uow.commit()
        return report
