"""The local French rules on wordings and layouts other than the PDF fixtures'."""

from __future__ import annotations

from datetime import date

import pytest

from common.ai.local_charges import extract_charges
from common.ai.local_classify import guess_category, other_document_type
from common.ai.local_diags import extract_diags
from common.ai.local_pv_ag import extract_pv_ag
from common.ai.local_taxe import extract_taxe_fonciere
from common.ai.local_text import DocumentText

PV_EXTRAORDINAIRE = """Syndic : Agence Immobilière du Rhône
PROCES VERBAL
Assemblée générale extraordinaire des copropriétaires réunie le 05/11/2023
Feuille de présence signée, ordre du jour rappelé.
3ème résolution - Réfection de la toiture
Montant des travaux : 48 000 € HT (TVA 20 %).
Cette résolution est adoptée.
RÉSOLUTION N°4 : Travaux d'isolation des combles
Budget de 20 000 € TTC. La résolution n'est pas adoptée.
Résolution 5 - Mise en conformité de l'ascenseur
Coût : 15.500,00 €. Résolution reportée à la prochaine assemblée.
"""

TAXE = """Direction générale des finances publiques
Avis de taxe foncière
Année d'imposition : 2023
Base d'imposition : 1 520 €
Propriétés bâties - commune de Villeurbanne
Total à payer : 987,00 €
"""

RELEVE_SEMESTRIEL = """Relevé de charges de copropriété
Période du 1er janvier 2024 au 30 juin 2024
Lot 7 - 85 tantièmes sur 1 000
Charges générales : 1 200,00 €
Montant total : 1 500,00 €
"""

DPE_G = """Diagnostic de performance énergétique
Étiquette énergie : G
Consommation : 450 kWhEP/m².an
Étiquette climat : F - 90 kg éqCO2/m²/an
Repérage amiante : présence d'amiante dans les dalles de sol.
"""


def text_of(*pages: str) -> DocumentText:
    return DocumentText.from_pages(pages)


def test_pv_ag_variant_reads_numbering_verdicts_and_ht_amounts() -> None:
    result = extract_pv_ag(text_of(PV_EXTRAORDINAIRE), "fr")

    assert guess_category(text_of(PV_EXTRAORDINAIRE)).category == "pv_ag"
    assert result.meeting_date == date(2023, 11, 5)
    assert result.meeting_type == "AGE"
    assert result.syndic == "Agence Immobilière du Rhône"
    assert [(r.number, r.result) for r in result.resolutions] == [
        ("3", "adoptee"),
        ("4", "rejetee"),
        ("5", "reportee"),
    ]
    roof = result.resolutions[0]
    assert roof.amount_ttc == 57_600.0
    assert roof.amount_note == "48 000 € HT converti avec une TVA de 20 %"
    assert [
        (w.resolution_number, w.amount_ttc, w.year, w.status) for w in result.works
    ] == [("3", 57_600.0, 2023, "voted"), ("5", 15_500.0, 2023, "upcoming")]


def test_pv_ag_resolution_of_the_next_page_continues_the_numbering() -> None:
    first_page = (
        "Procès-verbal de l'assemblée générale du 2 juin 2022\n"
        "Résolution n° 1 : Président\nAdoptée."
    )
    second_page = "Résolution n° 2 : Ravalement de façade\n120 000 € TTC. Adoptée."

    result = extract_pv_ag(text_of(first_page, second_page), "en")

    assert [r.number for r in result.resolutions] == ["1", "2"]
    assert result.works[0].amount_ttc == 120_000.0
    assert result.summary.startswith("General meeting of 2022-06-02")


def test_taxe_fonciere_variant_reads_year_and_total() -> None:
    result = extract_taxe_fonciere(text_of(TAXE), "en")

    assert (result.tax_year, result.total_amount) == (2023, 987.0)
    assert result.summary == "Property tax 2023: €987."


def test_charges_variant_reads_a_semester_and_tantiemes_written_in_words() -> None:
    result = extract_charges(text_of(RELEVE_SEMESTRIEL), "fr")

    assert guess_category(text_of(RELEVE_SEMESTRIEL)).category == "charges"
    assert (result.period_start, result.period_end) == (
        date(2024, 1, 1),
        date(2024, 6, 30),
    )
    assert result.period_type == "semester"
    assert (result.total_for_period, result.annualized_total) == (1_500.0, 3_000.0)
    assert (result.tantiemes_lot, result.tantiemes_total) == (85, 1_000)
    assert result.lot_number == "7"


def test_charges_quarter_named_without_dates_gets_its_dates() -> None:
    result = extract_charges(
        text_of("Appel de fonds du 4e trimestre 2024\nTotal à payer : 300 €"), "fr"
    )

    assert (result.period_start, result.period_end) == (
        date(2024, 10, 1),
        date(2024, 12, 31),
    )
    assert result.annualized_total == 1_200.0


def test_charges_without_a_period_leave_the_annual_total_unknown() -> None:
    result = extract_charges(text_of("Décompte de charges\nTotal : 450 €"), "fr")

    assert result.period_type == "other"
    assert result.total_for_period == 450.0
    assert result.annualized_total is None


def test_diags_variant_reads_labels_and_units_written_otherwise() -> None:
    result = extract_diags(text_of(DPE_G), "en")

    assert result.dpe is not None
    assert (result.dpe.energy_class, result.dpe.energy_kwh_m2_year) == ("G", 450.0)
    assert (result.dpe.ges_class, result.dpe.ges_kg_co2_m2_year) == ("F", 90.0)
    assert result.amiante_present is True
    assert [risk.severity for risk in result.risk_factors] == ["high", "high"]
    assert "2025" in result.risk_factors[0].description


def test_diags_without_dpe_has_no_dpe() -> None:
    result = extract_diags(text_of("Constat de risque d'exposition au plomb"), "fr")

    assert result.dpe is None
    assert result.diagnostics_present == ["plomb"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ÉTAT DATÉ\narticle 5 du décret du 17 mars 1967", "etat_date"),
        ("PRÉ-ÉTAT DATÉ\nInformations financières", "pre_etat_date"),
        ("Attestation d'assurance habitation\nAssureur : ...", "assurance"),
        ("COMPROMIS DE VENTE\nEntre les soussignés", "compromis"),
        ("Notice de la chaudière", "other"),
    ],
)
def test_other_document_type_from_its_title(text: str, expected: str) -> None:
    assert other_document_type(text_of(text)) == expected


def test_unrelated_text_is_other_with_low_confidence() -> None:
    guess = guess_category(text_of("Recette de la tarte aux pommes : 6 pommes."))

    assert guess.category == "other"
    assert guess.confidence < 0.5


def test_confidence_grows_with_the_margin_over_the_runner_up() -> None:
    clear = guess_category(text_of(TAXE * 3))
    mixed = guess_category(text_of(TAXE + "Charges de copropriété : appel de fonds"))

    assert clear.category == mixed.category == "taxe_fonciere"
    assert clear.confidence > mixed.confidence
