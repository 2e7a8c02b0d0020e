#!/usr/bin/env python3
"""Time perm as a user runs it, on generated caseloads of several sizes, and write a report.

    /path/to/venv/bin/python bench/run.py [--sizes 2000,20000,100000] [--runs 5]
        [--policy four-panels] [--pg postgresql+psycopg://user@127.0.0.1:5432/permbench]
        [--out bench/RESULTS.md]

Run it with the Python of the venv perm is installed in: the `perm` measured is the console
script next to that interpreter, and the floors are measured with the same interpreter.

For each size: the caseload is generated (bench/generate.py, cached in bench/.data/), loaded
into a fresh database with `perm init` and `perm import events` (the import row), then each
command runs as a fresh process, once untimed (so the page cache and perm's own caches are
warm, as for someone who uses perm every day) and then --runs times. Each run's wall time is
taken around the process, and its peak memory from os.wait4's ru_maxrss. The floors are
measured in the same session: `python -c pass`, and a plain sqlite3 (or psycopg) script that
reads every child and every event row into Python lists.

HOME and the XDG folders point at a temporary folder, so no real perm config, database or
cache is read; every command names its database with --db. Any non-zero exit stops the run.
Standard library only (psycopg, an extra of perm, for --pg).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DATA = BENCH / ".data"
AS_OF = "2026-11-23"
PERM = Path(sys.executable).parent / ("perm.exe" if os.name == "nt" else "perm")
LOAD_AT_START = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0

SQLITE_READ = ("import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); "
               "children = db.execute('select * from child').fetchall(); "
               "events = db.execute('select * from event').fetchall(); print(len(children), len(events))")
PG_READ = ("import psycopg, sys; db = psycopg.connect(sys.argv[1]); "
           "children = db.execute('select * from child').fetchall(); "
           "events = db.execute('select * from event').fetchall(); print(len(children), len(events))")

# Targets by command: {size or None for every size: (seconds, most times the floor, peak KB)}.
GB = 1024 * 1024  # KB
TARGETS = {
    "help": {None: (0.12, None, None)},
    "completion": {None: (0.12, None, None)},
    "due": {2000: (0.5, 5, None), 100_000: (8, None, GB)},
    "agenda": {2000: (0.5, None, None), 100_000: (3, None, None)},
    "record": {2000: (0.5, None, None), 100_000: (0.6, None, None)},
    "import": {2000: (10, None, None), 100_000: (300, None, None)},
}


@dataclass
class Timing:
    """The runs of one command: wall seconds and peak resident memory (KB) of each."""

    name: str
    label: str
    floor: str | None = None  # which floor it is compared with: "python" or "read"
    seconds: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


# Starts every measured process and waits for it. A process's ru_maxrss starts from the
# memory of the process that started it (Linux keeps the high-water mark across fork and
# exec), so this launcher is a small process of its own, started before the runner holds
# any data: peaks below its own size (about 10 MB) cannot be seen, larger ones are the
# command's. The timer runs here too, around posix_spawn and wait4 only.
LAUNCHER = """
import json, os, sys, time
for line in sys.stdin:
    job = json.loads(line)
    files = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
             (os.POSIX_SPAWN_OPEN, 1, job["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
             (os.POSIX_SPAWN_OPEN, 2, job["err"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)]
    started = time.perf_counter()
    pid = os.posix_spawn(job["cmd"][0], job["cmd"], job["env"], file_actions=files)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    print(json.dumps([seconds, usage.ru_maxrss, os.waitstatus_to_exitcode(status)]), flush=True)
"""


class Runner:
    """Runs commands as fresh processes in a clean environment and times them."""

    def __init__(self, home: Path):
        self.home = home
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("PERM_", "XDG_", "_PERM"))}
        self.env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
                        XDG_CACHE_HOME=str(home / "cache"), XDG_STATE_HOME=str(home / "state"),
                        PERM_USER="bench", NO_COLOR="1", COLUMNS="120")
        self.launcher = subprocess.Popen([sys.executable, "-c", LAUNCHER], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, text=True)

    def close(self) -> None:
        self.launcher.stdin.close()
        self.launcher.wait()

    def run(self, cmd: list[str], extra_env: dict | None = None) -> tuple[float, int, str]:
        """One process: (wall seconds, peak RSS in KB, stdout). Output goes to files, not
        pipes, so a big output cannot block the process and nothing is read while it runs."""
        out, err = self.home / "stdout", self.home / "stderr"
        job = {"cmd": cmd, "env": {**self.env, **(extra_env or {})}, "out": str(out), "err": str(err)}
        self.launcher.stdin.write(json.dumps(job) + "\n")
        self.launcher.stdin.flush()
        seconds, peak, code = json.loads(self.launcher.stdout.readline())
        if code != 0:
            tail = err.read_text(errors="replace").strip().splitlines()[-5:]
            shown = " ".join(cmd if not extra_env else [*(f"{k}={v!r}" for k, v in extra_env.items()), *cmd])
            raise SystemExit(f"bench: exit {code} from: {shown}\n  " + "\n  ".join(tail))
        return seconds, peak, out.read_text(errors="replace")

    def time(self, t: Timing, runs: int, cmd, extra_env=None, check=None, warm=True) -> Timing:
        """`runs` timed runs (after one untimed one when `warm`); `cmd` may be a function of the
        run's number, for a command that must differ each run."""
        make = cmd if callable(cmd) else (lambda i: cmd)
        for i in range(-1 if warm else 0, runs):
            seconds, peak, out = self.run(make(i), extra_env)
            if check:
                check(out)
            if i >= 0:
                t.seconds.append(seconds)
                t.peaks.append(peak)
        progress(f"  {t.label}: median {t.median:.3f} s")
        return t


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# -- the caseload ------------------------------------------------------------------------------

def caseload(policy: str, size: int, seed: int) -> dict:
    """Generated files for this policy and size, made again only when the generator, the
    seed or the as-of day changed. Returns the folder and what the generator said."""
    folder = DATA / f"{policy}-{size}"
    generator = BENCH / "generate.py"
    stamp = {"seed": seed, "as_of": AS_OF, "generator": hashlib.sha256(generator.read_bytes()).hexdigest()}
    meta_file = folder / "meta.json"
    if meta_file.exists():
        meta = json.loads(meta_file.read_text())
        if all(meta.get(k) == v for k, v in stamp.items()) and (folder / "events.csv").exists():
            progress(f"{policy}, {size} children: cached in {folder}")
            return {**meta, "folder": folder, "cached": True}
    progress(f"{policy}, {size} children: generating ...")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(generator), "--children", str(size), "--policy", policy,
                           "--as-of", AS_OF, "--seed", str(seed), "--out", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"bench: generate.py failed:\n{done.stderr}")
    seconds = time.perf_counter() - started
    with open(folder / "events.csv", encoding="utf-8") as events:
        rows = sum(1 for _ in events) - 1  # no field holds a line break
    meta = {**stamp, "seconds": seconds, "said": done.stderr.strip(), "events": rows,
            "bytes": (folder / "events.csv").stat().st_size + (folder / "children.csv").stat().st_size}
    meta_file.write_text(json.dumps(meta, indent=1))
    progress(f"  {meta['said']}")
    return {**meta, "folder": folder, "cached": False}


# -- one backend at one size ------------------------------------------------------------------------

class Backend:
    """Where perm keeps its data: a fresh SQLite file, or a PostgreSQL database emptied first."""

    name = "SQLite"

    def __init__(self, work: Path):
        self.work = work
        self.count = 0

    def fresh(self) -> str:
        self.count += 1
        return str(self.work / f"perm-{self.count}.db")

    def floor_cmd(self, db: str) -> list[str]:
        return [sys.executable, "-c", SQLITE_READ, db]

    def writable_copy(self, db: str, i: int) -> str:
        """A copy to write to, so each run of a writing command starts from the same data."""
        copy = self.work / f"copy-{i + 1}.db"
        for extra in ("", "-wal", "-shm"):
            Path(f"{copy}{extra}").unlink(missing_ok=True)
        src, dst = sqlite3.connect(db), sqlite3.connect(copy)
        try:
            src.backup(dst)  # consistent even if a WAL file is beside the database
        finally:
            dst.close()
            src.close()
        os.chmod(copy, 0o600)  # perm's own files are its owner's only
        return str(copy)

    def drop(self, db: str) -> None:
        for extra in ("", "-wal", "-shm"):
            Path(f"{db}{extra}").unlink(missing_ok=True)


class Postgres(Backend):
    """PostgreSQL at the URL given: every fresh database drops and recreates the public
    schema (perm refuses to init over an existing perm database). Writing commands write to
    the one database, a different child each run, instead of to a copy."""

    name = "PostgreSQL"

    def __init__(self, work: Path, url: str):
        super().__init__(work)
        self.url = url
        self.plain = url.replace("postgresql+psycopg://", "postgresql://", 1)

    def fresh(self) -> str:
        import psycopg

        with psycopg.connect(self.plain, autocommit=True) as conn:
            conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
            conn.execute("CREATE SCHEMA public")
        return self.url

    def floor_cmd(self, db: str) -> list[str]:
        return [sys.executable, "-c", PG_READ, self.plain]

    def writable_copy(self, db: str, i: int) -> str:
        return db

    def drop(self, db: str) -> None:
        pass


def bench_size(run: Runner, backend: Backend, data: dict, size: int, runs: int, policy: str) -> dict:
    """Every row of the report for one backend and size."""
    folder = data["folder"]
    perm = str(PERM)
    rows: dict[str, Timing] = {}
    progress(f"{backend.name}, {size} children:")
    started = time.perf_counter()

    # The import row: init and import of the whole caseload into a fresh database.
    import_runs = runs if size < 50_000 else 1
    init = Timing("init", "`perm init --policy " + policy + "`", "python")
    load = Timing("import", "`perm import events` (whole caseload)", "read")
    base = None
    for i in range(import_runs):
        db = backend.fresh()
        seconds, peak, _ = run.run([perm, "--db", db, "init", "--policy", policy])
        init.seconds.append(seconds)
        init.peaks.append(peak)
        seconds, peak, out = run.run([perm, "--db", db, "--as-of", AS_OF, "import", "events",
                                      str(folder / "events.csv"), "--children", str(folder / "children.csv"), "--json"])
        load.seconds.append(seconds)
        load.peaks.append(peak)
        report = json.loads(out)
        load.note = f"{report['rejected']} rows rejected"
        if report["children_added"] != size:
            raise SystemExit(f"bench: import added {report['children_added']} children, expected {size}")
        if base is not None:
            backend.drop(base)
        base = db
    progress(f"  import: median {load.median:.2f} s ({load.note})")

    # The floors, measured now, on this database.
    rows["python"] = run.time(Timing("python", "floor: `python -c pass`"), runs, [sys.executable, "-c", "pass"])
    read = "psycopg" if isinstance(backend, Postgres) else "sqlite3"
    rows["read"] = run.time(Timing("read", f"floor: {read} script reads every child and event row"), runs,
                            backend.floor_cmd(base),
                            check=lambda out: expect(out.split()[0] == str(size), f"the floor read {out!r}"))

    # Commands as a user runs them.
    rows["help"] = run.time(Timing("help", "`perm --help`", "python"), runs, [perm, "--help"],
                            check=lambda out: expect("Usage" in out, "perm --help printed no usage"))
    completion_env = {"_PERM_COMPLETE": "complete_bash", "COMP_WORDS": "perm du", "COMP_CWORD": "1"}
    rows["completion"] = run.time(Timing("completion", "completion of `perm du` (bash)", "python"), runs, [perm],
                                  completion_env, check=lambda out: expect("due" in out.split(), f"completion gave {out!r}"))
    due_cmd = [perm, "--db", base, "--as-of", AS_OF, "due", "--json", "--worker", "", "--team", ""]
    listed = [[]]
    rows["due"] = run.time(Timing("due", "`perm due --json` (whole caseload)", "read"), runs, due_cmd,
                           check=lambda out: listed.__setitem__(0, json.loads(out)))
    items = listed[0]
    rows["due"].note = f"{len(items)} items listed"
    child = items[0]["child"] if items else "C" + "1".zfill(max(3, len(str(size))))
    rows["due-child"] = run.time(Timing("due-child", f"`perm due --child {child} --json`", "python"), runs,
                                 [perm, "--db", base, "--as-of", AS_OF, "due", "--child", child, "--json"],
                                 check=lambda out: json.loads(out))
    rows["agenda"] = agenda(run, perm, base, runs)
    # Children with a review outstanding: each run records one for another child.
    reviewers = list(dict.fromkeys(r["child"] for r in items if r["item"] == "review"))
    if len(reviewers) < runs + 1:
        _, _, out = run.run([perm, "--db", base, "--as-of", AS_OF, "due", "--all", "--json", "--worker", "", "--team", ""])
        reviewers = list(dict.fromkeys(r["child"] for r in json.loads(out) if r["item"] == "review"))
    expect(len(reviewers) > runs, f"only {len(reviewers)} children have a review outstanding")
    copies = []

    def record(i: int) -> list[str]:
        while copies:  # the last run's copy is done with: a big database is not kept twice
            backend.drop(copies.pop())
        db = backend.writable_copy(base, i)
        copies.append(db)
        return [perm, "--db", db, "--as-of", AS_OF, "record", "review", reviewers[i + 1], "--date", AS_OF]

    rows["record"] = run.time(Timing("record", "`perm record review CHILD --date " + AS_OF + "`", "python"), runs, record)
    rows["record"].note = "a different child each run" + ("" if isinstance(backend, Postgres) else ", on a copy")
    both = Timing("load", "`perm init` + `perm import events` (a fresh database)", "read",
                  [a + b for a, b in zip(init.seconds, load.seconds)], [max(a, b) for a, b in zip(init.peaks, load.peaks)])
    rows["init"], rows["import"], rows["load"] = init, load, both
    for db in set(copies) | {base}:
        backend.drop(db)
    progress(f"{backend.name}, {size} children: done in {(time.perf_counter() - started) / 60:.1f} minutes")
    return {"rows": rows}


def agenda(run: Runner, perm: str, db: str, runs: int) -> Timing:
    """The agenda of the coming sitting with the most cases (none for a policy without panels)."""
    t = Timing("agenda", "`perm agenda --format md`", "read")
    try:
        _, _, out = run.run([perm, "--db", db, "--as-of", AS_OF, "panels", "--json", "--weeks", "4"])
    except SystemExit:
        t.note = "the policy has no panels"
        return t
    sittings = sorted(json.loads(out), key=lambda s: (-s["cases"], s["date"]))
    if not sittings or sittings[0]["cases"] == 0:
        t.note = "no sitting in the next 4 weeks has cases"
        return t
    s = sittings[0]
    t.label = f"`perm agenda --panel {s['panel']} --date {s['date']} --format md`"
    t.note = f"{s['cases']} cases"
    return run.time(t, runs, [perm, "--db", db, "--as-of", AS_OF, "agenda", "--panel", s["panel"],
                              "--date", s["date"], "--format", "md"],
                    check=lambda out: expect(len(out) > 0, "the agenda is empty"))


def expect(ok: bool, why: str) -> None:
    if not ok:
        raise SystemExit(f"bench: {why}")


# -- the report ----------------------------------------------------------------------------------------

ORDER = ["python", "read", "help", "completion", "due", "due-child", "agenda", "record", "init", "import", "load"]
# Labels for tables across sizes (a row's own label may name a child or a sitting).
GENERIC = {"python": "floor: `python -c pass`", "read": "floor: read every row", "help": "`perm --help`",
           "completion": "completion of `perm du`", "due": "`perm due --json` (whole caseload)",
           "due-child": "`perm due --child ID --json`", "agenda": "`perm agenda --format md`",
           "record": "`perm record review`", "init": "`perm init`", "import": "`perm import events`",
           "load": "`perm init` + `perm import events`"}


def target(name: str, size: int, t: Timing, ratio: float | None) -> tuple[str, str]:
    """The target for this command at this size, in words, and whether the median meets it."""
    spec = TARGETS.get(name, {})
    goal = spec.get(size) or spec.get(None)
    if goal is None or not t.seconds:
        return "", ""
    seconds, times, peak = goal
    words = [f"< {seconds:g} s"]
    met = t.median < seconds
    if times is not None:
        words.append(f"≤ {times:g}× floor")
        met = met and ratio is not None and ratio <= times
    if peak is not None:
        words.append(f"peak < {peak // GB} GB")
        met = met and max(t.peaks) < peak
    return ", ".join(words), "yes" if met else "**no**"


def size_table(result: dict, size: int) -> list[str]:
    rows = result["rows"]
    lines = ["| command | median | min–max | × floor | peak RSS | target | met | note |",
             "|---|---:|---:|---:|---:|---|---|---|"]
    for name in ORDER:
        t = rows.get(name)
        if t is None:
            continue
        if not t.seconds:
            lines.append(f"| {t.label} | — | — | — | — | | | {t.note} |")
            continue
        floor = rows.get(t.floor) if t.floor else None
        ratio = t.median / floor.median if floor else None
        shown = f"{ratio:.1f}× {'python' if t.floor == 'python' else 'read'}" if ratio else "—"
        goal, met = target(name, size, t, ratio)
        lines.append(f"| {t.label} | {t.median:.3f} s | {min(t.seconds):.3f}–{max(t.seconds):.3f} s | {shown} "
                     f"| {max(t.peaks) / 1024:.0f} MB | {goal} | {met} | {t.note} |")
    return lines


def k(size: int) -> str:
    return f"{size / 1000:g}k"


def growth_table(results: dict[int, dict]) -> list[str]:
    """Median time, time per 1,000 children and peak memory at each size."""
    sizes = sorted(results)
    head = " | ".join(k(s) for s in sizes)
    per = " | ".join(f"per 1,000 at {k(s)}" for s in sizes)
    peaks = " | ".join(f"peak at {k(s)}" for s in sizes)
    lines = [f"| command | {head} | {per} | {k(sizes[-1])} ÷ {k(sizes[0])} | {peaks} |",
             "|---|" + "---:|" * (3 * len(sizes) + 1)]
    for name in ORDER:
        ts = [results[s]["rows"].get(name) for s in sizes]
        if any(t is None or not t.seconds for t in ts):
            continue
        medians = [t.median for t in ts]
        cells = " | ".join(f"{m:.3f} s" for m in medians)
        caseload = ts[0].floor == "read"  # time per child means something only for these
        per_k = " | ".join(f"{m / s * 1000 * 1000:.1f} ms" if caseload else "—" for m, s in zip(medians, sizes))
        peak = " | ".join(f"{max(t.peaks) / 1024:.0f} MB" for t in ts)
        lines.append(f"| {GENERIC[name]} | {cells} | {per_k} | {medians[-1] / medians[0]:.1f}× | {peak} |")
    lines.append("")
    lines.append(f"The children grow {sizes[-1] / sizes[0]:.0f}× from the first size to the last. A command "
                 "that reads the whole caseload and grows linearly shows the same time per 1,000 children at "
                 "every size (a little more at the smallest, where start-up weighs more); the others should "
                 "not grow at all.")
    return lines


def machine() -> list[str]:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        memory = f", {kb / 1024 / 1024:.1f} GB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    load = ""
    if hasattr(os, "getloadavg"):  # other work on the machine shows up in every figure
        load = "; load average {:.2f} at the start, {:.2f} {:.2f} {:.2f} (1, 5, 15 min) at the end".format(
            LOAD_AT_START, *os.getloadavg())
    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "permcli", "migrations", "pyproject.toml")
    return [f"- Machine: {os.cpu_count()} CPUs, {model}{memory}; {platform.system()} {platform.release()}{load}",
            f"- Python: {platform.python_version()} ({sys.executable})",
            f"- perm: commit {commit}" + (" with uncommitted changes to permcli/ (work in progress)" if dirty else ""),
            f"- Date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC"]


def git(*args: str) -> str:
    try:
        return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def masked(url: str) -> str:
    """A URL with any password left out (perm never shows one either)."""
    scheme, sep, rest = url.partition("://")
    if "@" in rest and ":" in rest.split("@", 1)[0]:
        user = rest.split("@", 1)[0].split(":", 1)[0]
        rest = f"{user}:***@{rest.split('@', 1)[1]}"
    return scheme + sep + rest


def write_report(args, started: float, data: dict, sqlite: dict, pg: dict) -> str:
    out_file = args.out.resolve()
    out_file = out_file.relative_to(REPO) if out_file.is_relative_to(REPO) else out_file
    command = f"{Path(sys.executable)} bench/run.py --sizes {','.join(map(str, args.sizes))} --runs {args.runs} " \
              f"--policy {args.policy}" + (f" --pg '{masked(args.pg)}' --pg-sizes {','.join(map(str, args.pg_sizes))}" if args.pg else "") + \
              (f" --seed {args.seed}" if args.seed != 1 else "") + f" --out {out_file}"
    out = ["# perm benchmark", "", *machine(), f"- Policy: `{args.policy}`; as of {AS_OF}; generator seed {args.seed}",
           f"- Whole run: {(time.perf_counter() - started) / 60:.1f} minutes", "", "Reproduce:", "",
           f"    {command}", "",
           f"Every figure is the median wall time of {args.runs} runs (the import: "
           f"{args.runs} runs below 50,000 children, 1 above), each a fresh process of the installed `perm` "
           "console script after one untimed run, with the fastest and slowest run after it. "
           "**× floor** divides the median by a floor measured in the same session: `python -c pass` "
           "(the same interpreter, nothing imported) for `--help`, completion, `init`, `due --child` and `record`, "
           "which read one child or none, and a plain "
           "script that reads every child and event row of the same database into Python lists "
           "(sqlite3, or psycopg for PostgreSQL) for the commands that read the caseload. **Peak RSS** is "
           "the largest `ru_maxrss` of the runs (from `os.wait4`). Targets are checked against the median.",
           "", "## Caseloads", "", "| children | events | files | generated in |", "|---:|---:|---:|---|"]
    for size in args.sizes:
        d = data[size]
        when = f"{d['seconds']:.1f} s" + (" (earlier run, cached)" if d["cached"] else "")
        out.append(f"| {size:,} | {d['events']:,} | {d['bytes'] / 1e6:.1f} MB | {when} |")
    for title, results in (("SQLite", sqlite), ("PostgreSQL", pg)):
        if not results:
            continue
        for size in args.sizes:
            if size in results:
                out += ["", f"## {title}, {size:,} children", "", *size_table(results[size], size)]
        if len(results) > 1:
            out += ["", f"## Growth, {title}", "", *growth_table(results)]
    if pg:
        both = [s for s in args.sizes if s in pg]
        out += ["", "## PostgreSQL beside SQLite", "", "| command | " + " | ".join(
            f"SQLite {k(s)} | PostgreSQL {k(s)} | PG ÷ SQLite" for s in both) + " |",
            "|---|" + "---:|" * (3 * len(both))]
        for name in ORDER:
            cells = []
            for size in both:
                a, b = sqlite[size]["rows"].get(name), pg[size]["rows"].get(name)
                if a is None or b is None or not a.seconds or not b.seconds:
                    cells.append("— | — | —")
                else:
                    cells.append(f"{a.median:.3f} s | {b.median:.3f} s | {b.median / a.median:.1f}×")
            out.append(f"| {GENERIC[name]} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2000,20000,100000", type=lambda s: [int(x) for x in s.split(",")],
                        help="caseload sizes in children, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command")
    parser.add_argument("--policy", default="four-panels")
    parser.add_argument("--pg", help="also run against PostgreSQL at this SQLAlchemy URL (its public schema is dropped!)")
    parser.add_argument("--pg-sizes", default="20000", type=lambda s: [int(x) for x in s.split(",")],
                        help="the sizes (of --sizes) run against PostgreSQL too; default: the region, 20000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md")
    args = parser.parse_args(argv)
    if not PERM.exists():
        raise SystemExit(f"bench: no perm console script at {PERM}: run this with the Python of perm's venv")
    started = time.perf_counter()
    DATA.mkdir(exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="home-", dir=DATA))
    work = Path(tempfile.mkdtemp(prefix="work-", dir=DATA))
    run = Runner(home)
    try:
        run.run([str(PERM), "--help"])  # compiles anything changed since the last run
        data, sqlite, pg = {}, {}, {}
        for size in args.sizes:
            data[size] = caseload(args.policy, size, args.seed)
            sqlite[size] = bench_size(run, Backend(work), data[size], size, args.runs, args.policy)
            if args.pg and size in args.pg_sizes:
                pg[size] = bench_size(run, Postgres(work, args.pg), data[size], size, args.runs, args.policy)
        report = write_report(args, started, data, sqlite, pg)
    finally:
        run.close()
        shutil.rmtree(home, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    args.out.write_text(report, encoding="utf-8")
    print(report)
    progress(f"bench: wrote {args.out} in {(time.perf_counter() - started) / 60:.1f} minutes")


if __name__ == "__main__":
    main()
