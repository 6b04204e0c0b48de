"""The synthesis the pipeline computes from one PDF per category, and its deletions.

The expected figures are worked out here by hand from what the fixture documents
state (``tests/fixtures/documents.py``), in ``Decimal`` and rounded to the cent, and
printed so that a failure shows the arithmetic. Figures the fixtures state without a
constant are quoted from the document text below.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from tests.e2e.pipeline_support import Pipeline, Uploaded, local_stack
from tests.fixtures.documents import (
    CHARGES_PERIOD_TOTAL,
    CHARGES_TANTIEMES,
    DPE_CLASS,
    PV_AG_MEETING_DATE,
    PV_AG_REJECTED_AMOUNT,
    PV_AG_VOTED_WORKS,
    TAX_TOTAL,
)

pytestmark = pytest.mark.e2e

QUARTERS_PER_YEAR = 4  # "Période : 2e trimestre 2024" (appel de fonds)
ALUR_PER_QUARTER = Decimal("60.63")  # "Fonds de travaux (loi ALUR) : 60,63 €"
ENERGY_COST_RANGE = (Decimal(1850), Decimal(2530))  # "entre 1 850 € et 2 530 €" (DPE)
FACADES_CALLS = (date(2024, 6, 1), date(2024, 9, 1))  # 50 % each, resolution 4
RENTAL_BAN_YEAR_F = 2028  # loi Climat et Résilience: F dwellings from 2028
CENT = Decimal("0.01")


def cents(value: Decimal | float | int) -> Decimal:
    """Euros rounded half up to the cent."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Expected:
    """The synthesis figures, worked out from the documents."""

    annual: dict[str, Decimal]
    annual_total: Decimal
    monthly_total: Decimal
    buyer_share: dict[str, Decimal]  # resolution number -> the lot's share
    one_time_total: Decimal
    unpaid_total: Decimal


def expected_figures() -> Expected:
    """Annual lines, totals, the buyer's share of the voted works (printed)."""
    quarterly_charges = Decimal(str(CHARGES_PERIOD_TOTAL))
    fonds_travaux = ALUR_PER_QUARTER * QUARTERS_PER_YEAR
    # The appel de fonds totals the ALUR contribution with the charges: kept apart.
    charges = quarterly_charges * QUARTERS_PER_YEAR - fonds_travaux
    energy = sum(ENERGY_COST_RANGE, Decimal(0)) / 2
    annual = {
        "charges_copropriete": cents(charges),
        "taxe_fonciere": cents(TAX_TOTAL),
        "estimated_energy": cents(energy),
        "fonds_travaux": cents(fonds_travaux),
    }
    lot, total = CHARGES_TANTIEMES
    share = Decimal(lot) / Decimal(total)
    buyer = {n: cents(Decimal(str(a)) * share) for n, a in PV_AG_VOTED_WORKS.items()}
    annual_total = sum(annual.values(), Decimal(0))
    # Both façade calls fell due before today: the seller paid them; the boiler
    # replacement has no schedule, so its whole share counts as still to pay.
    expected = Expected(
        annual=annual,
        annual_total=annual_total,
        monthly_total=cents(annual_total / 12),
        buyer_share=buyer,
        one_time_total=sum(buyer.values(), Decimal(0)),
        unpaid_total=buyer["5"],
    )
    print(f"expected synthesis figures: {expected}")  # noqa: T201 - shown on failure
    return expected


@pytest.fixture
def pipeline(
    tmp_path: Path, clean_db: Engine, redis_flushed: Any
) -> Iterator[Pipeline]:
    """The local stack, started, with its storage under ``tmp_path``."""
    with local_stack(tmp_path / "storage") as stack:
        yield stack


@pytest.fixture
def analysed(pipeline: Pipeline) -> tuple[str, Uploaded]:
    """A property with one analysed document per category; the bus settled."""
    pipeline.sign_up()
    property_id = pipeline.create_property()
    uploaded = pipeline.upload_one_per_category(property_id)
    for workflow_id in uploaded.workflow_ids:
        assert pipeline.workflow(workflow_id)["state"] == "completed"
    pipeline.settle()
    return property_id, uploaded


def _annual(synthesis: dict[str, Any]) -> dict[str, Decimal]:
    return {
        line["key"]: cents(line["amount"])
        for line in synthesis["annual"]
        if line["included"]
    }


def _moment(synthesis: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(synthesis["generated_at"])


def test_pipeline_synthesis_annual_costs_match_the_documents(
    pipeline: Pipeline, analysed: tuple[str, Uploaded]
) -> None:
    property_id, uploaded = analysed
    expected = expected_figures()

    synthesis = pipeline.synthesis(property_id)

    assert (synthesis["status"], synthesis["document_count"]) == ("ready", 5)
    assert _annual(synthesis) == expected.annual
    totals = synthesis["totals"]
    assert cents(totals["annual_total"]) == expected.annual_total == Decimal("6466.52")
    assert cents(totals["monthly_total"]) == expected.monthly_total
    sources = {line["key"]: line["source_document_id"] for line in synthesis["annual"]}
    assert sources == {
        "charges_copropriete": uploaded.document_ids["charges"],
        "fonds_travaux": uploaded.document_ids["charges"],
        "taxe_fonciere": uploaded.document_ids["taxe_fonciere"],
        "estimated_energy": uploaded.document_ids["diags"],
    }


def test_pipeline_synthesis_one_time_items_are_the_voted_works_by_tantiemes(
    pipeline: Pipeline, analysed: tuple[str, Uploaded]
) -> None:
    property_id, uploaded = analysed
    expected = expected_figures()

    synthesis = pipeline.synthesis(property_id)

    lot, total = CHARGES_TANTIEMES
    tantiemes = synthesis["tantiemes"]
    assert (tantiemes["lot"], tantiemes["total"]) == (lot, total)
    assert tantiemes["source_document_id"] == uploaded.document_ids["charges"]
    items = synthesis["one_time"]
    assert [cents(item["amount"]) for item in items] == [
        cents(amount) for amount in PV_AG_VOTED_WORKS.values()
    ]
    assert cents(PV_AG_REJECTED_AMOUNT) not in [cents(i["amount"]) for i in items]
    assert [cents(item["buyer_amount"]) for item in items] == list(
        expected.buyer_share.values()
    )
    for item in items:
        assert (item["status"], item["cost_type"]) == ("voted", "copro")
        assert item["year"] == PV_AG_MEETING_DATE.year
        assert item["source_document_id"] == uploaded.document_ids["pv_ag"]
    assert max(FACADES_CALLS) < date.today()
    assert [item["payment_status"] for item in items] == ["paid", "unknown"]
    totals = synthesis["totals"]
    assert cents(totals["one_time_total"]) == expected.one_time_total
    assert cents(totals["unpaid_total"]) == expected.unpaid_total


def test_pipeline_synthesis_risk_level_follows_the_dpe_class(
    pipeline: Pipeline, analysed: tuple[str, Uploaded]
) -> None:
    property_id, uploaded = analysed

    synthesis = pipeline.synthesis(property_id)

    [dpe] = [f for f in synthesis["risk_factors"] if f["code"] == "dpe_rental_ban"]
    assert dpe["details"] == {"energy_class": DPE_CLASS, "ban_year": RENTAL_BAN_YEAR_F}
    assert dpe["source_document_ids"] == [uploaded.document_ids["diags"]]
    # A ban three years away or less is high; no critical factor, fewer than 3 high.
    assert RENTAL_BAN_YEAR_F - date.today().year <= 3
    assert dpe["severity"] == "high"
    severities = [factor["severity"] for factor in synthesis["risk_factors"]]
    assert severities.count("high") == 1 and "critical" not in severities
    assert synthesis["risk_level"] == "high"
    assert synthesis["narrative"]["source"] == "ai"


def test_pipeline_deleting_a_document_updates_the_synthesis(
    pipeline: Pipeline, analysed: tuple[str, Uploaded]
) -> None:
    # given
    property_id, uploaded = analysed
    expected = expected_figures()
    before = pipeline.synthesis(property_id)
    # when
    response = pipeline.delete(uploaded.document_ids["taxe_fonciere"])
    pipeline.settle()
    # then
    assert response.status_code == 204
    after = pipeline.synthesis(property_id)
    assert _moment(after) > _moment(before)
    assert after["document_count"] == 4
    assert uploaded.document_ids["taxe_fonciere"] not in after["document_ids"]
    annual = dict(expected.annual)
    del annual["taxe_fonciere"]
    assert _annual(after) == annual
    assert "taxe_fonciere" not in [line["key"] for line in after["annual"]]
    assert cents(after["totals"]["annual_total"]) == (
        expected.annual_total - cents(TAX_TOTAL)
    )
    assert cents(after["totals"]["one_time_total"]) == expected.one_time_total


def test_pipeline_deleting_every_document_empties_the_synthesis(
    pipeline: Pipeline, analysed: tuple[str, Uploaded]
) -> None:
    # given
    property_id, uploaded = analysed
    # when
    statuses = [pipeline.delete(d).status_code for d in uploaded.document_ids.values()]
    pipeline.settle()
    # then
    assert statuses == [204] * 5
    synthesis = pipeline.synthesis(property_id)
    assert (synthesis["status"], synthesis["document_count"]) == ("empty", 0)
    assert (synthesis["annual"], synthesis["one_time"]) == ([], [])
    assert synthesis["risk_factors"] == [] and synthesis["risk_level"] is None
    totals = synthesis["totals"]
    assert [totals[name] for name in ("annual_total", "one_time_total")] == [0, 0]
    listed = pipeline.client.get(f"/api/documents?property_id={property_id}")
    assert listed.get_json()["total"] == 0
    assert pipeline.stored_files() == []
