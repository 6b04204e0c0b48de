"""The analyses of the other categories: PV d'AG, taxe foncière, charges, other."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from common.ai.schemas.base import Amount, DocumentAnalysis, SchemaModel

# --- pv_ag -------------------------------------------------------------------------

VoteResult = Literal["adoptee", "rejetee", "reportee", "unknown"]


class FundCall(SchemaModel):
    """One call for funds (appel de fonds) of voted works."""

    due_date: date | None = None
    amount: Amount


class Resolution(SchemaModel):
    """One resolution of a general meeting."""

    number: str = Field(max_length=20)
    subject: str = Field(max_length=500)
    amount_ttc: Amount | None = None
    amount_note: str | None = Field(default=None, max_length=200)
    result: VoteResult = "unknown"


class Works(SchemaModel):
    """Works of the building: voted (with calls for funds) or only discussed."""

    description: str = Field(max_length=500)
    amount_ttc: Amount | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    status: Literal["voted", "upcoming", "estimated"]
    call_for_funds: list[FundCall] = Field(default_factory=list, max_length=24)
    resolution_number: str | None = Field(default=None, max_length=20)


class CoproProblem(SchemaModel):
    """A recurring problem of the copropriété."""

    kind: Literal["litige", "impayes", "procedure", "sinistre", "other"]
    description: str = Field(max_length=500)
    amount: Amount | None = None


class PvAgAnalysis(DocumentAnalysis):
    """Procès-verbal d'assemblée générale."""

    category: Literal["pv_ag"] = "pv_ag"
    meeting_date: date | None = None
    meeting_type: Literal["AGO", "AGE", "unknown"] = "unknown"
    syndic: str | None = Field(default=None, max_length=200)
    resolutions: list[Resolution] = Field(default_factory=list, max_length=100)
    works: list[Works] = Field(default_factory=list, max_length=50)
    annual_budget: Amount | None = None
    fonds_travaux_balance: Amount | None = None
    fonds_travaux_contribution: Amount | None = Field(
        default=None, description="The yearly contribution to the fonds de travaux."
    )
    problems: list[CoproProblem] = Field(default_factory=list, max_length=30)


# --- taxe_fonciere -----------------------------------------------------------------


class TaxBreakdown(SchemaModel):
    """Parts of the taxe foncière (euros)."""

    commune: Amount | None = None
    syndicat_communes: Amount | None = None
    intercommunalite: Amount | None = None
    departement: Amount | None = None
    gemapi: Amount | None = None
    teom: Amount | None = None
    taxes_speciales: Amount | None = None
    frais_gestion: Amount | None = None


class TaxeFonciereAnalysis(DocumentAnalysis):
    """Avis de taxe foncière."""

    category: Literal["taxe_fonciere"] = "taxe_fonciere"
    tax_year: int | None = Field(default=None, ge=1990, le=2100)
    total_amount: Amount | None = None
    breakdown: TaxBreakdown = Field(default_factory=TaxBreakdown)
    cadastral_reference: str | None = Field(default=None, max_length=100)


# --- charges -----------------------------------------------------------------------

PeriodType = Literal["annual", "semester", "quarterly", "monthly", "other"]


class ChargesAnalysis(DocumentAnalysis):
    """Appel de fonds, relevé or décompte de charges de copropriété."""

    category: Literal["charges"] = "charges"
    period_start: date | None = None
    period_end: date | None = None
    period_type: PeriodType = "other"
    charges_generales: Amount | None = None
    charges_speciales: Amount | None = None
    fonds_travaux_alur: Amount | None = None
    total_for_period: Amount | None = None
    annualized_total: Amount | None = None
    lot_number: str | None = Field(default=None, max_length=50)
    tantiemes_lot: int | None = Field(default=None, gt=0)
    tantiemes_total: int | None = Field(default=None, gt=0)


# --- other -------------------------------------------------------------------------

OtherType = Literal[
    "reglement_copropriete", "etat_date", "pre_etat_date", "contrat", "assurance",
    "compromis", "bail", "facture", "other",
]  # fmt: skip


class FinancialObligation(SchemaModel):
    """Money the buyer will owe according to the document."""

    description: str = Field(max_length=500)
    amount: Amount | None = None
    frequency: Literal["one_time", "monthly", "quarterly", "annual"] = "one_time"
    due_date: date | None = None
    paid: bool | None = None


class KeyDate(SchemaModel):
    """A date that matters to the buyer."""

    day: date
    description: str = Field(max_length=300)


class OtherAnalysis(DocumentAnalysis):
    """Any other document: règlement, état daté, contract, insurance..."""

    category: Literal["other"] = "other"
    document_type: OtherType = "other"
    financial_obligations: list[FinancialObligation] = Field(
        default_factory=list, max_length=30
    )
    key_dates: list[KeyDate] = Field(default_factory=list, max_length=30)
