"""crawl sources: allowed_domains, the hosts a source's crawl may visit

Existing sources get their start URLs' hosts, the default a new source gets.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""
from urllib.parse import urlsplit

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('crawl_sources') as batch_op:
        batch_op.add_column(sa.Column('allowed_domains', sa.JSON(), nullable=True))
    sources = sa.table('crawl_sources', sa.column('id', sa.Integer()),
                       sa.column('start_urls', sa.JSON()),
                       sa.column('allowed_domains', sa.JSON()))
    connection = op.get_bind()
    for source_id, urls in connection.execute(sa.select(sources.c.id, sources.c.start_urls)).all():
        hosts = list(dict.fromkeys(h for h in (urlsplit(u).hostname for u in urls or []) if h))
        connection.execute(sources.update().where(sources.c.id == source_id)
                           .values(allowed_domains=hosts))


def downgrade() -> None:
    with op.batch_alter_table('crawl_sources') as batch_op:
        batch_op.drop_column('allowed_domains')
