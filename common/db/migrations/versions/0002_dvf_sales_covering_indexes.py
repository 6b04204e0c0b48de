"""dvf sales covering indexes for price analysis

The yearly trend of a postal code reads every usable sale of six years: covering
``ix_dvf_sales_postal_type_date`` with the columns it filters and aggregates makes it
an index-only scan. The streets of a postal code (street fallback of the comparable
search, last sale at the address) get their own index for the same reason. Measured
by ``bench.price_latency`` on 5,000,000 sales.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 23:04:14.856007
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_POSTAL_TYPE_DATE = ['code_postal', 'type_local', 'date_mutation']
_COVERED = ['price_per_m2', 'surface_reelle_bati', 'is_single_dwelling', 'quality_flags']


def upgrade() -> None:
    op.drop_index('ix_dvf_sales_postal_type_date', table_name='dvf_sales')
    op.create_index(
        'ix_dvf_sales_postal_type_date', 'dvf_sales', _POSTAL_TYPE_DATE,
        unique=False, postgresql_include=_COVERED,
    )
    op.create_index(
        'ix_dvf_sales_postal_street', 'dvf_sales',
        ['code_postal', 'code_commune', 'adresse_code_voie', 'adresse_nom_voie'],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index('ix_dvf_sales_postal_street', table_name='dvf_sales')
    op.drop_index('ix_dvf_sales_postal_type_date', table_name='dvf_sales')
    op.create_index(
        'ix_dvf_sales_postal_type_date', 'dvf_sales', _POSTAL_TYPE_DATE, unique=False
    )
