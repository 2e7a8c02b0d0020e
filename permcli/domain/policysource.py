"""Reading a policy file's TOML text so that every mistake can name its file and line.

tomllib gives values without positions; SourceMap finds where each table and key stands by
reading the lines, and Reader fails with a PolicyError that names them.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from .errors import PolicyError

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")
_TOML_AT = re.compile(r"\s*\(at line (\d+), column \d+\)")


class SourceMap:
    """Line numbers of tables and keys in a TOML text, found by reading its lines."""

    def __init__(self, text: str):
        self.lines: dict[tuple, int] = {}
        counts: dict[str, int] = {}
        current: tuple = ()
        for number, line in enumerate(text.splitlines(), start=1):
            header = _HEADER.match(line)
            if header:
                name = header.group(2)
                parts = name.split(".")
                if header.group(1) == "[[" and len(parts) == 2 and parts[0] in counts:
                    parent = (parts[0], counts[parts[0]])
                    key = (*parent, parts[1])
                    index = counts.get(key, -1) + 1
                    counts[key] = index
                    current = (*key, index)
                elif header.group(1) == "[[":
                    index = counts.get(name, -1) + 1
                    counts[name] = index
                    current = (name, index)
                else:
                    if parts[0] in counts and len(parts) > 1:
                        current = (parts[0], counts[parts[0]], *parts[1:])
                    else:
                        current = tuple(parts)
                self.lines.setdefault(current, number)
                continue
            key = _KEY.match(line)
            if key:
                self.lines.setdefault((*current, key.group(1)), number)

    def line(self, *path: Any) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None


class Reader:
    """A policy file's TOML, read, with a way to name the line of any table or key."""

    def __init__(self, text: str, path: str):
        self.path = path
        self.map = SourceMap(text)
        try:
            self.data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            message = str(exc)
            at = _TOML_AT.search(message)
            raise PolicyError(
                "not valid TOML: " + _TOML_AT.sub("", message), path, int(at.group(1)) if at else None
            ) from None
        except RecursionError:
            # tomllib reads nested arrays and tables by recursion, and gives no line. The same
            # words as app/policies.py, which catches it around the whole load.
            raise PolicyError("nested too deeply", path) from None

    def fail(self, message: str, *where: Any) -> PolicyError:
        return PolicyError(message, self.path, self.map.line(*where))
