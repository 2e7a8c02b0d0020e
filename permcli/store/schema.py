"""Schema versions: open a database at the newest schema, upgrading an older one.

Opening a database costs one cheap query for its version; Alembic is imported only when
the schema has to change, and a SQLite file is backed up before it does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..domain.errors import PermError
from ..resources import bundled
from .backup import backup_sqlite, fresh_file
from .engine import AlchemyConn, Conn, Database, Location, alchemy_transaction, create_private_file, is_database_error, transaction

# Every revision in migrations/versions, oldest first. A test checks this against Alembic.
REVISIONS = ("0001", "0002", "0003", "0004", "0005")
HEAD = REVISIONS[-1]

# The triggers that keep records append-only and the audit trail honest, by the revision
# that added them: a database of that revision without one of them has been tampered with.
TRIGGERS = {
    "0003": ("event_no_update", "event_no_delete", "audit_no_update", "audit_no_delete", "child_no_delete"),
    "0004": ("child_no_update",),
    "0005": ("child_change_no_update", "child_change_no_delete"),
}
POSTGRESQL_TRIGGERS = {
    "0003": ("audit_no_truncate", "event_no_truncate"),
    "0004": ("audit_identity", "child_no_truncate"),
    "0005": ("child_change_no_truncate",),
}


def expected_triggers(version: str, dialect: str) -> set[str]:
    """The triggers a database at ``version`` must have."""
    known = REVISIONS[: REVISIONS.index(version) + 1] if version in REVISIONS else REVISIONS
    wanted = {t for v in known for t in TRIGGERS.get(v, ())}
    if dialect == "postgresql":
        wanted |= {t for v in known for t in POSTGRESQL_TRIGGERS.get(v, ())}
    return wanted


@dataclass(frozen=True)
class Upgrade:
    old: str
    new: str
    backup: Path | None


def current_version(db: Database) -> str | None:
    """The schema version, or None for a database perm has not initialised."""
    try:
        with transaction(db, write=False) as conn:
            return conn.scalar("SELECT version_num FROM alembic_version")
    except Exception as exc:
        if is_database_error(exc) and "alembic_version" in str(getattr(exc, "orig", exc)):
            return None
        raise


def migrate(db: Database, then: Callable[[Conn], None] | None = None) -> None:
    """Upgrade to the newest schema in one write transaction: all of it or none.
    ``then`` runs in the same transaction (a new database's first settings)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(bundled("migrations")))
    db.dispose()  # SQLite: the migration's own connection is then the only one
    try:
        with alchemy_transaction(db.alchemy(), write=True) as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            if db.dialect == "sqlite":
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"the upgrade left {len(broken)} rows pointing at missing records")
            if then is not None:
                then(AlchemyConn(conn))
    finally:
        if db.dialect == "sqlite":
            db.dispose()


def open_database(
    location: Location, *, create: Callable[[Conn], None] | None = None
) -> tuple[Database, Upgrade | None]:
    """A database at the newest schema.

    ``create`` makes a new database (``perm init``) and writes its first settings, in one
    transaction with the schema; otherwise the database must exist.
    An older schema is upgraded after a backup; a newer one is refused.
    """
    path = location.path
    is_new = path is not None and not path.exists()
    if is_new and not create:
        raise PermError(f"no perm database at {location.shown}: run `perm init` first, or give --db")
    if is_new:
        create_private_file(path)
    db = Database(location)
    try:
        version = current_version(db)
    except Exception as exc:
        db.dispose()
        if not is_database_error(exc):
            raise
        raise PermError(f"cannot open the database at {location.shown}: {_reason(exc)}") from None
    if version is None:
        if not create:
            db.dispose()
            raise PermError(f"{location.shown} is not a perm database: run `perm init` to create one")
        try:
            migrate(db, then=create)
        except BaseException:
            db.dispose()
            if is_new:
                remove_sqlite_files(path)
            raise
        return db, None
    if create:
        db.dispose()
        raise PermError(f"a perm database already exists at {location.shown}")
    if version == HEAD:
        return db, None
    if version not in REVISIONS:
        db.dispose()
        raise PermError(
            f"the database at {location.shown} has schema version {version}, newer than this perm "
            f"understands ({HEAD}): upgrade perm to use it"
        )
    backup = None
    if path is not None:
        backup = backup_sqlite(db, fresh_file(path.with_name(f"{path.name}.before-{HEAD}"), ".bak"))
    try:
        migrate(db)
    except Exception as exc:  # the upgrade ran in one transaction: nothing of it stayed
        db.dispose()
        kept = f"; a copy from before is at {backup}" if backup else ""
        raise PermError(
            f"upgrading the database from schema {version} to {HEAD} failed ({type(exc).__name__}); "
            f"the database is unchanged{kept}"
        ) from None
    return db, Upgrade(version, HEAD, backup)


def remove_sqlite_files(path: Path) -> None:
    """Remove a database file perm created, with its WAL and shared-memory files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _reason(exc: Exception) -> str:
    text_ = str(getattr(exc, "orig", exc)).splitlines()[0]
    if "file is not a database" in text_:
        return "it is not an SQLite database"
    return text_[:200]
