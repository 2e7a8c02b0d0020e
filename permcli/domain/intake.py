"""What an import brings in before it is checked against the database: children and events
to add, each with the file and line it came from, and the rows that cannot be used."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .timeline import Child


@dataclass(frozen=True)
class Row:
    """A row of an input file, by column name."""

    line: int
    values: dict[str, str]
    problem: str | None = None  # why the row cannot be read (a short or long row)


@dataclass(frozen=True)
class Where:
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Candidate:
    """An event to import. The last fields carry an export back in without loss."""

    child: str
    kind: str
    date: date
    details: dict[str, Any]
    where: Where
    original_id: int | None = None
    voids: int | None = None  # for a correction: the original ID of the event it voids
    reason: str | None = None  # for a correction: why
    recorded_at: datetime | None = None
    recorded_by: str | None = None


@dataclass(frozen=True)
class Reject:
    where: Where
    child: str | None
    why: str


@dataclass
class Intake:
    children: list[tuple[Child, Where]] = field(default_factory=list)
    events: list[Candidate] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    rows: Counter = field(default_factory=Counter)  # data rows read, by file
    uasc: dict[str, Where] = field(default_factory=dict)  # children to mark UASC

    def reject(self, where: Where, child: str | None, why: str) -> None:
        self.rejects.append(Reject(where, child, why))

