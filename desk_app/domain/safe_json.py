"""Reading JSON from files we did not write (catalogue imports, PTV responses) without trusting it.

A hostile or broken file must be refused quickly, in bounded memory, with a message that names
the first problem, before anything touches the database. ``json.loads`` alone is not enough:
it reads any size, recurses into any depth (a RecursionError after the work is done), keeps the
last of duplicate keys silently, accepts ``NaN`` and builds one Python object per value, so a
20 MB file of ``[],`` would become some 450 MB of lists.

So ``loads_untrusted`` checks, in order: the size; that the bytes are UTF-8 (naming the byte
offset of the first bad one); the nesting depth and the number of values, both by a pre-scan in
C-speed string operations (strings removed by a regular expression a window at a time, then the
brackets peeled level by level with ``bytes.replace``) so nothing is built for a file that is
refused; and only then decodes, refusing duplicate keys, ``NaN``/``Infinity`` and absurdly long
numbers. Syntax errors are reported with line and column. Measured on the 2-core development
machine: a 20 MB hostile file of any of these kinds is refused in 0.04–1.0 s, the process
growing by 40–90 MB (the file's bytes and their text included).

Wrong types and duplicate ids inside a valid document are the document parser's business, which
names them by their JSON path (``services[3].code``).
"""

from __future__ import annotations

import codecs
import json
import math
import os
import re
from pathlib import Path
from typing import Any

from desk_app.domain.errors import UntrustedInputError
from desk_app.i18n import _

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64
MAX_VALUES = 2_000_000
"""About five times the values of a 20 MB catalogue like ours (0.02 values a byte); it keeps the
decoded objects of the worst 20 MB file near 150 MB instead of 450 MB."""
MAX_NUMBER_DIGITS = 40

# The pre-scan removes strings with a regular expression, a window of the data at a time: over
# the whole of a 20 MB file of short strings, ``re.sub`` would hold millions of pieces at once
# (800 MB measured). A window ends where ``_COMPLETE`` stops, before any string it cuts, so each
# window holds whole strings only; a string longer than a window is skipped on its own. Every
# repeat is possessive (no backtracking state) and nothing starts again at a later quote after a
# failure, so the scan is linear even on a file of ``\"\"\"…``.
_WINDOW = 1024 * 1024
_STRING = re.compile(rb'"[^"\\]*+"|"[^"\\]*+(?:\\.[^"\\]*+)*+"', re.DOTALL)  # plain ones first
_COMPLETE = re.compile(rb'(?:[^"]++|"[^"\\]*+(?:\\.[^"\\]*+)*+")*+', re.DOTALL)
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b"[]{},")
_ONE_KIND = bytes.maketrans(b"{}", b"[]")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


def _too_large(size: int, max_bytes: int) -> UntrustedInputError:
    return UntrustedInputError(
        _("The file is too large: {size} MB (at most {limit} MB is accepted).").format(
            size=_megabytes(size), limit=_megabytes(max_bytes).removesuffix(".0")
        )
    )


def read_untrusted_file(path: Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of ``path``, refusing a file larger than ``max_bytes`` before reading it.

    The size is checked twice: from ``stat`` (so a large file is never read), and by reading at
    most ``max_bytes + 1`` bytes (so a file that grows while we read cannot get past the limit).
    """
    try:
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > max_bytes:
                raise _too_large(size, max_bytes)
            data = file.read(max_bytes + 1)
    except OSError as exc:
        raise UntrustedInputError(
            _("The file {path} cannot be read: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        ) from exc
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    return data


def _too_many(max_values: int) -> UntrustedInputError:
    return UntrustedInputError(
        _("The file holds too many values: more than {limit:,}.").format(limit=max_values)
    )


def _too_deep(max_depth: int) -> UntrustedInputError:
    return UntrustedInputError(
        _("The file is nested too deeply: more than {limit} levels.").format(limit=max_depth)
    )


def _skeleton(data: bytes, max_depth: int, max_values: int) -> bytes:
    """The brackets and commas of ``data`` outside strings, in order; an unterminated string
    ends the scan (the decoder names it). Refuses, as soon as the scan has seen them, a run of
    more than ``max_depth`` opening brackets (the usual attack) and more than ``max_values``
    values (commas and containers), so such a file is refused before the end of it is read."""
    run = b"[" * (max_depth + 1)
    pieces = []
    values = 0
    pos, size = 0, len(data)
    while pos < size:
        complete = _COMPLETE.match(data, pos, min(pos + _WINDOW, size))
        assert complete is not None  # the pattern matches the empty string
        end = complete.end()
        if end > pos:
            piece = _STRING.sub(b"", data[pos:end]).translate(None, _NOT_STRUCTURE)
            if run in piece.translate(_ONE_KIND):
                raise _too_deep(max_depth)
            values += len(piece) - piece.count(b"]") - piece.count(b"}")
            if values > max_values:
                raise _too_many(max_values)
            pieces.append(piece)
            pos = end
            continue
        string = _STRING.match(data, pos)  # a string longer than what is left of the window
        if string is None:
            break
        pos = string.end()
    return b"".join(pieces)


def _check_structure(data: bytes, max_depth: int, max_values: int) -> None:
    """Refuse data nested deeper than ``max_depth`` or holding more than ``max_values`` values,
    without decoding it. Invalid JSON passes when it is neither: the decoder names its error."""
    # Both kinds of bracket as one: depth is all that is measured here (a ``[`` closed by ``}``
    # is the decoder's to report), and a pass must be one ``replace`` to peel one level only.
    brackets = _skeleton(data, max_depth, max_values).translate(_ONE_KIND, b",")
    # A run of opening brackets across two windows.
    if b"[" * (max_depth + 1) in brackets:
        raise _too_deep(max_depth)
    # Otherwise peel the innermost pairs: one ``replace`` removes every ``[]`` of the bytes as
    # they were (it does not look again where a removal joins a new pair), which is one level of
    # nesting, so a pass that still removes something after ``max_depth`` passes means a deeper
    # nesting. Flat files empty in a pass or two; unmatched brackets stop it.
    passes = 0
    while brackets:
        peeled = brackets.replace(b"[]", b"")
        if len(peeled) == len(brackets):
            break
        passes += 1
        if passes > max_depth:
            raise _too_deep(max_depth)
        brackets = peeled


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise UntrustedInputError(
                    _('The file has the key "{key}" twice in the same object.').format(key=key)
                )
            seen.add(key)
    return result


def _not_a_number(token: str) -> Any:
    raise UntrustedInputError(
        _("The file has {token}, which is not a JSON number.").format(token=token)
    )


def _integer(token: str) -> int:
    if len(token) > MAX_NUMBER_DIGITS:
        raise UntrustedInputError(
            _("The file has a number of {digits} digits; at most {limit} are accepted.").format(
                digits=len(token), limit=MAX_NUMBER_DIGITS
            )
        )
    return int(token)


def _float(token: str) -> float:
    value = float(token) if len(token) <= MAX_NUMBER_DIGITS else math.inf
    if not math.isfinite(value):
        raise UntrustedInputError(
            _("The file has the number {number}, which is too long or too large.").format(
                number=token[:MAX_NUMBER_DIGITS]
            )
        )
    return value


def loads_untrusted(
    data: bytes,
    *,
    max_depth: int = MAX_DEPTH,
    max_bytes: int = MAX_BYTES,
    max_values: int = MAX_VALUES,
) -> Any:
    """Decode untrusted JSON ``data``; raise ``UntrustedInputError`` naming the first problem.

    A UTF-8 byte order mark (Notepad writes one) is allowed and skipped.
    """
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UntrustedInputError(
            _("The file is not UTF-8 text: the byte at offset {offset} is invalid.").format(
                offset=start + exc.start
            )
        ) from None
    _check_structure(data, max_depth, max_values)
    try:
        return json.loads(
            text,
            object_pairs_hook=_unique_keys,
            parse_constant=_not_a_number,
            parse_int=_integer,
            parse_float=_float,
        )
    except json.JSONDecodeError as exc:
        raise UntrustedInputError(
            _("The file is not valid JSON: {problem} (line {line}, column {column}).").format(
                problem=exc.msg, line=exc.lineno, column=exc.colno
            )
        ) from None
    except (ValueError, RecursionError) as exc:  # the pre-scan should make these impossible
        raise UntrustedInputError(
            _("The file is not valid JSON: {problem}.").format(problem=exc)
        ) from None
