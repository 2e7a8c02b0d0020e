"""`perm report`: the quarterly highlight figures, for a terminal (tables and bar charts),
for email (Markdown), to circulate and print (one self-contained HTML page with its own SVG
charts), and for other tools (CSV, JSON). What each figure means: docs/reports.md."""

from __future__ import annotations

import csv
import html
import io
import json
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

FORMATS = ("table", "md", "html", "csv", "json")
_EXTENSIONS = {".md": "md", ".html": "html", ".htm": "html", ".csv": "csv", ".json": "json", ".txt": "table"}

# The on-time outcomes in the order bars stack them: key, words, colour, block (terminal).
OUTCOMES = (
    ("on_time", "on time", "#2e7d32", "█", "green"),
    ("late", "late", "#e0a100", "▓", "yellow"),
    ("not_done", "not done", "#c62828", "▒", "red"),
    ("open", "open, not yet overdue", "#90a4ae", "░", "bright_black"),
)
TALLY_KEYS = ("due", "on_time", "late", "not_done", "overdue", "missed", "open", "no_longer_needed")
PERCENT_KEYS = ("on_time", "late", "not_done", "open")
CHILDREN_ROWS = (
    ("looked_after_at_end", "Looked after at the end of the period"),
    ("looked_after_at_end_s20", "  of whom accommodated under s20"),
    ("looked_after_during", "Looked after at any time in the period"),
    ("starts", "Periods of care started"),
    ("ends", "Periods of care ended"),
)
SECTIONS = (("reviews", "LAC reviews"), ("permanence_plans", "Permanence plans"), ("ppms", "PPMs"))


def report(
    ctx: typer.Context,
    start: Annotated[Optional[str], typer.Option(
        "--from", metavar="YYYY-MM-DD",
        help="First day of the period. Default: the first day of the last complete calendar quarter "
             "before the as-of day; with only --to, the first day of its quarter.")] = None,
    end: Annotated[Optional[str], typer.Option(
        "--to", metavar="YYYY-MM-DD",
        help="Last day of the period, included. Default: the last day of the last complete calendar "
             "quarter; with only --from, the as-of day. Figures are as of this day (or the as-of day if earlier).")] = None,
    fmt: Annotated[Optional[str], typer.Option(
        "--format", metavar="table|md|html|csv|json",
        help="table: tables and bar charts for the terminal; md: for email; html: one self-contained page "
             "with charts, to circulate or print; csv: one row per figure; json: for scripts. "
             "Default: from the --output file's extension, else table.")] = None,
    output: Annotated[Optional[Path], typer.Option(
        "--output", metavar="FILE",
        help="Write to this file (whole or not at all, readable by you only) instead of the screen; "
             "the export is recorded in the audit trail.")] = None,
    team: Annotated[Optional[str], typer.Option(
        "--team", metavar="TEAM", help="Only this team's children (capitals do not matter).")] = None,
    worker: Annotated[Optional[str], typer.Option(
        "--worker", metavar="NAME", help="Only this social worker's children (capitals do not matter).")] = None,
) -> None:
    """Report the quarterly highlight figures: children looked after, starts and ends, reviews,
    permanence plans and PPMs on time, days to each milestone, the cases drifting longest,
    and the on-time figures by team and worker.

    Children are shown by ID only. Every report is recorded in the audit trail.
    """
    from ..app.report import build_report
    from .panels import exported
    from .prompts import usage_error

    if fmt is None:
        fmt = _EXTENSIONS.get(output.suffix.lower(), "table") if output else "table"
    fmt = fmt.lower()
    if fmt not in FORMATS:
        usage_error(ctx, f"--format: choose one of {', '.join(FORMATS)}")
    context = ctx.find_root().obj
    data = build_report(context, start, end, team, worker)
    detail = {"period_from": data["period"]["from"], "period_to": data["period"]["to"], "as_of": data["period"]["as_of"],
              "format": fmt, **{k: v for k, v in data["filters"].items() if v}}
    children = sorted({row["child"] for row in data["drifting"]["top"]})
    if fmt == "table" and output is None:
        exported(context, "export.report", detail, children, None, None)
        print_table(data)
        return
    text = render(data, fmt)
    exported(context, "export.report", detail, children, text, output)
    if output is not None:
        typer.echo(f"Wrote the report for {data['period']['from']} to {data['period']['to']} ({fmt}) to {output}")
        return
    import sys

    sys.stdout.write(text)


def render(data: dict, fmt: str) -> str:
    if fmt == "table":
        return table_text(data)
    return {"md": to_markdown, "html": to_html, "csv": to_csv, "json": to_json}[fmt](data)


# -- shared words -------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%"


def _long_date(text: str) -> str:
    d = date.fromisoformat(text)
    return f"{d.day} {d:%B %Y}"


def _heading(data: dict) -> str:
    p = data["period"]
    return f"Permanence report: {_long_date(p['from'])} to {_long_date(p['to'])}"


def _subtitle(data: dict) -> str:
    p, f = data["period"], data["filters"]
    words = [f"figures as of {p['as_of']}", f"policy {data['policy']}"]
    if f["team"]:
        words.append(f"team {f['team']}")
    if f["worker"]:
        words.append(f"worker {f['worker']}")
    if p["as_of"] < p["to"]:
        words.append(f"the period is not over: items due after {p['as_of']} are open")
    text = "; ".join(words)
    return text[0].upper() + text[1:] + "."


def _on_time_rows(data: dict) -> list[tuple[str, dict]]:
    from ..app.report import REVIEW_GROUPS

    rows = [(words, data["reviews"][key]) for key, words in REVIEW_GROUPS]
    rows.append(("Permanence plans by review 2", data["permanence_plans"]))
    rows.append(("PPMs", data["ppms"]["all"]))
    return rows


def _no_ppm_note(data: dict) -> str | None:
    if data["ppms"]["rules"]:
        return None
    return f"Policy {data['policy']} has no PPM rules, so no PPMs are counted."


def _group_label(value: str | None, kind: str) -> str:
    return value if value is not None else f"(no {kind})"


def _share(t: dict) -> str:
    """ "3 of 4 (75.0%)", or "-" when nothing was due."""
    return "-" if not t["due"] else f"{t['on_time']} of {t['due']} ({_pct(t['on_time_percent'])})"


def _milestone_value(value) -> str:
    return "-" if value is None else str(value)


def _segments(t: dict, width: int) -> list[tuple[str, int]]:
    """How many of ``width`` cells each outcome takes (largest remainders)."""
    due = t["due"]
    if not due:
        return []
    cells = {key: width * t[key] // due for key, *_ in OUTCOMES}
    spare = width - sum(cells.values())
    # Ties go to the outcome listed first (sorted is stable).
    for key, *_ in sorted(OUTCOMES, key=lambda o: -(width * t[o[0]] % due))[:spare]:
        cells[key] += 1
    return [(key, cells[key]) for key, *_ in OUTCOMES if cells[key]]


# -- table: Rich -----------------------------------------------------------------------------


def _bar(t: dict, width: int = 24):
    from rich.text import Text

    bar = Text()
    if not t["due"]:
        return Text("none due", style="dim")
    for key, cells in _segments(t, width):
        _, _, _, block, style = next(o for o in OUTCOMES if o[0] == key)
        bar.append(block * cells, style=style)
    return bar


def _renderables(data: dict, width: int = 140) -> list:
    """The report as Rich renderables for a console ``width`` characters wide (narrower
    consoles get shorter bars)."""
    from rich.table import Table
    from rich.text import Text

    bar_width = 24 if width >= 120 else 16 if width >= 100 else 8
    out: list = [Text(_heading(data), style="bold"), Text(_subtitle(data))]

    children = Table(title="Children", title_justify="left")
    children.add_column("Figure")
    children.add_column("Count", justify="right")
    for key, words in CHILDREN_ROWS:
        children.add_row(words, str(data["children"][key]))
    out.append(children)

    legend = "  ".join(f"{block} {words}" for _, words, _, block, _ in OUTCOMES)
    on_time = Table(title="Done on time: items due in the period", title_justify="left",
                    caption=legend, caption_justify="left")
    for header, justify in (("Item", "left"), ("Due", "right"), ("On time", "right"), ("Late", "right"),
                            ("Not done", "right"), ("Open", "right"), ("On time %", "left")):
        on_time.add_column(header, justify=justify, no_wrap=header != "Item", min_width=15 if header == "Item" else None)
    for words, t in _on_time_rows(data):
        chart = Text(f"{_pct(t['on_time_percent']):>6} ")
        chart.append_text(_bar(t, bar_width))
        on_time.add_row(words, str(t["due"]), str(t["on_time"]), str(t["late"]), str(t["not_done"]),
                        str(t["open"]), chart)
    out.append(on_time)
    note = _no_ppm_note(data)
    if note:
        out.append(Text(note))

    miles = Table(title="Days to each milestone reached in the period", title_justify="left")
    for header, justify in (("Milestone", "left"), ("Reached", "right"), ("Median days", "right"),
                            ("Shortest", "right"), ("Longest", "right"), ("Within target", "right")):
        miles.add_column(header, justify=justify)
    for m in data["milestones"]:
        miles.add_row(m["name"], str(m["reached"]), _milestone_value(m["median_days"]),
                      _milestone_value(m["shortest_days"]), _milestone_value(m["longest_days"]),
                      str(m["within_target"]))
    out.append(miles)

    drift = data["drifting"]
    if drift["top"]:
        shown = len(drift["top"])
        table = Table(title=f"Drifting: overdue the longest on {data['period']['as_of']} "
                            f"({shown} of {drift['overdue_items']} overdue items)", title_justify="left")
        for header, justify in (("Child", "left"), ("Worker", "left"), ("Team", "left"), ("What is overdue", "left"),
                                ("Due", "left"), ("Days overdue", "right")):
            table.add_column(header, justify=justify, no_wrap=header in ("Child", "Due"))
        for r in drift["top"]:
            table.add_row(*(Text(v) for v in (r["child"], r["worker"] or "-", r["team"] or "-", r["what"], r["due"])),
                          str(r["days_overdue"]), style="red")
        out.append(table)
    else:
        out.append(Text(f"Drifting: nothing overdue on {data['period']['as_of']}."))

    for kind, title in (("team", "By team"), ("worker", "By worker")):
        rows = data[f"by_{kind}"]
        if not rows:
            continue
        table = Table(title=f"{title}: done on time", title_justify="left")
        table.add_column(kind.capitalize())
        table.add_column("Looked after", justify="right")
        for _, words in SECTIONS:
            table.add_column(words, no_wrap=True)
        for r in rows:
            cells = []
            for key, _ in SECTIONS:
                cell = Text()
                cell.append_text(_bar(r[key], 10))
                if r[key]["due"]:
                    cell.append((" " if width >= 120 else "\n") + _share(r[key]))
                cells.append(cell)
            table.add_row(Text(_group_label(r[kind], kind)), str(r["looked_after_at_end"]), *cells)
        out.append(table)
    out.append(Text("What each figure means: docs/reports.md.", style="dim"))
    return out


def print_table(data: dict) -> None:
    from .output import console

    out = console()
    for part in _renderables(data, out.width):
        out.print(part)
        out.print()


def table_text(data: dict) -> str:
    """The terminal report as plain text (for --output FILE --format table)."""
    from rich.console import Console

    buffer = io.StringIO()
    out = Console(file=buffer, width=140, color_system=None, force_terminal=False, highlight=False)
    for part in _renderables(data):
        out.print(part)
        out.print()
    return buffer.getvalue()


# -- json and csv ------------------------------------------------------------------------------


def to_json(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


CSV_COLUMNS = ["section", "group", "name", "count", "percent", "value"]


def csv_rows(data: dict) -> list[dict]:
    rows: list[dict] = []

    def row(section, group, name, count="", percent=None, value=""):
        rows.append({"section": section, "group": "" if group is None else group, "name": name,
                     "count": count, "percent": "" if percent is None else percent, "value": value})

    def tally(section, group, t, prefix=""):
        for key in TALLY_KEYS:
            row(section, group, prefix + key, t[key], t.get(f"{key}_percent"))

    for key, value in data["period"].items():
        row("period", "", key, value=value)
    row("period", "", "policy", value=data["policy"])
    for key, value in data["filters"].items():
        if value:
            row("filter", "", key, value=value)
    for key, _ in CHILDREN_ROWS:
        row("children", "", key, data["children"][key])
    for group, t in data["reviews"].items():
        tally("reviews", group, t)
    tally("permanence_plans", "", data["permanence_plans"])
    tally("ppms", "all", data["ppms"]["all"])
    for rule, t in data["ppms"]["by_rule"].items():
        tally("ppms", rule, t)
    for m in data["milestones"]:
        row("milestones", m["milestone"], "reached", m["reached"])
        for key in ("median_days", "shortest_days", "longest_days"):
            row("milestones", m["milestone"], key, value="" if m[key] is None else m[key])
        row("milestones", m["milestone"], "within_target", m["within_target"])
    row("drifting", "", "overdue_items", data["drifting"]["overdue_items"])
    for r in data["drifting"]["top"]:
        row("drifting", r["child"], r["what"], r["days_overdue"], value=r["due"])
    for kind in ("team", "worker"):
        for r in data[f"by_{kind}"]:
            label = _group_label(r[kind], kind)
            row(kind, label, "looked_after_at_end", r["looked_after_at_end"])
            for section, _ in SECTIONS:
                tally(kind, label, r[section], prefix=f"{section}.")
    return rows


def to_csv(data: dict) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_rows(data))
    return out.getvalue()


# -- markdown ----------------------------------------------------------------------------------


def _md(text: str) -> str:
    """Text safe inside Markdown (and its tables): characters that would start formatting
    are escaped."""
    for ch in "\\`*_[]<>|#":
        text = text.replace(ch, "\\" + ch)
    return text


def _md_table(headers: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |",
             "|" + "|".join("---:" if i in right else "---" for i in range(len(headers))) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return lines


def _count_pct(t: dict, key: str) -> str:
    return str(t[key]) if t[key] == 0 or t[f"{key}_percent"] is None else f"{t[key]} ({_pct(t[f'{key}_percent'])})"


def to_markdown(data: dict) -> str:
    lines = [f"# {_heading(data)}", "", _md(_subtitle(data)), "", "## Children", ""]
    lines += _md_table(["Figure", "Count"],
                       [[words.strip(), str(data["children"][key])] for key, words in CHILDREN_ROWS], {1})
    lines += ["", "## Done on time", "", ("Items due in the period, and what became of them by "
              f"{data['period']['as_of']}."), ""]
    lines += _md_table(
        ["Item", "Due", "On time", "Late", "Not done", "Open"],
        [[words, str(t["due"]), *(_count_pct(t, k) for k in PERCENT_KEYS)] for words, t in _on_time_rows(data)],
        {1, 2, 3, 4, 5},
    )
    note = _no_ppm_note(data)
    if note:
        lines += ["", _md(note)]
    lines += ["", "## Days to each milestone", "", "Milestones reached in the period.", ""]
    lines += _md_table(
        ["Milestone", "Reached", "Median days", "Shortest", "Longest", "Within target"],
        [[_md(m["name"]), str(m["reached"]), _milestone_value(m["median_days"]), _milestone_value(m["shortest_days"]),
          _milestone_value(m["longest_days"]), str(m["within_target"])] for m in data["milestones"]],
        {1, 2, 3, 4, 5},
    )
    drift = data["drifting"]
    lines += ["", "## Drifting", ""]
    if drift["top"]:
        lines += [(f"Overdue the longest on {data['period']['as_of']}: {len(drift['top'])} of "
                  f"{drift['overdue_items']} overdue items."), ""]
        lines += _md_table(
            ["Child", "Worker", "Team", "What is overdue", "Due", "Days overdue"],
            [[_md(r["child"]), _md(r["worker"] or "-"), _md(r["team"] or "-"), _md(r["what"]), r["due"],
              str(r["days_overdue"])] for r in drift["top"]],
            {5},
        )
    else:
        lines.append(f"Nothing overdue on {data['period']['as_of']}.")
    for kind, title in (("team", "By team"), ("worker", "By worker")):
        rows = data[f"by_{kind}"]
        if not rows:
            continue
        lines += ["", f"## {title}", "", "Done on time, of those due in the period.", ""]
        lines += _md_table(
            [kind.capitalize(), "Looked after", *(words for _, words in SECTIONS)],
            [[_md(_group_label(r[kind], kind)), str(r["looked_after_at_end"]), *(_share(r[k]) for k, _ in SECTIONS)]
             for r in rows],
            {1},
        )
    lines += ["", "Children are shown by ID only. What each figure means: docs/reports.md in perm."]
    return "\n".join(lines) + "\n"


# -- html --------------------------------------------------------------------------------------

_CSS = """
:root { --ink: #1a1a1a; --muted: #555; --rule: #c8c8c8; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; margin: 2rem auto; max-width: 60rem;
       padding: 0 1.5rem; color: var(--ink); line-height: 1.4; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 2px solid var(--ink); padding-bottom: .2rem; }
p.sub { color: var(--muted); margin: 0 0 1.5rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(7.5rem, 1fr)); gap: .6rem; }
.card { border: 1px solid var(--rule); border-radius: 6px; padding: .5rem .75rem; }
.card .n { font-size: 2rem; font-weight: 700; display: block; }
.card .w { font-size: .85rem; color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .3rem .5rem; text-align: left; vertical-align: middle; }
th { background: #f1f1f1; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.d, .share { white-space: nowrap; }
td.bar svg { display: block; margin: .1rem 0 .2rem; }
.legend { font-size: .85rem; color: var(--muted); margin: .25rem 0 .5rem; }
.legend span { margin-right: 1rem; white-space: nowrap; }
.key { display: inline-block; width: .9rem; height: .9rem; vertical-align: -.1rem; margin-right: .3rem; border-radius: 2px; }
svg { display: block; max-width: 100%; height: auto; }
.note { color: var(--muted); font-size: .9rem; }
h2, p.note, p.legend { break-after: avoid; page-break-after: avoid; }
tr, svg, .card { break-inside: avoid; page-break-inside: avoid; }
footer { margin-top: 2rem; font-size: .85rem; color: var(--muted); border-top: 1px solid var(--rule); padding-top: .5rem; }
@page { size: A4; margin: 1.5cm; }
@media print { body { margin: 0; max-width: none; padding: 0; font-size: 10pt; } h2 { margin-top: 1.2rem; } }
"""


def _svg_stacked_chart(rows: list[tuple[str, dict]]) -> str:
    """Horizontal stacked bars, one per row: on time, late, not done, open, as shares of
    those due; the on-time percentage and the count due to the right."""
    e = html.escape
    label_w, bar_w, right_w, row_h, top = 230, 440, 150, 30, 24
    width = label_w + bar_w + right_w
    height = top + row_h * len(rows) + 6
    parts = [(f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
             f'aria-label="Share of items done on time, late and not done" xmlns="http://www.w3.org/2000/svg" '
             f'font-family="system-ui, Arial, sans-serif" font-size="13">')]
    for pct in (0, 25, 50, 75, 100):
        x = label_w + bar_w * pct / 100
        parts.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 4}" stroke="#ddd"/>')
        parts.append(f'<text x="{x:.1f}" y="{top - 10}" text-anchor="middle" fill="#777" font-size="11">{pct}%</text>')
    for i, (words, t) in enumerate(rows):
        y = top + i * row_h
        parts.append(f'<text x="{label_w - 10}" y="{y + 19}" text-anchor="end" fill="#1a1a1a">{e(words)}</text>')
        if not t["due"]:
            parts.append(f'<rect x="{label_w}" y="{y + 5}" width="{bar_w}" height="20" fill="#f4f4f4" stroke="#ddd"/>')
            parts.append(f'<text x="{label_w + 8}" y="{y + 19}" fill="#777">nothing due</text>')
            continue
        x = float(label_w)
        for key, outcome_words, colour, *_ in OUTCOMES:
            if not t[key]:
                continue
            w = bar_w * t[key] / t["due"]
            parts.append(f'<rect x="{x:.2f}" y="{y + 5}" width="{w:.2f}" height="20" fill="{colour}">'
                         f'<title>{e(words)}: {t[key]} {outcome_words}</title></rect>')
            if w >= 26:
                fill = "#1a1a1a" if key in ("late", "open") else "#fff"
                parts.append(f'<text x="{x + w / 2:.2f}" y="{y + 19}" text-anchor="middle" fill="{fill}" '
                             f'font-size="12" font-weight="600">{t[key]}</text>')
            x += w
        parts.append(f'<text x="{label_w + bar_w + 10}" y="{y + 19}" fill="#1a1a1a">'
                     f'<tspan font-weight="700">{_pct(t["on_time_percent"])}</tspan> of {t["due"]}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _svg_mini_bar(t: dict, width: int = 90) -> str:
    if not t["due"]:
        return ""
    parts = [(f'<svg viewBox="0 0 {width} 12" width="{width}" height="12" aria-hidden="true" '
             f'xmlns="http://www.w3.org/2000/svg">')]
    x = 0.0
    for key, _, colour, *_ in OUTCOMES:
        if t[key]:
            w = width * t[key] / t["due"]
            parts.append(f'<rect x="{x:.2f}" y="0" width="{w:.2f}" height="12" fill="{colour}"/>')
            x += w
    parts.append("</svg>")
    return "".join(parts)


def _svg_milestones(milestones: list[dict]) -> str:
    """Median days to each milestone as horizontal bars, with the count reached."""
    e = html.escape
    label_w, bar_w, right_w, row_h, top = 330, 330, 150, 30, 6
    width = label_w + bar_w + right_w
    height = top + row_h * len(milestones) + 6
    longest = max([m["median_days"] or 0 for m in milestones] + [1])
    parts = [(f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
             f'aria-label="Median days to each milestone" xmlns="http://www.w3.org/2000/svg" '
             f'font-family="system-ui, Arial, sans-serif" font-size="13">')]
    for i, m in enumerate(milestones):
        y = top + i * row_h
        parts.append(f'<text x="{label_w - 10}" y="{y + 19}" text-anchor="end" fill="#1a1a1a">{e(_short_milestone(m))}</text>')
        if m["median_days"] is None:
            parts.append(f'<text x="{label_w + 4}" y="{y + 19}" fill="#777">none reached</text>')
            continue
        w = max(2.0, bar_w * m["median_days"] / longest)
        parts.append(f'<rect x="{label_w}" y="{y + 5}" width="{w:.2f}" height="20" fill="#1f5fa8"/>')
        parts.append(f'<text x="{label_w + w + 8:.2f}" y="{y + 19}" fill="#1a1a1a"><tspan font-weight="700">'
                     f'{m["median_days"]}</tspan> days (n={m["reached"]})</text>')
    parts.append("</svg>")
    return "".join(parts)


_SHORT_MILESTONES = {
    "review-1": "To LAC review 1", "review-2": "To LAC review 2", "permanence-plan": "To permanence plan",
    "plo": "PLO start to conclusion", "proceedings": "Proceedings issued to final order",
}


def _short_milestone(m: dict) -> str:
    return _SHORT_MILESTONES.get(m["milestone"], m["name"])


def to_html(data: dict) -> str:
    e = html.escape
    p = data["period"]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(_heading(data))}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{e(_heading(data))}</h1>",
        f'<p class="sub">{e(_subtitle(data))}</p>',
        "<section><h2>Children</h2>",
        '<div class="cards">',
    ]
    for key, words in CHILDREN_ROWS:
        parts.append(f'<div class="card"><span class="n">{data["children"][key]}</span>'
                     f'<span class="w">{e(words.strip())}</span></div>')
    parts.append("</div></section>")

    legend = "".join(f'<span><i class="key" style="background:{colour}"></i>{e(words)}</span>'
                     for _, words, colour, *_ in OUTCOMES)
    rows = _on_time_rows(data)
    parts += [
        "<section><h2>Done on time</h2>",
        f'<p class="note">Items due from {p["from"]} to {p["to"]}, and what became of them by {p["as_of"]}.</p>',
        f'<p class="legend">{legend}</p>',
        *([f'<p class="note">{e(note)}</p>'] if (note := _no_ppm_note(data)) else []),
        _svg_stacked_chart(rows),
        "<table><thead><tr><th>Item</th>" + "".join(f'<th class="n">{h}</th>' for h in
                                                    ("Due", "On time", "Late", "Not done", "Open")) + "</tr></thead><tbody>",
    ]
    for words, t in rows:
        parts.append(f"<tr><td>{e(words)}</td><td class=\"n\">{t['due']}</td>"
                     + "".join(f'<td class="n">{e(_count_pct(t, k))}</td>' for k in PERCENT_KEYS) + "</tr>")
    parts.append("</tbody></table></section>")

    parts += ["<section><h2>Days to each milestone</h2>",
              '<p class="note">Median calendar days, over the milestones reached in the period.</p>',
              _svg_milestones(data["milestones"]),
              "<table><thead><tr><th>Milestone</th>" + "".join(
                  f'<th class="n">{h}</th>' for h in ("Reached", "Median days", "Shortest", "Longest", "Within target"))
              + "</tr></thead><tbody>"]
    for m in data["milestones"]:
        parts.append(f"<tr><td>{e(m['name'])}</td>" + "".join(
            f'<td class="n">{_milestone_value(m[k])}</td>'
            for k in ("reached", "median_days", "shortest_days", "longest_days", "within_target")) + "</tr>")
    parts.append("</tbody></table></section>")

    drift = data["drifting"]
    parts.append("<section><h2>Drifting</h2>")
    if drift["top"]:
        parts.append(f'<p class="note">Overdue the longest on {p["as_of"]}: {len(drift["top"])} of '
                     f'{drift["overdue_items"]} overdue items.</p>')
        parts.append("<table><thead><tr><th>Child</th><th>Worker</th><th>Team</th><th>What is overdue</th>"
                     '<th>Due</th><th class="n">Days overdue</th></tr></thead><tbody>')
        for r in drift["top"]:
            parts.append(f"<tr><td>{e(r['child'])}</td><td>{e(r['worker'] or '-')}</td><td>{e(r['team'] or '-')}</td>"
                         f"<td>{e(r['what'])}</td><td class=\"d\">{r['due']}</td><td class=\"n\">{r['days_overdue']}</td></tr>")
        parts.append("</tbody></table>")
    else:
        parts.append(f"<p>Nothing overdue on {p['as_of']}.</p>")
    parts.append("</section>")

    for kind, title in (("team", "By team"), ("worker", "By worker")):
        group_rows = data[f"by_{kind}"]
        if not group_rows:
            continue
        parts += [f"<section><h2>{title}</h2>", '<p class="note">Done on time, of those due in the period.</p>',
                  f"<table><thead><tr><th>{kind.capitalize()}</th><th class=\"n\">Looked after</th>"
                  + "".join(f"<th>{words}</th>" for _, words in SECTIONS) + "</tr></thead><tbody>"]
        for r in group_rows:
            cells = "".join(f'<td class="bar">{_svg_mini_bar(r[k])}<span class="share">{e(_share(r[k]))}</span></td>'
                            for k, _ in SECTIONS)
            parts.append(f"<tr><td>{e(_group_label(r[kind], kind))}</td>"
                         f"<td class=\"n\">{r['looked_after_at_end']}</td>{cells}</tr>")
        parts.append("</tbody></table></section>")

    parts.append(f"<footer>Made by perm from policy {e(data['policy'])}, figures as of {p['as_of']}. "
                 "Children are shown by ID only. What each figure means: docs/reports.md in perm.</footer>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def register(root: typer.Typer) -> None:
    """Add `perm report` (once: a second call changes nothing)."""
    if any(c.name == "report" for c in root.registered_commands):
        return
    root.command("report")(report)
