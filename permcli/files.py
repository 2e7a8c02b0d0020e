"""Files perm writes: whole or not at all, readable and writable by their owner only."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_whole(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` (owner-only from the start), make
    sure it is on disk, then rename it over ``path``; on any failure the temporary file is
    removed and ``path`` is as it was. The folder must exist."""
    target = os.path.abspath(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, temp = tempfile.mkstemp(prefix=".perm-", suffix=".tmp", dir=os.path.dirname(target))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, target)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
