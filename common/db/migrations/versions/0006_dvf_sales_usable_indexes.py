"""dvf sales btree indexes hold the usable sales only

Every price query reads sales usable for €/m² (common.pricing.candidates
.usable_sales): the postal/type/date, commune and street indexes become partial on
that predicate (models.USABLE_SALE_SQL), about half of the sales. The DVF load
builds them in about half the time, and they cover what the queries read without
the filter columns the predicate now implies. The commune index gains the type and
€/m² so that the commune trend is index-only too.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 02:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As in common.db.models.USABLE_SALE_SQL when this revision was written.
_USABLE = sa.text(
    "is_single_dwelling IS TRUE AND price_per_m2 > 0 AND surface_reelle_bati > 0 "
    "AND COALESCE(quality_flags - ARRAY['not_geolocated']::text[], '[]'::jsonb) "
    "= '[]'::jsonb"
)
_STREET = ['code_postal', 'code_commune', 'adresse_code_voie', 'adresse_nom_voie']
_POSTAL = ['code_postal', 'type_local', 'date_mutation']


def upgrade() -> None:
    op.drop_index('ix_dvf_sales_postal_type_date', table_name='dvf_sales')
    op.drop_index('ix_dvf_sales_commune_date', table_name='dvf_sales')
    op.drop_index('ix_dvf_sales_postal_street', table_name='dvf_sales')
    op.create_index(
        'ix_dvf_sales_postal_type_date', 'dvf_sales', _POSTAL,
        postgresql_include=['price_per_m2', 'surface_reelle_bati', 'id'],
        postgresql_where=_USABLE,
    )
    op.create_index(
        'ix_dvf_sales_commune_type_date', 'dvf_sales',
        ['code_commune', 'type_local', 'date_mutation'],
        postgresql_include=['price_per_m2'], postgresql_where=_USABLE,
    )
    op.create_index(
        'ix_dvf_sales_postal_street', 'dvf_sales', _STREET, postgresql_where=_USABLE
    )


def downgrade() -> None:
    op.drop_index('ix_dvf_sales_postal_street', table_name='dvf_sales')
    op.drop_index('ix_dvf_sales_commune_type_date', table_name='dvf_sales')
    op.drop_index('ix_dvf_sales_postal_type_date', table_name='dvf_sales')
    op.create_index('ix_dvf_sales_postal_street', 'dvf_sales', _STREET)
    op.create_index(
        'ix_dvf_sales_commune_date', 'dvf_sales', ['code_commune', 'date_mutation']
    )
    op.create_index(
        'ix_dvf_sales_postal_type_date', 'dvf_sales', _POSTAL,
        postgresql_include=[
            'price_per_m2', 'surface_reelle_bati', 'is_single_dwelling',
            'quality_flags', 'id',
        ],
    )
