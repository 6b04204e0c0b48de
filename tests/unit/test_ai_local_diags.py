"""The safety reports, ERP, Carrez and words of a dossier de diagnostic technique."""

from __future__ import annotations

import pytest

from common.ai.local_diags import extract_diags
from common.ai.local_text import DocumentText
from common.ai.schemas import DiagsAnalysis

DDT = """DOSSIER DE DIAGNOSTIC TECHNIQUE
Synthèse des conclusions
Amiante : présence de matériaux et produits contenant de l'amiante (liste A).
Gaz : l'installation comporte des anomalies de type A2.
Termites : absence d'indices d'infestation.
Constat de risque d'exposition au plomb (CREP)
Nombre d'unités de diagnostic :
Classe 0 Classe 1 Classe 2 Classe 3
40 5 2 3
Seuil réglementaire : 1 mg/cm².
État de l'installation intérieure d'électricité
☐ L'installation intérieure d'électricité ne comporte aucune anomalie.
☒ L'installation intérieure d'électricité comporte une ou des anomalies.
Anomalies : B.3.3.6 a1 Absence de conducteur de protection. B.7.3 d Fils nus.
État de l'installation intérieure de gaz
A1 : l'installation présente une anomalie à traiter lors d'une intervention.
DGI : danger grave et immédiat.
L'installation présente un danger grave et immédiat : alimentation en gaz coupée.
État des risques et pollutions
L'immeuble est situé en zone de sismicité : zone 3 (modérée).
Commune à potentiel radon de niveau 3.
Exposition au retrait-gonflement des argiles : aléa fort.
L'immeuble est situé dans le périmètre d'un PPRN inondation approuvé : oui.
L'immeuble n'est pas situé dans le périmètre d'un PPRT.
Attestation de superficie loi Carrez
Séjour : 20,10 m². Chambre : 12,00 m². Cave (hors Carrez) : 6,00 m².
Superficie privative totale (loi Carrez) : 32,10 m²
Diagnostic de performance énergétique
Classe énergie : G
Consommation : 460 kWh/m²/an
"""


def diags_of(body: str, language: str = "fr") -> DiagsAnalysis:
    return extract_diags(DocumentText.from_pages([body]), language)


def test_ddt_reads_each_report_in_its_own_section() -> None:
    result = diags_of(DDT)

    assert result.amiante_present is True
    assert result.termites_present is False
    assert (result.plomb_classes, result.plomb_risk) == ([0, 1, 2, 3], True)
    assert result.electricite is not None and result.electricite.anomalies == 2
    assert not result.electricite.danger_immediat
    assert result.gaz is not None and result.gaz.danger_immediat
    assert result.carrez_surface_m2 == 32.1
    assert set(result.diagnostics_present) >= {
        "dpe", "amiante", "plomb", "termites", "gaz", "electricite", "erp", "carrez",
    }  # fmt: skip


def test_ddt_lists_the_erp_hazards_the_property_is_exposed_to() -> None:
    risks = diags_of(DDT).erp_risks

    assert "Sismicité zone 3 (modérée)" in risks
    assert "Radon niveau 3" in risks
    assert "Retrait-gonflement des argiles (fort)" in risks
    assert any(risk.startswith("PPRN") for risk in risks)
    assert not any(risk.startswith("PPRT") for risk in risks)


def test_ddt_words_state_each_hazard_with_its_urgency() -> None:
    result = diags_of(DDT, "en")

    assert result.summary == "DPE class G (460 kWh/m²/an)."
    urgencies = {item.action: item.urgency for item in result.action_items}
    assert urgencies["Get the energy renovation priced before signing"] == "high"
    assert urgencies["Get the removal or monitoring of the asbestos priced"] == "high"
    assert urgencies["Get the safety works priced: gas installation"] == "high"
    assert "Gas installation: serious and immediate danger reported." in (
        result.key_findings
    )
    assert {risk.severity for risk in result.risk_factors} == {"high", "medium"}


@pytest.mark.parametrize(
    ("conclusion", "expected"),
    [
        (
            "Il n'a pas été repéré de matériaux et produits contenant de l'amiante.",
            False,
        ),
        ("Absence de matériaux et produits contenant de l'amiante.", False),
        ("Présence d'amiante : NON", False),
        ("Il a été repéré des matériaux et produits contenant de l'amiante.", True),
        ("Présence d'amiante : OUI (dalles de sol)", True),
        ("En cas de présence d'amiante, le propriétaire doit faire surveiller.", None),
    ],
)
def test_asbestos_conclusions(conclusion: str, expected: bool | None) -> None:
    body = "Rapport de repérage des matériaux et produits contenant de l'amiante\n"

    assert diags_of(body + conclusion).amiante_present is expected


@pytest.mark.parametrize(
    ("conclusion", "anomalies"),
    [
        ("L'installation intérieure d'électricité ne comporte aucune anomalie.", 0),
        ("L'installation intérieure d'électricité comporte 4 anomalies.", 4),
        ("Nombre d'anomalies : 2", 2),
    ],
)
def test_electrical_anomalies(conclusion: str, anomalies: int) -> None:
    body = "État de l'installation intérieure d'électricité\n" + conclusion

    check = diags_of(body).electricite

    assert check is not None and check.anomalies == anomalies


def test_gas_legend_is_not_a_danger() -> None:
    body = (
        "État de l'installation intérieure de gaz\n"
        "DGI : danger grave et immédiat, l'installation doit être coupée.\n"
        "L'installation ne comporte aucune anomalie."
    )

    check = diags_of(body).gaz

    assert check is not None and (check.anomalies, check.danger_immediat) == (0, False)


def test_lead_classes_0_and_1_only_are_no_risk() -> None:
    body = (
        "Constat de risque d'exposition au plomb (CREP)\n"
        "Unités de diagnostic de classe 0 et 1 uniquement : absence de risque."
    )

    result = diags_of(body)

    assert (result.plomb_classes, result.plomb_risk) == ([0, 1], False)


def test_lead_concentration_from_one_mg_per_cm2_is_a_risk() -> None:
    body = "CREP\nSeuil de 1 mg/cm².\nPorte palière : 2,4 mg/cm² (état d'usage)."

    assert diags_of(body).plomb_risk is True


def test_termites_found_is_a_high_risk() -> None:
    body = (
        "État relatif à la présence de termites\n"
        "Des indices d'infestation de termites ont été constatés dans le parquet."
    )

    result = diags_of(body)

    assert result.termites_present is True
    assert result.risk_factors[0].severity == "high"


def test_carrez_surface_is_the_total_not_the_excluded_areas() -> None:
    body = (
        "Certificat de superficie (loi Carrez)\n"
        "Surface non prise en compte : 4,50 m²\n"
        "Total surface privative : 45,80 m2"
    )

    assert diags_of(body).carrez_surface_m2 == 45.8


def test_dpe_of_a_ddt_is_read_in_its_section() -> None:
    body = (
        "Diagnostic de performance énergétique\nÉtabli le : 02/02/2024\n"
        "Valable jusqu'au : 01/02/2034\nClasse énergie : C\n"
        "État relatif à la présence de termites\nValable jusqu'au : 01/08/2024"
    )

    result = diags_of(body)

    assert result.dpe is not None and result.dpe.valid_until is not None
    assert result.dpe.valid_until.year == 2034


def test_single_diagnostic_without_dpe_asks_for_one() -> None:
    result = diags_of("Constat de risque d'exposition au plomb\nClasse 0 uniquement.")

    assert result.dpe is None
    assert result.action_items[0].action == "Demander un DPE lisible et valide"


GAS = "État de l'installation intérieure de gaz\n"


@pytest.mark.parametrize(
    "conclusion",
    [
        "L'installation comporte des anomalies de type A1, A2 et DGI qui devront être "
        "réparées avant remise en service.",
        "Présence d'un danger grave et immédiat : OUI",
        "Danger grave et immédiat : ☒ Oui ☐ Non",
        "DGI : oui",
        "Nombre d'anomalies : A1 : 0 ; A2 : 2 ; DGI : 1 ; 32c : 0",
        "Le diagnostiqueur a signalé un DGI au distributeur et fermé le robinet.",
        "Des anomalies ont été identifiées, dont une de type Danger Grave et Immédiat "
        "(DGI) : le conduit de raccordement est déboîté.",
        "Point de contrôle Anomalie Libellé\nC.14 - 19.1 DGI Robinet de commande "
        "absent.",
    ],
)
def test_gas_danger_grave_et_immediat_found(conclusion: str) -> None:
    check = diags_of(GAS + conclusion).gaz

    assert check is not None and check.danger_immediat is True


@pytest.mark.parametrize(
    "conclusion",
    [
        "L'installation comporte 2 anomalies de type A2. Absence de danger grave et "
        "immédiat.",
        "A1 : 0 ; A2 : 1 ; DGI : 0",
        "Légende : DGI = danger grave et immédiat ; A1 = anomalie à prendre en compte.",
        "En cas de DGI, le distributeur est informé.",
    ],
)
def test_gas_danger_denied_or_defined_is_not_found(conclusion: str) -> None:
    check = diags_of(GAS + conclusion).gaz

    assert check is None or check.danger_immediat is False


@pytest.mark.parametrize(
    "report",
    [
        "Le CREP a relevé des unités de diagnostic de classes 0 et 1 uniquement.\n"
        "Nombre d'unités de classe 3 (revêtements dégradés) : 0",
        "Classe 0 : 24 unités. Classe 1 : 3 unités. Classe 2 : 0. Classe 3 : 0.\n"
        "Concentrations mesurées : de 0,2 à 1,4 mg/cm².",
        "Facteurs de dégradation du bâti : non. Classe 1 : 3 unités (portes, "
        "1,2 mg/cm²).",
    ],
)
def test_lead_in_a_sound_state_is_no_risk(report: str) -> None:
    result = diags_of("Constat de risque d'exposition au plomb (CREP)\n" + report)

    assert result.plomb_risk is False


def test_lead_of_class_3_is_a_risk() -> None:
    result = diags_of(
        "Constat de risque d'exposition au plomb (CREP)\n"
        "Classe 3 : 2 unités (peintures écaillées)."
    )

    assert (result.plomb_classes, result.plomb_risk) == ([3], True)
