"""The comparable search against PostgreSQL: rings, bands, windows, fallbacks."""

from __future__ import annotations

from sqlalchemy.orm import Session

from common.pricing.address import parse_address
from common.pricing.comparables import find_comparables
from common.pricing.ladder import Subject
from tests.integration.pricing_support import (
    ORIGIN_LAT,
    ORIGIN_LON,
    TODAY,
    add_sale,
    add_sales,
    months_ago,
)

NEAR = Subject("Appartement", 50.0, "75014", ORIGIN_LAT, ORIGIN_LON)
NO_GPS = Subject("Appartement", 50.0, "75014", street=parse_address("12 rue Daguerre"))
DAGUERRE = ("12", "RUE DAGUERRE", "2515")


def test_comparables_enough_in_first_ring_stop_there(db_session: Session) -> None:
    near = add_sales(db_session, 12, north_m=250.0)
    add_sales(db_session, 20, north_m=800.0)
    search = find_comparables(db_session, NEAR, TODAY)
    assert search.step is not None and search.step.label == "radius_300m_s20_m24"
    assert {c.sale_id for c in search.comparables} == {s.id for s in near}
    assert {c.ring for c in search.comparables} == {"300m"}
    assert all(249.0 < (c.distance_m or 0) < 251.0 for c in search.comparables)
    assert search.enough and search.scopes_tried == ("radius",)


def test_comparables_ring_widens_to_500_metres(db_session: Session) -> None:
    add_sales(db_session, 4, north_m=250.0)
    add_sales(db_session, 10, north_m=-450.0)
    add_sales(db_session, 30, north_m=900.0)
    search = find_comparables(db_session, NEAR, TODAY)
    assert search.step is not None and search.step.label == "radius_500m_s20_m24"
    rings = [c.ring for c in search.comparables]
    assert (rings.count("300m"), rings.count("500m"), len(rings)) == (4, 10, 14)
    distances = [c.distance_m or 0 for c in search.comparables]
    assert distances == sorted(distances)
    assert {c.rule for c in search.comparables} == {"radius_500m_s20_m24"}


def test_comparables_surface_band_widens_before_ring(db_session: Session) -> None:
    add_sales(db_session, 12, north_m=200.0, surface=65.0)
    add_sales(db_session, 12, north_m=450.0, surface=50.0)
    search = find_comparables(db_session, NEAR, TODAY)
    assert search.step is not None and search.step.label == "radius_300m_s35_m36"
    assert {c.surface for c in search.comparables} == {65.0}


def test_comparables_time_window_widens_to_60_months(db_session: Session) -> None:
    add_sales(db_session, 12, north_m=100.0, sold_on=months_ago(50))
    add_sales(db_session, 12, north_m=100.0, sold_on=months_ago(61))
    search = find_comparables(db_session, NEAR, TODAY)
    assert search.step is not None and search.step.label == "radius_300m_s50_m60"
    assert len(search.comparables) == 12


def test_comparables_too_few_in_rings_keep_widest_ring(db_session: Session) -> None:
    add_sales(db_session, 7, north_m=1500.0, sold_on=months_ago(40))
    search = find_comparables(db_session, NEAR, TODAY)
    assert search.step is not None and search.step.label == "radius_2000m_s50_m60"
    assert len(search.comparables) == 7 and search.enough
    assert {c.ring for c in search.comparables} == {"2000m"}


def test_comparables_exclude_unusable_sales(db_session: Session) -> None:
    add_sales(db_session, 12, north_m=100.0)
    add_sales(db_session, 3, north_m=100.0, type_local="Maison")
    add_sales(db_session, 3, north_m=100.0, single=False)
    add_sales(db_session, 3, north_m=100.0, flags=["price_m2_implausible"])
    add_sales(db_session, 3, north_m=100.0, sold_on=months_ago(-2))
    add_sales(db_session, 3, north_m=100.0, surface=80.0)
    search = find_comparables(db_session, NEAR, TODAY)
    assert len(search.comparables) == 12


def test_comparables_no_coordinates_use_same_street(db_session: Session) -> None:
    on_street = add_sales(
        db_session, 12, north_m=None, street=DAGUERRE, flags=["not_geolocated"]
    )
    add_sales(
        db_session, 3, north_m=None, street=DAGUERRE, postal="75015", commune="75115"
    )
    add_sales(db_session, 20, north_m=None)
    search = find_comparables(db_session, NO_GPS, TODAY)
    assert search.step is not None and search.step.label == "street_s20_m24"
    assert search.scopes_tried == ("street",)
    assert {c.sale_id for c in search.comparables} == {s.id for s in on_street}
    assert {(c.ring, c.distance_m) for c in search.comparables} == {("street", None)}
    assert search.comparables[0].address == "12 RUE DAGUERRE"


def test_comparables_street_spelt_differently_still_matches(
    db_session: Session,
) -> None:
    add_sales(db_session, 12, north_m=None, street=(None, "AV DU MAINE", "5848"))
    subject = Subject(
        "Appartement", 50.0, "75014", street=parse_address("3 avenue du Maine")
    )
    search = find_comparables(db_session, subject, TODAY)
    assert search.step is not None and search.step.scope == "street"


def test_comparables_street_too_short_falls_back_to_postal_code(
    db_session: Session,
) -> None:
    add_sales(db_session, 2, north_m=None, street=DAGUERRE)
    add_sales(db_session, 13, north_m=None, sold_on=months_ago(30))
    add_sales(db_session, 5, north_m=None, postal="75015")
    search = find_comparables(db_session, NO_GPS, TODAY)
    assert search.step is not None and search.step.label == "postal_code_s35_m36"
    assert search.scopes_tried == ("street", "postal_code")
    assert len(search.comparables) == 15
    assert {c.code_postal for c in search.comparables} == {"75014"}


def test_comparables_coordinates_without_sales_fall_back(db_session: Session) -> None:
    add_sales(db_session, 12, north_m=5000.0, street=DAGUERRE)
    subject = Subject(
        "Appartement", 50.0, "75014", ORIGIN_LAT, ORIGIN_LON, NO_GPS.street
    )
    search = find_comparables(db_session, subject, TODAY)
    assert search.scopes_tried == ("radius", "street")
    assert search.step is not None and search.step.scope == "street"


def test_comparables_nothing_found_is_not_enough(db_session: Session) -> None:
    add_sale(db_session, north_m=None)
    db_session.flush()
    search = find_comparables(db_session, NO_GPS, TODAY)
    assert not search.enough
    assert search.scopes_tried == ("street", "postal_code")
    assert len(search.comparables) == 1
