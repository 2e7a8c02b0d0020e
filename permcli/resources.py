"""Folders that sit at the top of the repository and inside the installed package."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """``migrations`` or ``sample_data``: inside an installed wheel, or beside the package
    in a source checkout (an editable install)."""
    installed = _PACKAGE / name
    return installed if installed.is_dir() else _PACKAGE.parent / name
