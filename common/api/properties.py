"""HTTP routes of /api/properties (CRUD, dashboard list) and their response models.

Every route requires a session; another user's property answers 404
``property_not_found``. ``/api/properties/with-synthesis`` is a static rule, so werkzeug
matches it before the ``<uuid:property_id>`` rules (which it could not match anyway).
Request models live in ``properties_schemas``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, computed_field

from common.api.properties_schemas import (
    PageQuery,
    PropertyCreate,
    PropertyUpdate,
    encode_cursor,
)
from common.db.models import Property
from common.http import ApiRequest, ApiResponse, Router
from common.services import properties, property_dashboard
from common.services.properties import Page
from common.services.property_dashboard import DashboardItem

# --- responses ---------------------------------------------------------------------


def next_cursor(page: Page[Any], last: Property | None) -> str | None:
    """The cursor of the page after ``page``, or None at the end."""
    if not page.has_more or last is None:
        return None
    return encode_cursor(last.created_at, last.id)


def price_per_m2(asking_price: int | None, surface_area: float | None) -> int | None:
    """Asking price per m², rounded half up to whole euros (None when unknown)."""
    if asking_price is None or not surface_area:
        return None
    ratio = Decimal(asking_price) / Decimal(repr(surface_area))
    return int(ratio.quantize(Decimal(1), rounding=ROUND_HALF_UP))


class PropertyOut(BaseModel):
    """A property as the client sees it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    address: str
    postal_code: str
    city: str
    department: str
    property_type: str
    asking_price: int | None
    surface_area: float | None
    rooms: int | None
    bedrooms: int | None
    floor: int | None
    total_floors: int | None
    building_year: int | None
    latitude: float | None
    longitude: float | None
    notes: str | None
    created_at: datetime
    updated_at: datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def price_per_m2(self) -> int | None:
        """Asking price per m² in whole euros."""
        return price_per_m2(self.asking_price, self.surface_area)


class PropertyPageOut(BaseModel):
    """A page of properties, newest first."""

    items: list[PropertyOut]
    next_cursor: str | None
    total: int

    @classmethod
    def of(cls, page: Page[Property]) -> PropertyPageOut:
        """The response for a service page."""
        items = [PropertyOut.model_validate(item) for item in page.items]
        last = page.items[-1] if page.items else None
        return cls(items=items, next_cursor=next_cursor(page, last), total=page.total)


class PromotedPhotoOut(BaseModel):
    """The promoted redesign of a property, readable through ``url``."""

    model_config = ConfigDict(from_attributes=True)

    photo_id: uuid.UUID
    redesign_id: uuid.UUID
    url: str
    thumbnail_url: str | None
    promoted_at: datetime | None


class PreviewOut(BaseModel):
    """The synthesis, documents and photos summary of a dashboard card."""

    model_config = ConfigDict(from_attributes=True)

    risk_level: str | None
    annual_cost_total: float | None
    one_time_cost_total: float | None
    key_findings: list[Any]
    synthesis_status: str | None
    synthesis_generated_at: datetime | None
    document_count: int
    documents_analyzed: int
    redesign_count: int
    promoted_photo: PromotedPhotoOut | None


class DashboardItemOut(PropertyOut):
    """A property with its preview."""

    preview: PreviewOut


class DashboardPageOut(BaseModel):
    """A page of the dashboard, newest first."""

    items: list[DashboardItemOut]
    next_cursor: str | None
    total: int

    @classmethod
    def of(cls, page: Page[DashboardItem]) -> DashboardPageOut:
        """The response for a service page."""
        items = [
            DashboardItemOut.model_validate(
                {
                    **PropertyOut.model_validate(item.property).model_dump(),
                    "preview": PreviewOut.model_validate(item.preview),
                }
            )
            for item in page.items
        ]
        last = page.items[-1].property if page.items else None
        return cls(items=items, next_cursor=next_cursor(page, last), total=page.total)


# --- routes ----------------------------------------------------------------------

router = Router("properties")
PROPERTY = "/api/properties/<uuid:property_id>"


def _property_id(req: ApiRequest[Any, Any]) -> uuid.UUID:
    value = req.path["property_id"]
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


@router.post("/api/properties", body=PropertyCreate, response=PropertyOut, status=201)
def create_property(req: ApiRequest[PropertyCreate]) -> PropertyOut:
    """Create a property (the département is derived from the postal code)."""
    created = properties.create_property(req.user.user_id, req.body.model_dump())
    return PropertyOut.model_validate(created)


@router.get("/api/properties", query=PageQuery, response=PropertyPageOut)
def list_properties(req: ApiRequest[None, PageQuery]) -> PropertyPageOut:
    """List the user's properties, newest first (keyset pagination)."""
    page = properties.list_properties(
        req.user.user_id, limit=req.query.limit, after=req.query.after
    )
    return PropertyPageOut.of(page)


@router.get(
    "/api/properties/with-synthesis", query=PageQuery, response=DashboardPageOut
)
def list_properties_with_synthesis(
    req: ApiRequest[None, PageQuery],
) -> DashboardPageOut:
    """Dashboard list: each property with its synthesis and photo preview."""
    page = property_dashboard.list_properties_with_synthesis(
        req.user.user_id, limit=req.query.limit, after=req.query.after
    )
    return DashboardPageOut.of(page)


@router.get(PROPERTY, response=PropertyOut)
def get_property(req: ApiRequest[None]) -> PropertyOut:
    """Get one property."""
    found = properties.get_property(req.user.user_id, _property_id(req))
    return PropertyOut.model_validate(found)


@router.patch(PROPERTY, body=PropertyUpdate, response=PropertyOut)
def update_property(req: ApiRequest[PropertyUpdate]) -> PropertyOut:
    """Partially update a property (inline editing); null clears an optional field."""
    changed = properties.update_property(
        req.user.user_id, _property_id(req), req.body.changes()
    )
    return PropertyOut.model_validate(changed)


@router.delete(PROPERTY, status=204)
def delete_property(req: ApiRequest[None]) -> ApiResponse:
    """Delete a property, its files and everything attached to it."""
    properties.delete_property(req.user.user_id, _property_id(req))
    return ApiResponse(status=204)
