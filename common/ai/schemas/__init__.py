"""Structured results of document analysis: the contract between AI providers and code.

Providers (Gemini, local) fill these models; the Gemini provider sends their JSON schema
as its response schema. Amounts are euros TTC as numbers (an HT amount is converted and
the conversion is said in ``amount_note``); dates are ISO dates. Costs are computed from
these facts by code (``common.services.synthesis``), never by a model.

The models live in ``base`` (categories, the words of an analysis, the synthesis
narrative), ``diags`` (the DPE and the diagnostics) and ``documents`` (the other
categories); they are all imported from here.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from common.ai.schemas.base import (
    CATEGORIES,
    ActionItem,
    Amount,
    Classification,
    DocumentAnalysis,
    DocumentCategory,
    EnergyClass,
    RiskFactor,
    SchemaModel,
    Severity,
    SynthesisNarrative,
)
from common.ai.schemas.diags import (
    DPE_VALIDITY_YEARS,
    OLD_DPE_DEADLINES,
    RENTAL_BAN_YEAR,
    Diagnostic,
    DiagsAnalysis,
    Dpe,
    InstallationCheck,
    legal_dpe_end,
)
from common.ai.schemas.documents import (
    ChargesAnalysis,
    CoproProblem,
    FinancialObligation,
    FundCall,
    KeyDate,
    OtherAnalysis,
    OtherType,
    PeriodType,
    PvAgAnalysis,
    Resolution,
    TaxBreakdown,
    TaxeFonciereAnalysis,
    VoteResult,
    Works,
)

CategoryAnalysis = Annotated[
    DiagsAnalysis
    | PvAgAnalysis
    | TaxeFonciereAnalysis
    | ChargesAnalysis
    | OtherAnalysis,
    Field(discriminator="category"),
]
ANALYSIS_MODELS: dict[DocumentCategory, type[DocumentAnalysis]] = {
    "diags": DiagsAnalysis,
    "pv_ag": PvAgAnalysis,
    "taxe_fonciere": TaxeFonciereAnalysis,
    "charges": ChargesAnalysis,
    "other": OtherAnalysis,
}

__all__ = [
    "ANALYSIS_MODELS",
    "CATEGORIES",
    "DPE_VALIDITY_YEARS",
    "OLD_DPE_DEADLINES",
    "RENTAL_BAN_YEAR",
    "ActionItem",
    "Amount",
    "CategoryAnalysis",
    "ChargesAnalysis",
    "Classification",
    "CoproProblem",
    "Diagnostic",
    "DiagsAnalysis",
    "DocumentAnalysis",
    "DocumentCategory",
    "Dpe",
    "EnergyClass",
    "FinancialObligation",
    "FundCall",
    "InstallationCheck",
    "KeyDate",
    "OtherAnalysis",
    "OtherType",
    "PeriodType",
    "PvAgAnalysis",
    "Resolution",
    "RiskFactor",
    "SchemaModel",
    "Severity",
    "SynthesisNarrative",
    "TaxBreakdown",
    "TaxeFonciereAnalysis",
    "VoteResult",
    "Works",
    "legal_dpe_end",
]
