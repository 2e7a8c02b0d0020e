"""The user's config file: defaults for the database, who is acting, the policy of `perm
init` and the filters of `perm due`.

Command-line flags win, then environment variables (PERM_DB, PERM_AS_OF, PERM_USER), then
this file, then perm's built-in defaults. The file is TOML, `KEY = VALUE` lines at the top
level, in the user's config directory (on Linux ~/.config/perm/config.toml), readable by
its owner only. A mistake in it is one line naming the file and the line.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from ..domain.errors import PermError

FILE_NAME = "config.toml"

# Each setting and what it is for, in the order `perm config show` lists them.
KEYS: dict[str, str] = {
    "db": "the database (a file path or an SQLAlchemy URL) when neither --db nor PERM_DB is given",
    "by": "who is making changes, for the record, when neither --by nor PERM_USER is given",
    "policy": "the policy perm init follows when --policy is not given",
    "team": "perm due lists this team's children when --team (or --child) is not given",
    "worker": "perm due lists this worker's children when --worker (or --child) is not given",
    "within": "perm due's window in days when --within is not given",
}
INTEGER_KEYS = frozenset({"within"})
LIMITS = {"by": 100, "team": 200, "worker": 200}

HEADER = (
    "# perm settings: change them with `perm config set KEY VALUE` and `perm config unset KEY`.\n"
    "# Command-line flags and the PERM_DB, PERM_AS_OF and PERM_USER variables win over this file.\n"
)


def config_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("perm", appauthor=False)) / FILE_NAME


def load(path: Path | None = None) -> dict[str, str | int]:
    """The settings in the config file; none when there is no file."""
    path = path or config_path()
    text = _read(path)
    if text is None:
        return {}
    return _parse(text, path)


def check_key(key: str) -> str:
    if key not in KEYS:
        raise PermError(f"unknown setting {key!r}: choose one of {', '.join(KEYS)}")
    return key


def check_value(key: str, value: object) -> str | int:
    """A setting's value as perm keeps it, or an error saying what is wrong."""
    if key in INTEGER_KEYS:
        if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3650:
            raise PermError(f"{key}: give a number of days from 0 to 3650")
        return value
    if not isinstance(value, str):
        raise PermError(f"{key}: give text in quotes")
    text = value.strip()
    if not text:
        raise PermError(f"{key}: give a value (perm config unset {key} removes it)")
    if len(text) > LIMITS.get(key, 1000):
        raise PermError(f"{key}: longer than {LIMITS.get(key, 1000)} characters")
    from ..domain.text import check_text

    return check_text(text, key)


def normalise(key: str, value: str | int) -> str | int:
    """What `perm config set` stores: file paths made absolute (a cron job runs elsewhere),
    a policy checked and named as `perm init` would take it."""
    if key == "db" and "://" not in str(value):
        return os.path.abspath(os.path.expanduser(str(value)))
    if key == "policy":
        from . import policies

        return policies.resolve(str(value))
    return value


def set_value(key: str, raw: str) -> tuple[Path, str | int]:
    """Set one setting in the config file, keeping the rest of the file as it is."""
    check_key(key)
    value = normalise(key, check_value(key, raw))
    path = config_path()
    text = _read(path) or ""
    _parse(text, path)  # a broken file is reported, not overwritten
    line = f"{key} = {_toml(value)}"
    lines = text.splitlines()
    at = _line_of(lines, key)
    if at is None:
        new = (text if text else HEADER).rstrip("\n") + "\n" + line + "\n"
    else:
        lines[at - 1] = line
        new = "\n".join(lines) + "\n"
    try:
        if _parse(new, path).get(key) != value:
            raise PermError("edit")
    except PermError:  # a hand-written value over several lines: write the file afresh
        settings = {**_parse(text, path), key: value}
        new = HEADER + "".join(f"{k} = {_toml(settings[k])}\n" for k in KEYS if k in settings)
    _write(path, new)
    return path, value


def unset_value(key: str) -> tuple[Path, bool]:
    """Remove one setting; False when it was not set."""
    check_key(key)
    path = config_path()
    text = _read(path)
    if text is None:
        return path, False
    settings = _parse(text, path)
    if key not in settings:
        return path, False
    lines = text.splitlines()
    at = _line_of(lines, key)
    if at is not None:
        del lines[at - 1]
    new = "\n".join(lines) + "\n"
    try:
        if at is None or key in _parse(new, path):
            raise PermError("edit")
    except PermError:
        del settings[key]
        new = HEADER + "".join(f"{k} = {_toml(settings[k])}\n" for k in KEYS if k in settings)
    _write(path, new)
    return path, True


# -- the file ---------------------------------------------------------------------------------


def _read(path: Path) -> str | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise PermError(f"cannot read the config file {path}: {exc.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PermError(f"config file {path}:{line}: not UTF-8 text") from None


def _parse(text: str, path: Path) -> dict[str, str | int]:
    import tomllib

    try:
        data = tomllib.loads(text)
    except RecursionError:  # tomllib recurses once per level of [[[...]]] or {a = {...}}
        raise PermError(f"config file {path}:{_first_deep_line(text)}: nested too deeply") from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
        if found:
            problem = message[: found.start()]
            raise PermError(f"config file {path}:{found.group(1)}: {problem} (column {found.group(2)})") from None
        line = len(text.splitlines()) or 1
        problem = re.sub(r"\s*\(at end of document\)$", "", message)
        raise PermError(f"config file {path}:{line}: {problem}") from None
    lines = text.splitlines()
    settings: dict[str, str | int] = {}
    for key, value in data.items():
        line = _line_of(lines, key) or _table_line(lines, key) or 1
        where = f"config file {path}:{line}"
        if key not in KEYS:
            if isinstance(value, dict):
                raise PermError(f"{where}: perm's settings are plain KEY = VALUE lines, not [tables]")
            raise PermError(f"{where}: unknown setting {key!r} (settings: {', '.join(KEYS)})")
        try:
            settings[key] = check_value(key, value)
        except PermError as exc:
            raise PermError(f"{where}: {exc}") from None
    return settings


def _first_deep_line(text: str) -> int:
    """The line where a value opens more brackets than any config value needs."""
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        for char in line:
            depth += char in "[{"
            depth -= char in "]}"
            if depth > 100:
                return number
    return 1


def _line_of(lines: list[str], key: str) -> int | None:
    """The line (from 1) that sets ``key`` at the top level of the file."""
    pattern = re.compile(r"\s*(?:" + re.escape(key) + r"|\"" + re.escape(key) + r"\"|'" + re.escape(key) + r"')\s*=")
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith("["):
            return None
        if pattern.match(line):
            return number
    return None


def _table_line(lines: list[str], key: str) -> int | None:
    for number, line in enumerate(lines, start=1):
        if re.match(r"\s*\[+\s*[\"']?" + re.escape(key), line):
            return number
    return None


def _toml(value: str | int) -> str:
    # A JSON string is a TOML basic string once control characters are refused (check_value).
    return str(value) if isinstance(value, int) else json.dumps(value, ensure_ascii=False)


def _write(path: Path, text: str) -> None:
    """The whole file or nothing, readable and writable by its owner only."""
    from ..files import write_whole

    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_whole(path, text)
