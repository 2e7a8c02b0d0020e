"""Exporting children and their events, whole or pseudonymised for sharing figures.

A pseudonymised export replaces each child's ID with a keyed hash (HMAC-SHA256), leaves out
names and free text, keeps only the month of birth, and hashes staff names too. The same
key gives the same pseudonyms, so exports made with it can be linked; without the key they
cannot be turned back into IDs.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from ..domain import childfacts
from ..domain.text import printable
from ..domain.errors import PermError
from ..domain.events import KINDS
from ..store import repo
from ..store.engine import transaction
from .context import Context

KEY_ENV = "PERM_PSEUDONYM_KEY"
# Details that may hold free text (and so names); left out of pseudonymised exports.
FREE_TEXT = {"outcome", "reason"}
FREE_TEXT_KINDS = {"ceased"}  # a ceased event's reason is free text; a panel's is an ID


def key_file() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("perm", appauthor=False)) / "pseudonym.key"


def load_key(path: str | None) -> tuple[bytes, str]:
    """The pseudonymisation key and where it came from: --key-file, PERM_PSEUDONYM_KEY, or
    a key perm makes once and keeps in the user's config folder (readable by the owner)."""
    if path:
        # A file name may hold a newline or escape codes: shown escaped, on one line.
        where = printable(str(path))
        try:
            key = Path(path).expanduser().read_bytes().strip()
        except OSError as exc:
            raise PermError(f"--key-file: cannot read {where}: {exc.strerror}") from None
    elif os.environ.get(KEY_ENV):
        key, where = os.environ[KEY_ENV].encode(), KEY_ENV
    else:
        from ..store.engine import create_private_file

        default = key_file()
        if not default.exists():
            create_private_file(default)
            default.write_text(secrets.token_hex(32))
        key, where = default.read_bytes().strip(), printable(str(default))
    if len(key) < 16:
        raise PermError("the pseudonymisation key is too short: use at least 16 characters")
    return key, where


def _pseudonym(key: bytes, kind: str, value: str | None) -> str | None:
    if value is None:
        return None
    digest = hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
    return f"{kind[0].upper()}{digest[:16]}"


def export_data(ctx: Context, pseudonymise: bool = False, key_path: str | None = None) -> tuple[dict, str | None]:
    """{"children": [...], "events": [...]} and, when pseudonymised, where the key came from.
    Events include corrections and voided events, so an export loses nothing."""
    key, where = load_key(key_path) if pseudonymise else (b"", None)
    with transaction(ctx.engine(), write=False) as conn:
        children = repo.list_children(conn)
        records = repo.child_event_records(conn, None)
    out_children = []
    for c in children:
        first = c.first or c  # as first recorded: the changes since follow, each as it was recorded
        row = {
            "child": c.ref,
            "name": first.name,
            "dob": _day(first.dob),
            "expected_birth": _day(first.expected_birth),
            "worker": first.worker,
            "team": first.team,
            "sibling_group": first.sibling_group,
            "uasc": first.uasc,
            "changes": [{
                "field": change.field,
                "value": childfacts.to_text(change.field, change.value),
                "from": _day(change.from_day),
                "reason": change.reason,
                "recorded_at": change.recorded_at.isoformat() if change.recorded_at else None,
                "recorded_by": change.recorded_by,
            } for change in c.changes],
        }
        if pseudonymise:
            row.update(
                child=_pseudonym(key, "child", c.ref),
                name=None,
                dob=_day(first.dob)[:7] if first.dob else None,
                expected_birth=_day(first.expected_birth)[:7] if first.expected_birth else None,
                worker=_pseudonym(key, "worker", first.worker),
                sibling_group=_pseudonym(key, "group", first.sibling_group),
                changes=[_pseudonymised_change(key, change) for change in row["changes"] if change["field"] != "name"],
            )
        out_children.append(row)
    out_events = []
    for r in records:
        details = dict(r.details)
        row = {
            "id": r.id,
            "child": r.child_ref,
            "kind": r.kind,
            "date": r.date.isoformat(),
            "details": details,
            "voids": r.voids,
            "reason": r.reason,
            "voided_by": r.voided_by,
            "recorded_at": r.recorded_at.isoformat(),
            "recorded_by": r.recorded_by,
        }
        if pseudonymise:
            for name in FREE_TEXT:
                if name in details and (name == "outcome" or r.kind in FREE_TEXT_KINDS):
                    details.pop(name)
            row.update(
                child=_pseudonym(key, "child", r.child_ref),
                reason=None,
                recorded_by=_pseudonym(key, "worker", r.recorded_by),
            )
        out_events.append(row)
    return {"children": out_children, "events": out_events}, where


def _day(day) -> str | None:
    return day.isoformat() if day else None


def _pseudonymised_change(key: bytes, change: dict) -> dict:
    """A change with no free text and no names: staff and groups hashed, a month of birth."""
    value, field = change["value"], change["field"]
    if field in ("worker", "sibling_group"):
        value = _pseudonym(key, "worker" if field == "worker" else "group", value)
    elif field in ("dob", "expected_birth") and value:
        value = value[:7]
    return {**change, "value": value, "reason": None, "recorded_by": _pseudonym(key, "worker", change["recorded_by"])}


def event_csv_columns() -> list[str]:
    """Columns of events.csv: an events file's, then what makes the export lossless."""
    details = sorted({f.name for k in KINDS.values() for f in k.fields})
    return ["child", "kind", "date", *details, "id", "voids", "correction_reason", "voided_by", "recorded_at", "recorded_by"]
