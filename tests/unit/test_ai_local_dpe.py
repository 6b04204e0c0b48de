"""The DPE read by the local rules: values, letters, scales, inference, validity."""

from __future__ import annotations

from datetime import date

import pytest

from common.ai.local_dpe import infer_classes, read_dpe
from common.ai.local_text import DocumentText
from common.ai.schemas import Dpe, legal_dpe_end

NEW_DPE = """Diagnostic de performance énergétique (logement)
Etabli le : 15/03/2023
Valable jusqu'au : 14/03/2033
Performance énergétique et climatique
A
B
C
D 230 kWh/m².an 45* kg CO₂/m².an
E
F
G
Estimation des coûts annuels d'énergie du logement
entre 1 230 € et 1 700 € par an
Recommandations : après travaux 120 kWh/m².an
"""


def dpe_of(*pages: str) -> Dpe:
    found = read_dpe(DocumentText.from_pages(pages), None)
    assert found is not None
    return found


def test_new_dpe_reads_the_letter_next_to_its_values_not_the_scale() -> None:
    dpe = dpe_of(NEW_DPE)

    assert (dpe.energy_class, dpe.energy_kwh_m2_year) == ("D", 230.0)
    assert (dpe.ges_kg_co2_m2_year, dpe.energy_class_inferred) == (45.0, False)
    assert (dpe.issued_on, dpe.valid_until) == (date(2023, 3, 15), date(2033, 3, 14))
    assert (dpe.estimated_annual_cost_min, dpe.estimated_annual_cost_max) == (
        1230.0,
        1700.0,
    )


def test_a_scale_after_the_label_is_not_the_class() -> None:
    dpe = dpe_of(
        "Classe énergie : A B C D E F G\nClasse énergie : E\n"
        "Consommation : 300 kWh/m²/an"
    )

    assert dpe.energy_class == "E"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Étiquette énergie : G", "G"),
        ("Classe énergétique du logement : C", "C"),
        ("DPE : B", "B"),
        ("Ce logement est classé F", "F"),
        ("Classe de performance énergétique (DPE) : D", "D"),
    ],
)
def test_energy_class_labels_in_their_usual_forms(line: str, expected: str) -> None:
    assert dpe_of(line).energy_class == expected


def test_a_lower_case_word_is_not_a_class_letter() -> None:
    dpe = dpe_of("Le DPE a été réalisé le 12/01/2024. Consommation : 90 kWh/m²/an")

    assert dpe.energy_class is None


def test_unreadable_letter_is_inferred_from_both_values_and_said_so() -> None:
    dpe = dpe_of("Consommation : 260 kWhEP/m²/an\nÉmissions : 20 kg éqCO2/m².an")

    assert (dpe.energy_class, dpe.ges_class) == ("E", "C")
    assert dpe.energy_class_inferred and dpe.ges_class_inferred


def test_energy_class_is_the_worse_of_energy_and_emissions_since_2021() -> None:
    assert infer_classes(100.0, 60.0, date(2022, 5, 1)) == ("E", "E")
    assert infer_classes(100.0, None, date(2022, 5, 1)) == (None, None)


def test_a_dpe_before_july_2021_is_inferred_with_its_own_scale() -> None:
    assert infer_classes(240.0, 40.0, date(2019, 5, 12)) == ("E", "E")


def test_ocr_noisy_old_dpe_reads_values_thresholds_aside() -> None:
    dpe = dpe_of(
        "DIAGN0STIC DE PERF0RMANCE ENERGETIQUE",
        "Date de réalisation : l2/O5/2O19",
        "Consommation conventionnelle : 3l2 kWhEP/m2.an",
        "≤ 50 A\n51 à 90 B\n331 à 450 F",
        "Emissions de GES : 4O kg éqCO2/m².an",
        "Estimation des coûts annuels : 1 45O,OO E TTC",
    )

    assert (dpe.energy_kwh_m2_year, dpe.ges_kg_co2_m2_year) == (312.0, 40.0)
    assert (dpe.energy_class, dpe.issued_on) == ("E", date(2019, 5, 12))
    assert dpe.estimated_annual_cost_min == dpe.estimated_annual_cost_max == 1450.0
    assert dpe.effective_valid_until == date(2024, 12, 31)


def test_final_energy_is_not_the_primary_consumption() -> None:
    dpe = dpe_of(
        "Consommation en énergie finale : 150 kWh/m²/an\n"
        "Consommation en énergie primaire : 280 kWh/m²/an"
    )

    assert dpe.energy_kwh_m2_year == 280.0


def test_text_without_dpe_values_or_class_has_no_dpe() -> None:
    assert (
        read_dpe(DocumentText.from_pages(["Constat amiante : absence"]), None) is None
    )


@pytest.mark.parametrize(
    ("energy_class", "expected"),
    [
        ("G", date(2025, 1, 1)),
        ("F", date(2028, 1, 1)),
        ("E", date(2034, 1, 1)),
        ("D", None),
    ],
)
def test_rental_ban_is_computed_from_the_class(
    energy_class: str, expected: date | None
) -> None:
    assert (
        Dpe.model_validate({"energy_class": energy_class}).rental_ban_from == expected
    )


@pytest.mark.parametrize(
    ("issued", "expected"),
    [
        (date(2016, 4, 1), date(2022, 12, 31)),
        (date(2019, 5, 12), date(2024, 12, 31)),
        (date(2021, 6, 30), date(2024, 12, 31)),
        (date(2021, 7, 1), date(2031, 6, 30)),
        (date(2024, 2, 29), date(2034, 2, 28)),
    ],
)
def test_legal_end_of_a_dpe_follows_the_2021_reform(
    issued: date, expected: date
) -> None:
    assert legal_dpe_end(issued) == expected


def test_effective_validity_is_the_earlier_of_stated_and_legal() -> None:
    old = Dpe(issued_on=date(2019, 5, 3), valid_until=date(2029, 5, 2))

    assert old.effective_valid_until == date(2024, 12, 31)


def test_ocr_reading_of_m2_as_a_question_mark_is_still_per_square_metre() -> None:
    dpe = dpe_of("Consommation énergétique : 380 KWh/m?/an\nClasse énergie : F")

    assert (dpe.energy_kwh_m2_year, dpe.energy_class) == (380.0, "F")


SCALE_2021 = """Diagnostic de performance énergétique (logement)
Établi le : {day}
A ≤ 70
70 à 110
{row}
180 à 250
G > 420
"""


@pytest.mark.parametrize(
    "row",
    [
        "110 à 180 | C | 152 kWh/m².an | 28 kg CO₂/m².an",
        "110 à 180 C 152 KWh/m2.an 28 kg CO2/m2.an",
        "110 a 180 | C | 152 kWh/m?2 | 28 kg CO2/m?2",
        "110 à 180 C 152 kWh/m?.an 28 kgCO2/m?.an",
        "| 110 à 180 | C | 152 | kWh/m².an | 28 | kg CO₂/m².an |",
        "110 à 180 152 kWh/m2.an 28 kg CO2/m2.an",  # the letter's box is lost
        "C 110 à 180 152 kWh/m²/an 28 kg CO₂/m²/an",
    ],
)
def test_values_on_the_class_scale_row_without_a_label(row: str) -> None:
    dpe = dpe_of(SCALE_2021.format(day="ler mars 2023", row=row))

    assert (dpe.energy_kwh_m2_year, dpe.ges_kg_co2_m2_year) == (152.0, 28.0)
    assert (dpe.energy_class, dpe.issued_on) == ("C", date(2023, 3, 1))


def test_a_scale_row_under_a_heading_is_not_the_stated_class() -> None:
    dpe = dpe_of(
        "Performance énergétique\nA ≤ 70 kWh/m².an\nB 71 à 110\n"
        "Consommation : 230 kWh/m².an\nÉmissions : 30 kg CO2/m².an"
    )

    assert (dpe.energy_class, dpe.energy_class_inferred) == ("D", True)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Date (visite) : 12/05/2019", date(2019, 5, 12)),
        ("Date de visite : 12 mai 2019", date(2019, 5, 12)),
        ("Etabli le : l2/O5/2Ol9", date(2019, 5, 12)),
        ("Date d'établissement : l er mai 2019", date(2019, 5, 1)),
    ],
)
def test_issue_date_labels_of_old_and_ocr_read_dpe(line: str, expected: date) -> None:
    dpe = dpe_of(f"{line}\nConsommation : 312 kWhEP/m².an")

    assert dpe.issued_on == expected
