"""Alembic environment: the URL comes from the caller (``clinics.db.migrate``) or config.py."""
from alembic import context

import config
from clinics.db import engine_for
from clinics.models import Base

url = context.config.get_main_option("sqlalchemy.url") or config.load().database_url


def run_offline() -> None:
    context.configure(url=url, target_metadata=Base.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    with engine_for(url).connect() as connection:
        context.configure(
            connection=connection, target_metadata=Base.metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
