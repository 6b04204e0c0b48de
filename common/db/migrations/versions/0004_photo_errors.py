"""photo errors and redesign thumbnails

A photo whose uploaded file is not a usable image keeps its row, ``failed``, with the
reason (``error_code``, ``error_message``) so that the list can say why; a redesign
records the key of its thumbnail, shown on the dashboard card when it is promoted.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('photos', sa.Column('error_code', sa.Text(), nullable=True))
    op.add_column('photos', sa.Column('error_message', sa.Text(), nullable=True))
    op.add_column('redesigns', sa.Column('thumbnail_key', sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column('redesigns', 'thumbnail_key')
    op.drop_column('photos', 'error_message')
    op.drop_column('photos', 'error_code')
