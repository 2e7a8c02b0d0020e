"""PostgreSQL roles for a shared database: who may read, record, and administer.

A council's DBA grants these to people (GRANT perm_writer TO alice). The server enforces
them whatever client is used: table privileges for reading and writing, and a trigger on
the audit trail (migration 0004) for what only an administrator may do through perm
(import, export every record, purge, restore). The audit trail records the database role
of every change from the server's own knowledge, beside the name the client gave.
"""

from __future__ import annotations

from ..domain.errors import PermError
from ..store.engine import run_write
from .context import Context

READER, WRITER, ADMIN = "perm_reader", "perm_writer", "perm_admin"

# (role, privileges, tables) in the order they are granted. Each role also has the
# privileges of the roles before it (perm_admin > perm_writer > perm_reader).
TABLE_GRANTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (READER, "SELECT", ("alembic_version", "setting", "child", "child_change", "event")),
    (READER, "INSERT", ("audit",)),  # reading a child's record is itself recorded
    (WRITER, "INSERT", ("child", "child_change", "event")),
    (ADMIN, "SELECT, UPDATE", ("audit",)),  # perm audit; a purge rewrites lines about the child
    (ADMIN, "SELECT, INSERT, DELETE", ("purge",)),
    (ADMIN, "DELETE", ("child", "child_change", "event")),
    (ADMIN, "INSERT, DELETE", ("setting",)),
)
SEQUENCE_GRANTS = ((READER, ("audit_id_seq",)), (WRITER, ("child_id_seq", "child_change_id_seq", "event_id_seq")))
WHAT = {
    READER: "due, show, agenda, panels, report: reads, and records that it read (no export of every record)",
    WRITER: "as perm_reader, and records children, events, bookings and papers",
    ADMIN: "as perm_writer, and imports, exports, purges, restores and reads the audit trail",
}


def roles_sql(database: str) -> str:
    """The SQL that creates perm's roles (if missing) and grants them their privileges on
    this database. Running it again changes nothing."""
    db = '"' + database.replace('"', '""') + '"'
    lines = ["-- perm's roles. Grant one to each person: GRANT perm_writer TO alice;"]
    for role, what in WHAT.items():
        lines.append(f"-- {role}: {what}")
    lines.append("DO $$ BEGIN")
    for role in WHAT:
        lines.append(f"  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN CREATE ROLE {role} NOLOGIN; END IF;")
    lines.append("END $$;")
    lines += [f"GRANT {READER} TO {WRITER};", f"GRANT {WRITER} TO {ADMIN};"]
    lines.append("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;")
    lines += [f"GRANT CONNECT ON DATABASE {db} TO {READER};", f"GRANT USAGE ON SCHEMA public TO {READER};"]
    for role, privileges, tables in TABLE_GRANTS:
        lines.append(f"GRANT {privileges} ON {', '.join(tables)} TO {role};")
    for role, sequences in SEQUENCE_GRANTS:
        lines.append(f"GRANT USAGE ON SEQUENCE {', '.join(sequences)} TO {role};")
    return "\n".join(lines) + "\n"


def roles(ctx: Context, apply: bool) -> str:
    """The roles' SQL for this database; with ``apply``, run it too (needs a role that may
    create roles and owns perm's tables)."""
    if ctx.location.path is not None:
        raise PermError("roles are PostgreSQL's: an SQLite file is protected by its file permissions")
    from sqlalchemy.engine import make_url

    sql = roles_sql(make_url(ctx.location.url).database or "postgres")
    if apply:
        run_write(ctx.engine(), lambda conn: conn.execute_script(sql))
    return sql
