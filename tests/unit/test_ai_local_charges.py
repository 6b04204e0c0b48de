"""Charges statements and tax notices in their usual layouts, OCR included."""

from __future__ import annotations

from datetime import date

import pytest

from common.ai.local_charges import extract_charges
from common.ai.local_taxe import extract_taxe_fonciere
from common.ai.local_text import DocumentText
from common.ai.schemas import ChargesAnalysis, TaxeFonciereAnalysis

APPEL_TABLE = """SYNDIC FONCIA LYON - Avis d'appel de fonds
M. et Mme MARTIN - Lot n° 23 (appartement) - Tantièmes : 152/10000
Appel provisionnel du 1er trimestre 2024
Période du 1er janvier au 31 mars 2024
Désignation Base Quote-part Montant
Charges générales 48 500,00 € 152 184,30 €
Charges spéciales ascenseur 6 000,00 € 210 31,50 €
Fonds de travaux (loi ALUR) 2 425,00 € 152 9,22 €
Solde antérieur : 120,00 €
Total de l'appel : 225,02 €
Total à payer : 345,02 €
"""
AVIS_TABLE = """DIRECTION GÉNÉRALE DES FINANCES PUBLIQUES
AVIS D'IMPÔT 2023
TAXES FONCIÈRES
Montant à payer : 1 508 €
Commune Syndicat de communes Intercommunalité Taxes spéciales Taxe GEMAPI TEOM
Taux 2023 46,10 % 0,50 % 2,10 % 0,20 % 0,15 % 8,40 %
Cotisations 1 050 12 48 5 4 286
Frais de gestion de la fiscalité directe locale 103
Montant de votre impôt 1 508 €
Cadastre : section AB n° 123
"""


def charges_of(body: str, language: str = "fr") -> ChargesAnalysis:
    return extract_charges(DocumentText.from_pages([body]), language)


def tax_of(body: str, language: str = "fr") -> TaxeFonciereAnalysis:
    return extract_taxe_fonciere(DocumentText.from_pages([body]), language)


def test_table_rows_give_the_owner_share_not_the_building_base() -> None:
    result = charges_of(APPEL_TABLE)

    assert (result.period_start, result.period_end, result.period_type) == (
        date(2024, 1, 1),
        date(2024, 3, 31),
        "quarterly",
    )
    assert (result.charges_generales, result.charges_speciales) == (184.3, 31.5)
    assert result.fonds_travaux_alur == 9.22
    assert (result.total_for_period, result.annualized_total) == (225.02, 900.08)
    assert (result.lot_number, result.tantiemes_lot, result.tantiemes_total) == (
        "23",
        152,
        10_000,
    )


def test_a_previous_balance_keeps_total_a_payer_out_of_the_period() -> None:
    body = (
        "Appel de fonds - 2e trimestre 2024\nCharges générales : 600,00 €\n"
        "Fonds de travaux : 30,00 €\nSolde précédent : 250,00 €\n"
        "Total à payer : 880,00 €"
    )

    result = charges_of(body)

    assert (result.total_for_period, result.annualized_total) == (630.0, 2520.0)


@pytest.mark.parametrize(
    ("line", "start", "end", "period_type"),
    [
        ("Appel de fonds T3 2024", "2024-07-01", "2024-09-30", "quarterly"),
        ("Appel du premier trimestre 2025", "2025-01-01", "2025-03-31", "quarterly"),
        ("Appel du 2nd semestre 2024", "2024-07-01", "2024-12-31", "semester"),
        ("Avis d'échéance du mois de mars 2024", "2024-03-01", "2024-03-31", "monthly"),
        ("Décompte de charges, exercice 2023", "2023-01-01", "2023-12-31", "annual"),
        ("Période : 01/10/2023 - 31/12/2023", "2023-10-01", "2023-12-31", "quarterly"),
    ],
)
def test_periods_in_their_usual_forms(
    line: str, start: str, end: str, period_type: str
) -> None:
    result = charges_of(line + "\nTotal de l'appel : 100,00 €")

    assert (result.period_start, result.period_end, result.period_type) == (
        date.fromisoformat(start),
        date.fromisoformat(end),
        period_type,
    )


def test_annual_statement_total_is_the_yearly_charges() -> None:
    body = (
        "DÉCOMPTE DE CHARGES DE L'EXERCICE 2023\nTotal de vos charges : 2 850,00 €\n"
        "Provisions versées : 3 000,00 €\nSolde en votre faveur : 150,00 €"
    )

    assert charges_of(body).annualized_total == 2850.0


def test_ocr_noisy_appel_reads_its_amounts() -> None:
    body = "APPEL DE F0NDS 4e trimestre 2O24\nTotal de l'appel : 76O,63 E\nLot l2"

    result = charges_of(body)

    assert (result.total_for_period, result.annualized_total) == (760.63, 3042.52)
    assert result.lot_number == "12"


@pytest.mark.parametrize(
    "line",
    ["152 / 10 000 tantièmes", "Tantièmes : 152/10000", "152 tantièmes sur 10 000",
     "Quote-part : 152/10 000èmes", "Tantièmes : 152 sur 10 000",
     "Vos tantièmes : 152 - Total des tantièmes : 10 000",
     "Charges générales | 152/10000 | 48 500,00 €", "Tantièmes du lot : 152 / 10.000"],
)  # fmt: skip
def test_tantiemes_in_their_usual_forms(line: str) -> None:
    result = charges_of(line)

    assert (result.tantiemes_lot, result.tantiemes_total) == (152, 10_000)


def test_charges_words_in_english() -> None:
    result = charges_of(APPEL_TABLE, "en")

    assert result.summary == "Charges of €225.02 for the period (€900.08 a year)."
    assert "Period: 2024-01-01 to 2024-03-31." in result.key_findings


def test_tax_table_columns_give_the_parts_and_plain_numbers_count() -> None:
    result = tax_of(AVIS_TABLE)

    assert (result.tax_year, result.total_amount) == (2023, 1508.0)
    assert result.breakdown.model_dump(exclude_none=True) == {
        "commune": 1050.0,
        "syndicat_communes": 12.0,
        "intercommunalite": 48.0,
        "taxes_speciales": 5.0,
        "gemapi": 4.0,
        "teom": 286.0,
        "frais_gestion": 103.0,
    }
    assert result.cadastral_reference == "AB 123"


def test_tax_total_is_not_what_is_left_after_monthly_payments() -> None:
    body = (
        "Taxes foncières 2024\nMontant de votre impôt : 1 234 €\n"
        "Prélèvements déjà effectués : 1 000 €\nReste à payer : 234 €"
    )

    assert tax_of(body).total_amount == 1234.0


def test_tax_total_without_currency_sign_is_read() -> None:
    result = tax_of(
        "AVIS D'IMPÔT 2024 TAXES FONCIÈRES\nMontant de votre impôt 2024 987"
    )

    assert (result.tax_year, result.total_amount) == (2024, 987.0)


def test_tax_words_give_the_monthly_equivalent() -> None:
    result = tax_of(AVIS_TABLE, "en")

    assert result.summary == "Property tax 2023: €1,508."
    assert "About €125.67 a month." in result.key_findings


QUARTERLY_WITH_WORKS_AND_BALANCE = """SYNDIC IMMO GESTION - APPEL DE FONDS
Appel provisionnel du 2e trimestre 2024 (du 1er avril au 30 juin 2024)
Désignation Base immeuble Votre quote-part
Provisions charges générales 62 000,00 € 379,75 €
Charges spéciales ascenseur 8 400,00 € 61,32 €
Fonds de travaux ALUR 3 100,00 € 18,99 €
Travaux ravalement -- appel n° 2 (30 %) 54 000,00 € 1 323,00 €
Solde antérieur 152,40 €
Total à payer 1 935,46 €"""


@pytest.mark.parametrize(
    ("body", "period_total"),
    [
        (QUARTERLY_WITH_WORKS_AND_BALANCE, 460.06),
        (
            "Avis d'appel de fonds - 3e trimestre 2024\nCharges courantes : 412,50 €\n"
            "Fonds travaux loi ALUR : 20,63 €\n"
            "Appel travaux toiture (2e appel 50 %) : 2 250,00 €\n"
            "Total de l'appel : 2 683,13 €",
            433.13,
        ),
        (
            "APPEL DE CHARGES 1er trimestre 2025\n"
            "Quote-part budget prévisionnel 300,00 €\n"
            "Cotisation fonds de travaux 15,00 €\nReport solde précédent 88,10 €\n"
            "Arriéré de charges 2024 : 210,00 €\nNet à payer 613,10 €",
            315.0,
        ),
        (
            "Appel de fonds T1 2024\nRavalement de la façade - 3e appel : 900,00 €\n"
            "Solde antérieur : 40,00 €\nTotal à payer : 1 190,00 €",
            250.0,
        ),
    ],
)
def test_a_quarterly_call_annualises_its_recurring_lines_only(
    body: str, period_total: float
) -> None:
    result = charges_of(body)

    assert result.period_type == "quarterly"
    assert result.total_for_period == period_total
    assert result.annualized_total == round(period_total * 4, 2)


def test_the_owner_share_of_each_line_is_read_beside_the_building_base() -> None:
    result = charges_of(QUARTERLY_WITH_WORKS_AND_BALANCE)

    assert (result.charges_generales, result.charges_speciales) == (379.75, 61.32)
    assert result.fonds_travaux_alur == 18.99


@pytest.mark.parametrize(
    ("body", "monthly"),
    [
        (
            "SYNDIC DU CENTRE\nAVIS D'ECHEANCE DU MOIS DE MARS 2024\n"
            "COPROPRIETAIRE : M DURAND LOT 0012\n"
            "PROV. CHARGES COURANTES 97454.00 EUR/AN 168.92 EUR\n"
            "PROV. ASCENSEUR 6120.00 EUR/AN 10.61 EUR\n"
            "FONDS TRAVAUX ALUR 4872.70 EUR/AN 7.87 EUR\nTOTAL ECHEANCE 187.40 EUR",
            187.4,
        ),
        (
            "ECHEANCIER MENSUEL\nPERIODE DU 01/04/2024 AU 30/04/2024\n"
            "PROV. CHARGES GENERALES 82500.00 EUR/AN 143.20 EUR\n"
            "PROV. FONDS TRAVAUX 4125.00 EUR/AN 7.16 EUR\n"
            "MONTANT DE L'ECHEANCE EUR 150.36",
            150.36,
        ),
    ],
)
def test_monthly_notices_in_capitals_read_eur_and_the_owner_share(
    body: str, monthly: float
) -> None:
    result = charges_of(body)

    assert (result.period_type, result.total_for_period) == ("monthly", monthly)
    assert result.annualized_total == round(monthly * 12, 2)
    assert result.charges_generales is not None and result.charges_generales < 200


@pytest.mark.parametrize(
    "body",
    [
        "APPEL DE FONDS\n4e trimestre 2023\nCharges générales\n"
        "Charges spéciales escalier B\nFonds de travaux\nTravaux de ravalement 2e appel"
        "\nTotal à payer\n412,18 €\n35,40 €\n20,61 €\n980,00 €\n1 448,19 €",
        "AVIS D'APPEL DE FONDS 4e trimestre 2023\nDésignation\nCharges générales\n"
        "Charges spéciales escalier B\nFonds de travaux\nTotal de l'appel\n"
        "412,18\n35,40\n20,61\n468,19",
        "APPEL DE F0NDS 4e trimestre 2O23\nCharges générales\nCharges spéciales\n"
        "Fonds de travaux\n9 800,00 €\n1 200,00 €\n480,00 €\n412,18 €\n35,40 €\n"
        "20,61 €",
    ],
)
def test_scanned_columns_pair_labels_and_amounts_by_order(body: str) -> None:
    result = charges_of(body)

    assert (result.charges_generales, result.fonds_travaux_alur) == (412.18, 20.61)
    assert (result.total_for_period, result.annualized_total) == (468.19, 1872.76)


@pytest.mark.parametrize(
    "body",
    [
        "BUDGET PRÉVISIONNEL 2024 - VOTRE QUOTE-PART\n"
        "Exercice du 1er janvier au 31 décembre 2024\n"
        "Budget de l'immeuble 120 960,00 € Votre quote-part annuelle du budget "
        "3 024,00 €\nFonds de travaux (5 %) 6 048,00 € Votre part du fonds de travaux "
        "151,20 €\nTotal annuel\n3 175,20 €\nSoit par trimestre : 793,80 €",
        "APPEL DE BUDGET ANNUEL 2024\nVotre quote-part annuelle du budget 3 024,00 € "
        "Fonds de travaux ALUR 151,20 €\nTotal annuel 3 175,20 €",
    ],
)
def test_a_yearly_budget_states_its_total_with_the_fonds_travaux(body: str) -> None:
    result = charges_of(body)

    assert (result.period_type, result.fonds_travaux_alur) == ("annual", 151.2)
    assert (result.total_for_period, result.annualized_total) == (3175.2, 3175.2)


def test_a_yearly_budget_without_total_adds_the_fonds_travaux_to_its_quote_part() -> (
    None
):
    body = (
        "BUDGET PRÉVISIONNEL 2024\nVotre quote-part annuelle du budget 3 024,00 €\n"
        "Cotisation au fonds de travaux (5 %) 151,20 €"
    )

    result = charges_of(body)

    assert (result.total_for_period, result.annualized_total) == (3024.0, 3175.2)


def test_a_decompte_counts_the_fonds_travaux_it_lists_apart() -> None:
    body = (
        "DÉCOMPTE DE CHARGES DE L'EXERCICE 2023\nTotal de vos charges : 2 850,00 €\n"
        "Fonds de travaux ALUR 2023 : 142,50 €\nProvisions versées : 3 100,00 €\n"
        "Solde en votre faveur : 107,50 €"
    )

    assert charges_of(body).annualized_total == 2992.5


@pytest.mark.parametrize(
    "works_line",
    [
        "Appel de fonds travaux ravalement (2/3) : 1 323,00 €",
        "TRAV. TOITURE 2E APPEL 1323.00 EUR",
        "Régularisation charges 2023 : 1 323,00 €",
    ],
)
def test_a_works_call_or_adjustment_is_never_the_fonds_travaux(works_line: str) -> None:
    body = (
        "Appel de fonds 1er trimestre 2024\nProvisions sur charges : 300,00 €\n"
        f"Fonds de travaux ALUR : 15,00 €\n{works_line}\nTotal à payer : 1 638,00 €"
    )

    result = charges_of(body)

    assert (result.fonds_travaux_alur, result.total_for_period) == (15.0, 315.0)


@pytest.mark.parametrize(
    ("header", "row", "departement"),
    [
        ("Commune Syndicat de communes Intercommunalité Département Taxes spéciales "
         "TEOM", "Cotisations 612 12 36 472 7 272", 472.0),
        ("Commune Syndicat Intercommunalité Département Taxes TEOM\n"
         "de communes spéciales", "Cotisations 612 12 36 472 7 272", 472.0),
        ("Commune Syndicat de communes Intercommunalité Département Taxes spéciales "
         "TEOM", "Cotisations 612 12 36 1 472 7 272", 1472.0),
        ("Commune Syndicat de communes Intercommunalité Département Taxes spéciales "
         "TEOM Total", "Cotisations 612 € 12 € 36 € 472 € 7 € 272 € 1 411 €", 472.0),
    ],
)  # fmt: skip
def test_tax_table_with_a_departement_column_reads_each_column(
    header: str, row: str, departement: float
) -> None:
    total = 612 + 12 + 36 + departement + 7 + 272 + 45
    body = (
        f"AVIS D'IMPÔT 2020 TAXES FONCIÈRES\n{header}\n{row}\n"
        f"Frais de gestion de la fiscalité directe locale 45\n"
        f"Montant de votre impôt {total:.0f} €"
    )

    breakdown = tax_of(body).breakdown

    assert (breakdown.commune, breakdown.syndicat_communes) == (612.0, 12.0)
    assert (breakdown.departement, breakdown.teom) == (departement, 272.0)


@pytest.mark.parametrize(
    ("line", "lot"),
    [("Lots : 12", "12"), ("N° de lot : 12", "12"), ("LOT 0012", "0012"),
     ("Lot principal n° 7 (appartement)", "7"),
     ("Tantièmes du lot : 152 / 10 000", None)],
)  # fmt: skip
def test_lot_number_in_its_usual_forms(line: str, lot: str | None) -> None:
    assert charges_of(line).lot_number == lot


def test_a_works_call_whose_designation_wraps_in_its_cell_stays_a_works_call() -> None:
    # A long designation wraps inside its table cell: its first words stand on
    # lines of their own and the row's line starts with the allocation key.
    body = """Appel de fonds du 2e trimestre 2025
Période du 01/04/2025 au 30/06/2025
Libellé Répartition Budget Millièmes Montant dû
Provisions budget 2025 Charges communes 18 000,00 € 80 / 1 000 360,00 €
Remplacement de la chaudière
collective - appel 1/3
Chauffage 45 000,00 € 80 / 1 000 1 200,00 €
Total de l'appel 1 560,00 €
"""
    found = charges_of(body)
    assert found.period_type == "quarterly"
    assert found.annualized_total == pytest.approx(1_440.0)
