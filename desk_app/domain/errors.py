"""Errors the core raises on purpose, each carrying a message fit to show a desk worker or admin.

The messages are marked for translation; callers show ``str(error)``.
"""

from __future__ import annotations


class DeskError(Exception):
    """Base class: something the user can understand and act on."""


class ValidationError(DeskError):
    """Input that breaks a rule. ``field`` names the offending field so a form can mark it."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(DeskError):
    """A code or id that does not exist (an unknown service code, a deleted visit)."""


class DatabaseError(DeskError):
    """The database cannot be used as it is (newer schema, corrupt file, failed migration)."""


class SchemaTooNewError(DatabaseError):
    """The database was written by a newer version of the app; we refuse to touch it."""


class SeedError(DeskError):
    """The example catalogue file is missing or malformed."""


class UntrustedInputError(DeskError):
    """A file from outside (an import) that is too large, not UTF-8, not JSON, nested too deeply
    or otherwise refused before it is looked at; the message names the first problem."""


class PermissionDeniedError(DeskError):
    """The signed-in staff member's role does not allow this, or nobody is signed in."""


class AuditUnavailableError(DeskError):
    """The audit trail cannot record an access to personal data, so the access is refused
    (anonymous visit tallying still works)."""


class StorageError(DatabaseError):
    """A save or read the storage refused for now (busy, full, failing disk). The transaction was
    rolled back, so the form that asked keeps its content and the user may simply try again."""


class StorageBusyError(StorageError):
    """Another program held the database's write lock for longer than we keep retrying."""


class StorageFullError(StorageError):
    """The disk (or the user's file-size quota) has no room for the change."""


class StorageIOError(StorageError):
    """The operating system reported an input/output error on the database file."""


class ReadOnlyDatabaseError(DatabaseError):
    """A save was attempted while the database is open read-only; nothing was written."""
