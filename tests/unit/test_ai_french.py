"""Reading French amounts, numbers, dates and words."""

from __future__ import annotations

from datetime import date

import pytest

from common.ai.french import (
    AmountMatch,
    count_terms,
    find_amounts,
    find_dates,
    find_numbers,
    fold,
    parse_amount,
    parse_date,
    parse_number,
    to_ttc,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,56 €", 1234.56),
        ("1.234,56 €", 1234.56),
        ("1 234 €", 1234.0),
        ("1\u00a0234,56\u00a0€", 1234.56),
        ("1\u202f234,56 €", 1234.56),
        ("12 k€", 12_000.0),
        ("12,5 k€", 12_500.0),
        ("12 K€", 12_000.0),
        ("1,2 M€", 1_200_000.0),
        ("12 000 euros", 12_000.0),
        ("350 euro", 350.0),
        ("EUR 350", 350.0),
        ("€ 99,90", 99.9),
        ("1 234 567,89 €", 1_234_567.89),
        ("1.234 €", 1234.0),
        ("12.5 €", 12.5),
        ("0,50 €", 0.5),
        ("montant : 85 400,00 € TTC, honoraires inclus", 85_400.0),
    ],
)
def test_parse_amount_reads_french_written_forms(text: str, expected: float) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    "text",
    ["sans montant", "152 / 10 000 tantièmes", "le 12/03/2024", "article 24", "5 %"],
)
def test_parse_amount_without_currency_returns_none(text: str) -> None:
    assert parse_amount(text) is None


def test_find_amounts_reads_ht_and_ttc_bases() -> None:
    found = find_amounts("32 000 € HT, soit 35 200 € TTC ; 10 € h.t. et 5 € ttc")

    assert [(item.value, item.basis) for item in found] == [
        (32_000.0, "HT"),
        (35_200.0, "TTC"),
        (10.0, "HT"),
        (5.0, "TTC"),
    ]


def test_find_amounts_does_not_take_a_year_for_thousands() -> None:
    found = find_amounts("Exercice 2024 : 1 234 € ; budget 2025 2 500,00 €")

    assert [item.value for item in found] == [1234.0, 2500.0]


def test_find_amounts_ignores_words_starting_like_a_basis() -> None:
    [found] = find_amounts("5 € htaccess")

    assert found.basis is None


def test_find_amounts_gives_positions_in_the_text() -> None:
    text = "Total : 760,63 €."

    [found] = find_amounts(text)

    assert text[found.start : found.end] == "760,63 €"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 838", 1838.0),
        ("52,30", 52.3),
        ("1.234.567", 1_234_567.0),
        ("1.234,5", 1234.5),
        ("380", 380.0),
        (" 12,5 ", 12.5),
    ],
)
def test_parse_number_reads_french_numbers(text: str, expected: float) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "1.23.4", ",5", "1,2a"])
def test_parse_number_rejects_what_is_not_a_number(text: str) -> None:
    assert parse_number(text) is None


def test_find_numbers_reads_grouped_thousands_as_one_number() -> None:
    assert find_numbers("152 / 10 000 tantièmes, lot 12") == [152.0, 10_000.0, 12.0]


def test_to_ttc_converts_ht_with_the_rate_and_keeps_ttc() -> None:
    ht = AmountMatch(32_000.0, "HT", 0, 0)
    ttc = AmountMatch(35_200.0, "TTC", 0, 0)

    assert to_ttc(ht) == 35_200.0
    assert to_ttc(ht, 0.20) == 38_400.0
    assert to_ttc(ttc) == 35_200.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 mars 2024", date(2024, 3, 12)),
        ("le 1er juin 2024", date(2024, 6, 1)),
        ("3 FÉVRIER 1972", date(1972, 2, 3)),
        ("15 fevrier 2024", date(2024, 2, 15)),
        ("1er août 2023", date(2023, 8, 1)),
        ("5 janv. 2024", date(2024, 1, 5)),
        ("31 décembre 2023", date(2023, 12, 31)),
        ("12/03/2024", date(2024, 3, 12)),
        ("12-03-2024", date(2024, 3, 12)),
        ("12.03.2024", date(2024, 3, 12)),
        ("12/03/24", date(2024, 3, 12)),
        ("01/01/98", date(1998, 1, 1)),
        ("clos le 31/12/2023 (dépenses)", date(2023, 12, 31)),
    ],
)
def test_parse_date_reads_french_dates(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text", ["31/02/2024", "04.78.12.34.56", "30 fevrier 2024", "12/13/2024", "1 838 €"]
)
def test_parse_date_rejects_impossible_dates(text: str) -> None:
    assert parse_date(text) is None


def test_find_dates_returns_dates_in_text_order() -> None:
    found = find_dates("du 01/04/2024 au 30 juin 2024, payable le 1er avril 2024")

    assert [item.value for item in found] == [
        date(2024, 4, 1),
        date(2024, 6, 30),
        date(2024, 4, 1),
    ]


def test_fold_removes_case_and_accents_and_keeps_positions() -> None:
    text = "PROCÈS-VERBAL d\u2019Assemblée Générale \u2013 1\u202f234 €"

    folded = fold(text)

    assert folded == "proces-verbal d'assemblee generale - 1 234 €"
    assert len(folded) == len(text)


def test_count_terms_matches_whole_words_plurals_and_wrapped_lines() -> None:
    text = fold(
        "Taxes foncières ; taxe foncière ; Résolutions\nassemblée\ngénérale; dpex"
    )

    assert count_terms(text, ("taxe fonciere",)) == 2
    assert count_terms(text, ("resolution",)) == 1
    assert count_terms(text, ("assemblee generale",)) == 1
    assert count_terms(text, ("dpe",)) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Total : 760,63 E", 760.63),
        ("Total : 1 234,56 C", 1234.56),
        ("1 234,56 Euros", 1234.56),
        ("1,5 million d'euros", 1_500_000.0),
        ("€1,234.56", 1234.56),
        ("montant de 85 400 TTC", 85_400.0),
        ("32 000 € hors taxes", 32_000.0),
    ],
)
def test_parse_amount_reads_ocr_and_unusual_forms(text: str, expected: float) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["Classe E", "Bâtiment 12 C", "escalier 3 E", "245 E"])
def test_parse_amount_does_not_read_a_letter_after_a_whole_number(text: str) -> None:
    assert parse_amount(text) is None


def test_find_amounts_reads_the_basis_a_label_states_before_the_amount() -> None:
    found = find_amounts("Total TTC : 1 200 € ; Montant HT : 800 € ; 5 € hors taxes")

    assert [(item.value, item.basis) for item in found] == [
        (1200.0, "TTC"),
        (800.0, "HT"),
        (5.0, "HT"),
    ]


def test_amount_last_group_reads_the_column_after_a_number() -> None:
    [found] = find_amounts("152 184,30 €")

    assert (found.value, found.last_group()) == (152_184.3, 184.3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ler mars 2024", date(2024, 3, 1)),
        ("1 er mars 2024", date(2024, 3, 1)),
        ("12 / 03 / 2024", date(2024, 3, 12)),
        ("2024-03-12", date(2024, 3, 12)),
        ("mardi 12 Mars 2024", date(2024, 3, 12)),
    ],
)
def test_parse_date_reads_ocr_and_iso_forms(text: str, expected: date) -> None:
    assert parse_date(text) == expected


def test_count_terms_matches_hyphens_spaces_and_broken_lines_alike() -> None:
    text = fold("Procès-verbal ; PROCES VERBAL ; procès-\nverbal ; procèsverbal")

    assert count_terms(text, ("proces-verbal",)) == 3


def test_find_amounts_reads_ocr_tic_as_ttc() -> None:
    [found] = find_amounts("14 300,00 € TIC")

    assert (found.value, found.basis) == (14_300.0, "TTC")


def test_parse_date_reads_a_first_of_month_ocr_split() -> None:
    assert parse_date("Établi le l er mars 2023") == date(2023, 3, 1)
