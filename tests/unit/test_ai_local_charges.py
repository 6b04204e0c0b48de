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
     "Quote-part : 152/10 000èmes"],
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
