"""Creating a database: the newest schema and the policy it follows, in one transaction."""

from __future__ import annotations

from ..domain.rules import Policy
from ..store import repo
from . import policies
from .context import Context


def init_database(ctx: Context, policy_ref: str | None) -> Policy:
    ref = policies.resolve(policy_ref or policies.DEFAULT_POLICY)
    policy = policies.load(ref)  # a broken policy file stops here, before any file exists
    def first_settings(conn) -> None:
        repo.set_setting(conn, policies.SETTING, ref, ctx.now(), ctx.by)
        repo.audit(conn, ctx.now(), ctx.by, "db.init", detail={"policy": ref})

    ctx.engine(create=first_settings)
    return policy
