"""The demo: the fictional caseload in sample_data/ loaded into a throwaway database."""

from __future__ import annotations

import tomllib
from pathlib import Path

from ..domain.errors import PermError
from ..resources import bundled
from ..store.schema import remove_sqlite_files
from .context import Context
from .importer import ImportReport
from .intakefiles import caseload_files
from .policies import shipped_ids
from .setup import init_database


def demo_path() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("perm", appauthor=False)) / "demo.db"


def manifest() -> dict:
    return tomllib.loads((bundled("sample_data") / "caseload.toml").read_text(encoding="utf-8"))


def build_demo(
    as_of_text: str | None = None, path: Path | None = None, policy: str | None = None
) -> tuple[Context, ImportReport]:
    """A fresh demo database (replacing the last one), loaded as of the day the caseload
    describes, under a shipped policy (default: the manifest's); the returned context looks
    at it as of ``as_of_text`` (default: that day)."""
    info = manifest()
    policy = policy or info["policy"]
    if policy not in shipped_ids():
        raise PermError(f"--policy: the demo runs under a shipped policy: {', '.join(shipped_ids())}")
    path = path or demo_path()
    remove_sqlite_files(path)
    loading = Context(db=str(path), as_of_text=str(info["as_of"]), user="demo")
    folder = bundled("sample_data")
    try:
        init_database(loading, policy)
        extra = info.get("extra", {}).get(policy, [])
        files = [folder / info["events"], *(folder / name for name in extra)]
        loaded = caseload_files(loading, folder / info["children"], files)
    finally:
        loading.close()
    return Context(db=str(path), as_of_text=as_of_text or str(info["as_of"]), user="demo"), loaded
