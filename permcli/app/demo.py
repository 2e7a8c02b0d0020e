"""The demo: the fictional caseload in sample_data/ loaded into a throwaway database."""

from __future__ import annotations

import tomllib
from pathlib import Path

from ..resources import bundled
from ..store.schema import remove_sqlite_files
from .context import Context
from .loader import Loaded, load_caseload
from .setup import init_database


def demo_path() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("perm", appauthor=False)) / "demo.db"


def manifest() -> dict:
    return tomllib.loads((bundled("sample_data") / "caseload.toml").read_text(encoding="utf-8"))


def build_demo(as_of_text: str | None = None, path: Path | None = None) -> tuple[Context, Loaded]:
    """A fresh demo database (replacing the last one), loaded as of the day the caseload
    describes; the returned context looks at it as of ``as_of_text`` (default: that day)."""
    info = manifest()
    path = path or demo_path()
    remove_sqlite_files(path)
    loading = Context(db=str(path), as_of_text=str(info["as_of"]), user="demo")
    try:
        init_database(loading, info["policy"])
        folder = bundled("sample_data")
        loaded = load_caseload(loading, folder / info["children"], folder / info["events"])
    finally:
        loading.close()
    return Context(db=str(path), as_of_text=as_of_text or str(info["as_of"]), user="demo"), loaded
