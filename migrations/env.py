"""Alembic environment for perm.

perm runs migrations itself (``perm init``, or on opening an older database) and passes
its own connection in ``config.attributes["connection"]``, already inside a write
transaction, so a failed migration leaves the database as it was. Run by hand, the
``alembic`` command uses ``PERM_DB`` or the URL in alembic.ini.
"""

import os

from alembic import context
from sqlalchemy import create_engine

from permcli.store.tables import metadata

config = context.config


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = os.environ.get("PERM_DB") or config.get_main_option("sqlalchemy.url")
    if "://" not in url:
        url = f"sqlite:///{url}"
    engine = create_engine(url)
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
