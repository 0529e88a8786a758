"""Staff accounts: read by login name or id, add, update, count."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from desk_app.db.models_staff import StaffUser
from desk_app.domain.accounts import StaffAccount, StaffCredentials
from desk_app.domain.staff import Role
from desk_app.domain.visit import new_id


def _account(row: StaffUser) -> StaffAccount:
    return StaffAccount(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        role=Role(row.role),
        active=row.active,
        must_change_password=row.must_change_password,
        last_login_at=row.last_login_at,
    )


def _credentials(row: StaffUser) -> StaffCredentials:
    return StaffCredentials(_account(row), row.password_hash, row.failed_attempts, row.locked_until)


class StaffRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def count(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(StaffUser)) or 0)

    def count_active_admins(self) -> int:
        query = select(func.count()).where(StaffUser.role == "admin", StaffUser.active.is_(True))
        return int(self.session.scalar(query.select_from(StaffUser)) or 0)

    def by_username(self, username: str) -> StaffCredentials | None:
        row = self.session.scalar(select(StaffUser).where(StaffUser.username == username))
        return None if row is None else _credentials(row)

    def by_id(self, user_id: str) -> StaffCredentials | None:
        row = self.session.get(StaffUser, user_id)
        return None if row is None else _credentials(row)

    def accounts(self) -> list[StaffAccount]:
        rows = self.session.scalars(select(StaffUser).order_by(StaffUser.username))
        return [_account(row) for row in rows]

    def add(
        self,
        username: str,
        display_name: str,
        role: Role,
        password_hash: str,
        now: dt.datetime,
        must_change_password: bool = False,
    ) -> str:
        user_id = new_id()
        self.session.add(
            StaffUser(
                id=user_id,
                username=username,
                display_name=display_name,
                role=role.value,
                password_hash=password_hash,
                active=True,
                must_change_password=must_change_password,
                failed_attempts=0,
                created_at=now,
                updated_at=now,
            )
        )
        self.session.flush()
        return user_id

    def _update(self, user_id: str, **values: object) -> bool:
        result = self.session.execute(
            update(StaffUser).where(StaffUser.id == user_id).values(**values)
        )
        return bool(getattr(result, "rowcount", 0))

    def record_failure(
        self, user_id: str, failed_attempts: int, locked_until: dt.datetime | None
    ) -> None:
        self._update(user_id, failed_attempts=failed_attempts, locked_until=locked_until)

    def record_success(self, user_id: str, now: dt.datetime, new_hash: str | None) -> None:
        values: dict[str, object] = {
            "failed_attempts": 0,
            "locked_until": None,
            "last_login_at": now,
        }
        if new_hash is not None:
            values["password_hash"] = new_hash
        self._update(user_id, **values)

    def set_password(
        self, user_id: str, password_hash: str, must_change: bool, now: dt.datetime
    ) -> bool:
        return self._update(
            user_id,
            password_hash=password_hash,
            must_change_password=must_change,
            failed_attempts=0,
            locked_until=None,
            updated_at=now,
        )

    def set_active(self, user_id: str, active: bool, now: dt.datetime) -> bool:
        return self._update(user_id, active=active, updated_at=now)
