"""The text the local rules read: OCR repairs, labels, sentences, number words."""

from __future__ import annotations

import pytest

from common.ai.local_number_words import cardinal, ordinal
from common.ai.local_text import DocumentText, repair_ocr


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Total : 1 2OO,OO €", "Total : 1 200,00 €"),
        ("le l5/O3/2O24", "le 15/03/2024"),
        ("Lot n°l2, 1O %", "Lot n°12, 10 %"),
        ("PR0CES-VERBAL, C1asse", "PROCES-VERBAL, Classe"),
    ],
)
def test_repair_ocr_reads_letters_in_numbers_and_digits_in_words(
    line: str, expected: str
) -> None:
    assert repair_ocr(line) == expected


@pytest.mark.parametrize("line", ["CO2 kWh", "Il a 1er", "anomalie B3.3.6 a1", "T2 A1"])
def test_repair_ocr_keeps_codes_units_and_words(line: str) -> None:
    assert repair_ocr(line) == line


def test_labelled_amount_prefers_the_label_listed_first() -> None:
    text = DocumentText.from_pages(
        ["Total à payer : 880,63 €\nTotal de l'appel : 760,63 €"]
    )

    found = text.labelled_amount(("total de l'appel", "total a payer"))

    assert found is not None and found.value == 760.63


def test_labelled_amount_reads_the_next_line_of_a_wrapped_label() -> None:
    text = DocumentText.from_pages(["Montant de votre impôt", "1 234 €"])

    found = text.labelled_amount(("montant de votre impot",))

    assert found is not None and found.value == 1234.0


def test_labelled_amount_last_reads_the_share_at_the_end_of_a_table_row() -> None:
    text = DocumentText.from_pages(["Charges générales 48 500,00 € 184,30 €"])

    found = text.labelled_amount(("charges generales",), last=True)

    assert found is not None and found.value == 184.3


def test_sentences_do_not_end_after_a_title_or_an_initial() -> None:
    text = DocumentText.from_pages(["Procédure contre M. Dupont en cours. Fin"])

    assert text.sentences() == ["procedure contre m. dupont en cours.", "fin"]


def test_sentences_start_at_a_capitalised_line() -> None:
    text = DocumentText.from_pages(["Amiante : absence", "Plomb : classe 0"])

    assert text.sentences(original=True) == ["Amiante : absence", "Plomb : classe 0"]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("deux mille vingt-quatre", 2024),
        ("mil neuf cent quatre-vingt-dix-huit", 1998),
        ("trente et un", 31),
        ("douze", 12),
        ("soixante-dix-sept", 77),
    ],
)
def test_cardinal_reads_french_number_words(words: str, expected: int) -> None:
    assert cardinal(words) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [("premiere", 1), ("deuxieme", 2), ("neuvieme", 9), ("vingt et unieme", 21)],
)
def test_ordinal_reads_french_ranks(words: str, expected: int) -> None:
    assert ordinal(words) == expected


def test_number_words_refuse_other_words() -> None:
    assert cardinal("quelques") is None and ordinal("derniere") is None
