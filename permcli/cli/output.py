"""One set of output options for every read command: a Rich table for people, --json and
--csv for scripts. Colour follows the terminal: off when piped and when NO_COLOR is set."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from typing import Annotated, Any, Callable, Iterable

import typer

from ..domain.text import printable

JsonOption = Annotated[
    bool, typer.Option("--json", help="Write JSON for scripts: an array of objects, nothing else on stdout.")
]
CsvOption = Annotated[bool, typer.Option("--csv", help="Write CSV for scripts: a header row, then one row per line.")]

STATUS_STYLE = {"overdue": "bold red", "due-soon": "yellow", "upcoming": ""}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    justify: str = "left"
    people_only: bool = False  # shown in the table, left out of --json and --csv
    no_wrap: bool = False


def md_escape(text: str) -> str:
    """Text safe inside Markdown: characters that would start formatting are escaped."""
    for ch in "\\`*_[]<>|#":
        text = text.replace(ch, "\\" + ch)
    return text


def count(n: int, word: str, plural: str | None = None) -> str:
    """ "1 case", "2 cases"; "1 child", "2 children" with the plural given."""
    return f"{n} {word}" if n == 1 else f"{n} {plural or word + 's'}"


def output_format(ctx, as_json: bool, as_csv: bool) -> str:
    if as_json and as_csv:
        from .prompts import usage_error

        usage_error(ctx, "give --json or --csv, not both")
    return "json" if as_json else "csv" if as_csv else "table"


def console(stderr: bool = False):
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    # Piped tables are not squeezed into 80 columns.
    width = None if stream.isatty() else 200
    return Console(file=stream, highlight=False, width=width)


# What json.dumps leaves raw with ensure_ascii=False: DEL, the C1 controls (U+009B starts
# an escape sequence on some terminals) and lone surrogates. Outside strings JSON is plain
# ASCII, so each can be written as a \u escape that reads back as the same text.
_JSON_RAW = re.compile("[\x7f-\x9f\ud800-\udfff]")


def write_json(data: Any) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write(_JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def write_csv(rows: Iterable[dict], keys: list[str]) -> None:
    import csv

    writer = csv.DictWriter(sys.stdout, fieldnames=keys, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_value(row.get(k)) for k in keys})


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return printable(value)  # text stored before perm refused control characters
    return value


def emit(
    rows: list[dict],
    columns: list[Column],
    fmt: str,
    *,
    title: str | None = None,
    caption: str | None = None,
    row_style: Callable[[dict], str] | None = None,
    empty: str = "Nothing to show.",
    json_keys: list[str] | None = None,
) -> None:
    """Write rows in the chosen format. ``json_keys`` fixes the keys scripts see (and their
    order); by default they are the columns' keys less the people-only ones."""
    keys = json_keys or [c.key for c in columns if not c.people_only]
    if fmt == "json":
        write_json([{k: r.get(k) for k in keys} for r in rows])
        return
    if fmt == "csv":
        write_csv(rows, keys)
        return
    out = console()
    if not rows:
        out.print(empty)
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, caption=caption, title_justify="left", caption_justify="left")
    for c in columns:
        table.add_column(c.header, justify=c.justify, no_wrap=c.no_wrap, overflow="fold")
    for r in rows:
        # Text, not markup: a name with [brackets] is printed as written.
        cells = (Text(_cell(r.get(c.key))) for c in columns)
        table.add_row(*cells, style=row_style(r) if row_style else None)
    out.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    # Escaped, never raw: a newline or an escape code stored by an older perm would forge
    # rows or drive the reader's terminal.
    return printable(str(value))


def write_file(path: str, data: str | bytes) -> None:
    """Write a whole file or nothing: a temporary file beside it, readable by its owner
    only, renamed over the target once complete."""
    import os

    from ..files import write_whole

    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        from ..domain.errors import PermError

        raise PermError(f"--output: no folder {folder}")
    write_whole(path, data)
