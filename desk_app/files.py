"""Writing a file the desk hands out (an export, a PDF, a catalogue file) whole or not at all.

The bytes go to ``.<name>.partial`` beside the target, are flushed to disk and renamed over it:
a crash or a full disk leaves the old file or the new one, never half a file that Excel or a PDF
reader would open without complaint. A leftover ``.partial`` is deleted by the retention purge
(``desk_app.services.retention.TEMPORARY_FILE_PATTERNS``).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from desk_app.domain.errors import DeskError
from desk_app.i18n import _


def write_atomically(path: Path, data: bytes) -> None:
    """``data`` into ``path`` whole or not at all; a plain ``DeskError`` when the folder refuses."""
    temporary = path.with_name(f".{path.name}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):  # it may never have been created
            temporary.unlink()
        raise DeskError(
            _("Cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from exc
