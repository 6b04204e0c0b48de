"""The local rules stay fast on long documents (no scan per label and line)."""

from __future__ import annotations

import time

from common.ai.local_classify import guess_category
from common.ai.local_extract import extract
from common.ai.local_text import DocumentText

PAGE = (
    """Dossier de diagnostic technique - page {number}
Diagnostic de performance énergétique : classe énergie E, 300 kWh/m²/an.
Constat de repérage amiante : il n'a pas été repéré de matériaux contenant de l'amiante.
État de l'installation intérieure d'électricité : 2 anomalies.
Résolution n° {number} : travaux de ravalement pour 10 000 € TTC. Adoptée.
Appel de fonds du 1er trimestre 2024, total de l'appel : 760,63 €, lot n° 12.
"""
    + "Texte courant de l'immeuble, sans incidence financière particulière. " * 30
)


def test_sixty_pages_are_classified_and_read_in_every_category_within_a_second() -> (
    None
):
    # given 60 pages that speak of every category (each rule finds work to do)
    pages = [PAGE.format(number=number) for number in range(1, 61)]

    # when
    started = time.perf_counter()
    text = DocumentText.from_pages(pages)
    guess_category(text)
    for category in ("diags", "pv_ag", "charges", "taxe_fonciere", "other"):
        extract(category, text, "fr")
    elapsed = time.perf_counter() - started

    # then: ~0.4 s measured on this machine for the five categories together
    assert elapsed < 1.0
