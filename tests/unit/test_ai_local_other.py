"""Other documents: what the buyer will owe and the dates that matter."""

from __future__ import annotations

from datetime import date

from common.ai.local_other import extract_other
from common.ai.local_text import DocumentText

ETAT_DATE = """ÉTAT DATÉ
Lot n° 23 - Vendeur : M. DURAND - Acquéreur : Mme PETIT
Provisions exigibles du budget prévisionnel : 760,63 €
Appel de fonds travaux, exigible le 01/06/2024 : 1 298,08 € restant dû
Avances : 0,00 €
Honoraires d'établissement de l'état daté : 380,00 € TTC, payé
Date d'effet de la mutation : 15/09/2024
"""
ASSURANCE = """ATTESTATION D'ASSURANCE
Prime annuelle : 240,00 €
Plafond de garantie dégâts des eaux : 1 000 000 €
Franchise : 150 €
Date d'effet : 01/01/2024
"""


def test_etat_date_obligations_with_due_date_and_payment() -> None:
    result = extract_other(DocumentText.from_pages([ETAT_DATE]), "fr")

    assert result.document_type == "etat_date"
    by_amount = {item.amount: item for item in result.financial_obligations}
    assert set(by_amount) == {760.63, 1298.08, 380.0}
    assert by_amount[1298.08].due_date == date(2024, 6, 1)
    assert by_amount[1298.08].paid is False
    assert by_amount[380.0].paid is True
    assert [item.day for item in result.key_dates] == [
        date(2024, 6, 1),
        date(2024, 9, 15),
    ]


def test_insurance_premium_is_owed_but_not_its_ceilings() -> None:
    result = extract_other(DocumentText.from_pages([ASSURANCE]), "en")

    [premium] = result.financial_obligations
    assert (premium.amount, premium.frequency) == (240.0, "annual")
    assert result.summary == "Document: assurance."
    assert result.action_items == []


def test_unpaid_one_time_obligation_is_an_action() -> None:
    result = extract_other(DocumentText.from_pages([ETAT_DATE]), "fr")

    assert result.action_items[0].action == (
        "Vérifier qui paie : Provisions exigibles du budget prévisionnel"
    )
