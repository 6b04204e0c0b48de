"""dvf sales codes in the C collation; no (commune, street) index

The codes, keys and DVF labels of dvf_sales (mutation key, postal and INSEE codes,
département, street code and name, type of local) only ever compare for equality or
by bytes: the "C" collation makes their btrees, and so the DVF load's index builds,
about a third cheaper than the database's locale (measured by ``bench.dvf_load``).
The street queries now also name the postal code, which ix_dvf_sales_postal_street
serves: ix_dvf_sales_street goes (one index build less per load).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 01:25:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = {
    'mutation_key': (sa.Text, ()), 'code_postal': (sa.String, (5,)),
    'code_commune': (sa.String, (5,)), 'code_departement': (sa.String, (3,)),
    'type_local': (sa.Text, ()), 'adresse_code_voie': (sa.Text, ()),
    'adresse_nom_voie': (sa.Text, ()),
}


def _retype(collation: str | None) -> None:
    for name, (kind, args) in _COLUMNS.items():
        op.alter_column(
            'dvf_sales', name,
            type_=kind(*args, collation=collation), existing_type=kind(*args),
        )


def upgrade() -> None:
    op.drop_index('ix_dvf_sales_street', table_name='dvf_sales')
    _retype('C')


def downgrade() -> None:
    _retype(None)
    op.create_index(
        'ix_dvf_sales_street', 'dvf_sales', ['code_commune', 'adresse_code_voie'],
        unique=False,
    )
