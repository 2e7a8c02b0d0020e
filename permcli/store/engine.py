"""Where the database is and how perm talks to it.

perm writes its SQL once, with :name parameters, and runs it through one small interface,
``Conn``: SQLite through Python's own sqlite3 module (nothing heavy to import, so a command
starts at once), PostgreSQL through SQLAlchemy and psycopg. Alembic, for schema changes,
gets an SQLAlchemy engine of its own, made only when the schema must change.

SQLite gets WAL, a busy timeout and BEGIN IMMEDIATE for every write transaction, so
several people and cron jobs can write at once without "database is locked". PostgreSQL
reads see one snapshot and writes run SERIALIZABLE (retried after a conflict, see
``run_write``). Errors never carry a statement's parameters, so a failing statement
never prints a child's details.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeVar

from ..domain.errors import PermError

BUSY_TIMEOUT_SECONDS = 60
T = TypeVar("T")


@dataclass(frozen=True)
class Location:
    url: str
    path: Path | None  # the file, for SQLite

    @property
    def shown(self) -> str:
        """The database as it may be shown to a person (no password)."""
        if self.path is not None:
            return str(self.path)
        from sqlalchemy.engine import make_url

        return make_url(self.url).render_as_string(hide_password=True)


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("perm", appauthor=False)) / "perm.db"


def locate(db: str | None) -> Location:
    """A --db value (a path or an SQLAlchemy URL), or the default file, as a Location."""
    if not db:
        path = default_path()
        return Location(f"sqlite:///{path}", path)
    from ..domain.text import check_text

    check_text(db, "--db")  # a file name with a newline would print as two lines ever after
    if "://" not in db:
        path = Path(db).expanduser().resolve()
        return Location(f"sqlite:///{path}", path)
    from sqlalchemy.engine import make_url

    try:
        url = make_url(db)
    except Exception:
        raise PermError("--db: not a file path or a database URL") from None
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            raise PermError("--db: an SQLite URL must name a file")
        path = Path(url.database).expanduser().resolve()
        return Location(f"sqlite:///{path}", path)
    if url.get_backend_name() != "postgresql" or _driver(url) != "psycopg":
        # perm's SQL, migrations and retries are written for SQLite and for PostgreSQL
        # through psycopg (perm[postgresql]); anything else would fail later, with a
        # missing module or a half-made schema.
        raise PermError(
            "--db: perm works with SQLite and PostgreSQL: give a file path or a postgresql+psycopg:// URL, "
            f"not {url.drivername}://"
        )
    return Location(db, None)


def _driver(url) -> str | None:
    """The driver a URL names, or SQLAlchemy's default for its database; None if unknown."""
    try:
        return url.get_driver_name()
    except Exception:  # a driver SQLAlchemy has never heard of
        return None


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only, whatever the umask."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def is_database_error(exc: BaseException) -> bool:
    """Whether an error came from the database (SQLite's, or SQLAlchemy's for PostgreSQL)."""
    if isinstance(exc, sqlite3.Error):
        return True
    sa = sys.modules.get("sqlalchemy.exc")  # loaded only if SQLAlchemy was used
    return sa is not None and isinstance(exc, sa.DBAPIError)


# -- values as SQLite stores them ---------------------------------------------------------------


def _sqlite_value(value: Any) -> Any:
    """A parameter as SQLite keeps it, the way SQLAlchemy's types wrote it before: ISO dates,
    UTC times with microseconds, JSON text, 0 and 1."""
    if value is None or type(value) in (str, int, float):
        return value
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    if isinstance(value, bool):
        return int(value)
    return value


def _sqlite_values(params: dict[str, Any]) -> dict[str, Any]:
    return {k: _sqlite_value(v) for k, v in params.items()}


def as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def as_moment(value: Any) -> datetime:
    """A stored time, in UTC (SQLite hands it back as text without a zone)."""
    if not isinstance(value, datetime):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def as_json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, (str, bytes)) else value


# -- connections ------------------------------------------------------------------------------


class Conn:
    """One transaction's connection: SQL with :name parameters, rows as tuples."""

    dialect: str

    def execute(self, sql: str, params: dict[str, Any] | None = None):
        """Run a statement; the result iterates as tuples (fetchone, fetchall)."""
        raise NotImplementedError

    def executemany(self, sql: str, rows: Iterable[dict[str, Any]]) -> None:
        raise NotImplementedError

    def scalar(self, sql: str, params: dict[str, Any] | None = None) -> Any:
        row = self.execute(sql, params).fetchone()
        return None if row is None else row[0]


class SQLiteConn(Conn):
    dialect = "sqlite"

    def __init__(self, raw: sqlite3.Connection):
        self.raw = raw

    def execute(self, sql, params=None):
        return self.raw.execute(sql, _sqlite_values(params or {}))

    def executemany(self, sql, rows):
        self.raw.executemany(sql, (_sqlite_values(row) for row in rows))


class AlchemyConn(Conn):
    """A connection through SQLAlchemy: PostgreSQL, and SQLite while Alembic changes the
    schema (values are then stored exactly as SQLiteConn stores them)."""

    def __init__(self, conn):
        self.conn = conn
        self.dialect = conn.dialect.name

    def _statement(self, sql: str, sample: dict[str, Any]):
        from sqlalchemy import JSON, bindparam, text

        statement = text(sql)
        if self.dialect != "sqlite":
            as_json_ = [bindparam(k, type_=JSON) for k, v in sample.items() if isinstance(v, (dict, list))]
            if as_json_:
                statement = statement.bindparams(*as_json_)
        return statement

    def _values(self, params: dict[str, Any]) -> dict[str, Any]:
        return _sqlite_values(params) if self.dialect == "sqlite" else params

    def execute(self, sql, params=None):
        params = params or {}
        return self.conn.execute(self._statement(sql, params), self._values(params))

    def executemany(self, sql, rows):
        batch: list[dict[str, Any]] = []
        for row in rows:  # in batches, so a whole region's rows are never all in memory
            batch.append(self._values(row))
            if len(batch) == 5000:
                self.conn.execute(self._statement(sql, batch[0]), batch)
                batch = []
        if batch:
            self.conn.execute(self._statement(sql, batch[0]), batch)

    def execute_script(self, sql: str) -> None:
        """Several statements without parameters (perm's own SQL, such as its roles)."""
        self.conn.exec_driver_sql(sql)


class Database:
    """An open database: where it is, and its connections. SQLite keeps one sqlite3
    connection for the run; PostgreSQL an SQLAlchemy engine (a pool)."""

    def __init__(self, location: Location):
        self.location = location
        self.dialect = "sqlite" if location.path is not None else "postgresql"
        self._raw: sqlite3.Connection | None = None
        self._alchemy = None

    def sqlite(self) -> sqlite3.Connection:
        if self._raw is None:
            raw = sqlite3.connect(self.location.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
            raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
            raw.execute("PRAGMA journal_mode = WAL")
            raw.execute("PRAGMA foreign_keys = ON")
            # Deleted and rewritten rows are overwritten with zeros, not left in free pages:
            # a purged child's name must not survive in the file.
            raw.execute("PRAGMA secure_delete = ON")
            self._raw = raw
        return self._raw

    def compact(self) -> bool:
        """After a purge: rebuild an SQLite file without free pages and empty its WAL, so no
        deleted row survives in either. False when other connections kept the WAL from
        being emptied (it is emptied at the next checkpoint once they are done)."""
        if self.dialect != "sqlite":
            return True
        raw = self.sqlite()
        raw.execute("VACUUM")
        busy, _, _ = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return not busy

    def alchemy(self):
        """An SQLAlchemy engine on this database (PostgreSQL's connections; Alembic's)."""
        if self._alchemy is None:
            self._alchemy = make_alchemy_engine(self.location)
        return self._alchemy

    def dispose(self) -> None:
        if self._raw is not None:
            self._raw.close()
            self._raw = None
        if self._alchemy is not None:
            self._alchemy.dispose()
            self._alchemy = None


def make_alchemy_engine(location: Location):
    from sqlalchemy import create_engine, event

    if location.path is None:
        return create_engine(location.url, hide_parameters=True, pool_pre_ping=True)
    engine = create_engine(location.url, hide_parameters=True, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})
    event.listen(engine, "connect", _alchemy_sqlite_connect)
    event.listen(engine, "begin", _alchemy_sqlite_begin)
    return engine


def _alchemy_sqlite_connect(dbapi_connection, _record) -> None:
    # pysqlite would otherwise issue its own deferred BEGIN; perm issues BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
    cursor.execute("PRAGMA journal_mode = WAL")
    # SQLAlchemy only migrates SQLite. A migration that rebuilds a table (SQLite's way to
    # change a column) must run with foreign keys off, as SQLite's documentation says;
    # store.schema.migrate checks every foreign key before it commits.
    cursor.execute("PRAGMA foreign_keys = OFF")
    cursor.execute("PRAGMA secure_delete = ON")
    cursor.close()


def _alchemy_sqlite_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")  # SQLAlchemy writes to SQLite only to migrate


@contextmanager
def alchemy_transaction(engine, write: bool):
    """One SQLAlchemy transaction: PostgreSQL reads see one snapshot (REPEATABLE READ) and
    writes run SERIALIZABLE, so concurrent writers behave as if one ran after the other."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="SERIALIZABLE" if write else "REPEATABLE READ")
        with conn.begin():
            yield conn


@contextmanager
def transaction(db: Database, write: bool) -> Iterator[Conn]:
    """One transaction: committed when the block ends, rolled back on any error.

    A SQLite writer takes the write lock at BEGIN, so it waits (busy timeout) rather than
    failing half way when another writer got there first. A PostgreSQL writer that loses a
    serialization conflict is rolled back and must be retried (see ``run_write``).
    """
    if db.dialect != "sqlite":
        try:
            with alchemy_transaction(db.alchemy(), write) as conn:
                yield AlchemyConn(conn)
        except Exception as exc:
            if getattr(getattr(exc, "orig", None), "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
                first = str(exc.orig).splitlines()[0][:200]
                raise PermError(f"the database refused: {first} ({ROLES_HINT})") from None
            raise
        return
    raw = db.sqlite()
    raw.execute("BEGIN IMMEDIATE" if write else "BEGIN")
    try:
        yield SQLiteConn(raw)
        raw.execute("COMMIT")
    except BaseException:
        if raw.in_transaction:  # SQLite rolls some failures back by itself
            raw.execute("ROLLBACK")
        raise


RETRY_STATES = {"40001", "40P01"}  # serialization failure, deadlock detected
INSUFFICIENT_PRIVILEGE = "42501"
ROLES_HINT = "perm_reader reads, perm_writer records, perm_admin imports, exports and purges: see perm db roles"


def _must_retry(exc: BaseException) -> bool:
    return getattr(getattr(exc, "orig", None), "sqlstate", None) in RETRY_STATES


def run_write(db: Database, work: "Callable[[Conn], T]", tries: int = 30) -> T:
    """Run ``work(conn)`` in one write transaction and return what it returned, once the
    transaction has committed.

    On PostgreSQL a serialization failure or deadlock (on any statement, or on COMMIT
    itself) rolls the transaction back and runs ``work`` again from the start, after a
    short random wait, up to ``tries`` times; then the failure is raised. SQLite writers
    queue at BEGIN IMMEDIATE and never need a second try. Nothing can return a result
    past a failed commit: the result is handed back only after the block has committed.
    """
    import random
    import time

    for n in range(tries):
        try:
            with transaction(db, write=True) as conn:
                result = work(conn)
        except Exception as exc:
            if n == tries - 1 or not _must_retry(exc):
                raise
            time.sleep(random.uniform(0, 0.02 * (n + 1)))
            continue
        return result
    raise AssertionError("unreachable")  # the last try returns or raises
