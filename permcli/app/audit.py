"""The audit trail: who changed what, when and why, and every export of personal data."""

from __future__ import annotations

from datetime import datetime, time, timezone

from ..domain.children import clean_ref
from ..domain.events import parse_date
from ..store import repo
from ..store.engine import run_write, transaction
from .context import Context


def record_export(ctx: Context, action: str, detail: dict, children: list[str] | None = None) -> None:
    """Record that personal data left perm: what, where to, and about which children."""
    run_write(ctx.engine(), lambda conn: repo.audit(
        conn, ctx.now(), ctx.by, action, detail={**detail, "children": sorted(children or [])}))


def audit_trail(ctx: Context, child: str | None = None, since: str | None = None) -> list[dict]:
    ref = clean_ref(child) if child is not None else None
    start = None
    if since is not None:
        start = datetime.combine(parse_date(since, "--since"), time(), timezone.utc)
    with transaction(ctx.engine(), write=False) as conn:
        rows = repo.audit_rows(conn, ref, start)
    for row in rows:
        row["at"] = row["at"].isoformat(timespec="seconds")
    return rows
