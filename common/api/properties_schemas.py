"""Request models of /api/properties (JSON in snake_case) and the list cursor.

Validation speaks the language of a French buyer: a five-digit postal code of a
covered département, euros, m² with at most two decimals, floor 0 for the
rez-de-chaussée. The département is derived from the postal code, never sent.
Unknown fields are refused, and strings are stripped.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError, PydanticKnownError

from common import france
from common.services.properties import Position, consistency_issues

MAX_NAME_LENGTH = 120
MAX_ASKING_PRICE = 100_000_000
MAX_SURFACE_AREA = 10_000
MIN_BUILDING_YEAR = 1000
BUILDING_YEAR_LEAD = 5  # off-plan (VEFA) buildings are sold before completion
REQUIRED_FIELDS = ("name", "address", "postal_code", "city", "property_type")


def _postal_code(value: str) -> str:
    try:
        france.department_from_postal_code(value)
    except france.InvalidPostalCode as exc:
        raise PydanticCustomError(exc.problem, str(exc)) from exc
    return value


def _two_decimals(value: float) -> float:
    exponent = Decimal(repr(value)).as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise PydanticKnownError("decimal_max_places", {"decimal_places": 2})
    return value


def _not_far_future(year: int) -> int:
    latest = datetime.now(tz=UTC).year + BUILDING_YEAR_LEAD
    if year > latest:
        raise PydanticKnownError("less_than_equal", {"le": latest})
    return year


def _strict(**constraints: Any) -> Any:
    return Field(strict=True, **constraints)


Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME_LENGTH)]
Address = Annotated[str, Field(min_length=3, max_length=300)]
PostalCode = Annotated[str, AfterValidator(_postal_code)]
City = Annotated[str, Field(min_length=1, max_length=100)]
PropertyType = Literal["Appartement", "Maison"]
AskingPrice = Annotated[int, _strict(gt=0, le=MAX_ASKING_PRICE)]
SurfaceArea = Annotated[
    float,
    _strict(gt=0, le=MAX_SURFACE_AREA, allow_inf_nan=False),
    AfterValidator(_two_decimals),
]
Rooms = Annotated[int, _strict(ge=1, le=50)]
Bedrooms = Annotated[int, _strict(ge=0, le=50)]
Floor = Annotated[int, _strict(ge=0, le=200)]
BuildingYear = Annotated[
    int, _strict(ge=MIN_BUILDING_YEAR), AfterValidator(_not_far_future)
]
Latitude = Annotated[
    float, _strict(ge=france.LATITUDE_MIN, le=france.LATITUDE_MAX, allow_inf_nan=False)
]
Longitude = Annotated[
    float,
    _strict(ge=france.LONGITUDE_MIN, le=france.LONGITUDE_MAX, allow_inf_nan=False),
]
Notes = Annotated[str, Field(max_length=5000)]


def derived_name(address: str) -> str:
    """A default name: the address, cut at a word boundary to fit the name length."""
    if len(address) <= MAX_NAME_LENGTH:
        return address
    cut = address[:MAX_NAME_LENGTH]
    return cut.rsplit(" ", 1)[0].rstrip(" ,;-") or cut


def _raise_issues(title: str, issues: list[tuple[str, str]], model: BaseModel) -> None:
    if not issues:
        return
    details = [
        InitErrorDetails(
            type=PydanticCustomError(kind, "Inconsistent with another field"),
            loc=(name,),
            input=getattr(model, name),
        )
        for name, kind in issues
    ]
    raise ValidationError.from_exception_data(title, details)


def _not_null(value: object) -> object:
    if value is None:
        raise PydanticCustomError("null_not_allowed", "This field cannot be empty")
    return value


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PropertyUpdate(_Input):
    """A partial update: only the fields present change; ``null`` clears a field."""

    name: Name | None = None
    address: Address | None = None
    postal_code: PostalCode | None = None
    city: City | None = None
    property_type: PropertyType | None = None
    asking_price: AskingPrice | None = None
    surface_area: SurfaceArea | None = None
    rooms: Rooms | None = None
    bedrooms: Bedrooms | None = None
    floor: Floor | None = None
    total_floors: Floor | None = None
    building_year: BuildingYear | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    notes: Notes | None = None

    @field_validator(*REQUIRED_FIELDS, mode="before")
    @classmethod
    def _required_not_null(cls, value: object) -> object:
        return _not_null(value)

    @model_validator(mode="after")
    def _whole_body(self) -> Self:
        if not self.model_fields_set:
            raise PydanticCustomError("empty_update", "Send at least one field")
        return self

    def changes(self) -> dict[str, Any]:
        """The fields the client sent, with their (possibly null) values."""
        return self.model_dump(exclude_unset=True)


class PropertyCreate(PropertyUpdate):
    """A new property; ``name`` defaults to the address when omitted or null."""

    address: Address
    postal_code: PostalCode
    city: City
    property_type: PropertyType

    # Same names as the update's validators: these replace them.
    @field_validator(*REQUIRED_FIELDS[1:], mode="before")
    @classmethod
    def _required_not_null(cls, value: object) -> object:
        return _not_null(value)

    @model_validator(mode="after")
    def _whole_body(self) -> Self:
        _raise_issues(type(self).__name__, consistency_issues(self.__dict__), self)
        if self.name is None:
            self.name = derived_name(self.address)
        return self


# --- pagination --------------------------------------------------------------------


def encode_cursor(created_at: datetime, property_id: uuid.UUID) -> str:
    """The opaque cursor that resumes a list after this row."""
    raw = f"{created_at.isoformat()}|{property_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> Position:
    """The keyset position of ``encode_cursor``; ``ValueError`` when malformed."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        created_text, property_text = raw.split("|")
        created_at = datetime.fromisoformat(created_text)
        property_id = uuid.UUID(property_text)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise ValueError("malformed cursor") from exc
    if created_at.tzinfo is None:
        raise ValueError("cursor without a time zone")
    return created_at, property_id


def _cursor(value: str) -> str:
    try:
        decode_cursor(value)
    except ValueError as exc:
        raise PydanticCustomError("cursor_invalid", "Invalid cursor") from exc
    return value


class PageQuery(BaseModel):
    """``limit`` (1..100) and the ``cursor`` returned by the previous page."""

    model_config = ConfigDict(extra="forbid")

    limit: int = Field(default=20, ge=1, le=100)
    cursor: Annotated[str, Field(max_length=200), AfterValidator(_cursor)] | None = None

    @field_validator("cursor", mode="before")
    @classmethod
    def _empty_is_first_page(cls, value: object) -> object:
        return value or None

    @property
    def after(self) -> Position | None:
        """The keyset position to resume after, if any."""
        return decode_cursor(self.cursor) if self.cursor else None
