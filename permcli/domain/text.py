"""Free text perm keeps and prints: one check for every value typed or imported, and one
way to print text that came from elsewhere (older databases, file names)."""

from __future__ import annotations

import re
from typing import Any

from .errors import PermError

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


def kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def clean_text(value: str | None, what: str, limit: int = 200, required: bool = False) -> str | None:
    """A free-text value trimmed, or None when empty: names, workers, teams, reasons,
    outcomes. Refused when too long, with control characters, or not text at all."""
    if value is not None and not isinstance(value, str):  # a JSON file can hold any type
        raise PermError(f"{what}: expected text, not {kind_of(value)}")
    text = (value or "").strip()
    if not text:
        if required:
            raise PermError(f"{what} is required")
        return None
    if len(text) > limit:
        raise PermError(f"{what}: longer than {limit} characters")
    return check_text(text, what)
