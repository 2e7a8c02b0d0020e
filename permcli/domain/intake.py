"""What an import brings in before it is checked against the database: children and events
to add, each with the file and line it came from, the rows that cannot be used, and the rows
kept with a warning (a rule of the source's own validation broken, the row still usable)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .childfacts import Change
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
    # What to say instead if the event is refused because the child is not looked after
    # then, when the file may not show all the child's care: (reason, why).
    outside_care: tuple[str, str] | None = None


_DATES = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{4}\b")
_LINES = re.compile(r"\blines? \d+\b")


def reason_key(why: str, child: str | None = None) -> str:
    """A row's reason without what is particular to the row (its child, days and lines),
    so that rows refused for one reason are counted together."""
    if child and why.startswith(f"{child}: "):
        why = why[len(child) + 2:]
    return _LINES.sub("line …", _DATES.sub("…", why))


@dataclass(frozen=True)
class Reject:
    """A row not used, and why. ``reason`` is the short reason it is counted under (by
    default, ``why`` without the row's child, days and lines)."""

    where: Where
    child: str | None
    why: str
    reason: str | None = None

    @property
    def key(self) -> str:
        return self.reason or reason_key(self.why, self.child)


@dataclass(frozen=True)
class RowWarning:
    """A row kept although it breaks a rule of the source's validation (for SSDA903, a DfE
    rule, by its code), so that the source can be put right."""

    where: Where
    child: str | None
    code: str
    why: str


@dataclass
class Intake:
    children: list[tuple[Child, Where]] = field(default_factory=list)
    events: list[Candidate] = field(default_factory=list)
    # Changes to children recorded since they were first recorded (from perm's own exports).
    changes: list[tuple[str, Change, Where]] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)
    rows: Counter = field(default_factory=Counter)  # data rows read, by file
    uasc: dict[str, Where] = field(default_factory=dict)  # children to mark UASC
    # Rows kept that need no record of their own (an episode that only carries its period
    # on), with their child: used when anything of the child's is added, else already there.
    carried: list[tuple[Where, str]] = field(default_factory=list)
    # Rows that start a period of care which may have begun before the file: the child's
    # first episode in an SSDA903 return, when it does not say care started then.
    continued: list[tuple[Where, str]] = field(default_factory=list)

    def reject(self, where: Where, child: str | None, why: str, reason: str | None = None) -> None:
        self.rejects.append(Reject(where, child, why, reason))

    def warn(self, where: Where, child: str | None, code: str, why: str) -> None:
        self.warnings.append(RowWarning(where, child, code, why))


# -- what became of an intake ---------------------------------------------------------------


@dataclass
class FileCount:
    """Rows of one file: used, already there, or not used (see the rejects)."""

    file: str
    rows: int = 0
    imported: int = 0
    already: int = 0
    rejected: int = 0


@dataclass
class ImportReport:
    files: list[FileCount] = field(default_factory=list)
    children_added: int = 0
    children_already: int = 0
    children_changed: int = 0  # children already recorded whose details the file changes
    changes_added: int = 0  # changes to children's details, from the file's rows and its changes
    events_added: Counter = field(default_factory=Counter)  # by kind
    events_already: int = 0
    rejects: list[Reject] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)  # rows kept, breaking a rule of the source
    continued: list[tuple[Where, str]] = field(default_factory=list)  # periods that may have begun before the file

    @property
    def events_total(self) -> int:
        return sum(self.events_added.values())

    @property
    def nothing_new(self) -> bool:
        return not self.children_added and not self.events_total and not self.changes_added

    def rejected_by_reason(self) -> Counter:
        """Rows not used, by (file, reason), most first within each file."""
        return Counter((r.where.file, r.key) for r in self.rejects)

    @property
    def warned(self) -> int:
        """Rows kept with a warning (a row may break more than one rule)."""
        return len({w.where for w in self.warnings})

    def warnings_by_code(self) -> Counter:
        """Rows kept with a warning, by the rule they break (a row breaking two counts twice)."""
        return Counter(w.code for w in self.warnings)


def rejects_csv(report: ImportReport) -> str:
    """The rows an import did not use and the rows it kept with a warning, as CSV, by file
    and line: file, line, child, why, warning. A row not used has why it was not (and no
    warning); a row kept has no why, and its warning: "DfE <code>: <what is wrong>" (a
    row breaking two rules is on two lines)."""
    import csv
    import io

    files = {f.file: i for i, f in enumerate(report.files)}
    lines = [(r.where, r.child, r.why, "") for r in report.rejects]
    lines += [(w.where, w.child, "", f"DfE {w.code}: {w.why}") for w in report.warnings]
    lines.sort(key=lambda x: (files.get(x[0].file, 0), x[0].line, x[3]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["file", "line", "child", "why", "warning"])
    for where, child, why, warning in lines:
        writer.writerow([where.file, where.line, child or "", why, warning])
    return out.getvalue()
