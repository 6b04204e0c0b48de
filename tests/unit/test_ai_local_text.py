"""The text the local rules read: OCR repairs, labels, sentences, number words."""

from __future__ import annotations

import pytest

from common.ai.french import find_amounts
from common.ai.local_charge_lines import kind_of, row_kind, statement_lines
from common.ai.local_columns import rejoin_columns
from common.ai.local_number_words import cardinal, ordinal
from common.ai.local_text import DocumentText, join_wrapped_numbers, repair_ocr


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


def rejoined(body: str) -> list[str]:
    return rejoin_columns(body.split("\n"), row_kind)


def test_rejoin_columns_pairs_labels_and_figures_by_order_after_a_title() -> None:
    body = (
        "APPEL DE FONDS\n4e trimestre 2023\nCharges générales\nFonds de travaux\n"
        "(loi ALUR)\nMontant\nTotal de l'appel\n184,30 €\n€\n9,22\n193,52 €"
    )

    assert rejoined(body)[2:] == [
        "Charges générales 184,30 €",
        "Fonds de travaux (loi ALUR) 9,22 €",
        "Montant",
        "Total de l'appel 193,52 €",
    ]


def test_rejoin_columns_reads_the_owner_column_after_a_shorter_base_column() -> None:
    # given the bases of three rows, then the owner's shares of all five
    body = (
        "Charges générales\nAscenseur\nFonds de travaux\nSolde antérieur\n"
        "Total à payer\n48 500,00 €\n6 000,00 €\n2 425,00 €\n184,30 €\n31,50 €\n"
        "9,22 €\n120,00 €\n345,02 €"
    )

    # when
    lines = rejoined(body)

    # then: the last five figures add up to the total, so they are the shares
    assert lines[:5] == [
        "Charges générales 184,30 €",
        "Ascenseur 31,50 €",
        "Fonds de travaux 9,22 €",
        "Solde antérieur 120,00 €",
        "Total à payer 345,02 €",
    ]


def test_rejoin_columns_leaves_figures_whose_rows_cannot_be_told() -> None:
    body = "Charges générales\nAscenseur\nTotal\n184,30 €\n31,50 €\n9,22 €\n1,00 €"

    assert rejoined(body) == body.split("\n")


def test_a_value_below_its_label_joins_it() -> None:
    assert rejoined("Total annuel\n3 175,20 €") == ["Total annuel 3 175,20 €"]


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("total de l'appel", "total"),
        ("total charges courantes", "subtotal"),
        ("prov. charges courantes", "recurring"),
        ("prov. fds trav. alur", "recurring"),
        ("fonds de travaux (5 %)", "recurring"),
        ("travaux ravalement -- appel n 2 (30 %)", "works"),
        ("appel de fonds travaux toiture", "works"),
        ("solde anterieur", "balance"),
        ("regularisation charges 2023", "balance"),
        ("provisions versees", "payment"),
        ("lot n 12", "other"),
    ],
)
def test_kind_of_a_statement_line_from_its_words(label: str, kind: str) -> None:
    assert kind_of(label) == kind


def test_statement_lines_cut_two_columns_but_not_a_unit() -> None:
    text = DocumentText.from_pages(
        [
            "Votre quote-part du budget 3 024,00 € Fonds de travaux 151,20 €\n"
            "PROV. CHARGES COURANTES 97454.00 EUR/AN 168.92 EUR"
        ]
    )

    found = [(line.label, line.value) for line in statement_lines(text)]

    assert found == [
        ("votre quote-part du budget", 3024.0),
        ("fonds de travaux", 151.2),
        ("prov. charges courantes", 168.92),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pour un montant de 14\n300,00 € TIC", 14_300.0),
        ("Budget : 1\n214 300 € TTC", 1_214_300.0),
        ("soit 27\n845,12 euros", 27_845.12),
    ],
)
def test_join_wrapped_numbers_reads_an_amount_cut_by_a_line_break(
    text: str, expected: float
) -> None:
    joined = join_wrapped_numbers(text)

    assert len(joined) == len(text)
    assert [found.value for found in find_amounts(joined)] == [expected]


@pytest.mark.parametrize(
    "text",
    ["Article 25\n300 copropriétaires présents", "Lot 12\n2024-03-01", "TVA 10\n%"],
)
def test_join_wrapped_numbers_leaves_numbers_of_different_lines_apart(
    text: str,
) -> None:
    assert join_wrapped_numbers(text) == text
