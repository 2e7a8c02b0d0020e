"""Reading CSV files as people and other systems write them: columns found by name, a BOM
and Windows line endings accepted, and one clear error for a file that cannot be used."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..domain.errors import PermError
from ..domain.intake import Row


def read_table(path: Path, required: tuple[str, ...], optional: tuple[str, ...] = (), loose: bool = False) -> list[Row]:
    """The data rows of a CSV file. A file that cannot be read, is empty, or lacks a
    required column is a PermError naming it; ``loose`` allows columns perm does not use."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise PermError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise PermError(f"{path}: not UTF-8 text") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise PermError(f"{path}: the file is empty") from None
    except csv.Error as exc:
        raise PermError(f"{path}:1: not a CSV header ({exc})") from None
    missing = [c for c in required if c not in header]
    if missing:
        raise PermError(f"{path}:1: missing column {missing[0]!r}")
    unknown = [c for c in header if c not in required + optional]
    if unknown and not loose:
        raise PermError(f"{path}:1: unknown column {unknown[0]!r}")
    rows = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            problem = None
            if len(values) != len(header):
                problem = f"expected {len(header)} values, found {len(values)}"
            # Empty optional cells are left out: a caseload's files are mostly empty cells,
            # and a region's would not otherwise fit in memory.
            cells = {h: v for h, v in zip(header, (v.strip() for v in values)) if v or h in required}
            rows.append(Row(reader.line_num, cells, problem))
    except csv.Error as exc:
        raise PermError(f"{path}:{reader.line_num}: not CSV ({exc})") from None
    return rows
