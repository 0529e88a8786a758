"""Who is using the desk now, and the one check every use case makes before it acts.

An ``Access`` holds the signed-in ``StaffSession`` of this workstation (or none: the window is
locked or nobody has signed in). ``require(permission)`` returns the session or raises
``PermissionDeniedError`` naming what was refused. The desktop app starts with nobody signed in;
command-line jobs run as the machine's administrator use ``Access.system()``, an admin session
without a staff account, so the audit trail shows them as the command line.
"""

from __future__ import annotations

import getpass
import socket
from collections.abc import Callable

from desk_app.domain.errors import PermissionDeniedError
from desk_app.domain.staff import Permission, Role, StaffSession, allows
from desk_app.i18n import _

Listener = Callable[[StaffSession | None], None]


def workstation_name() -> str:
    return socket.gethostname() or "desk"


class Access:
    def __init__(self, session: StaffSession | None = None) -> None:
        self._session = session
        self._listeners: list[Listener] = []

    @classmethod
    def system(cls, workstation: str | None = None) -> Access:
        """The command line's session: full rights, named after the operating-system user."""
        try:
            user = getpass.getuser()
        except (KeyError, OSError):  # no such user in a container
            user = "unknown"
        name = f"cli:{user}"
        return cls(StaffSession(None, name, name, Role.ADMIN, workstation or workstation_name()))

    @property
    def session(self) -> StaffSession | None:
        return self._session

    def sign_in(self, session: StaffSession) -> None:
        self._session = session
        self._notify()

    def sign_out(self) -> None:
        self._session = None
        self._notify()

    def on_change(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener(self._session)

    def can(self, permission: Permission) -> bool:
        return self._session is not None and allows(self._session.role, permission)

    def require(self, permission: Permission) -> StaffSession:
        session = self._session
        if session is None:
            raise PermissionDeniedError(_("Sign in first."))
        if not allows(session.role, permission):
            raise PermissionDeniedError(
                _("Your role ({role}) does not allow this.").format(role=session.role.value)
            )
        return session
