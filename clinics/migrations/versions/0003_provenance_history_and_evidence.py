"""provenance history, evidence quotes, superbill and insurance by treatment

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('clinics', schema=None) as batch_op:
        batch_op.add_column(sa.Column('superbill', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('insurance_treatments', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('field_sources', schema=None) as batch_op:
        batch_op.add_column(sa.Column('value_since', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('evidence', sa.JSON(), nullable=True))

    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.add_column(sa.Column('also_seen_on', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_column('also_seen_on')

    with op.batch_alter_table('field_sources', schema=None) as batch_op:
        batch_op.drop_column('evidence')
        batch_op.drop_column('retired_at')
        batch_op.drop_column('value_since')

    with op.batch_alter_table('clinics', schema=None) as batch_op:
        batch_op.drop_column('changed_at')
        batch_op.drop_column('insurance_treatments')
        batch_op.drop_column('superbill')
