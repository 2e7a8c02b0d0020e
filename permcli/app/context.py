"""What every use case needs: where the database is, what day it is, who is acting."""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import cached_property
from typing import TYPE_CHECKING

from ..domain.errors import PermError
from ..domain.events import parse_date

if TYPE_CHECKING:
    from typing import Callable

    from ..store.engine import Conn, Database, Location


@dataclass
class Context:
    db: str | None = None
    as_of_text: str | None = None
    user: str | None = None
    notices: list[str] = field(default_factory=list)
    _engine: "Database | None" = None

    @cached_property
    def as_of(self) -> date:
        if not self.as_of_text:
            return date.today()
        return parse_date(self.as_of_text, "--as-of")

    @cached_property
    def by(self) -> str:
        from ..domain.text import check_text

        name = self.user or _os_user()
        name = name.strip()
        if not name or len(name) > 100:
            raise PermError("--by: give who is making the change (up to 100 characters)")
        # Shown raw in perm audit and kept in every record: a newline would forge a line.
        return check_text(name, "--by")

    @staticmethod
    def now() -> datetime:
        return datetime.now(timezone.utc)

    @cached_property
    def location(self) -> "Location":
        from ..store.engine import locate

        return locate(self.db)

    def engine(self, create: "Callable[[Conn], None] | None" = None) -> "Database":
        """The database, opened once per run at the newest schema (see store.schema)."""
        if self._engine is None:
            from ..store.schema import open_database

            self._engine, upgrade = open_database(self.location, create=create)
            if upgrade is not None:
                where = f"; the old file is kept at {upgrade.backup}" if upgrade.backup else ""
                self.notices.append(f"upgraded the database schema from {upgrade.old} to {upgrade.new}{where}")
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"
