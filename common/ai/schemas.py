"""Structured results of document analysis: the contract between AI providers and code.

Providers (Gemini, local) fill these models; the Gemini provider sends their JSON schema
as its response schema. Amounts are euros TTC as numbers (an HT amount is converted and
the conversion is said in ``amount_note``); dates are ISO dates. Costs are computed from
these facts by code (``common.services.synthesis``), never by a model.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

DocumentCategory = Literal["pv_ag", "diags", "taxe_fonciere", "charges", "other"]
CATEGORIES: tuple[DocumentCategory, ...] = (
    "pv_ag",
    "diags",
    "taxe_fonciere",
    "charges",
    "other",
)
Severity = Literal["low", "medium", "high"]
EnergyClass = Literal["A", "B", "C", "D", "E", "F", "G"]
Amount = Annotated[float, Field(ge=0, le=1_000_000_000)]
# Loi Climat et Résilience: from this year a dwelling of the class may not be let.
RENTAL_BAN_YEAR: dict[str, int] = {"G": 2025, "F": 2028, "E": 2034}
DPE_VALIDITY_YEARS = 10
# DPE made before the July 2021 method expired early: (made up to, valid until).
OLD_DPE_DEADLINES: tuple[tuple[date, date], ...] = (
    (date(2017, 12, 31), date(2022, 12, 31)),
    (date(2021, 6, 30), date(2024, 12, 31)),
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class RiskFactor(_Model):
    """A risk a document reveals."""

    severity: Severity
    description: str = Field(max_length=500)


class ActionItem(_Model):
    """Something the buyer should do before signing."""

    action: str = Field(max_length=300)
    urgency: Severity
    reason: str = Field(default="", max_length=500)


class _Analysis(_Model):
    """What every category analysis says in words, besides its facts."""

    summary: str = Field(default="", max_length=2000)
    key_findings: list[str] = Field(default_factory=list, max_length=20)
    risk_factors: list[RiskFactor] = Field(default_factory=list, max_length=20)
    action_items: list[ActionItem] = Field(default_factory=list, max_length=15)


class Classification(_Model):
    """The category of a document and how sure the provider is."""

    category: DocumentCategory
    confidence: float = Field(ge=0, le=1)
    document_type: str | None = Field(default=None, max_length=100)
    page_count: int | None = Field(default=None, ge=0)


# --- diags -------------------------------------------------------------------------

Diagnostic = Literal[
    "dpe", "amiante", "plomb", "termites", "gaz", "electricite", "erp", "carrez",
    "assainissement", "bruit", "merules",
]  # fmt: skip


class Dpe(_Model):
    """Diagnostic de performance énergétique."""

    energy_class: EnergyClass | None = None
    energy_kwh_m2_year: float | None = Field(default=None, ge=0, le=2000)
    ges_class: EnergyClass | None = None
    ges_kg_co2_m2_year: float | None = Field(default=None, ge=0, le=1000)
    issued_on: date | None = None
    valid_until: date | None = None
    estimated_annual_cost_min: Amount | None = None
    estimated_annual_cost_max: Amount | None = None
    energy_class_inferred: bool = Field(
        default=False,
        description="True when the energy class was not legible and was computed "
        "from the kWh and kg CO2 values with the thresholds of the DPE method.",
    )
    ges_class_inferred: bool = Field(
        default=False,
        description="True when the GES class was computed from the kg CO2 value.",
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def rental_ban_from(self) -> date | None:
        """The day from which the dwelling may no longer be let, by its class."""
        year = RENTAL_BAN_YEAR.get(self.energy_class or "")
        return date(year, 1, 1) if year else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def effective_valid_until(self) -> date | None:
        """The last day the DPE is legally valid: its stated end or the law's."""
        ends = [self.valid_until, legal_dpe_end(self.issued_on)]
        known = [end for end in ends if end is not None]
        return min(known) if known else None


def legal_dpe_end(issued_on: date | None) -> date | None:
    """The end of validity the law gives a DPE made on ``issued_on``."""
    if issued_on is None:
        return None
    try:
        end = issued_on.replace(year=issued_on.year + DPE_VALIDITY_YEARS)
    except ValueError:  # 29 February
        end = date(issued_on.year + DPE_VALIDITY_YEARS, 3, 1)
    end = date.fromordinal(end.toordinal() - 1)
    for made_until, deadline in OLD_DPE_DEADLINES:
        if issued_on <= made_until:
            return min(end, deadline)
    return end


class InstallationCheck(_Model):
    """État de l'installation intérieure d'électricité or de gaz."""

    anomalies: int | None = Field(default=None, ge=0)
    danger_immediat: bool = False
    details: list[str] = Field(default_factory=list, max_length=20)


class DiagsAnalysis(_Analysis):
    """Dossier de diagnostic technique or a single diagnostic."""

    category: Literal["diags"] = "diags"
    diagnostics_present: list[Diagnostic] = Field(default_factory=list)
    dpe: Dpe | None = None
    amiante_present: bool | None = None
    plomb_risk: bool | None = None
    plomb_classes: list[int] = Field(default_factory=list)
    electricite: InstallationCheck | None = None
    gaz: InstallationCheck | None = None
    termites_present: bool | None = None
    erp_risks: list[str] = Field(default_factory=list, max_length=30)
    carrez_surface_m2: float | None = Field(default=None, gt=0, le=10_000)


# --- pv_ag -------------------------------------------------------------------------

VoteResult = Literal["adoptee", "rejetee", "reportee", "unknown"]


class FundCall(_Model):
    """One call for funds (appel de fonds) of voted works."""

    due_date: date | None = None
    amount: Amount


class Resolution(_Model):
    """One resolution of a general meeting."""

    number: str = Field(max_length=20)
    subject: str = Field(max_length=500)
    amount_ttc: Amount | None = None
    amount_note: str | None = Field(default=None, max_length=200)
    result: VoteResult = "unknown"


class Works(_Model):
    """Works of the building: voted (with calls for funds) or only discussed."""

    description: str = Field(max_length=500)
    amount_ttc: Amount | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    status: Literal["voted", "upcoming", "estimated"]
    call_for_funds: list[FundCall] = Field(default_factory=list, max_length=24)
    resolution_number: str | None = Field(default=None, max_length=20)


class CoproProblem(_Model):
    """A recurring problem of the copropriété."""

    kind: Literal["litige", "impayes", "procedure", "sinistre", "other"]
    description: str = Field(max_length=500)
    amount: Amount | None = None


class PvAgAnalysis(_Analysis):
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


class TaxBreakdown(_Model):
    """Parts of the taxe foncière (euros)."""

    commune: Amount | None = None
    syndicat_communes: Amount | None = None
    intercommunalite: Amount | None = None
    departement: Amount | None = None
    gemapi: Amount | None = None
    teom: Amount | None = None
    taxes_speciales: Amount | None = None
    frais_gestion: Amount | None = None


class TaxeFonciereAnalysis(_Analysis):
    """Avis de taxe foncière."""

    category: Literal["taxe_fonciere"] = "taxe_fonciere"
    tax_year: int | None = Field(default=None, ge=1990, le=2100)
    total_amount: Amount | None = None
    breakdown: TaxBreakdown = Field(default_factory=TaxBreakdown)
    cadastral_reference: str | None = Field(default=None, max_length=100)


# --- charges -----------------------------------------------------------------------

PeriodType = Literal["annual", "semester", "quarterly", "monthly", "other"]


class ChargesAnalysis(_Analysis):
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


class FinancialObligation(_Model):
    """Money the buyer will owe according to the document."""

    description: str = Field(max_length=500)
    amount: Amount | None = None
    frequency: Literal["one_time", "monthly", "quarterly", "annual"] = "one_time"
    due_date: date | None = None
    paid: bool | None = None


class KeyDate(_Model):
    """A date that matters to the buyer."""

    day: date
    description: str = Field(max_length=300)


class OtherAnalysis(_Analysis):
    """Any other document: règlement, état daté, contract, insurance..."""

    category: Literal["other"] = "other"
    document_type: OtherType = "other"
    financial_obligations: list[FinancialObligation] = Field(
        default_factory=list, max_length=30
    )
    key_dates: list[KeyDate] = Field(default_factory=list, max_length=30)


CategoryAnalysis = Annotated[
    DiagsAnalysis
    | PvAgAnalysis
    | TaxeFonciereAnalysis
    | ChargesAnalysis
    | OtherAnalysis,
    Field(discriminator="category"),
]
ANALYSIS_MODELS: dict[DocumentCategory, type[_Analysis]] = {
    "diags": DiagsAnalysis,
    "pv_ag": PvAgAnalysis,
    "taxe_fonciere": TaxeFonciereAnalysis,
    "charges": ChargesAnalysis,
    "other": OtherAnalysis,
}


# --- synthesis narrative -----------------------------------------------------------


class SynthesisNarrative(_Model):
    """The words of a synthesis, written from facts computed by code."""

    summary: str = Field(max_length=4000)
    key_findings: list[str] = Field(default_factory=list, max_length=10)
    themes: list[str] = Field(default_factory=list, max_length=10)
    action_items: list[ActionItem] = Field(default_factory=list, max_length=15)
