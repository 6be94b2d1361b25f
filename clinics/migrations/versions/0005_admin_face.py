"""admin face: roles, sources' schedules, the worker's job columns, moderation, audit and alerts

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table('admin_users') as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(10), server_default='admin',
                                      nullable=False))
    with op.batch_alter_table('clinics') as batch_op:
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_clinics_merged_into', 'clinics', ['merged_into_id'],
                                    ['id'])
    with op.batch_alter_table('reviews') as batch_op:
        batch_op.add_column(sa.Column('hidden_at', TZ, nullable=True))
        batch_op.add_column(sa.Column('hidden_reason', sa.String(500), nullable=True))
    with op.batch_alter_table('crawl_sources') as batch_op:
        batch_op.add_column(sa.Column('page_limit', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('schedule', sa.String(10), nullable=True))
        batch_op.add_column(sa.Column('next_run_at', TZ, nullable=True))
        batch_op.add_column(sa.Column('politeness', sa.JSON(), nullable=True))
    with op.batch_alter_table('crawl_jobs') as batch_op:
        batch_op.add_column(sa.Column('worker_id', sa.String(100), nullable=True))
        batch_op.add_column(sa.Column('heartbeat_at', TZ, nullable=True))
        batch_op.add_column(sa.Column('retry_of_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('cancel_requested', sa.Boolean(), server_default='0',
                                      nullable=False))
        batch_op.add_column(sa.Column('log_path', sa.String(500), nullable=True))
        batch_op.add_column(sa.Column('jobdir', sa.String(500), nullable=True))
        batch_op.add_column(sa.Column('queued_by', sa.String(254), nullable=True))
        batch_op.create_foreign_key('fk_crawl_jobs_retry_of', 'crawl_jobs', ['retry_of_id'],
                                    ['id'])
    op.create_index('uq_one_queued_job_per_source', 'crawl_jobs', ['source_id'], unique=True,
                    sqlite_where=sa.text("status = 'queued'"),
                    postgresql_where=sa.text("status = 'queued'"))
    with op.batch_alter_table('correction_requests') as batch_op:
        batch_op.add_column(sa.Column('public_token', sa.String(64), nullable=True))
        batch_op.add_column(sa.Column('note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('decided_at', TZ, nullable=True))
        batch_op.add_column(sa.Column('decided_by', sa.String(254), nullable=True))
        batch_op.create_unique_constraint('uq_correction_public_token', ['public_token'])
    op.create_table(
        'audit_log',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('at', TZ, nullable=False),
        sa.Column('actor', sa.String(254), nullable=False),
        sa.Column('action', sa.String(50), nullable=False),
        sa.Column('target', sa.String(200), nullable=False),
        sa.Column('before', sa.JSON(), nullable=True),
        sa.Column('after', sa.JSON(), nullable=True),
    )
    op.create_index('ix_audit_log_at', 'audit_log', ['at'])
    op.create_table(
        'alerts',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('created_at', TZ, nullable=False),
        sa.Column('job_id', sa.Integer(), sa.ForeignKey('crawl_jobs.id'), nullable=True),
        sa.Column('kind', sa.String(30), nullable=False),
        sa.Column('message', sa.Text(), nullable=False),
        sa.Column('dismissed_at', TZ, nullable=True),
    )


def downgrade() -> None:
    op.drop_table('alerts')
    op.drop_index('ix_audit_log_at', table_name='audit_log')
    op.drop_table('audit_log')
    with op.batch_alter_table('correction_requests') as batch_op:
        batch_op.drop_constraint('uq_correction_public_token', type_='unique')
        for name in ('decided_by', 'decided_at', 'note', 'public_token'):
            batch_op.drop_column(name)
    op.drop_index('uq_one_queued_job_per_source', table_name='crawl_jobs')
    with op.batch_alter_table('crawl_jobs') as batch_op:
        batch_op.drop_constraint('fk_crawl_jobs_retry_of', type_='foreignkey')
        for name in ('queued_by', 'jobdir', 'log_path', 'cancel_requested', 'retry_of_id',
                     'heartbeat_at', 'worker_id'):
            batch_op.drop_column(name)
    with op.batch_alter_table('crawl_sources') as batch_op:
        for name in ('politeness', 'next_run_at', 'schedule', 'page_limit'):
            batch_op.drop_column(name)
    with op.batch_alter_table('reviews') as batch_op:
        batch_op.drop_column('hidden_reason')
        batch_op.drop_column('hidden_at')
    with op.batch_alter_table('clinics') as batch_op:
        batch_op.drop_constraint('fk_clinics_merged_into', type_='foreignkey')
        batch_op.drop_column('merged_into_id')
    with op.batch_alter_table('admin_users') as batch_op:
        batch_op.drop_column('role')
