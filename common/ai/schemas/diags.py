"""The diagnostics of a DDT, and the DPE with what the law makes of its class and date.

The rental ban of a class (loi Climat et Résilience) and the legal end of validity of a
DPE (ten years, shortened for those made before the July 2021 method) are computed
here, once, from the facts a provider read: every reader of a DPE uses them.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, computed_field

from common.ai.schemas.base import Amount, DocumentAnalysis, EnergyClass, SchemaModel

# Loi Climat et Résilience: from this year a dwelling of the class may not be let.
RENTAL_BAN_YEAR: dict[str, int] = {"G": 2025, "F": 2028, "E": 2034}
DPE_VALIDITY_YEARS = 10
# DPE made before the July 2021 method expired early: (made up to, valid until).
OLD_DPE_DEADLINES: tuple[tuple[date, date], ...] = (
    (date(2017, 12, 31), date(2022, 12, 31)),
    (date(2021, 6, 30), date(2024, 12, 31)),
)

Diagnostic = Literal[
    "dpe", "amiante", "plomb", "termites", "gaz", "electricite", "erp", "carrez",
    "assainissement", "bruit", "merules",
]  # fmt: skip


class Dpe(SchemaModel):
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


class InstallationCheck(SchemaModel):
    """État de l'installation intérieure d'électricité or de gaz."""

    anomalies: int | None = Field(default=None, ge=0)
    danger_immediat: bool = False
    details: list[str] = Field(default_factory=list, max_length=20)


class DiagsAnalysis(DocumentAnalysis):
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
