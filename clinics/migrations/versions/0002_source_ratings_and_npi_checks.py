"""source ratings and npi checks

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('source_ratings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_url', sa.String(length=500), nullable=False),
    sa.Column('rating', sa.Float(), nullable=False),
    sa.Column('review_count', sa.Integer(), nullable=False),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('rating BETWEEN 1 AND 5', name='ck_source_rating'),
    sa.CheckConstraint('review_count >= 0', name='ck_source_review_count'),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinics.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('clinic_id', 'source', name='uq_source_rating')
    )
    with op.batch_alter_table('source_ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_source_ratings_clinic_id'), ['clinic_id'], unique=False)

    with op.batch_alter_table('practitioners', schema=None) as batch_op:
        batch_op.add_column(sa.Column('npi_taxonomy', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('npi_source_url', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('npi_checked_at', sa.DateTime(timezone=True), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('practitioners', schema=None) as batch_op:
        batch_op.drop_column('npi_checked_at')
        batch_op.drop_column('npi_source_url')
        batch_op.drop_column('npi_taxonomy')

    with op.batch_alter_table('source_ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_source_ratings_clinic_id'))

    op.drop_table('source_ratings')
