"""Finding and loading policies: the ones perm ships, or a council's own file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..domain.errors import PermError, PolicyError
from ..domain.policyfile import parse_policy
from ..domain.rules import Policy

SHIPPED_DIR = Path(__file__).resolve().parent.parent / "policies"
BASE_FILE = "base.toml"
DEFAULT_POLICY = "statutory"
SETTING = "policy"


def shipped_ids() -> list[str]:
    return sorted(p.stem for p in SHIPPED_DIR.glob("*.toml") if p.name != BASE_FILE)


def resolve(ref: str) -> str:
    """A shipped policy ID as it is, or a policy file as an absolute path."""
    if ref in shipped_ids():
        return ref
    path = Path(ref).expanduser()
    if path.suffix == ".toml" or path.exists():
        if not path.is_file():
            raise PermError(f"no policy file at {path}")
        return str(path.resolve())
    raise PermError(f"unknown policy {ref!r}: use one of {', '.join(shipped_ids())} or a .toml file")


@lru_cache(maxsize=None)
def load(ref: str) -> Policy:
    ref = resolve(ref)
    path = SHIPPED_DIR / f"{ref}.toml" if ref in shipped_ids() else Path(ref)
    base = SHIPPED_DIR / BASE_FILE
    text, base_text = _read(path), _read(base)
    try:
        return parse_policy(text, str(path), base_text, str(base))
    except RecursionError:  # tomllib recurses once per level of [[[...]]] or {a = {...}}
        raise PolicyError("nested too deeply", str(path)) from None


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PermError(f"cannot read the policy file {path}: {exc.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PermError(f"{path}:{line}: not UTF-8 text") from None


@lru_cache(maxsize=None)
def statutory_ids() -> frozenset[str]:
    return frozenset(r.id for r in load(DEFAULT_POLICY).rules)


def active(conn) -> Policy:
    """The policy recorded in the database at ``perm init``."""
    from ..store.repo import get_setting

    return load(get_setting(conn, SETTING) or DEFAULT_POLICY)
