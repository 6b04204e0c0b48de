"""SQLAlchemy 2 models of every table the product needs.

Ownership flows one way: ``ba_user`` -> ``users`` -> properties -> documents / photos /
syntheses / price analyses, all ``ON DELETE CASCADE``, so deleting a user or a property
is one statement that never fails on a foreign key. The ``ba_*`` tables follow Better
Auth's schema with snake_case columns so a Next.js frontend can share the database.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
JsonDict = dict[str, Any]


class Base(DeclarativeBase):
    """Declarative base with stable constraint names for migrations."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {JsonDict: JSONB, list[Any]: JSONB}


def _now() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now())


def _updated() -> Mapped[datetime]:
    return mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


def _uuid_pk() -> Mapped[uuid.UUID]:
    return mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


def _user_fk() -> Mapped[str]:
    return mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
    )


def _property_fk() -> Mapped[uuid.UUID]:
    return mapped_column(
        ForeignKey("properties.id", ondelete="CASCADE"), nullable=False
    )


# --- Better Auth -------------------------------------------------------------------


class BaUser(Base):
    """Better Auth user."""

    __tablename__ = "ba_user"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(Text, unique=True)
    email_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    image: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _updated()


class BaSession(Base):
    """Better Auth session: the cookie carries ``token`` signed with the secret."""

    __tablename__ = "ba_session"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    token: Mapped[str] = mapped_column(Text, unique=True)
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _updated()
    ip_address: Mapped[str | None] = mapped_column(Text)
    user_agent: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[str] = mapped_column(
        ForeignKey("ba_user.id", ondelete="CASCADE"), index=True
    )


class BaAccount(Base):
    """Better Auth account: ``credential`` (password) or an OAuth provider link."""

    __tablename__ = "ba_account"
    __table_args__ = (UniqueConstraint("provider_id", "account_id"),)

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    account_id: Mapped[str] = mapped_column(Text)
    provider_id: Mapped[str] = mapped_column(Text)
    user_id: Mapped[str] = mapped_column(
        ForeignKey("ba_user.id", ondelete="CASCADE"), index=True
    )
    access_token: Mapped[str | None] = mapped_column(Text)
    refresh_token: Mapped[str | None] = mapped_column(Text)
    id_token: Mapped[str | None] = mapped_column(Text)
    access_token_expires_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True)
    )
    refresh_token_expires_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True)
    )
    scope: Mapped[str | None] = mapped_column(Text)
    password: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _updated()


class BaVerification(Base):
    """Better Auth verification values (OAuth state, e-mail tokens)."""

    __tablename__ = "ba_verification"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    identifier: Mapped[str] = mapped_column(Text, index=True)
    value: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _updated()


# --- Product -----------------------------------------------------------------------


class User(Base):
    """Product profile of a Better Auth user (same id): role, activity, language."""

    __tablename__ = "users"

    id: Mapped[str] = mapped_column(
        ForeignKey("ba_user.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(String(2), default="fr")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_superuser: Mapped[bool] = mapped_column(Boolean, default=False)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _updated()


class Property(Base):
    """An apartment or house the user considers buying."""

    __tablename__ = "properties"
    __table_args__ = (
        Index("ix_properties_user_created", "user_id", "created_at", "id"),
    )

    id: Mapped[uuid.UUID] = _uuid_pk()
    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    name: Mapped[str] = mapped_column(Text)
    address: Mapped[str] = mapped_column(Text)
    postal_code: Mapped[str] = mapped_column(String(5))
    city: Mapped[str] = mapped_column(Text)
    department: Mapped[str] = mapped_column(String(3))
    property_type: Mapped[str] = mapped_column(String(16))
    asking_price: Mapped[int | None] = mapped_column(BigInteger)
    surface_area: Mapped[float | None] = mapped_column(Float)
    rooms: Mapped[int | None] = mapped_column(SmallInteger)
    bedrooms: Mapped[int | None] = mapped_column(SmallInteger)
    floor: Mapped[int | None] = mapped_column(SmallInteger)
    total_floors: Mapped[int | None] = mapped_column(SmallInteger)
    building_year: Mapped[int | None] = mapped_column(SmallInteger)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _updated()


class Document(Base):
    """An uploaded purchase document, its durable status and full analysis."""

    __tablename__ = "documents"
    __table_args__ = (
        Index("ix_documents_property_category", "property_id", "category"),
        Index(
            "uq_documents_property_sha256",
            "property_id",
            "sha256",
            unique=True,
            postgresql_where=text("sha256 IS NOT NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = _uuid_pk()
    property_id: Mapped[uuid.UUID] = _property_fk()
    user_id: Mapped[str] = _user_fk()
    workflow_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    filename: Mapped[str] = mapped_column(Text)
    storage_key: Mapped[str] = mapped_column(Text, unique=True)
    content_type: Mapped[str | None] = mapped_column(Text)
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(String(64))
    generation: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(24), default="awaiting_upload")
    category: Mapped[str | None] = mapped_column(String(24))
    category_confidence: Mapped[float | None] = mapped_column(Float)
    page_count: Mapped[int | None] = mapped_column(Integer)
    analysis: Mapped[JsonDict | None] = mapped_column(JSONB)
    error_code: Mapped[str | None] = mapped_column(Text)
    error_message: Mapped[str | None] = mapped_column(Text)
    uploaded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    analyzed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _updated()


class Synthesis(Base):
    """Cross-document synthesis of one property, with the user's overrides."""

    __tablename__ = "syntheses"

    property_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("properties.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = _user_fk()
    status: Mapped[str] = mapped_column(String(16), default="pending")
    result: Mapped[JsonDict | None] = mapped_column(JSONB)
    overrides: Mapped[JsonDict] = mapped_column(JSONB, default=dict)
    risk_level: Mapped[str | None] = mapped_column(String(16))
    annual_cost_total: Mapped[float | None] = mapped_column(Numeric(14, 2))
    one_time_cost_total: Mapped[float | None] = mapped_column(Numeric(14, 2))
    key_findings: Mapped[list[Any]] = mapped_column(JSONB, default=list)
    document_count: Mapped[int] = mapped_column(Integer, default=0)
    error_code: Mapped[str | None] = mapped_column(Text)
    error_message: Mapped[str | None] = mapped_column(Text)
    generated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _updated()


class Photo(Base):
    """A photo of the property; may promote one of its redesigns to the overview."""

    __tablename__ = "photos"
    __table_args__ = (Index("ix_photos_property_created", "property_id", "created_at"),)

    id: Mapped[uuid.UUID] = _uuid_pk()
    property_id: Mapped[uuid.UUID] = _property_fk()
    user_id: Mapped[str] = _user_fk()
    filename: Mapped[str] = mapped_column(Text)
    storage_key: Mapped[str] = mapped_column(Text, unique=True)
    thumbnail_key: Mapped[str | None] = mapped_column(Text)
    content_type: Mapped[str | None] = mapped_column(Text)
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(24), default="awaiting_upload")
    room_type: Mapped[str | None] = mapped_column(String(32))
    error_code: Mapped[str | None] = mapped_column(Text)
    error_message: Mapped[str | None] = mapped_column(Text)
    promoted_redesign_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey(
            "redesigns.id",
            ondelete="SET NULL",
            use_alter=True,
            name="fk_photos_promoted_redesign_id_redesigns",
        )
    )
    promoted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _updated()


class Redesign(Base):
    """One AI redesign of a photo (a turn of a possibly multi-turn refinement)."""

    __tablename__ = "redesigns"
    __table_args__ = (Index("ix_redesigns_photo_created", "photo_id", "created_at"),)

    id: Mapped[uuid.UUID] = _uuid_pk()
    photo_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("photos.id", ondelete="CASCADE"), nullable=False
    )
    user_id: Mapped[str] = _user_fk()
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("redesigns.id", ondelete="SET NULL"), index=True
    )
    style_preset: Mapped[str | None] = mapped_column(String(64))
    prompt: Mapped[str] = mapped_column(Text)
    aspect_ratio: Mapped[str | None] = mapped_column(String(8))
    reference_photo_ids: Mapped[list[Any]] = mapped_column(JSONB, default=list)
    history: Mapped[list[Any]] = mapped_column(JSONB, default=list)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    storage_key: Mapped[str | None] = mapped_column(Text)
    thumbnail_key: Mapped[str | None] = mapped_column(Text)
    model: Mapped[str | None] = mapped_column(Text)
    generation_ms: Mapped[int | None] = mapped_column(Integer)
    error_code: Mapped[str | None] = mapped_column(Text)
    error_message: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _updated()


class PriceAnalysis(Base):
    """The latest DVF price analysis of a property and the user's exclusions."""

    __tablename__ = "price_analyses"

    property_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("properties.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = _user_fk()
    status: Mapped[str] = mapped_column(String(16), default="pending")
    result: Mapped[JsonDict | None] = mapped_column(JSONB)
    exclusion_mode: Mapped[str] = mapped_column(String(16), default="auto")
    excluded_sale_ids: Mapped[list[Any]] = mapped_column(JSONB, default=list)
    included_sale_ids: Mapped[list[Any]] = mapped_column(JSONB, default=list)
    estimated_value: Mapped[int | None] = mapped_column(BigInteger)
    price_deviation_pct: Mapped[float | None] = mapped_column(Float)
    verdict: Mapped[str | None] = mapped_column(String(32))
    confidence: Mapped[str | None] = mapped_column(String(16))
    comparable_count: Mapped[int | None] = mapped_column(Integer)
    dvf_load_run_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    computed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _updated()


# --- DVF ---------------------------------------------------------------------------


# Codes, keys and DVF labels compare byte by byte: the "C" collation makes their
# btrees (and the load's index builds) about a third cheaper than a locale's (0005).
CODE = "C"
NEAR_INDEXES = (("apartment", "Appartement"), ("house", "Maison"))
NEAR_COVERED = ["id", "latitude", "longitude", "surface_reelle_bati", "date_mutation"]


# A sale usable for €/m² (any type): the predicate of the btree partial indexes,
# spelling out common.pricing.candidates.usable_sales without its type condition.
USABLE_SALE_SQL = (
    "is_single_dwelling IS TRUE AND price_per_m2 > 0 AND surface_reelle_bati > 0 "
    "AND COALESCE(quality_flags - ARRAY['not_geolocated']::text[], '[]'::jsonb) "
    "= '[]'::jsonb"
)


def usable_sale_sql(property_type: str) -> str:
    """The SQL of a geolocated sale usable for €/m² of ``property_type``.

    The predicate of the spatial partial indexes: it spells out
    ``common.pricing.candidates.usable_sales`` plus the coordinates, so that the
    planner proves the ring query implies it, and only the ring query (a query
    without the coordinates' conditions must not scan a whole spatial index).
    """
    return (
        f"type_local = '{property_type}' AND {USABLE_SALE_SQL} "
        "AND latitude IS NOT NULL AND longitude IS NOT NULL"
    )


class DvfSale(Base):
    """One DVF mutation (sale), grouped from its rows; the price is counted once."""

    __tablename__ = "dvf_sales"
    __table_args__ = (
        # Every price query reads usable sales only (usable_sales): the btree
        # indexes hold them alone (about half the sales; the load builds them in
        # half the time), and cover what the queries read (migrations 0002-0006).
        # The yearly trend and the postal-code comparables of a postal code:
        Index(
            "ix_dvf_sales_postal_type_date",
            "code_postal",
            "type_local",
            "date_mutation",
            postgresql_include=["price_per_m2", "surface_reelle_bati", "id"],
            postgresql_where=text(USABLE_SALE_SQL),
        ),
        # The yearly trend of a commune:
        Index(
            "ix_dvf_sales_commune_type_date",
            "code_commune",
            "type_local",
            "date_mutation",
            postgresql_include=["price_per_m2"],
            postgresql_where=text(USABLE_SALE_SQL),
        ),
        # The comparable search reads a ring's bounding box, index-only (0003).
        *(
            Index(
                f"ix_dvf_sales_near_{name}",
                text("point(longitude, latitude)"),
                postgresql_using="gist",
                postgresql_include=NEAR_COVERED,
                postgresql_where=text(usable_sale_sql(kind)),
            )
            for name, kind in NEAR_INDEXES
        ),
        # The streets of a postal code (street fallback, last sale at the address)
        # and its main commune: the street queries name the postal code, so no
        # (commune, street) index.
        Index(
            "ix_dvf_sales_postal_street",
            "code_postal",
            "code_commune",
            "adresse_code_voie",
            "adresse_nom_voie",
            postgresql_where=text(USABLE_SALE_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    mutation_key: Mapped[str] = mapped_column(Text(collation=CODE), unique=True)
    date_mutation: Mapped[date] = mapped_column(Date)
    nature_mutation: Mapped[str] = mapped_column(Text)
    valeur_fonciere: Mapped[float | None] = mapped_column(Numeric(15, 2))
    adresse_numero: Mapped[str | None] = mapped_column(Text)
    adresse_suffixe: Mapped[str | None] = mapped_column(Text)
    adresse_nom_voie: Mapped[str | None] = mapped_column(Text(collation=CODE))
    adresse_code_voie: Mapped[str | None] = mapped_column(Text(collation=CODE))
    code_postal: Mapped[str | None] = mapped_column(String(5, collation=CODE))
    code_commune: Mapped[str] = mapped_column(String(5, collation=CODE))
    nom_commune: Mapped[str | None] = mapped_column(Text)
    code_departement: Mapped[str] = mapped_column(String(3, collation=CODE))
    type_local: Mapped[str | None] = mapped_column(Text(collation=CODE))
    surface_reelle_bati: Mapped[float | None] = mapped_column(Float)
    nombre_pieces: Mapped[int | None] = mapped_column(SmallInteger)
    surface_carrez: Mapped[float | None] = mapped_column(Float)
    surface_terrain: Mapped[float | None] = mapped_column(Float)
    dwelling_count: Mapped[int] = mapped_column(SmallInteger, default=0)
    dependance_count: Mapped[int] = mapped_column(SmallInteger, default=0)
    commercial_count: Mapped[int] = mapped_column(SmallInteger, default=0)
    is_single_dwelling: Mapped[bool] = mapped_column(Boolean, default=False)
    price_per_m2: Mapped[float | None] = mapped_column(Float)
    quality_flags: Mapped[list[Any]] = mapped_column(JSONB, default=list)
    longitude: Mapped[float | None] = mapped_column(Float)
    latitude: Mapped[float | None] = mapped_column(Float)


class DvfSaleLot(Base):
    """One local (dwelling, dépendance, commercial premises) of a DVF sale."""

    __tablename__ = "dvf_sale_lots"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    sale_id: Mapped[int] = mapped_column(
        ForeignKey("dvf_sales.id", ondelete="CASCADE"), index=True
    )
    id_parcelle: Mapped[str | None] = mapped_column(Text)
    code_type_local: Mapped[str | None] = mapped_column(String(2))
    type_local: Mapped[str | None] = mapped_column(Text)
    surface_reelle_bati: Mapped[float | None] = mapped_column(Float)
    nombre_pieces: Mapped[int | None] = mapped_column(SmallInteger)
    lot_numbers: Mapped[list[Any]] = mapped_column(JSONB, default=list)
    surface_carrez: Mapped[float | None] = mapped_column(Float)


class DvfLoadRun(Base):
    """One run of the DVF loader: sources, counts, rejects, timing and outcome."""

    __tablename__ = "dvf_load_runs"

    id: Mapped[uuid.UUID] = _uuid_pk()
    status: Mapped[str] = mapped_column(String(16), default="running")
    sources: Mapped[list[Any]] = mapped_column(JSONB, default=list)
    task_count: Mapped[int] = mapped_column(Integer, default=1)
    tasks: Mapped[JsonDict] = mapped_column(JSONB, default=dict)
    rows_read: Mapped[int] = mapped_column(BigInteger, default=0)
    rows_rejected: Mapped[int] = mapped_column(BigInteger, default=0)
    sales_loaded: Mapped[int] = mapped_column(BigInteger, default=0)
    lots_loaded: Mapped[int] = mapped_column(BigInteger, default=0)
    error_report: Mapped[str | None] = mapped_column(Text)
    error_message: Mapped[str | None] = mapped_column(Text)
    min_date: Mapped[date | None] = mapped_column(Date)
    max_date: Mapped[date | None] = mapped_column(Date)
    started_at: Mapped[datetime] = _now()
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    duration_seconds: Mapped[float | None] = mapped_column(Float)


# --- Events ------------------------------------------------------------------------


class ProcessedEvent(Base):
    """Idempotency claim of one delivered event (see ``common.events``)."""

    __tablename__ = "processed_events"

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="in_progress")
    event_type: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    locked_until: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _now()
    completed_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), index=True
    )
