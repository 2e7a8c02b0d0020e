"""Checking what is recorded about a child. Errors never repeat a name or date of birth."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from .errors import PermError
from .events import parse_date
from .timeline import Child

_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
# C0 controls, DEL and C1 controls: line breaks and terminal escape sequences (ESC, and
# U+009B, which some terminals take as the start of one) would forge lines of output or
# drive the terminal of whoever reads the audit trail.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# Lone surrogates: how Python hands over bytes that were not UTF-8 (in argv, the
# environment or file names); no database or terminal can take them.
_SURROGATE = re.compile("[\ud800-\udfff]")
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def check_text(text: str, what: str) -> str:
    """``text`` as it is, or one clear error if it holds control characters or bytes that
    were not UTF-8. Every free-text value perm keeps passes through here."""
    if _SURROGATE.search(text):
        raise PermError(f"{what}: not UTF-8 text")
    if _CONTROL.search(text):
        raise PermError(f"{what}: contains control characters")
    return text


def printable(text: str) -> str:
    """``text`` safe to print on one line of a terminal: control characters and bytes that
    were not UTF-8 shown as escapes (\\n, \\x1b, \\xff). For text stored before perm
    refused them, and for file names, which may hold anything."""
    return _UNSAFE.sub(_escape, text)


def _escape(found: re.Match) -> str:
    char = found.group()
    code = ord(char)
    if char in _ESCAPES:
        return _ESCAPES[char]
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the byte that was not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _not_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def clean_ref(ref: str | None) -> str:
    if ref is not None and not isinstance(ref, str):  # a JSON file can hold any type
        raise PermError(f"child ID: expected text, not {_not_text(ref)}")
    ref = (ref or "").strip()
    if not _REF.match(ref):
        raise PermError(
            "child ID: use 1 to 64 letters, digits, '.', '_', '/' or '-', starting with a letter or digit"
        )
    return ref


def clean_text(value: str | None, what: str, limit: int = 200, required: bool = False) -> str | None:
    """A free-text value trimmed, or None when empty: names, workers, teams, reasons,
    outcomes. Refused when too long, with control characters, or not text at all."""
    if value is not None and not isinstance(value, str):  # a JSON file can hold any type
        raise PermError(f"{what}: expected text, not {_not_text(value)}")
    text = (value or "").strip()
    if not text:
        if required:
            raise PermError(f"{what} is required")
        return None
    if len(text) > limit:
        raise PermError(f"{what}: longer than {limit} characters")
    return check_text(text, what)


def clean_dob(text: str | date | None, as_of: date) -> date:
    """A date of birth; the message on a bad value never repeats the value."""
    try:
        dob = parse_date(text, "--dob", bounded=False)  # out of range has its own message below
    except PermError:
        raise PermError("--dob: expected the date of birth as a real date, YYYY-MM-DD") from None
    if dob > as_of:
        raise PermError("--dob: the date of birth is after the as-of day")
    if dob.year < 1900:
        raise PermError("--dob: the date of birth is before 1900")
    return dob


def clean_child(
    ref: str | None,
    name: str | None,
    dob: str | date | None,
    as_of: date,
    worker: str | None = None,
    team: str | None = None,
    sibling_group: str | None = None,
    uasc: bool = False,
    name_required: bool = True,
) -> Child:
    """A child as recorded. Imports from returns that carry no names (SSDA903) pass
    ``name_required=False``."""
    return Child(
        ref=clean_ref(ref),
        name=clean_text(name, "--name", required=name_required) or "",
        dob=clean_dob(dob, as_of),
        worker=clean_text(worker, "--worker"),
        team=clean_text(team, "--team"),
        sibling_group=clean_text(sibling_group, "--sibling-group", limit=64),
        uasc=bool(uasc),
    )
