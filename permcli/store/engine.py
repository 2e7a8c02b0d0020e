"""Where the database is and how perm talks to it.

SQLite gets WAL, a busy timeout and BEGIN IMMEDIATE for every write transaction, so
several people and cron jobs can write at once without "database is locked"; these
settings are attached to SQLite engines only. Parameters are hidden from error messages
so a failing statement never prints a child's details.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

from ..domain.errors import PermError

BUSY_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Location:
    url: str
    path: Path | None  # the file, for SQLite

    @property
    def shown(self) -> str:
        """The database as it may be shown to a person (no password)."""
        if self.path is not None:
            return str(self.path)
        return make_url(self.url).render_as_string(hide_password=True)


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("perm", appauthor=False)) / "perm.db"


def locate(db: str | None) -> Location:
    """A --db value (a path or an SQLAlchemy URL), or the default file, as a Location."""
    if not db:
        path = default_path()
        return Location(f"sqlite:///{path}", path)
    if "://" not in db:
        path = Path(db).expanduser().resolve()
        return Location(f"sqlite:///{path}", path)
    try:
        url = make_url(db)
    except Exception:
        raise PermError("--db: not a file path or a database URL") from None
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            raise PermError("--db: an SQLite URL must name a file")
        path = Path(url.database).expanduser().resolve()
        return Location(f"sqlite:///{path}", path)
    return Location(db, None)


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only, whatever the umask."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def make_engine(location: Location) -> Engine:
    if location.path is None:
        return create_engine(location.url, hide_parameters=True, pool_pre_ping=True)
    engine = create_engine(
        location.url,
        hide_parameters=True,
        connect_args={"timeout": BUSY_TIMEOUT_SECONDS},
    )
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection, _record) -> None:
    # pysqlite would otherwise issue its own deferred BEGIN; perm issues BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # A writer takes the write lock at BEGIN, so it waits (busy timeout) rather than
    # failing half way when another writer got there first.
    if connection.get_execution_options().get("perm_write"):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


@contextmanager
def transaction(engine: Engine, write: bool) -> Iterator[Connection]:
    """One transaction: committed when the block ends, rolled back on any error.

    PostgreSQL reads see one snapshot (REPEATABLE READ) and writes run SERIALIZABLE, so
    concurrent writers behave as if one ran after the other; a writer that loses a
    conflict is rolled back and must be retried (see ``write_attempts``).
    """
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="SERIALIZABLE" if write else "REPEATABLE READ")
        else:
            conn = conn.execution_options(perm_write=write)
        with conn.begin():
            yield conn


RETRY_STATES = {"40001", "40P01"}  # serialization failure, deadlock detected


def _must_retry(exc: BaseException) -> bool:
    return getattr(getattr(exc, "orig", None), "sqlstate", None) in RETRY_STATES


class _Attempt:
    """One try at a write transaction; a serialization failure marks it for another."""

    def __init__(self, engine: Engine, last: bool):
        self.engine, self.last, self.again = engine, last, False

    def __enter__(self) -> Connection:
        self._cm = transaction(self.engine, write=True)
        return self._cm.__enter__()

    def __exit__(self, kind, exc, tb) -> bool:
        try:
            self._cm.__exit__(kind, exc, tb)  # commits, or rolls back on an error
        except Exception as failed:  # the commit itself can lose a serialization conflict
            if self.last or not _must_retry(failed):
                raise
            self.again = True
            return True
        if exc is not None and not self.last and _must_retry(exc):
            self.again = True
            return True
        return False


def write_attempts(engine: Engine, tries: int = 30) -> Iterator[_Attempt]:
    """Tries at one write transaction, for PostgreSQL's serialization failures:

        for attempt in write_attempts(engine):
            with attempt as conn:
                ...

    The block runs again from the start after a conflict (with a short random wait), up to
    ``tries`` times. SQLite writers queue at BEGIN IMMEDIATE and need no second try.
    """
    import random
    import time

    for n in range(tries):
        attempt = _Attempt(engine, last=n == tries - 1)
        yield attempt
        if not attempt.again:
            return
        time.sleep(random.uniform(0, 0.02 * (n + 1)))
