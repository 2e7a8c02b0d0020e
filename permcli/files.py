"""Files perm writes: whole or not at all, readable and writable by their owner only."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_whole(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` (owner-only from the start), make
    sure it is on disk, then rename it over ``path``; on any failure the temporary file is
    removed and ``path`` is as it was. The folder must exist."""
    publish(prepare(path, data), path)


def prepare(path: str | Path, data: str | bytes) -> str:
    """The first half of write_whole: ``data`` on disk in a temporary file beside ``path``,
    to be published (renamed over ``path``) or discarded. Lets a caller write a file only
    once a transaction has committed: prepare, commit, publish."""
    target = os.path.abspath(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, temp = tempfile.mkstemp(prefix=".perm-", suffix=".tmp", dir=os.path.dirname(target))
    except OSError as exc:
        raise _about(exc, target) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o600)
    except BaseException as exc:
        discard(temp)
        if isinstance(exc, OSError):
            raise _about(exc, target) from None
        raise
    return temp


def publish(temp: str, path: str | Path) -> None:
    try:
        os.replace(temp, os.path.abspath(path))
    except OSError as exc:
        discard(temp)
        raise _about(exc, os.path.abspath(path)) from None


def discard(temp: str | None) -> None:
    if temp and os.path.exists(temp):
        os.unlink(temp)


def _about(exc: OSError, target: str) -> OSError:
    """The error as it concerns the file asked for: a person never sees the name of the
    temporary file, which they did not ask for and will not find."""
    return type(exc)(exc.errno, exc.strerror, target)


def check_target(path: str | Path, what: str) -> Path:
    """A file perm is about to write, checked before any work is done: its folder exists
    and can be written to, and it is not a folder itself. Returns the absolute path."""
    from .domain.errors import PermError

    target = Path(os.path.abspath(Path(path).expanduser()))
    if target.is_dir():
        raise PermError(f"{what}: {target} is a folder; give a file name")
    if not target.parent.is_dir():
        raise PermError(f"{what}: no folder {target.parent}")
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise PermError(f"{what}: cannot write in {target.parent}")
    if target.exists() and not os.access(target, os.W_OK):
        raise PermError(f"{what}: cannot overwrite {target}")
    return target
