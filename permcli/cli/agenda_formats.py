"""The agenda of a sitting in each format an administrator needs: Markdown and HTML to
circulate (readable printed; the HTML is one self-contained file), CSV and JSON for other
tools, and an iCalendar event for the sitting."""

from __future__ import annotations

import csv
import html
import io
import json
from datetime import datetime, timezone

from ..app.panels import sibling_heading
from .output import count
from .output import md_escape as _md

FORMATS = ("md", "csv", "json", "html", "ics")


def _case_facts(c) -> list[tuple[str, str]]:
    """What an agenda says about a case, before its papers: the same in every format."""
    facts = [("Worker", c.child.worker or "-"), ("Team", c.child.team or "-"),
             ("Reason", "; ".join(c.reasons or c.items))]
    if c.previous:
        facts.append(("Last attended", f"{c.previous[0]}: {c.previous[1]}"))
    if c.heard:
        facts.append(("Decision", c.heard))
    return facts


def _papers_line(papers) -> str:
    missing = [p for p, got in papers if not got]
    if not papers:
        return "no papers asked for"
    return "all received" if not missing else f"{len(missing)} of {len(papers)} missing"


def as_dict(agenda) -> dict:
    panel = agenda.panel
    return {
        "panel": panel.id,
        "name": panel.name,
        "policy": agenda.policy,
        "sitting": agenda.sitting.isoformat(),
        "time": panel.hours,
        "papers_due": agenda.papers_due.isoformat(),
        "chair": panel.chair or None,
        "members": list(panel.members),
        "cases": [
            {
                "child": c.child.ref,
                "name": c.child.name,
                "worker": c.child.worker,
                "team": c.child.team,
                "slot": c.slot,
                "reasons": c.reasons,
                "items": c.items,
                "papers": [{"paper": p, "received": got} for p, got in c.papers],
                "previous": None if c.previous is None else {"date": c.previous[0].isoformat(), "decision": c.previous[1]},
                "decision": c.heard,
                "sibling_group": c.child.sibling_group,
            }
            for c in agenda.cases
        ],
    }


def to_json(agenda) -> str:
    return json.dumps(as_dict(agenda), indent=2, ensure_ascii=False) + "\n"


CSV_COLUMNS = [
    "sitting", "panel", "slot", "child", "name", "worker", "team", "reasons", "papers_received",
    "papers_missing", "previous_date", "previous_decision", "decision", "sibling_group",
]


def to_csv(agenda) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for c in agenda.cases:
        writer.writerow(
            {
                "sitting": agenda.sitting.isoformat(),
                "panel": agenda.panel.id,
                "slot": c.slot or "",
                "child": c.child.ref,
                "name": c.child.name,
                "worker": c.child.worker or "",
                "team": c.child.team or "",
                "reasons": "; ".join(c.reasons or c.items),
                "papers_received": "; ".join(p for p, got in c.papers if got),
                "papers_missing": "; ".join(p for p, got in c.papers if not got),
                "previous_date": c.previous[0].isoformat() if c.previous else "",
                "previous_decision": c.previous[1] if c.previous else "",
                "decision": c.heard or "",
                "sibling_group": c.child.sibling_group or "",
            }
        )
    return out.getvalue()




def to_markdown(agenda) -> str:
    panel = agenda.panel
    lines = [f"# {_md(panel.name)}: {agenda.sitting:%A} {agenda.sitting}", ""]
    facts = [("Time", panel.hours), ("Papers due", str(agenda.papers_due)), ("Chair", panel.chair),
             ("Members", ", ".join(panel.members))]
    lines += [f"- **{k}:** {_md(v)}" for k, v in facts if v]
    lines += [f"- **Cases:** {len(agenda.cases)}", ""]
    if not agenda.cases:
        lines.append("No cases are booked for this sitting.")
    for n, c in enumerate(agenda.cases, start=1):
        slot = f" ({c.slot})" if c.slot else ""
        heading = sibling_heading(agenda.cases, n - 1)
        if heading:
            lines += ["", f"**{_md(heading)}**"]
        lines += ["", f"## {n}. {_md(c.child.name)}, {_md(c.child.ref)}{slot}", ""]
        lines += [f"- **{label}:** {_md(value)}" for label, value in _case_facts(c)]
        lines.append(f"- **Papers:** {_papers_line(c.papers)}")
        lines += [f"  - [{'x' if got else ' '}] {_md(p)}" for p, got in c.papers]
    return "\n".join(lines) + "\n"


_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; margin: 2rem; color: #111; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; }
.facts { margin: 0 0 1.5rem; color: #333; }
.facts span { margin-right: 1.5rem; display: inline-block; }
.case { border: 1px solid #999; border-radius: 4px; padding: .75rem 1rem; margin-bottom: 1rem; page-break-inside: avoid; }
.case h2 { font-size: 1.1rem; margin: 0 0 .5rem; }
.case h2 .slot { font-weight: normal; color: #444; }
.meta { margin: .25rem 0; }
ul.papers { list-style: none; padding-left: 0; margin: .5rem 0 0; }
ul.papers li { padding: .1rem 0; }
.got::before { content: "\\2611  "; }
.missing::before { content: "\\2610  "; }
.missing { color: #a00; font-weight: 600; }
.summary { font-size: .9rem; color: #444; }
@media print { body { margin: 1cm; } .case { border-color: #000; } }
"""


def to_html(agenda) -> str:
    e = html.escape
    panel = agenda.panel
    facts = [("Time", panel.hours), ("Papers due", str(agenda.papers_due)), ("Chair", panel.chair),
             ("Members", ", ".join(panel.members)), ("Cases", str(len(agenda.cases)))]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(panel.name)}: {agenda.sitting}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{e(panel.name)}: {agenda.sitting:%A} {agenda.sitting:%-d %B %Y}</h1>",
        '<p class="facts">' + "".join(f"<span><b>{e(k)}:</b> {e(v)}</span>" for k, v in facts if v) + "</p>",
    ]
    if not agenda.cases:
        parts.append("<p>No cases are booked for this sitting.</p>")
    for n, c in enumerate(agenda.cases, start=1):
        slot = f' <span class="slot">{e(c.slot)}</span>' if c.slot else ""
        heading = sibling_heading(agenda.cases, n - 1)
        if heading:
            parts.append(f'<h2 class="siblings">{e(heading)}</h2>')
        parts.append('<section class="case">')
        parts.append(f"<h2>{n}. {e(c.child.name)}, {e(c.child.ref)}{slot}</h2>")
        parts += [f'<p class="meta"><b>{e(label)}:</b> {e(value)}</p>' for label, value in _case_facts(c)]
        parts.append(f'<p class="summary">Papers: {e(_papers_line(c.papers))}</p>')
        if c.papers:
            parts.append('<ul class="papers">')
            parts += [
                f'<li class="{"got" if got else "missing"}">{e(p)}{"" if got else " (missing)"}</li>'
                for p, got in c.papers
            ]
            parts.append("</ul>")
        parts.append("</section>")
    parts.append(f'<p class="summary">Made by perm from policy {e(agenda.policy)} as of {agenda.as_of}.</p>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def to_ics(agenda) -> bytes:
    """The sitting as a calendar event. Cases are listed by child ID only: calendars are
    shared and synced widely, so names stay out of them."""
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event

    panel = agenda.panel
    london = ZoneInfo("Europe/London")
    cal = Calendar()
    cal.add("prodid", "-//perm//panel agenda//EN")
    cal.add("version", "2.0")
    event = Event()
    event.add("uid", f"{panel.id}-{agenda.sitting.isoformat()}@perm")
    event.add("summary", f"{panel.name}")
    event.add("dtstamp", datetime.now(timezone.utc))
    if panel.starts is not None:
        event.add("dtstart", datetime.combine(agenda.sitting, panel.starts, london))
        if panel.ends is not None:
            event.add("dtend", datetime.combine(agenda.sitting, panel.ends, london))
    else:
        event.add("dtstart", agenda.sitting)
    lines = [f"Papers due {agenda.papers_due}.", f"{count(len(agenda.cases), 'case')}:"]
    lines += [
        f"{c.slot + ' ' if c.slot else ''}{c.child.ref}: {'; '.join(c.reasons or c.items)}" for c in agenda.cases
    ]
    event.add("description", "\n".join(lines))
    cal.add_component(event)
    if panel.starts is not None:
        cal.add_missing_timezones()
    return cal.to_ical()


def render(agenda, fmt: str) -> str | bytes:
    return {"md": to_markdown, "csv": to_csv, "json": to_json, "html": to_html, "ics": to_ics}[fmt](agenda)
