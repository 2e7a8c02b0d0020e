"""What `perm due` and `perm panels` write for people away from perm: a Markdown morning
summary to email, and calendar feeds (iCalendar) to subscribe to from Outlook or any other
calendar.

Both carry child IDs, never names: emails are forwarded and calendars are shared and synced
to phones, so a name would travel much further than the database it came from.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import quote

from .output import md_escape as _md
from .output import count

SECTIONS = (("overdue", "Overdue"), ("due-soon", "Due soon"), ("upcoming", "Later"))


def _days(row: dict) -> str:
    days = row["days"]
    if days < 0:
        return f"{count(-days, 'day')} overdue"
    if days == 0:
        return "today"
    return f"in {count(days, 'day')}"


def due_markdown(rows: list[dict], as_of: date, within: int, filters: list[str], *, overdue_only: bool, include_all: bool) -> str:
    """The morning summary: overdue first, then due soon (then later, with --all)."""
    heading = f"# Due as of {as_of:%A} {as_of.day} {as_of:%B %Y}"
    lines = [heading, ""]
    if filters:
        lines += [f"For {_md(', '.join(filters))}.", ""]
    by_status = {status: [r for r in rows if r["status"] == status] for status, _ in SECTIONS}
    totals = [f"{len(by_status['overdue'])} overdue"]
    if not overdue_only:
        totals.append(f"{len(by_status['due-soon'])} due within {within} days")
    if include_all:
        totals.append(f"{len(by_status['upcoming'])} later")
    lines += [", ".join(totals) + ".", ""]
    if not rows:
        window = "" if overdue_only else f" or due within {within} days"
        lines += [f"Nothing overdue{window}.", ""]
    for status, title in SECTIONS:
        found = by_status[status]
        if not found:
            continue
        if status == "due-soon":
            title = f"Due within {within} days"
        lines += [f"## {title} ({len(found)})", ""]
        lines += ["| Child | Worker | Team | What is due | Due | Days |", "|---|---|---|---|---|---|"]
        for r in found:
            cells = [r["child"], r.get("worker") or "-", r.get("team") or "-", r.get("what") or r["title"], r["due"], _days(r)]
            lines.append("| " + " | ".join(_md(str(c)) for c in cells) + " |")
        lines.append("")
    lines.append(
        "Children are named by their IDs only, because emails get forwarded: "
        "`perm show ID` gives the rest. Made by perm."
    )
    return "\n".join(lines) + "\n"


def _uid_part(text: str) -> str:
    return quote(str(text), safe="")


def due_uid(row: dict) -> str:
    """The same item keeps the same UID from one run to the next, so a subscribed calendar
    updates its event instead of adding another; a new due date is a new event."""
    parts = [row["child"], row["rule"], row["number"] or 0, row["due"]]
    return "due-" + ".".join(_uid_part(p) for p in parts) + "@perm"


def _calendar(name: str):
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//perm//due items//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    # Ask subscribing calendars to refresh a few times a day.
    cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    return cal


def due_ics(rows: list[dict], as_of: date, filters: list[str]) -> bytes:
    """One all-day event per listed item, on its due date, with the child's ID and what is
    due in the summary."""
    from icalendar import Event

    cal = _calendar("perm: due" + (f" ({', '.join(filters)})" if filters else ""))
    stamp = datetime.now(timezone.utc)
    for r in rows:
        due = date.fromisoformat(r["due"])
        event = Event()
        event.add("uid", due_uid(r))
        event.add("dtstamp", stamp)
        event.add("summary", f"{r['child']}: {r['title']}")
        event.add("dtstart", due)
        event.add("dtend", due + timedelta(days=1))
        event.add("transp", "TRANSPARENT")  # a deadline, not time taken
        status = {"overdue": "Overdue", "due-soon": "Due soon", "upcoming": "Upcoming"}[r["status"]]
        lines = [f"{status} as of {as_of} ({_days(r)})."]
        if r.get("what") and r["what"] != r["title"]:
            lines.append(r["what"])
        lines += [
            f"Worker: {r.get('worker') or '-'}; team: {r.get('team') or '-'}.",
            f"Rule: {r['rule']}.",
            f"Source: {r['source']}.",
        ]
        event.add("description", "\n".join(lines))
        event.add("categories", ["perm", r["status"]])
        cal.add_component(event)
    return cal.to_ical()


def sittings_ics(rows: list[dict]) -> bytes:
    """Each coming sitting as an event at its time in Europe/London (all day when the panel
    has no time), with its papers due date and how many cases it has. The UID is the one
    `perm agenda --format ics` gives the same sitting, so the two never make two events."""
    from zoneinfo import ZoneInfo

    from icalendar import Event

    london = ZoneInfo("Europe/London")
    cal = _calendar("perm: panel sittings")
    stamp = datetime.now(timezone.utc)
    timed = False
    for r in rows:
        day = date.fromisoformat(r["date"])
        starts = time.fromisoformat(r["starts"]) if r.get("starts") else None
        ends = time.fromisoformat(r["ends"]) if r.get("ends") else None
        event = Event()
        event.add("uid", f"{r['panel']}-{r['date']}@perm")
        event.add("dtstamp", stamp)
        event.add("summary", r["name"])
        if starts is not None:
            timed = True
            event.add("dtstart", datetime.combine(day, starts, london))
            if ends is not None:
                event.add("dtend", datetime.combine(day, ends, london))
        else:
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
        event.add(
            "description",
            f"Papers due {r['papers_due']}.\n{count(r['cases'], 'case')}.\nPanel: {r['panel']}.",
        )
        cal.add_component(event)
    if timed:
        cal.add_missing_timezones()
    return cal.to_ical()


# -- choosing a format ------------------------------------------------------------------------

_EXTENSIONS = {".md": "md", ".markdown": "md", ".csv": "csv", ".json": "json", ".ics": "ics"}


def completer(formats: tuple[str, ...]):
    def complete(incomplete: str) -> list[str]:
        return [f for f in formats if f.startswith(incomplete.lower())]

    return complete


def choose_format(ctx, fmt: str | None, as_json: bool, as_csv: bool, output, formats: tuple[str, ...],
                  file_default: str | None) -> str:
    """The format from --format, --json or --csv (they must agree), else the --output
    file's extension, else a table for the screen (``file_default`` for a file)."""
    from .output import output_format
    from .prompts import usage_error

    flag = output_format(ctx, as_json, as_csv)
    files = [f for f in formats if f != "table"]
    if fmt is not None:
        fmt = fmt.strip().lower()
        if fmt not in formats:
            usage_error(ctx, f"--format: choose one of {', '.join(formats)}")
        if flag != "table" and flag != fmt:
            usage_error(ctx, f"--{flag} and --format {fmt} disagree: give one of them")
    elif flag != "table":
        fmt = flag
    elif output is not None:
        fmt = _EXTENSIONS.get(output.suffix.lower(), file_default)
        if fmt not in files:
            usage_error(ctx, f"--output: say which format with --format ({', '.join(files)})")
    else:
        fmt = "table"
    if output is not None and fmt == "table":
        usage_error(ctx, f"--output: a table is for the screen; choose --format {', '.join(files)}")
    return fmt
